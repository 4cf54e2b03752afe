/**
 * One image reference found in a profile, with where it is written and how `--fix`
 * may change its digest without touching anything else in the file.
 */
import type { Node, Scalar } from "yaml";
import { positionOf, type SourceFile } from "./yaml-tree.js";

export type ProfileKind = "compose" | "helm" | "kubernetes";

/** A byte range of one file's source text that holds (or would hold) the digest. */
export interface DigestSite {
  file: string;
  start: number;
  end: number;
  /**
   * `replace`: [start,end) is exactly `sha256:<hex>` (or bare hex for `sha:` fields);
   * `append`: insert `@sha256:<hex>` at `start` (end of an image string without digest);
   * `field`: the value of a `digest:` field (quoted or empty), rewritten as a quoted value;
   * `insert-line`: insert a new `digest:` line (text carries the indentation) at `start`.
   */
  mode: "replace" | "append" | "field" | "insert-line" | "hex";
  indent?: string;
}

export interface FoundImage {
  kind: ProfileKind;
  file: string;
  line: number;
  column: number;
  /** Where the digest is written (for digest findings), when it differs from line/column. */
  digestLine?: number;
  digestColumn?: number;
  /** Dotted path in the document: `services.api.image`, `controller.image`, `Deployment/web containers[api]`. */
  path: string;
  /** The effective reference after interpolation / chart defaults, as the runtime would pull it. */
  value: string;
  /** Set when the digest can be rewritten in place. */
  site?: DigestSite;
  /** Why the digest cannot be fixed in place (variable from the shell, flow mapping, …). */
  unfixable?: string;
}

const DIGEST_IN_TEXT = /sha256:[a-f0-9]{64}/;

/**
 * The digest site of an image written as one string scalar: the literal `sha256:…` inside
 * the scalar's source, else the end of its content (before a closing quote) to append to.
 */
export function stringSite(file: SourceFile, scalar: Scalar, hasDigest: boolean): DigestSite | undefined {
  const range = scalar.range;
  if (!range) return undefined;
  const [start, end] = range;
  const source = file.text.slice(start, end);
  const m = DIGEST_IN_TEXT.exec(source);
  if (m) return { file: file.path, start: start + m.index, end: start + m.index + m[0].length, mode: "replace" };
  if (hasDigest) return undefined;
  if (scalar.type === "BLOCK_FOLDED" || scalar.type === "BLOCK_LITERAL") return undefined;
  const quoted = scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE";
  const at = quoted ? end - 1 : start + source.trimEnd().length;
  return { file: file.path, start: at, end: at, mode: "append" };
}

export function located(file: SourceFile, node: Node | undefined): { line: number; column: number } {
  const offset = node?.range?.[0] ?? 0;
  return positionOf(file, offset);
}

/** True when the reference carries `@sha256:…` (by the docker grammar; loosely for invalid refs). */
export function hasDigestPart(value: string, parse: (v: string) => { digest?: string }): boolean {
  try {
    return parse(value).digest !== undefined;
  } catch {
    return value.includes("@");
  }
}
