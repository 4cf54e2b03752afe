import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { runCli } from "../../../test/helpers/run-cli.js";
import { OciLayoutStore, buildExampleImage, type Descriptor } from "../src/index.js";

/** `stella copy` / `stella inspect` from dist/ as users run them (issue 3 "Bad input"). */
let dir: string;
let registry: string;
let image: Descriptor;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-cli-copy-"));
  registry = inject("registry");
  const store = await OciLayoutStore.open(join(dir, "src"), { create: true });
  image = await buildExampleImage(store, { tag: "v1", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("stella copy", () => {
  it("copies layout -> registry -> layout, printing the digest, plain progress lines in CI", async () => {
    const target = `docker://${registry}/cli/app-${process.pid}:v1`;
    const up = await runCli(["copy", "--all", `oci:${join(dir, "src")}:v1`, target]);
    expect(up.stderr).toMatch(/blob sha256:[0-9a-f]{12}… copied/);
    expect(up).toMatchObject({ exitCode: 0, stdout: `${image.digest}\n` });
    const down = await runCli(["copy", "--all", target, `oci:${join(dir, "back")}`]);
    expect(down).toMatchObject({ exitCode: 0, stdout: `${image.digest}\n` });
    const again = await runCli(["copy", "--all", target, `oci:${join(dir, "back")}`]);
    expect(again.stderr).toContain("0 blobs (0.0 MiB), 8 skipped");

    const inspected = await runCli(["inspect", "--json", `oci:${join(dir, "back")}:latest`]);
    expect(inspected.exitCode).toBe(0);
    const json = JSON.parse(inspected.stdout) as { digest: string; platforms: { platform: { architecture: string } }[] };
    expect(json.digest).toBe(image.digest);
    expect(json.platforms.map((p) => p.platform.architecture)).toEqual(["amd64", "arm64"]);
    const text = await runCli(["inspect", target]);
    expect(text.stdout).toContain("linux/arm64");
  });

  it("lets two processes write one layout at once without losing a tag", async () => {
    const target = `oci:${join(dir, "shared")}`;
    const runs = await Promise.all(["a", "b", "c"].map((t) => runCli(["copy", "--all", `oci:${join(dir, "src")}:v1`, `${target}:${t}`])));
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0]);
    expect(await (await OciLayoutStore.open(join(dir, "shared"))).listTags()).toEqual(["a", "b", "c"]);
    expect((await readdir(join(dir, "shared"))).sort()).toEqual(["blobs", "index.json", "oci-layout"]);
    await rm(join(dir, "shared"), { recursive: true });
  });

  it("exits non-zero with the offending reference quoted", async () => {
    const r = await runCli(["copy", "oci:", `oci:${join(dir, "x")}`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('invalid image reference "oci:": the oci path is empty');
    const bare = await runCli(["inspect", "Registry/App"]);
    expect(bare.exitCode).toBe(1);
    expect(bare.stderr).toContain('invalid image reference "Registry/App"');
  });

  it("says an image is missing and writes nothing", async () => {
    const r = await runCli(["copy", `docker://${registry}/cli/none-${process.pid}:nope`, `oci:${join(dir, "missing")}`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/not found/);
    await expect(stat(join(dir, "missing"))).rejects.toThrow();
  });

  it("refuses a destination directory without oci-layout and leaves it as it was", async () => {
    await writeFile(join(dir, "notes.txt"), "mine");
    const r = await runCli(["copy", `oci:${join(dir, "src")}:v1`, `oci:${dir}`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("is not an OCI image layout: it has no oci-layout file");
    expect((await readdir(dir)).sort()).toEqual(["back", "notes.txt", "src"]);
  });

  it("refuses a source blob that does not match its digest and leaves no destination", async () => {
    const store = await OciLayoutStore.open(join(dir, "bad"), { create: true });
    const one = await buildExampleImage(store, { tag: "v1", seed: "bad" });
    const manifest = JSON.parse((await readFile(store.blobPath(one.digest))).toString()) as { layers: Descriptor[] };
    const layer = manifest.layers[0];
    if (!layer) throw new Error("no layer");
    await writeFile(store.blobPath(layer.digest), Buffer.alloc(layer.size, 7));
    const r = await runCli(["copy", `oci:${join(dir, "bad")}:v1`, `oci:${join(dir, "bad-copy")}:v1`]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`expected ${layer.digest}, got ${sha256Digest(Buffer.alloc(layer.size, 7))}`);
    await expect(stat(join(dir, "bad-copy"))).rejects.toThrow();
    const push = await runCli(["copy", `oci:${join(dir, "bad")}:v1`, `docker://${registry}/cli/bad-${process.pid}:v1`]);
    expect(push.exitCode).toBe(1);
    const check = await runCli(["inspect", `docker://${registry}/cli/bad-${process.pid}:v1`]);
    expect(check.exitCode).toBe(1);
    await rm(join(dir, "bad"), { recursive: true });
  });
});
