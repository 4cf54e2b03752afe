/** Findings for people: plain text lines, a Markdown summary table, and counts. */
import { relative } from "node:path";
import type { Finding } from "./findings.js";

function rel(file: string, baseDir: string): string {
  const r = relative(baseDir, file);
  return r.startsWith("..") ? file : r;
}

/** `file:line:col: error [rule] message (expected X, got Y)`, one per finding. */
export function formatFindings(findings: readonly Finding[], baseDir: string): string {
  return findings
    .map((f) => {
      const ev = f.expected !== undefined || f.actual !== undefined ? ` (expected ${f.expected ?? "-"}, actual ${f.actual ?? "-"})` : "";
      return `${rel(f.file, baseDir)}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${f.message}${ev}`;
    })
    .join("\n");
}

function cell(s: string | undefined): string {
  return (s ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The job-summary table. */
export function summaryTable(findings: readonly Finding[], baseDir: string, title: string): string {
  const head = `### ${title}\n\n`;
  if (findings.length === 0) return `${head}No findings: every profile is aligned with the manifest.\n`;
  const rows = findings.map((f) => `| ${f.severity} | \`${f.rule}\` | \`${cell(rel(f.file, baseDir))}:${f.line}:${f.column}\` | ${cell(f.service)} | ${cell(f.expected)} | ${cell(f.actual)} |`);
  return `${head}${findings.length} finding${findings.length === 1 ? "" : "s"}\n\n| severity | rule | location | service | expected | actual |\n| --- | --- | --- | --- | --- | --- |\n${rows.join("\n")}\n`;
}
