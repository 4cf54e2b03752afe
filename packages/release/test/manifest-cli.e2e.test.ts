import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReleaseManifest, parseReleaseYaml } from "@stella/release";
import { runCli } from "../../../test/helpers/run-cli.js";

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe("stella manifest fragment + assemble (bundled CLI)", () => {
  it("writes fragments, assembles them from a tag + VERSION, and refuses skew", async () => {
    const dir = await mkdtemp(join(tmpdir(), "manifest-e2e-"));
    const frag = (id: string, version: string, digest: string) =>
      runCli(["manifest", "fragment", "--service-id", id, "--image", `registry.example/stellaops/${id}`, "--digest", digest, "--version", version, "--claim", "sbom=application/vnd.cyclonedx+json", "--log-index", "12", "--out", join(dir, "frags", `${id}.json`)]);
    for (const [id, v, c] of [["authority", "2.4.0", "a"], ["signer", "2.4.3", "b"], ["web-ui", "2.5.0", "c"]] as const) expect((await frag(id, v, d(c))).exitCode).toBe(0);
    const bad = await runCli(["manifest", "fragment", "--service-id", "x", "--image", "r/x", "--digest", "sha256:nope", "--claim", "sbom"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/--claim "sbom" must be KIND=ARTIFACT_TYPE/);
    await (await import("node:fs/promises")).writeFile(join(dir, "VERSION"), "2.5.0\n");
    const asm = await runCli(["manifest", "assemble", "--fragments", "frags", "--out", "out", "--ref", "refs/tags/2.5.0", "--skip-image-check"], { cwd: dir, env: { SOURCE_DATE_EPOCH: "1813492800" } });
    expect(asm.exitCode, asm.stderr).toBe(0);
    expect(JSON.parse(asm.stdout)).toMatchObject({ version: "2.5.0", channel: "stable" });
    const release = parseReleaseManifest(await readFile(join(dir, "out/release.json"), "utf8"));
    expect(release.manifest.services.map((s) => `${s.service_id}@${s.version ?? ""}`)).toEqual(["authority@2.4.0", "signer@2.4.3", "web-ui@2.5.0"]);
    const yaml = parseReleaseYaml(await readFile(join(dir, "out/release.yaml"), "utf8"));
    expect(yaml).toMatchObject({ version: "2.5.0", channel: "stable", calendar: "2027.06" });
    expect(yaml.components[1]).toMatchObject({ name: "signer", signature: { logIndex: 12 } });
    expect((await runCli(["manifest", "validate", "out/release.json"], { cwd: dir })).exitCode).toBe(0);

    const skewed = await runCli(["manifest", "fragment", "--service-id", "attestor", "--image", "r/attestor", "--digest", d("e"), "--version", "2.5.1", "--out", join(dir, "frags", "attestor.json")]);
    expect(skewed.exitCode).toBe(0);
    const fail = await runCli(["manifest", "assemble", "--fragments", "frags", "--out", "out2", "--version", "2.5.0", "--channel", "edge", "--skip-image-check"], { cwd: dir, env: { SOURCE_DATE_EPOCH: "1813492800" } });
    expect(fail.exitCode).toBe(1);
    expect(fail.stderr).toContain("trust-triangle: attestor 2.5.1 vs authority 2.4.0 are 1 minors apart, allowed the same minor");
  });
});
