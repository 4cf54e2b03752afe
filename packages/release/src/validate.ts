import type { ErrorObject } from "ajv";
import { LineCounter, parseDocument } from "yaml";
import { releaseManifest } from "./generated/validators.js";
import schema from "./schema/release-manifest.schema.json" with { type: "json" };
import type { ManifestProblem } from "./errors.js";
import type { ReleaseManifest } from "./model.js";

/** The seed schema, as shipped in the spec (draft 2020-12), unchanged. */
export const releaseManifestSchema: Readonly<Record<string, unknown>> = schema;

/**
 * Every schema problem of a parsed release.json, readable: JSON pointer, the offending value,
 * what was expected, and a hint. `text` (the source) adds line numbers. Beyond the schema, the
 * root's `manifest` is required: the seed schema lists no `required` at its root, yet a file
 * without `manifest` describes no release at all.
 */
export function validateReleaseManifest(value: unknown, text?: string): ManifestProblem[] {
  return checkReleaseManifest(value, text).problems;
}

export type ManifestCheck = { manifest: ReleaseManifest; problems: [] } | { manifest: undefined; problems: ManifestProblem[] };

/** The validated manifest, or every problem found (see validateReleaseManifest). */
export function checkReleaseManifest(value: unknown, text?: string): ManifestCheck {
  // The schema compiled at build time (scripts/gen-validators.mjs: Ajv 2020-12, ajv-formats, allErrors, strict).
  if (releaseManifest(value) && isObject(value) && isObject(value.manifest)) return { manifest: value as unknown as ReleaseManifest, problems: [] };
  const problems: ManifestProblem[] = [];
  for (const e of releaseManifest.errors ?? []) problems.push(describeAjvError(e, value));
  if (isObject(value) && !("manifest" in value)) {
    problems.push({ pointer: "/manifest", value: undefined, expected: "the release object `manifest` (release_id, version, services)", hint: "a release.json holds { manifest, profiles?, channels? }" });
  }
  if (text !== undefined) addLines(problems, text);
  return { manifest: undefined, problems };
}

/** A value is a valid release.json (type guard for callers that only need yes/no). */
export function isReleaseManifest(value: unknown): value is ReleaseManifest {
  return checkReleaseManifest(value).manifest !== undefined;
}

function describeAjvError(e: ErrorObject, root: unknown): ManifestProblem {
  const params: Record<string, unknown> = e.params;
  switch (e.keyword) {
    case "required": {
      const prop = String(params.missingProperty);
      return { pointer: `${e.instancePath}/${escapePointer(prop)}`, value: undefined, expected: `required property "${prop}"`, hint: `add "${prop}" to the object at ${e.instancePath || "/"}` };
    }
    case "pattern": {
      const pattern = String(params.pattern);
      return { pointer: e.instancePath, value: resolvePointer(root, e.instancePath), expected: `a string matching ${pattern}`, hint: patternHint(e.instancePath, pattern) };
    }
    case "format": {
      const format = String(params.format);
      return { pointer: e.instancePath, value: resolvePointer(root, e.instancePath), expected: `a ${format} string`, hint: FORMAT_HINTS[format] ?? `see JSON Schema format "${format}"` };
    }
    case "enum": {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map((v) => JSON.stringify(v)).join(", ") : "";
      return { pointer: e.instancePath, value: resolvePointer(root, e.instancePath), expected: `one of ${allowed}` };
    }
    case "type":
      return { pointer: e.instancePath, value: resolvePointer(root, e.instancePath), expected: `type ${JSON.stringify(params.type)}` };
    default:
      return { pointer: e.instancePath, value: resolvePointer(root, e.instancePath), expected: e.message ?? e.keyword };
  }
}

const FORMAT_HINTS: Record<string, string> = {
  "date-time": "RFC 3339 with a time zone, e.g. 2025-12-06T10:00:00Z",
  uri: "an absolute URI with a scheme, e.g. https://example.org/sbom.json",
};

function patternHint(pointer: string, pattern: string): string | undefined {
  if (pointer.endsWith("/manifest_digest")) return "manifest_digest is sha256: + 64 lowercase hex of the RFC 8785 canonical manifest; recompute it with `stella manifest sign` (or drop it and run `stella manifest assemble`)";
  if (pattern.startsWith("^sha256:")) return "an image digest is sha256: + 64 lowercase hex characters, the image's content address (e.g. `skopeo inspect --format '{{.Digest}}' docker://IMAGE`)";
  if (pointer.endsWith("/version")) return "a semver version such as 2.4.1 or 2.5.0-rc.1 (no leading v)";
  if (/\/(cpu_request|cpu_limit)$/.test(pointer)) return "CPU in cores or millicores, e.g. 2 or 500m";
  if (/\/(memory_request|memory_limit|storage)$/.test(pointer)) return "a size in Mi/Gi (storage also Ti), e.g. 512Mi";
  return undefined;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

function pointerSegments(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value at a JSON pointer (RFC 6901), or undefined when the path does not exist. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Adds the source line of each problem (the nearest existing ancestor for missing fields). */
function addLines(problems: ManifestProblem[], text: string): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0) return;
  for (const p of problems) {
    const segs: (string | number)[] = [];
    for (const s of pointerSegments(p.pointer)) segs.push(/^\d+$/.test(s) ? Number(s) : s);
    for (let n = segs.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(segs.slice(0, n), true);
      const range = isObject(node) && Array.isArray(node.range) ? node.range : undefined;
      if (range && typeof range[0] === "number") {
        p.line = lineCounter.linePos(range[0]).line;
        break;
      }
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
