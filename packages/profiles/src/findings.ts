/** Findings: what the checks report, with the rule, where, and expected vs actual. */

export type RuleId =
  | "digest-mismatch"
  | "tag-only"
  | "unknown-image"
  | "missing-service"
  | "invalid-reference"
  | "interpolation"
  | "channel-version"
  | "compose-extends"
  | "schema";

export type Severity = "error" | "warning" | "note";

export interface Finding {
  rule: RuleId;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  expected?: string;
  actual?: string;
  /** The service of the release manifest it concerns, when known. */
  service?: string;
}

export interface RuleInfo {
  id: RuleId;
  title: string;
  description: string;
}

/** The rules, in report order; descriptions quote the spec they come from. */
export const RULES: readonly RuleInfo[] = [
  { id: "digest-mismatch", title: "Digest differs from the release manifest", description: "A profile references a manifest service by a digest other than the channel manifest's (deployment-profiles.md: profiles map 1:1 to release manifests)." },
  { id: "tag-only", title: "Image referenced by tag only", description: "Pull by digest only in Kubernetes/Compose manifests (architecture-devops.md §3.1)." },
  { id: "unknown-image", title: "Image not in the release manifest", description: "check-channel-alignment: profiles must reference exactly the images listed in the release manifest." },
  { id: "missing-service", title: "Manifest service not referenced", description: "Every service of the channel's release manifest must be referenced by the profiles." },
  { id: "invalid-reference", title: "Invalid image reference", description: "The image string is not a valid docker reference ([registry/]path[:tag][@sha256:hex])." },
  { id: "interpolation", title: "Compose interpolation problem", description: "A ${VAR} used by an image is unset or a required variable (${VAR:?err}) is missing." },
  { id: "channel-version", title: "Channel points at another version", description: "The manifest's channel entry names a current_version other than the manifest's version." },
  { id: "compose-extends", title: "Compose extends cannot be resolved", description: "A service extends a service or file that does not exist, or extends form a cycle." },
  { id: "schema", title: "Schema violation", description: "The file does not validate against the Compose Specification or Kubernetes API schema." },
];

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
