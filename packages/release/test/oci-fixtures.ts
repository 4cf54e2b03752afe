import { sha256Digest } from "@stella/core";
import { EMPTY_JSON_DIGEST, MediaType, buildExampleImage, type Descriptor, type ImageStore } from "@stella/oci";

/** The §6.2 labels of a well-built release image. */
export function releaseLabels(version: string, overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    "org.opencontainers.image.version": version,
    "org.opencontainers.image.revision": "0123456789abcdef0123456789abcdef01234567",
    "org.opencontainers.image.created": "2027-06-20T12:00:00Z",
    "org.stellaops.release.calendar": "2027.06",
    "org.stellaops.release.channel": "stable",
    "org.stellaops.build.slsaProvenance": "oci://registry.example/stellaops/x@sha256:" + "3".repeat(64),
    ...overrides,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  return out;
}

/** A real example image in the store (deterministic per seed). */
export function exampleImage(store: ImageStore, seed: string, labels: Record<string, string>): Promise<Descriptor> {
  return buildExampleImage(store, { seed, labels, layers: 1, filesPerLayer: 1, created: "2027-06-20T12:00:00Z" });
}

/** Attaches an artifact (e.g. an SBOM) to `subject` as an OCI 1.1 referrer; returns its descriptor. */
export async function attachReferrer(store: ImageStore, subject: Descriptor, artifactType: string, content: string): Promise<Descriptor> {
  const empty = new TextEncoder().encode("{}");
  await store.putBlob({ digest: EMPTY_JSON_DIGEST, size: 2 }, () => empty);
  const blob = new TextEncoder().encode(content);
  const blobDesc = { mediaType: artifactType, digest: sha256Digest(blob), size: blob.byteLength };
  await store.putBlob(blobDesc, () => blob);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType,
    config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
    layers: [blobDesc],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
  };
  return store.putReferrer(new TextEncoder().encode(JSON.stringify(manifest)), MediaType.ociManifest);
}
