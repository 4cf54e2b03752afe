import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffManifests, parseReleaseManifest, renderDiff, type ReleaseManifest } from "@stella/release";

const base = parseReleaseManifest(readFileSync(new URL("../../../test/fixtures/release/release.json", import.meta.url), "utf8"));

function next(): ReleaseManifest {
  const n = structuredClone(base);
  n.manifest.version = "2025.11.0";
  n.manifest.services = n.manifest.services.filter((s) => s.service_id !== "vex-lens");
  n.manifest.services.push({ service_id: "web-ui", image: "ghcr.io/stellaops/web-ui", digest: `sha256:${"a".repeat(64)}`, version: "2025.11.0" });
  const scanner = n.manifest.services.find((s) => s.service_id === "scanner");
  if (scanner) Object.assign(scanner, { version: "2025.11.0", digest: `sha256:${"b".repeat(64)}` });
  const ledger = n.manifest.services.find((s) => s.service_id === "findings-ledger");
  if (ledger) ledger.version = "2026.0.0";
  n.manifest.breaking_changes = [...(n.manifest.breaking_changes ?? []), { change_id: "bc-2025.11-001", service: "scanner", description: "Scan API v1 removed", migration_guide: "docs/scan-v2.md", impact: "api" }];
  n.manifest.migrations = [{ migration_id: "mig-2025.11-001", type: "data", description: "Backfill risk scores", reversible: false, requires_downtime: true }];
  return n;
}

describe("manifest diff (§10.1)", () => {
  it("lists added/removed services, digest changes, version bumps, new breaking changes and migrations", () => {
    const d = diffManifests(base, next());
    expect(d.added.map((s) => s.service_id)).toEqual(["web-ui"]);
    expect(d.removed.map((s) => s.service_id)).toEqual(["vex-lens"]);
    expect(d.changed).toEqual([
      { service_id: "findings-ledger", version: { from: "2025.10.0", to: "2026.0.0", bump: "major" } },
      { service_id: "scanner", digest: { from: base.manifest.services[2]?.digest, to: `sha256:${"b".repeat(64)}` }, version: { from: "2025.10.0", to: "2025.11.0", bump: "minor" } },
    ]);
    expect(d.breaking_changes.map((b) => b.change_id)).toEqual(["bc-2025.11-001"]);
    expect(d.migrations.map((m) => m.migration_id)).toEqual(["mig-2025.11-001"]);
  });
  it("renders text, markdown and JSON", () => {
    const d = diffManifests(base, next());
    const text = renderDiff(d, "text");
    expect(text).toContain("release 2025.10.0 -> 2025.11.0");
    expect(text).toContain("BREAKING CHANGES:\n  ! bc-2025.11-001 (scanner): Scan API v1 removed. Migration: docs/scan-v2.md");
    expect(text).toContain("  + web-ui 2025.11.0");
    expect(text).toContain("  - vex-lens 2025.10.0");
    expect(text).toContain("  ~ scanner: version, digest 2025.10.0 -> 2025.11.0 (minor)");
    const md = renderDiff(d, "markdown");
    expect(md).toContain("### ⚠ Breaking changes");
    expect(md).toContain("| web-ui | added | 2025.11.0 |");
    expect(md.indexOf("Breaking")).toBeLessThan(md.indexOf("### Services"));
    expect(JSON.parse(renderDiff(d, "json"))).toEqual(JSON.parse(JSON.stringify(d)));
    expect(renderDiff(diffManifests(base, base), "text")).toBe("release 2025.10.0 -> 2025.10.0\n\nno changes\n");
  });
});
