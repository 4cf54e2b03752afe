/**
 * A read-only view over `yaml` documents that keeps source positions: aliases are
 * followed, merge keys (`<<: *anchor`, `<<: [*a, *b]`) are expanded with explicit keys
 * winning (YAML merge-key semantics, as Compose applies them), and every scalar keeps
 * its byte range so findings carry file:line:col and `--fix` can edit the source text.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import { ProfilesError } from "./errors.js";

export interface SourceFile {
  path: string;
  text: string;
  lines: LineCounter;
  docs: Document.Parsed[];
}

export interface Position {
  line: number;
  column: number;
}

/** Parses every document of a YAML file; syntax errors are refused with file:line:col. */
export function parseSourceFile(path: string, text: string): SourceFile {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const problems: string[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const p = lines.linePos(e.pos[0]);
      problems.push(`${path}:${p.line}:${p.col}: ${e.message.split("\n")[0] ?? e.code}`);
    }
  }
  if (problems.length > 0) {
    throw new ProfilesError(`cannot parse YAML:\n  ${problems.join("\n  ")}`, { code: "PROFILE_PARSE", hint: "fix the YAML syntax at the position shown" });
  }
  return { path, text, lines, docs: list };
}

export function positionOf(file: SourceFile, offset: number): Position {
  const p = file.lines.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Follows aliases to the anchored node (a bounded number of hops). */
export function deref(node: unknown, doc: Document.Parsed): Node | undefined {
  let n: unknown = node;
  for (let i = 0; i < 64 && isAlias(n); i++) n = n.resolve(doc);
  return isAlias(n) ? undefined : (n as Node | null | undefined) ?? undefined;
}

export function asMap(node: unknown, doc: Document.Parsed): YAMLMap | undefined {
  const n = deref(node, doc);
  return isMap(n) ? n : undefined;
}

export function asSeq(node: unknown, doc: Document.Parsed): YAMLSeq | undefined {
  const n = deref(node, doc);
  return isSeq(n) ? n : undefined;
}

export function asScalar(node: unknown, doc: Document.Parsed): Scalar | undefined {
  const n = deref(node, doc);
  return isScalar(n) ? n : undefined;
}

/** A scalar's value as text (numbers/booleans stringified as written), else undefined. */
export function scalarText(node: unknown, doc: Document.Parsed): string | undefined {
  const s = asScalar(node, doc);
  if (!s || s.value === null || s.value === undefined) return undefined;
  if (typeof s.value === "string") return s.value;
  if (typeof s.source === "string") return s.source;
  return typeof s.value === "number" || typeof s.value === "boolean" ? String(s.value) : undefined;
}

function keyText(key: unknown, doc: Document.Parsed): string | undefined {
  return scalarText(key, doc);
}

/**
 * The entries of a mapping with merge keys expanded: explicit keys first win, then the
 * merged maps in order (the first listed map wins among merged ones), recursively.
 */
export function mapEntries(map: YAMLMap, doc: Document.Parsed, depth = 0): Map<string, Node | undefined> {
  const out = new Map<string, Node | undefined>();
  const merges: unknown[] = [];
  for (const pair of map.items) {
    const k = keyText(pair.key, doc);
    if (k === undefined) continue;
    if (k === "<<" && depth < 32) {
      const v = deref(pair.value, doc);
      if (isSeq(v)) merges.push(...v.items);
      else merges.push(v);
      continue;
    }
    if (!out.has(k)) out.set(k, (pair.value as Node | null) ?? undefined);
  }
  for (const m of merges) {
    const mm = asMap(m, doc);
    if (!mm) continue;
    for (const [k, v] of mapEntries(mm, doc, depth + 1)) if (!out.has(k)) out.set(k, v);
  }
  return out;
}

export function mapGet(map: YAMLMap | undefined, key: string, doc: Document.Parsed): Node | undefined {
  if (!map) return undefined;
  // Fast path: an explicit key needs no merge expansion.
  let hasMerge = false;
  for (const pair of map.items) {
    const k = isScalar(pair.key) ? pair.key.value : undefined;
    if (k === key) return (pair.value as Node | null) ?? undefined;
    if (k === "<<") hasMerge = true;
  }
  return hasMerge ? mapEntries(map, doc).get(key) : undefined;
}

/** The key scalar of `key` in a map (explicit keys only), for positions of inserted text. */
export function pairOf(map: YAMLMap, key: string): { key: Scalar; value: Node | undefined } | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return { key: pair.key, value: (pair.value as Node | null) ?? undefined };
  }
  return undefined;
}
