import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../test/helpers/run-action.js";
import { stampValues } from "../src/index.js";

const manifestPath = join(repoRoot, "test/fixtures/release/release.json");

describe("stamping a chart's values.yaml from the release manifest", () => {
  it("pins each image to the manifest's digest, keeping comments, and refuses an image the manifest lacks", async () => {
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { manifest: { services: { image: string; digest: string; version?: string }[] } };
    const [a, b] = manifest.manifest.services;
    const values = `# production values\nscanner:\n  image:\n    repository: ${a.image}\n    tag: "${a.version ?? "latest"}"\npolicy:\n  image: ${b.image}:${b.version ?? "latest"} # pinned by the release\n`;
    const stamped = await stampValues(values, manifestPath, "stable");
    expect(stamped).toContain("# production values");
    expect(stamped).toContain("# pinned by the release");
    expect(stamped).toContain(a.digest);
    expect(stamped).toContain(b.digest);
    await expect(stampValues(`x:\n  image: registry.example/not/in-the-release:1.0\n`, manifestPath, "stable")).rejects.toThrow(/does not align/);
  });
});
