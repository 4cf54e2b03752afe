/**
 * `--fix`: rewrites digests in place. Each edit replaces only the byte range that holds
 * (or would hold) the digest, so comments, key order, quoting and indentation stay as
 * they were and `git diff` shows digest changes only; the document is never re-stringified.
 */
import { writeFileAtomic } from "@stella/core";
import type { PlannedFix } from "./alignment.js";
import { ProfilesError } from "./errors.js";
import type { DigestSite } from "./found-image.js";

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface FixPlan {
  /** file -> edits, not overlapping, in ascending order. */
  edits: Map<string, TextEdit[]>;
  /** Findings that could not be fixed in place, with why. */
  skipped: { file: string; line: number; column: number; path: string; reason: string }[];
}

function editFor(site: DigestSite, digest: string, text: string): TextEdit {
  const hex = digest.slice("sha256:".length);
  switch (site.mode) {
    case "replace":
      return { start: site.start, end: site.end, text: /^sha256:/.test(text.slice(site.start, site.end)) ? digest : hex };
    case "append":
      return { start: site.start, end: site.end, text: `@${digest}` };
    case "hex":
      return { start: site.start, end: site.end, text: hex };
    case "insert-line":
      return { start: site.start, end: site.end, text: `\n${site.indent ?? ""}digest: "${digest}"` };
    case "field": {
      const source = text.slice(site.start, site.end);
      const q = source.startsWith("'") ? "'" : source.startsWith('"') ? '"' : "";
      if (q) return { start: site.start, end: site.end, text: `${q}${digest}${q}` };
      const inner = /sha256:[a-f0-9]{64}/.exec(source);
      if (inner) return { start: site.start + inner.index, end: site.start + inner.index + inner[0].length, text: digest };
      const space = text[site.start - 1] === ":" ? " " : "";
      return { start: site.start, end: site.end, text: `${space}"${digest}"` };
    }
  }
}

export function planFixes(fixes: readonly PlannedFix[], texts: ReadonlyMap<string, string>): FixPlan {
  const edits = new Map<string, TextEdit[]>();
  const skipped: FixPlan["skipped"] = [];
  const bySite = new Map<string, { edit: TextEdit; digest: string; where: string }>();
  for (const { image, digest } of fixes) {
    const where = `${image.file}:${image.line}:${image.column}`;
    const site = image.site;
    const text = site ? texts.get(site.file) : undefined;
    if (!site || text === undefined) {
      skipped.push({ file: image.file, line: image.line, column: image.column, path: image.path, reason: image.unfixable ?? "no place to write the digest was found" });
      continue;
    }
    const key = `${site.file}\u0000${site.start}\u0000${site.end}`;
    const prior = bySite.get(key);
    if (prior) {
      if (prior.digest !== digest) {
        throw new ProfilesError(`${where} and ${prior.where} share one digest in ${site.file} but need ${digest} and ${prior.digest}`, { code: "FIX_CONFLICT", hint: "split the shared anchor or variable so each service has its own digest" });
      }
      continue;
    }
    const edit = editFor(site, digest, text);
    bySite.set(key, { edit, digest, where });
    const list = edits.get(site.file) ?? [];
    list.push(edit);
    edits.set(site.file, list);
  }
  for (const list of edits.values()) list.sort((a, b) => a.start - b.start);
  return { edits, skipped };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = "";
  let at = 0;
  for (const e of edits) {
    if (e.start < at) continue; // overlapping: the earlier edit wins
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Applies a plan to the files on disk (atomic writes); returns the files changed. */
export async function writeFixes(plan: FixPlan, texts: ReadonlyMap<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for (const [file, list] of [...plan.edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = texts.get(file);
    if (before === undefined) continue;
    const after = applyEdits(before, list);
    if (after !== before) {
      await writeFileAtomic(file, after);
      changed.push(file);
    }
  }
  return changed;
}
