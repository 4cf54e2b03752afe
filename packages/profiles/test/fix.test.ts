import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alignProfiles, applyEdits } from "@stella/profiles";
import { copyFixtures, DIGESTS, edit, MIRRORS, OTHER_DIGEST, PROFILES } from "./fixture-copy.js";

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8" });
}

/**
 * Every changed line of `git diff`, with digests taken out, must equal its counterpart;
 * a line only added must be a whole `digest:` line.
 */
function onlyDigestChanges(diff: string): void {
  const lines = diff.split("\n");
  const removed = lines.filter((l) => l.startsWith("-") && !l.startsWith("---"));
  const added = lines.filter((l) => l.startsWith("+") && !l.startsWith("+++"));
  const digestLine = /^\+\s*digest: "sha256:[a-f0-9]{64}"$/;
  const strip = (l: string) => l.slice(1).replace(/@?sha256:[a-f0-9]{64}|[a-f0-9]{64}/g, "").replace(/digest: ""/g, "digest: ");
  const unmatched = added.map(strip);
  for (const r of removed) {
    const i = unmatched.indexOf(strip(r));
    expect(i, `removed line without a digest-only counterpart: ${r}`).toBeGreaterThanOrEqual(0);
    unmatched.splice(i, 1);
  }
  const extra = added.filter((l) => unmatched.includes(strip(l)));
  for (const l of extra) expect(l).toMatch(digestLine);
  expect(added.length).toBeGreaterThan(0);
}

describe("--fix", () => {
  it("rewrites digests in place, then the re-check passes and git diff shows digest changes only", async () => {
    const dir = await copyFixtures();
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "aligned");
    // Drift every shape away from the manifest: quoted/plain strings, .env, Helm fields, bare sha.
    await edit(dir, "compose/docker-compose.yaml", DIGESTS.orchestrator, OTHER_DIGEST);
    await edit(dir, "compose/.env", DIGESTS["policy-engine"], OTHER_DIGEST);
    await edit(dir, "compose/common-services.yaml", DIGESTS.scanner, OTHER_DIGEST);
    await edit(dir, "helm/values-stable.yaml", DIGESTS.orchestrator, OTHER_DIGEST);
    await edit(dir, "helm/values-stable.yaml", DIGESTS["policy-engine"], OTHER_DIGEST);
    await edit(dir, "helm/values-stable.yaml", DIGESTS.scanner.slice(7), OTHER_DIGEST.slice(7));
    await edit(dir, "helm/values-stable.yaml", `digest: ${DIGESTS["findings-ledger"]}`, `digest: ${OTHER_DIGEST}`);
    await edit(dir, "k8s/rendered.yaml", `"registry.stella-ops.org/stellaops/findings-ledger:2025.10.0@${DIGESTS["findings-ledger"]}"`, `"registry.stella-ops.org/stellaops/findings-ledger:2025.10.0@${OTHER_DIGEST}"`, 1);
    git(dir, "commit", "-q", "-am", "drifted");

    const before = await alignProfiles({ manifestPath: "release.json", channel: "stable", profiles: PROFILES, cwd: dir, mirrors: MIRRORS });
    expect(before.findings.filter((f) => f.rule === "digest-mismatch")).toHaveLength(8);

    const fixed = await alignProfiles({ manifestPath: "release.json", channel: "stable", profiles: PROFILES, cwd: dir, mirrors: MIRRORS, fix: true });
    expect(fixed.fixedFindings).toHaveLength(8);
    expect(fixed.findings).toEqual([]);
    expect(fixed.skipped).toEqual([]);
    expect(fixed.filesChanged.map((f) => f.slice(dir.length + 1)).sort()).toEqual(["compose/.env", "compose/common-services.yaml", "compose/docker-compose.yaml", "helm/values-stable.yaml", "k8s/rendered.yaml"]);
    // Back to the committed aligned state byte for byte: comments, quoting and order kept.
    expect(git(dir, "diff", "HEAD~1", "--stat")).toBe("");
    onlyDigestChanges(git(dir, "diff", "HEAD"));
  });

  it("pins tag-only references: appends to strings, fills empty and adds missing digest fields", async () => {
    const dir = await copyFixtures();
    git(dir, "init", "-q");
    await edit(dir, "k8s/rendered.yaml", `scanner@${DIGESTS.scanner}`, "scanner:2025.10.0");
    await edit(dir, "k8s/rendered.yaml", `"registry.stella-ops.org/stellaops/findings-ledger:2025.10.0@${DIGESTS["findings-ledger"]}"`, `"registry.stella-ops.org/stellaops/findings-ledger:2025.10.0"`);
    await edit(dir, "helm/values-stable.yaml", `    digest: "${DIGESTS["vex-lens"]}"\n`, "");
    await edit(dir, "helm/values-stable.yaml", `digest: "${DIGESTS.concelier}"`, 'digest: ""');
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "tag-only");
    const r = await alignProfiles({ manifestPath: "release.json", channel: "stable", profiles: PROFILES, cwd: dir, mirrors: MIRRORS, fix: true });
    expect(r.fixedFindings?.map((f) => f.rule)).toEqual(["tag-only", "tag-only", "tag-only", "tag-only"]);
    expect(r.findings).toEqual([]);
    const values = await readFile(join(dir, "helm/values-stable.yaml"), "utf8");
    expect(values).toContain(`    tag: "2025.10.0"\n    digest: "${DIGESTS["vex-lens"]}"\n`);
    expect(values).toContain(`digest: "${DIGESTS.concelier}"`);
    const k8s = await readFile(join(dir, "k8s/rendered.yaml"), "utf8");
    expect(k8s).toContain(`image: registry.stella-ops.org/stellaops/scanner:2025.10.0@${DIGESTS.scanner}\n`);
    expect(k8s).toContain(`image: "registry.stella-ops.org/stellaops/findings-ledger:2025.10.0@${DIGESTS["findings-ledger"]}"\n`);
    onlyDigestChanges(git(dir, "diff", "HEAD"));
  });

  it("applies non-overlapping edits from the end without shifting offsets", () => {
    expect(applyEdits("a:1 b:2 c:3", [{ start: 2, end: 3, text: "10" }, { start: 6, end: 7, text: "20" }])).toBe("a:10 b:20 c:3");
  });
});
