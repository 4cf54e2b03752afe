/**
 * report.html: the release at a glance, read the way the verify page of
 * architecture-devops.md §10.2 reads: a green or red check per item (services, digests,
 * SBOM counts, signature and attestation status, skew and alignment findings, kit
 * contents). Pure: model in, one self-contained HTML text out (no scripts, no network).
 */
export type CheckStatus = "ok" | "fail" | "skip";

export interface ReportItem {
  label: string;
  status: CheckStatus;
  detail?: string;
}

export interface ReportService {
  name: string;
  image: string;
  digest: string;
  version?: string;
  sbomComponents?: number;
  checks: ReportItem[];
}

export interface ReportSection {
  title: string;
  items: ReportItem[];
}

export interface ReportStage {
  id: string;
  title: string;
  status: "passed" | "failed" | "skipped";
  detail: string;
  durationMs: number;
}

export interface ReportModel {
  title: string;
  version: string;
  channel: string;
  manifestDigest: string;
  services: ReportService[];
  sections: ReportSection[];
  stages: ReportStage[];
}

const ICON: Record<CheckStatus, string> = { ok: "✔", fail: "✘", skip: "–" };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

function check(item: ReportItem): string {
  return `<span class="check ${item.status}" data-status="${item.status}" title="${esc(item.detail ?? "")}">${ICON[item.status]} ${esc(item.label)}</span>`;
}

/** The overall verdict: red when any item or stage failed. */
export function reportVerdict(model: ReportModel): CheckStatus {
  const items = [...model.services.flatMap((s) => s.checks), ...model.sections.flatMap((s) => s.items)];
  if (items.some((i) => i.status === "fail") || model.stages.some((s) => s.status === "failed")) return "fail";
  return "ok";
}

export function renderReport(model: ReportModel): string {
  const verdict = reportVerdict(model);
  const services = model.services
    .map(
      (s) =>
        `<tr data-service="${esc(s.name)}"><td>${esc(s.name)}</td><td>${esc(s.version ?? "")}</td><td><code>${esc(s.image)}</code><br><code class="digest">${esc(s.digest)}</code></td><td class="num">${s.sbomComponents ?? ""}</td><td>${s.checks.map(check).join("<br>")}</td></tr>`,
    )
    .join("\n");
  const sections = model.sections
    .map(
      (sec) =>
        `<section data-section="${esc(sec.title)}"><h2>${esc(sec.title)}</h2><ul>${sec.items.map((i) => `<li>${check(i)}${i.detail ? ` <small>${esc(i.detail)}</small>` : ""}</li>`).join("")}</ul></section>`,
    )
    .join("\n");
  const stages = model.stages
    .map((s) => `<tr data-stage="${esc(s.id)}" data-status="${s.status}"><td>${esc(s.title)}</td><td>${s.status}</td><td class="num">${(s.durationMs / 1000).toFixed(2)} s</td><td>${esc(s.detail)}</td></tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(model.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f23}
h1{margin:0 0 .25rem} .verdict{font-size:1.2rem;font-weight:600;padding:.4rem .8rem;border-radius:6px;display:inline-block}
.verdict.ok{background:#dafbe1;color:#116329} .verdict.fail{background:#ffebe9;color:#a40e26}
table{border-collapse:collapse;margin:1rem 0;width:100%} td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
.num{text-align:right} code{font-size:12px} .digest{color:#57606a}
.check.ok{color:#1a7f37} .check.fail{color:#cf222e;font-weight:600} .check.skip{color:#6e7781}
ul{list-style:none;padding-left:0} section{margin-top:1.5rem}
</style>
</head>
<body>
<h1>${esc(model.title)}</h1>
<p>Version <strong data-field="version">${esc(model.version)}</strong> · channel <strong data-field="channel">${esc(model.channel)}</strong> · manifest <code data-field="manifest-digest">${esc(model.manifestDigest)}</code></p>
<p class="verdict ${verdict}" data-field="verdict" data-status="${verdict}">${verdict === "ok" ? "✔ Release verified" : "✘ Release has failures"}</p>
<h2>Services</h2>
<table id="services"><thead><tr><th>service</th><th>version</th><th>image</th><th>SBOM components</th><th>checks</th></tr></thead>
<tbody>
${services}
</tbody></table>
${sections}
<h2>Stages</h2>
<table id="stages"><thead><tr><th>stage</th><th>status</th><th>time</th><th>result</th></tr></thead>
<tbody>
${stages}
</tbody></table>
</body>
</html>
`;
}
