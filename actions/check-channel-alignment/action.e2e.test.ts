import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAction } from "../../test/helpers/run-action.js";
import { runCli } from "../../test/helpers/run-cli.js";
import { copyFixtures, DIGESTS, edit, OTHER_DIGEST } from "../../packages/profiles/test/fixture-copy.js";

const profiles = "compose/docker-compose.yaml+compose/docker-compose.telemetry.yaml\nhelm/values-*.yaml\nk8s/*.yaml";
const mirrors = "registry.stella-ops.org=mirror.airgap.local:5000";

describe("check-channel-alignment action (bundled)", () => {
  it("annotates drift with file/line/col, writes SARIF and the summary, then fix: true aligns", async () => {
    const dir = await copyFixtures();
    await edit(dir, "helm/values-stable.yaml", `digest: "${DIGESTS.concelier}"`, `digest: "${OTHER_DIGEST}"`);
    await edit(dir, "k8s/rendered.yaml", `scanner@${DIGESTS.scanner}`, "scanner:2025.10.0");
    const run = await runAction("check-channel-alignment", { manifest: "release.json", channel: "stable", profiles, mirrors, sarif: "out/align.sarif" }, { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^::error title=check-channel-alignment\/digest-mismatch,file=helm\/values-stable\.yaml,line=37,col=13::concelier\.image: concelier is sha256:33bf/),
        expect.stringMatching(/^::error title=check-channel-alignment\/tag-only,file=k8s\/rendered\.yaml,line=53,col=22::CronJob\/scanner-nightly/),
      ]),
    );
    expect(run.outputs.findings).toBe("2");
    expect(run.outputs.sarif).toBe(join(dir, "out/align.sarif"));
    const sarif = JSON.parse(await readFile(join(dir, "out/align.sarif"), "utf8")) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => `${r.ruleId} ${r.locations[0]?.physicalLocation.artifactLocation.uri}:${r.locations[0]?.physicalLocation.region.startLine}`)).toEqual(["digest-mismatch helm/values-stable.yaml:37", "tag-only k8s/rendered.yaml:53"]);
    expect(run.summary).toContain("| error | `digest-mismatch` | `helm/values-stable.yaml:37:13` | concelier |");

    const fixed = await runAction("check-channel-alignment", { manifest: "release.json", channel: "stable", profiles, mirrors, fix: "true" }, { cwd: dir });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.outputs.findings).toBe("0");
    expect(fixed.outputs["files-changed"]?.split("\n")).toEqual(["helm/values-stable.yaml", "k8s/rendered.yaml"]);
    expect(fixed.annotations).toEqual([]);
  });

  it("fails with a clear message on missing inputs, also on Gitea", async () => {
    const run = await runAction("check-channel-alignment", { channel: "stable" }, { gitea: true });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('input "manifest" is required');
  });
});

describe("stella align / validate-profiles (bundled CLI)", () => {
  it("exits 1 with file:line:col findings, 0 after --fix", async () => {
    const dir = await copyFixtures();
    await edit(dir, "compose/common-services.yaml", DIGESTS.scanner, OTHER_DIGEST);
    const args = ["align", "--manifest", "release.json", "--channel", "stable", "compose/docker-compose.yaml+compose/docker-compose.telemetry.yaml", "helm/values-*.yaml", "k8s/rendered.yaml", "--mirror", mirrors];
    const bad = await runCli(args, { cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toContain(`compose/common-services.yaml:4:12: error [digest-mismatch] services.scanner.image: scanner is ${DIGESTS.scanner}`);
    const fix = await runCli([...args, "--fix", "--sarif", "a.sarif"], { cwd: dir });
    expect(fix.exitCode, fix.stderr).toBe(0);
    expect(await readFile(join(dir, "compose/common-services.yaml"), "utf8")).toContain(`'registry.stella-ops.org/stellaops/scanner@${DIGESTS.scanner}'`);
    const valid = await runCli(["validate-profiles", "compose/*.yaml", "k8s/*.yaml"], { cwd: dir });
    expect(valid.exitCode, valid.stdout + valid.stderr).toBe(0);
    const invalid = await runCli(["validate-profiles", "invalid/*.yaml"], { cwd: dir });
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stdout).toContain("invalid/rendered.yaml:7:");
  });
});
