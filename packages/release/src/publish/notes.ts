/**
 * Release notes from the commits between two tags (release-engineering-playbook.md §6 "Draft
 * Release Notes"): Conventional Commits 1.0 grouped by type, breaking changes first (a `!` after
 * the type/scope or a `BREAKING CHANGE:` footer), then the manifest diff (§10.1) appended.
 */
export interface Commit {
  sha: string;
  /** Full message: subject, blank line, body and footers. */
  message: string;
}

export interface ParsedCommit {
  sha: string;
  type: string;
  scope?: string;
  subject: string;
  breaking: boolean;
  /** The `BREAKING CHANGE:` footer text, when given. */
  breakingNote?: string;
}

const HEADER_RE = /^(\w+)(?:\(([^)]+)\))?(!)?: (.+)$/;
const BREAKING_RE = /^BREAKING[ -]CHANGE: ([\s\S]+?)(?:\n\n|\n[\w-]+: |$)/m;

/** One commit; messages that are not conventional become type `other`. */
export function parseCommit(c: Commit): ParsedCommit {
  const [header = "", ...rest] = c.message.split("\n");
  const body = rest.join("\n");
  const m = HEADER_RE.exec(header.trim());
  const footer = BREAKING_RE.exec(body);
  const breakingNote = footer?.[1]?.trim();
  if (!m) return { sha: c.sha, type: "other", subject: header.trim(), breaking: breakingNote !== undefined, ...(breakingNote ? { breakingNote } : {}) };
  return {
    sha: c.sha,
    type: (m[1] ?? "").toLowerCase(),
    ...(m[2] ? { scope: m[2] } : {}),
    subject: m[4] ?? "",
    breaking: m[3] === "!" || breakingNote !== undefined,
    ...(breakingNote ? { breakingNote } : {}),
  };
}

const GROUPS: [string, string][] = [
  ["feat", "Features"],
  ["fix", "Bug fixes"],
  ["perf", "Performance"],
  ["security", "Security"],
  ["revert", "Reverts"],
  ["refactor", "Refactoring"],
  ["docs", "Documentation"],
  ["build", "Build"],
  ["ci", "CI"],
  ["test", "Tests"],
  ["chore", "Chores"],
  ["style", "Style"],
];

export interface NotesOptions {
  tag: string;
  previousTag?: string;
  /** Markdown of the manifest diff (renderDiff(..., "markdown")), appended. */
  manifestDiff?: string;
  /** Link for each commit, e.g. `https://github.com/o/r/commit/` (sha appended). */
  commitUrl?: string;
}

/** The markdown notes: breaking changes first, then groups in a fixed order, commits in the given order. */
export function releaseNotes(commits: readonly Commit[], o: NotesOptions): string {
  const parsed = commits.map(parseCommit);
  const ref = (c: ParsedCommit) => (o.commitUrl ? `[${c.sha.slice(0, 7)}](${o.commitUrl}${c.sha})` : c.sha.slice(0, 7));
  const line = (c: ParsedCommit) => `- ${c.scope ? `**${c.scope}:** ` : ""}${c.subject} (${ref(c)})`;
  const out: string[] = [`## ${o.tag}`, ""];
  if (o.previousTag) out.push(`Changes since ${o.previousTag}.`, "");
  const breaking = parsed.filter((c) => c.breaking);
  if (breaking.length > 0) {
    out.push("### ⚠ BREAKING CHANGES", "");
    for (const c of breaking) out.push(`${line(c)}${c.breakingNote ? `\n  ${c.breakingNote.replace(/\n/g, "\n  ")}` : ""}`);
    out.push("");
  }
  const known = new Set(GROUPS.map(([t]) => t));
  for (const [type, title] of GROUPS) {
    const list = parsed.filter((c) => c.type === type && !c.breaking);
    if (list.length === 0) continue;
    out.push(`### ${title}`, "", ...list.map(line), "");
  }
  const other = parsed.filter((c) => !known.has(c.type) && !c.breaking);
  if (other.length > 0) out.push("### Other changes", "", ...other.map(line), "");
  if (parsed.length === 0) out.push("_No commits._", "");
  if (o.manifestDiff) out.push(o.manifestDiff.trim().replace(/^## /, "### "), "");
  return `${out.join("\n").trimEnd()}\n`;
}
