/**
 * The bundled build-sbom action and `stella sbom` against the real docker-registry of the
 * global setup (no Referrers API there: the referrers tag schema is used), on the Debian
 * bookworm test image; skopeo checks independently what was pushed.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sha256Digest } from "@stella/core";
import { copyImage, openImage } from "@stella/oci";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { debianImage } from "../../test/helpers/debian-image.js";
import { runAction } from "../../test/helpers/run-action.js";
import { runCli } from "../../test/helpers/run-cli.js";

const run = promisify(execFile);
let repo: string;
let work: string;

beforeAll(async () => {
  const img = await debianImage();
  repo = `${inject("registry")}/sbom-e2e/debian`;
  work = await mkdtemp(join(tmpdir(), "build-sbom-e2e-"));
  for (const tag of ["app", "latest"]) {
    const src = await openImage(`oci:${img.layout}:${tag}`);
    const dst = await openImage(`docker://${repo}:${tag}`, { mode: "write" });
    await copyImage(src, dst);
    await dst.commit();
  }
}, 600_000);

describe("build-sbom action", () => {
  it("writes all three formats, attaches them as referrers skopeo can see, and summarises counts by type and layer", async () => {
    const r = await runAction("build-sbom", { image: `docker://${repo}:app`, formats: "cyclonedx-json,cyclonedx-proto,spdx-json", "output-dir": "out" }, { cwd: work, env: { SOURCE_DATE_EPOCH: "1700000000" } });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    // The runner starts the action without node flags; it runs itself again under the lean ones.
    expect(r.stdout).toContain("::debug::node flags: --max-semi-space-size=2");
    expect(r.outputs["component-count"]).toBe("168");
    for (const f of ["cyclonedx-json", "cyclonedx-proto", "spdx-json"]) {
      const path = r.outputs[`${f}-path`] ?? "";
      expect(sha256Digest(await readFile(path))).toBe(r.outputs[`${f}-digest`]);
    }
    const referrers = JSON.parse(r.outputs.referrers ?? "{}") as Record<string, string>;
    expect(Object.keys(referrers).sort()).toEqual(["cyclonedx-json", "cyclonedx-proto", "spdx-json"]);
    expect(r.summary).toMatch(/\| dpkg \| 88 \|/);
    expect(r.summary).toMatch(/\| 2 \| `sha256:[0-9a-f]{12}…` \| \d+ \| 74 \|/);

    // The referrers tag schema index (distribution-spec "Referrers tag schema"), read by skopeo.
    const digest = r.outputs["image-digest"] ?? "";
    const { stdout } = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${repo}:${digest.replace(":", "-")}`]);
    const index = JSON.parse(stdout) as { manifests: { artifactType: string; digest: string }[] };
    expect(index.manifests.map((m) => m.artifactType).sort()).toEqual(["application/spdx+json", "application/vnd.cyclonedx+json", "application/vnd.cyclonedx+protobuf"]);
    expect(index.manifests.map((m) => m.digest).sort()).toEqual(Object.values(referrers).sort());

    const verify = await runCli(["sbom", "verify", `docker://${repo}:app`, "--format", "cyclonedx-json,cyclonedx-proto,spdx-json"]);
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain("spdx-json: ok");
    const unsigned = await runCli(["sbom", "verify", `docker://${repo}:latest`]);
    expect(unsigned.exitCode).toBe(1);
    expect(unsigned.stdout).toContain("cyclonedx-json: NOT ATTACHED");
  });

  it("same image, same bytes: a second run gives identical SBOM digests", async () => {
    const inputs = { image: `docker://${repo}:app`, formats: "cyclonedx-json,spdx-json", attach: "false" };
    const a = await runAction("build-sbom", { ...inputs, "output-dir": "a" }, { cwd: work });
    const b = await runAction("build-sbom", { ...inputs, "output-dir": "b" }, { cwd: work });
    expect(a.exitCode).toBe(0);
    expect(a.outputs["spdx-json-digest"]).toBe(b.outputs["spdx-json-digest"]);
    expect(a.outputs["cyclonedx-json-digest"]).toBe(b.outputs["cyclonedx-json-digest"]);
  });

  it("compare-to fails the step listing the drifted components", async () => {
    const base = await runAction("build-sbom", { image: `docker://${repo}:app`, formats: "cyclonedx-json", attach: "false", "output-dir": "base" }, { cwd: work });
    const r = await runAction("build-sbom", { image: `docker://${repo}:latest`, formats: "cyclonedx-json", attach: "false", "compare-to": base.outputs["cyclonedx-json-path"] ?? "" }, { cwd: work });
    expect(r.exitCode).toBe(1);
    const error = r.annotations.find((a) => a.startsWith("::error")) ?? "";
    expect(error).toContain("SBOM drift");
    expect(error).toContain("pkg:npm/ms");
    expect(error).toContain("pkg:pypi/certifi");

    const diff = await runCli(["sbom", "diff", base.outputs["cyclonedx-json-path"] ?? "", `docker://${repo}:latest`]);
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(2);
  });

  it("an unknown format fails before touching the image, naming the input", async () => {
    const r = await runAction("build-sbom", { image: `docker://${repo}:app`, formats: "cyclonedx-xml" }, { cwd: work });
    expect(r.exitCode).toBe(1);
    expect(r.annotations.join("\n")).toContain('input "formats": unknown SBOM format "cyclonedx-xml"');
  });
});
