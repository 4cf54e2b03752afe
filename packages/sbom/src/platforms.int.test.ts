import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExampleImage, OciLayoutStore } from "@stella/oci";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSbomError } from "./errors.js";
import { generateSboms } from "./generate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sbom-platforms-"));
  const store = await OciLayoutStore.open(join(dir, "img"), { create: true });
  await buildExampleImage(store, { tag: "multi", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64", variant: "v8" }] });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("multi-platform images (an index)", () => {
  it("`all` writes one SBOM per platform, each describing its own manifest digest", async () => {
    const r = await generateSboms({ image: `oci:${join(dir, "img")}:multi`, formats: ["spdx-json"], platform: "all", outputDir: join(dir, "out") });
    expect(r.images.map((i) => i.platform)).toEqual(["linux/amd64", "linux/arm64/v8"]);
    expect(new Set(r.images.map((i) => i.digest)).size).toBe(2);
    expect((await readdir(join(dir, "out"))).sort()).toEqual(r.images.map((i) => `sbom-${(i.platform ?? "").replace(/\//g, "-")}-${i.digest.slice(7, 19)}.spdx.json`).sort());
    const spdx = JSON.parse(Buffer.from(r.images[1]?.sboms[0]?.bytes ?? new Uint8Array()).toString("utf8")) as { packages: { versionInfo: string }[] };
    expect(spdx.packages[0]?.versionInfo).toBe(r.images[1]?.digest);
  });

  it("one platform by name; default linux/amd64; an unknown one lists the choices", async () => {
    const arm = await generateSboms({ image: `oci:${join(dir, "img")}:multi`, formats: ["cyclonedx-json"], platform: "linux/arm64/v8" });
    expect(arm.images.map((i) => i.platform)).toEqual(["linux/arm64/v8"]);
    const def = await generateSboms({ image: `oci:${join(dir, "img")}:multi`, formats: ["cyclonedx-json"] });
    expect(def.images.map((i) => i.platform)).toEqual(["linux/amd64"]);
    const err = await generateSboms({ image: `oci:${join(dir, "img")}:multi`, formats: ["cyclonedx-json"], platform: "linux/s390x" }).catch((e: unknown) => e);
    expect(isSbomError(err, "BAD_OPTION")).toBe(true);
    expect((err as { hint?: string }).hint).toContain("linux/arm64/v8");
  });
});
