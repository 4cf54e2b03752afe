import { OciError } from "./errors.js";
import { MediaType, isImageManifestMediaType, isIndexMediaType } from "./media-types.js";
import type { Descriptor, Platform } from "./types.js";

/** Manifests larger than this are refused (distribution spec "Pushing Manifests": 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** An image manifest (OCI or Docker v2 schema 2). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An image index (OCI) or manifest list (Docker). */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type ParsedManifest =
  | { kind: "manifest"; mediaType: string; manifest: ImageManifest }
  | { kind: "index"; mediaType: string; index: ImageIndex };

const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isStringMap(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === "string");
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

export function isPlatform(v: unknown): v is Platform {
  if (!isRecord(v) || typeof v.architecture !== "string" || typeof v.os !== "string") return false;
  if (v.variant !== undefined && typeof v.variant !== "string") return false;
  if (v["os.version"] !== undefined && typeof v["os.version"] !== "string") return false;
  return v["os.features"] === undefined || isStringArray(v["os.features"]);
}

/** image-spec descriptor.md: mediaType, digest, size required; the rest typed when present. */
export function isDescriptor(v: unknown): v is Descriptor {
  if (!isRecord(v)) return false;
  if (typeof v.mediaType !== "string" || typeof v.digest !== "string" || !DIGEST_RE.test(v.digest)) return false;
  if (typeof v.size !== "number" || !Number.isSafeInteger(v.size) || v.size < 0) return false;
  if (v.annotations !== undefined && !isStringMap(v.annotations)) return false;
  if (v.artifactType !== undefined && typeof v.artifactType !== "string") return false;
  if (v.platform !== undefined && !isPlatform(v.platform)) return false;
  if (v.urls !== undefined && !isStringArray(v.urls)) return false;
  return v.data === undefined || typeof v.data === "string";
}

/** Collects what is wrong with a decoded manifest or index; empty when it is fine. */
function problemsOf(doc: Record<string, unknown>, kind: "manifest" | "index"): string[] {
  const problems: string[] = [];
  if (doc.schemaVersion !== 2) problems.push(`schemaVersion is ${JSON.stringify(doc.schemaVersion)}, expected 2`);
  if (doc.mediaType !== undefined && typeof doc.mediaType !== "string") problems.push("mediaType is not a string");
  if (doc.artifactType !== undefined && typeof doc.artifactType !== "string") problems.push("artifactType is not a string");
  if (doc.annotations !== undefined && !isStringMap(doc.annotations)) problems.push("annotations is not a map of strings");
  if (doc.subject !== undefined && !isDescriptor(doc.subject)) problems.push("subject is not a valid descriptor");
  if (kind === "manifest") {
    if (!isDescriptor(doc.config)) problems.push("config is missing or not a valid descriptor");
    if (!Array.isArray(doc.layers)) problems.push("layers is missing or not an array");
    else doc.layers.forEach((l, i) => void (isDescriptor(l) || problems.push(`layers[${i}] is not a valid descriptor`)));
  } else if (!Array.isArray(doc.manifests)) {
    problems.push("manifests is missing or not an array");
  } else {
    doc.manifests.forEach((m, i) => void (isDescriptor(m) || problems.push(`manifests[${i}] is not a valid descriptor`)));
  }
  return problems;
}

function isImageManifest(doc: Record<string, unknown>): doc is Record<string, unknown> & ImageManifest {
  return problemsOf(doc, "manifest").length === 0;
}

function isImageIndex(doc: Record<string, unknown>): doc is Record<string, unknown> & ImageIndex {
  return problemsOf(doc, "index").length === 0;
}

/**
 * Parses manifest bytes (OCI manifest/index, Docker v2s2 manifest/list). The media type is
 * the document's own `mediaType`, else `declared` (Content-Type, descriptor), else guessed
 * from the shape (`manifests` => index, `config` => manifest), as image-spec 1.1 allows.
 * `where` names the source in errors.
 */
export function parseManifest(bytes: Uint8Array, where: string, declared?: string): ParsedManifest {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw new OciError(`manifest ${where} is ${bytes.byteLength} bytes, over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (e) {
    throw new OciError(`manifest ${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_MANIFEST" });
  }
  if (!isRecord(doc)) throw new OciError(`manifest ${where} is not a JSON object`, { code: "BAD_MANIFEST" });
  const own = typeof doc.mediaType === "string" ? doc.mediaType : undefined;
  const usable = (t: string | undefined) => (t !== undefined && (isIndexMediaType(t) || isImageManifestMediaType(t)) ? t : undefined);
  const mediaType = own ?? usable(declared) ?? (Array.isArray(doc.manifests) ? MediaType.ociIndex : MediaType.ociManifest);
  if (mediaType === MediaType.dockerSchema1 || mediaType === MediaType.dockerSchema1Signed || doc.schemaVersion === 1) {
    throw new OciError(`manifest ${where} is Docker schema 1, which is not supported`, { code: "UNSUPPORTED", hint: "re-push the image with a current client (schema 2 or OCI)" });
  }
  if (isIndexMediaType(mediaType)) {
    if (!isImageIndex(doc)) throw badShape(where, mediaType, problemsOf(doc, "index"));
    return { kind: "index", mediaType, index: doc };
  }
  if (!isImageManifestMediaType(mediaType)) {
    throw new OciError(`manifest ${where} has media type "${mediaType}", which is neither an image manifest nor an index`, { code: "UNSUPPORTED" });
  }
  if (!isImageManifest(doc)) throw badShape(where, mediaType, problemsOf(doc, "manifest"));
  return { kind: "manifest", mediaType, manifest: doc };
}

function badShape(where: string, mediaType: string, problems: string[]): OciError {
  return new OciError(`manifest ${where} (${mediaType}) is malformed: ${problems.join("; ")}`, { code: "BAD_MANIFEST" });
}

/** Every blob and child manifest a manifest or index points at (subject excluded). */
export function childrenOf(parsed: ParsedManifest): { manifests: Descriptor[]; blobs: Descriptor[] } {
  if (parsed.kind === "index") return { manifests: parsed.index.manifests, blobs: [] };
  return { manifests: [], blobs: [parsed.manifest.config, ...parsed.manifest.layers] };
}

export function subjectOf(parsed: ParsedManifest): Descriptor | undefined {
  return parsed.kind === "index" ? parsed.index.subject : parsed.manifest.subject;
}

/** image-spec 1.1 artifactType rule: the manifest's `artifactType`, else its config's media type. */
export function artifactTypeOf(parsed: ParsedManifest): string | undefined {
  if (parsed.kind === "index") return parsed.index.artifactType;
  return parsed.manifest.artifactType ?? parsed.manifest.config.mediaType;
}

export function annotationsOf(parsed: ParsedManifest): Record<string, string> | undefined {
  return parsed.kind === "index" ? parsed.index.annotations : parsed.manifest.annotations;
}
