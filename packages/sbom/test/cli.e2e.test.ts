/** `stella sbom` from dist/ on a copy of the Debian test image layout (build first: npm run build). */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debianImage } from "../../../test/helpers/debian-image.js";
import { runCli } from "../../../test/helpers/run-cli.js";

let dir: string;
let image: string;
beforeAll(async () => {
  const img = await debianImage();
  dir = await mkdtemp(join(tmpdir(), "sbom-cli-"));
  await cp(img.layout, join(dir, "img"), { recursive: true });
  image = `oci:${join(dir, "img")}:app`;
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("stella sbom", () => {
  it("writes protobuf to a file and attaches it; verify finds it; SOURCE_DATE_EPOCH makes runs byte-identical", async () => {
    const env = { SOURCE_DATE_EPOCH: "1700000000" };
    const a = await runCli(["sbom", image, "--format", "cyclonedx-proto", "--output", join(dir, "a.cdx.pb"), "--attach"], { env });
    expect(a.exitCode, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/168 components \(dpkg 88, go-module 2, npm 74, os 1, python 3\)/);
    const b = await runCli(["sbom", image, "--format", "cyclonedx-proto", "-o", join(dir, "b.cdx.pb")], { env });
    expect(b.exitCode).toBe(0);
    expect((await readFile(join(dir, "a.cdx.pb"))).equals(await readFile(join(dir, "b.cdx.pb")))).toBe(true);

    const ok = await runCli(["sbom", "verify", image, "--format", "cyclonedx-proto"]);
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    const missing = await runCli(["sbom", "verify", image, "--format", "cyclonedx-proto,spdx-json"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("spdx-json: NOT ATTACHED");
  });

  it("SPDX to stdout; diff of two formats of the same image is empty (exit 0)", async () => {
    const spdx = await runCli(["sbom", image, "--format", "spdx-json"]);
    expect(spdx.exitCode).toBe(0);
    expect((JSON.parse(spdx.stdout) as { spdxVersion: string }).spdxVersion).toBe("SPDX-2.3");
    await runCli(["sbom", image, "--format", "spdx-json", "-o", join(dir, "c.spdx.json")]);
    await runCli(["sbom", image, "--format", "cyclonedx-proto", "-o", join(dir, "c.cdx.pb")]);
    const diff = await runCli(["sbom", "diff", join(dir, "c.spdx.json"), join(dir, "c.cdx.pb")]);
    expect(diff.exitCode, diff.stdout + diff.stderr).toBe(0);
    expect(diff.stdout.trim()).toBe("no differences");
  });

  it("usage errors: protobuf to a terminal, unknown format", async () => {
    const pb = await runCli(["sbom", image, "--format", "cyclonedx-proto"]);
    expect(pb.exitCode).not.toBe(0);
    expect(pb.stderr).toContain("give --output FILE");
    const bad = await runCli(["sbom", image, "--format", "swid"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('unknown SBOM format "swid"');
  });
});
