import { describe, expect, it } from "vitest";
import { assembleSummary, buildRelease, checkSkew, type AssembleResult } from "@stella/release";

describe("job summary", () => {
  it("tables services with SBOM/signature status and lists skew and label findings", () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    const release = buildRelease(
      [
        { fragment_version: 1, service: { service_id: "web-ui", image: "r/web-ui", digest: d("a"), version: "2.6.0" } },
        { fragment_version: 1, service: { service_id: "scanner", image: "r/scanner", digest: d("b"), version: "2.4.0" } },
      ],
      { version: "2.6.0", released_at: "2027-06-20T12:00:00Z", train: "edge", schemaChannel: "beta" },
    );
    const r: AssembleResult = {
      release,
      releaseJsonPath: "release.json",
      releaseYamlPath: "release.yaml",
      manifestDigest: release.manifest.manifest_digest ?? "",
      version: "2.6.0",
      train: "edge",
      channel: "beta",
      referrers: [
        { service_id: "scanner", image: "r/scanner", results: [], missing: [], status: { sbom: true, signature: false } },
        { service_id: "web-ui", image: "r/web-ui", results: [], missing: [], status: { signature: true } },
      ],
      labels: [{ image: "r/scanner@x", label: "org.stellaops.release.channel", problem: "missing", message: "r/scanner@x: label org.stellaops.release.channel is missing" }],
      skew: checkSkew(release.manifest.services),
    };
    const md = assembleSummary(r);
    expect(md).toContain("### Release 2.6.0 (edge, schema channel beta)");
    expect(md).toContain(`| scanner | 2.4.0 | r/scanner | \`${d("b").slice(0, 19)}…\` | ✅ | ❌ |`);
    expect(md).toContain("| web-ui | 2.6.0 | r/web-ui |");
    expect(md).toContain("| – | ✅ |");
    expect(md).toContain("**Skew (§1.3): 1 violation(s)**\n- ui-backend: web-ui 2.6.0 vs scanner 2.4.0 are 2 minors apart");
    expect(md).toContain("- r/scanner@x: label org.stellaops.release.channel is missing");
  });
});
