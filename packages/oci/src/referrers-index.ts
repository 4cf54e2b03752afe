import { sha256Digest } from "@stella/core";
import { OciError } from "./errors.js";
import { annotationsOf, artifactTypeOf, parseManifest, subjectOf, type ImageIndex } from "./manifest.js";
import { MediaType } from "./media-types.js";
import type { Descriptor } from "./types.js";

/**
 * The referrers tag schema of the distribution spec ("Referrers Tag Schema"): where a
 * registry (or an OCI layout) has no Referrers API, the referrers of `<alg>:<hex>` are listed
 * in an OCI image index tagged `<alg>-<hex>`, one descriptor per referrer manifest carrying
 * its `artifactType` and `annotations`. cosign and oras read and write the same tag.
 * Pure functions over values and bytes; the stores do the I/O.
 */

const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** `sha256:abc…` -> `sha256-abc…` (the encoded part truncated to 64 characters, as the spec says). */
export function referrersTagFor(subjectDigest: string): string {
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(subjectDigest);
  if (!m) throw new OciError(`"${subjectDigest}" is not a digest (expected sha256:<64 hex>)`, { code: "BAD_REFERENCE" });
  const tag = `${m[1]}-${m[2].slice(0, 64)}`.replace(/[+]/g, "-");
  if (!TAG_RE.test(tag)) throw new OciError(`referrers tag "${tag}" for "${subjectDigest}" is not a valid tag`, { code: "BAD_REFERENCE" });
  return tag;
}

/** True for a tag that looks like a referrers-schema tag (`sha256-<64 hex>`); listings hide these. */
export function isReferrersTag(tag: string): boolean {
  return /^sha256-[a-f0-9]{64}$/.test(tag);
}

/**
 * The descriptor a referrers index (or the Referrers API) lists for a referrer manifest:
 * digest and size of the exact bytes, its media type, `artifactType` (the manifest's, else
 * its config media type) and its annotations. Also returns the subject digest it refers to.
 */
export function referrerDescriptorOf(bytes: Uint8Array, declaredMediaType?: string): { descriptor: Descriptor; subject: string } {
  const digest = sha256Digest(bytes);
  const parsed = parseManifest(bytes, digest, declaredMediaType);
  const subject = subjectOf(parsed);
  if (!subject) throw new OciError(`manifest ${digest} has no subject, so it cannot be a referrer`, { code: "BAD_MANIFEST" });
  const descriptor: Descriptor = { mediaType: parsed.mediaType, digest, size: bytes.byteLength };
  const artifactType = artifactTypeOf(parsed);
  if (artifactType !== undefined) descriptor.artifactType = artifactType;
  const annotations = annotationsOf(parsed);
  if (annotations !== undefined && Object.keys(annotations).length > 0) descriptor.annotations = annotations;
  return { descriptor, subject: subject.digest };
}

export function emptyReferrersIndex(): ImageIndex {
  return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
}

/** Reads a referrers index (ours, oras's or cosign's); anything but an index is an error. */
export function parseReferrersIndex(bytes: Uint8Array, where: string): ImageIndex {
  const parsed = parseManifest(bytes, where, MediaType.ociIndex);
  if (parsed.kind !== "index") throw new OciError(`referrers tag ${where} holds a ${parsed.mediaType}, not an image index`, { code: "BAD_MANIFEST" });
  return parsed.index;
}

/** Stable order for listings: by artifactType, then digest. */
function compareDescriptors(a: Descriptor, b: Descriptor): number {
  const at = (a.artifactType ?? "").localeCompare(b.artifactType ?? "");
  return at !== 0 ? at : a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0;
}

/** Union of descriptor lists, one per digest (the first seen wins), deterministically ordered. */
export function mergeReferrers(...lists: readonly (readonly Descriptor[])[]): Descriptor[] {
  const byDigest = new Map<string, Descriptor>();
  for (const list of lists) for (const d of list) if (!byDigest.has(d.digest)) byDigest.set(d.digest, d);
  return [...byDigest.values()].sort(compareDescriptors);
}

/** Adds referrers to an index without duplicates; `changed` is false when all were there. */
export function addReferrers(index: ImageIndex, added: readonly Descriptor[]): { index: ImageIndex; changed: boolean } {
  const known = new Set(index.manifests.map((d) => d.digest));
  const fresh = added.filter((d) => !known.has(d.digest));
  if (fresh.length === 0) return { index, changed: false };
  return { index: { ...index, manifests: mergeReferrers(index.manifests, fresh) }, changed: true };
}

export function removeReferrer(index: ImageIndex, digest: string): { index: ImageIndex; changed: boolean } {
  const manifests = index.manifests.filter((d) => d.digest !== digest);
  return { index: { ...index, manifests }, changed: manifests.length !== index.manifests.length };
}

export function filterByArtifactType(descriptors: readonly Descriptor[], artifactType?: string): Descriptor[] {
  return artifactType === undefined ? [...descriptors] : descriptors.filter((d) => d.artifactType === artifactType);
}

function sortedMap(m: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A descriptor with its keys in one fixed order (and sorted annotations), for stable bytes. */
export function normalizeDescriptor(d: Descriptor): Descriptor {
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.artifactType !== undefined) out.artifactType = d.artifactType;
  if (d.urls !== undefined) out.urls = d.urls;
  if (d.data !== undefined) out.data = d.data;
  if (d.platform !== undefined) out.platform = d.platform;
  if (d.annotations !== undefined) out.annotations = sortedMap(d.annotations);
  return out;
}

/** The bytes of a referrers index: same referrers => same bytes => same digest. */
export function encodeReferrersIndex(index: ImageIndex): Uint8Array {
  const doc: Record<string, unknown> = { schemaVersion: 2, mediaType: MediaType.ociIndex };
  if (index.artifactType !== undefined) doc.artifactType = index.artifactType;
  doc.manifests = [...index.manifests].sort(compareDescriptors).map(normalizeDescriptor);
  if (index.annotations !== undefined) doc.annotations = sortedMap(index.annotations);
  return new TextEncoder().encode(JSON.stringify(doc));
}

/** The new index bytes after adding referrer manifests, or undefined when nothing changed. */
export function updatedReferrersIndex(current: Uint8Array | undefined, where: string, added: readonly Descriptor[]): Uint8Array | undefined {
  const index = current === undefined ? emptyReferrersIndex() : parseReferrersIndex(current, where);
  const { index: next, changed } = addReferrers(index, added);
  return changed || current === undefined ? encodeReferrersIndex(next) : undefined;
}
