#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  __name
} from "./chunk-XK6OAO7Z.js";

// packages/pipeline/src/report.ts
var ICON = { ok: "\u2714", fail: "\u2718", skip: "\u2013" };
function esc(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}
__name(esc, "esc");
function check(item) {
  return `<span class="check ${item.status}" data-status="${item.status}" title="${esc(item.detail ?? "")}">${ICON[item.status]} ${esc(item.label)}</span>`;
}
__name(check, "check");
function reportVerdict(model) {
  const items = [...model.services.flatMap((s) => s.checks), ...model.sections.flatMap((s) => s.items)];
  if (items.some((i) => i.status === "fail") || model.stages.some((s) => s.status === "failed")) return "fail";
  return "ok";
}
__name(reportVerdict, "reportVerdict");
function renderReport(model) {
  const verdict = reportVerdict(model);
  const services = model.services.map(
    (s) => `<tr data-service="${esc(s.name)}"><td>${esc(s.name)}</td><td>${esc(s.version ?? "")}</td><td><code>${esc(s.image)}</code><br><code class="digest">${esc(s.digest)}</code></td><td class="num">${s.sbomComponents ?? ""}</td><td>${s.checks.map(check).join("<br>")}</td></tr>`
  ).join("\n");
  const sections = model.sections.map(
    (sec) => `<section data-section="${esc(sec.title)}"><h2>${esc(sec.title)}</h2><ul>${sec.items.map((i) => `<li>${check(i)}${i.detail ? ` <small>${esc(i.detail)}</small>` : ""}</li>`).join("")}</ul></section>`
  ).join("\n");
  const stages = model.stages.map((s) => `<tr data-stage="${esc(s.id)}" data-status="${s.status}"><td>${esc(s.title)}</td><td>${s.status}</td><td class="num">${(s.durationMs / 1e3).toFixed(2)} s</td><td>${esc(s.detail)}</td></tr>`).join("\n");
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
<p>Version <strong data-field="version">${esc(model.version)}</strong> \xB7 channel <strong data-field="channel">${esc(model.channel)}</strong> \xB7 manifest <code data-field="manifest-digest">${esc(model.manifestDigest)}</code></p>
<p class="verdict ${verdict}" data-field="verdict" data-status="${verdict}">${verdict === "ok" ? "\u2714 Release verified" : "\u2718 Release has failures"}</p>
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
__name(renderReport, "renderReport");

export {
  reportVerdict,
  renderReport
};
