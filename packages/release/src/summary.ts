import type { AssembleResult } from "./assemble.js";

/** The job summary of the fan-in: services, digests, SBOM/signature status, label and skew findings (markdown). */
export function assembleSummary(r: AssembleResult): string {
  const status = new Map(r.referrers.map((x) => [x.service_id, x.status]));
  const mark = (v: boolean | undefined) => (v === undefined ? "–" : v ? "✅" : "❌");
  const lines = [
    `### Release ${r.version} (${r.train}, schema channel ${r.channel})`,
    "",
    `manifest_digest \`${r.manifestDigest}\`${r.release.manifest.signatures?.length ? `, signed (${r.release.manifest.signatures.map((s) => s.signature_type).join(", ")})` : ", unsigned"}`,
    "",
    "| service | version | image | digest | SBOM | signature |",
    "| --- | --- | --- | --- | --- | --- |",
    ...r.release.manifest.services.map((s) => {
      const st = status.get(s.service_id);
      return `| ${s.service_id} | ${s.version ?? ""} | ${s.image} | \`${s.digest.slice(0, 19)}…\` | ${mark(st?.sbom)} | ${mark(st?.signature)} |`;
    }),
    "",
  ];
  if (r.referrers.length === 0) lines.push("_Images were not checked (no store given)._", "");
  const skewBad = r.skew.violations;
  lines.push(skewBad.length === 0 ? `Skew (§1.3): ${r.skew.findings.length} pair(s) within bounds.` : `**Skew (§1.3): ${skewBad.length} violation(s)**`);
  for (const v of skewBad) lines.push(`- ${v.message}`);
  for (const u of r.skew.unknown) lines.push(`- ${u.service}: version ${u.version ?? "missing"} is not semver, skew unknown`);
  if (r.labels.length > 0) {
    lines.push("", `**Image labels (§6.2): ${r.labels.length} finding(s)**`);
    for (const l of r.labels) lines.push(`- ${l.message}`);
  }
  return `${lines.join("\n")}\n`;
}
