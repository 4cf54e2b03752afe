import { StellaError } from "@stella/core";

/** Everything the release package refuses on purpose (STYLE.md §6). */
export type ReleaseErrorCode =
  | "MANIFEST_PARSE"
  | "MANIFEST_INVALID"
  | "MANIFEST_READ"
  | "VERSION"
  | "CHANNEL"
  | "DOWNGRADE"
  | "SKEW_RULES"
  | "FRAGMENT"
  | "REFERRER_MISSING"
  | "DIGEST_MISMATCH"
  | "SIGNATURE"
  | "RELEASE_YAML"
  | "PUBLISH";

export class ReleaseError extends StellaError<ReleaseErrorCode> {}

/**
 * One problem of a schema validation, in the user's words: where (JSON pointer and, when
 * the source text is known, file:line), the offending value, what was expected, how to fix.
 */
export interface ManifestProblem {
  pointer: string;
  line?: number;
  value: unknown;
  expected: string;
  hint?: string;
}

/** The manifest failed the schema; `problems` holds every finding, not just the first. */
export class ManifestValidationError extends ReleaseError {
  readonly problems: readonly ManifestProblem[];

  constructor(source: string, problems: readonly ManifestProblem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(source, p)}`);
    super(`${source}: ${problems.length} schema problem${problems.length === 1 ? "" : "s"}\n${lines.join("\n")}`, {
      code: "MANIFEST_INVALID",
      hint: "fix each field listed above; the schema is release-manifest.schema.json (draft 2020-12)",
    });
    this.problems = problems;
  }
}

export function formatProblem(source: string, p: ManifestProblem): string {
  const where = p.line === undefined ? `${source}#${p.pointer || "/"}` : `${source}:${p.line} ${p.pointer || "/"}`;
  const hint = p.hint ? ` (hint: ${p.hint})` : "";
  return `${where}: got ${showValue(p.value)}, expected ${p.expected}${hint}`;
}

function showValue(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
