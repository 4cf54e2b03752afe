import { sha256Digest } from "@stella/core";
import { isReferrersTagEntry, REF_NAME, stripRefName, type OciLayoutStore } from "./layout.js";
import { MediaType } from "./media-types.js";
import { filterByArtifactType, mergeReferrers, parseReferrersIndex, referrerDescriptorOf, referrersTagFor, updatedReferrersIndex } from "./referrers-index.js";
import type { Descriptor } from "./types.js";

/**
 * Referrers on an OCI layout (issue 3 "Referrers … The same on an OCI layout"): each referrer
 * manifest is listed untagged in index.json (how oras's OCI store keeps them) and in the
 * `sha256-<hex>` referrers tag index (the distribution spec's tag schema, which cosign and oras
 * read); reading merges both, so a layout written by either tool, or by skopeo copying a
 * registry's tag index, is understood.
 */
export async function layoutReferrers(store: OciLayoutStore, digest: string, artifactType?: string): Promise<Descriptor[]> {
  const index = await store.readIndex();
  const fromIndex: Descriptor[] = [];
  for (const d of index.manifests) {
    if (isReferrersTagEntry(d)) continue;
    if ((await store.subjectOfManifest(d)) === digest) fromIndex.push(stripRefName(d));
  }
  const tag = referrersTagFor(digest);
  const tagEntry = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
  const fromTag = tagEntry ? parseReferrersIndex(await store.getBlobBytes(tagEntry), `${store.location}:${tag}`).manifests : [];
  return filterByArtifactType(mergeReferrers(fromTag, fromIndex), artifactType);
}

/**
 * Stores a referrer manifest and lists it in index.json and in its subject's tag index. The
 * tag index's read-modify-write rides on the index.json write (its lock and group commit):
 * referrers put at once, by one process or several, are listed by one write, and each
 * subject's tag index is stored once per write, not once per referrer.
 */
export async function putLayoutReferrer(store: OciLayoutStore, bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
  const { descriptor, subject } = referrerDescriptorOf(bytes, mediaType);
  await store.putBlob(descriptor, () => bytes);
  const tag = referrersTagFor(subject);
  await store.updateIndex(async (idx, batch) => {
    const tagEntry = idx.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
    const current = batch.blobs.get(tag) ?? (tagEntry ? await store.getBlobBytes(tagEntry) : undefined);
    const next = updatedReferrersIndex(current, `${store.location}:${tag}`, [descriptor]);
    let manifests = idx.manifests;
    if (!manifests.some((d) => d.digest === descriptor.digest && d.annotations?.[REF_NAME] === undefined)) manifests = [...manifests, descriptor];
    if (next !== undefined) {
      batch.blobs.set(tag, next);
      const tagDescriptor: Descriptor = { mediaType: MediaType.ociIndex, digest: sha256Digest(next), size: next.byteLength, annotations: { [REF_NAME]: tag } };
      manifests = [...manifests.filter((d) => d.annotations?.[REF_NAME] !== tag), tagDescriptor];
    }
    return manifests === idx.manifests ? undefined : { ...idx, manifests };
  });
  return descriptor;
}
