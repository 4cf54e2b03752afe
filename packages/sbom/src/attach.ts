import { sha256Digest } from "@stella/core";
import { EMPTY_JSON_DIGEST, MediaType, type Descriptor, type ImageStore } from "@stella/oci";

/**
 * Pushes an SBOM as an OCI artifact whose `subject` is the image (image-spec 1.1
 * manifest.md "artifactType", "subject"; architecture-devops.md §2.2), with the empty
 * config, so `store.referrers(image, artifactType)` and cosign/oras find it.
 */
export async function attachSbom(
  store: ImageStore,
  subject: Descriptor,
  sbom: { bytes: Uint8Array; artifactType: string; fileName: string; created: string },
): Promise<{ referrer: Descriptor; blob: Descriptor }> {
  const empty = Buffer.from("{}");
  await store.putBlob({ digest: EMPTY_JSON_DIGEST, size: empty.length }, () => empty);
  const blob: Descriptor = {
    mediaType: sbom.artifactType,
    digest: sha256Digest(sbom.bytes),
    size: sbom.bytes.byteLength,
    annotations: { "org.opencontainers.image.title": sbom.fileName },
  };
  await store.putBlob({ digest: blob.digest, size: blob.size }, () => Buffer.from(sbom.bytes));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: sbom.artifactType,
    config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: empty.length, data: "e30=" },
    layers: [blob],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: { "org.opencontainers.image.created": sbom.created },
  };
  const referrer = await store.putReferrer(Buffer.from(JSON.stringify(manifest)), MediaType.ociManifest);
  return { referrer, blob };
}
