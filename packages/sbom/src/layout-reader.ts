import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { OciError, type Descriptor, type ImageStore, type ManifestBlob } from "@stella/oci";
import { sha256Digest } from "@stella/core";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A read-only ImageStore over an OCI image layout directory (image-spec image-layout.md).
 * Stop-gap until `@stella/oci`'s openImage is available; layer digests are verified by the
 * walker itself, configs and manifests here.
 */
export function readLayout(dir: string): ImageStore {
  const blobPath = (digest: string) => join(dir, "blobs", ...digest.split(":"));
  const index = async (): Promise<Descriptor[]> => {
    const v: unknown = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    if (!isRecord(v) || !Array.isArray(v.manifests)) throw new OciError(`${dir}/index.json is not an image index`, { code: "BAD_LAYOUT" });
    return v.manifests.filter(isRecord) as unknown as Descriptor[];
  };
  const unsupported = (): never => {
    throw new OciError("read-only layout", { code: "UNSUPPORTED" });
  };
  const store: ImageStore = {
    location: `oci:${dir}`,
    async resolve(reference) {
      const all = await index();
      const hit = reference.startsWith("sha256:")
        ? all.find((d) => d.digest === reference)
        : all.find((d) => d.annotations?.["org.opencontainers.image.ref.name"] === reference);
      if (hit) return { mediaType: hit.mediaType, digest: hit.digest, size: hit.size };
      if (reference.startsWith("sha256:")) {
        const s = await stat(blobPath(reference)).catch(() => undefined);
        if (s) return { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: reference, size: s.size };
      }
      throw new OciError(`${reference} not found in oci:${dir}`, { code: "NOT_FOUND" });
    },
    async getManifest(reference): Promise<ManifestBlob> {
      const d = await store.resolve(reference);
      const bytes = await store.getBlobBytes(d);
      return { descriptor: d, bytes };
    },
    async hasBlob(digest) {
      return (await stat(blobPath(digest)).catch(() => undefined)) !== undefined;
    },
    getBlob(d): Promise<Readable> {
      return Promise.resolve(createReadStream(blobPath(d.digest)));
    },
    async getBlobBytes(d) {
      const bytes = await readFile(blobPath(d.digest));
      if (sha256Digest(bytes) !== d.digest) throw new OciError(`digest mismatch for blob ${d.digest}`, { code: "DIGEST_MISMATCH" });
      return bytes;
    },
    putManifest: unsupported,
    putBlob: unsupported,
    listTags: async () => (await index()).map((d) => d.annotations?.["org.opencontainers.image.ref.name"] ?? "").filter(Boolean),
    referrers: () => Promise.resolve([]),
    putReferrer: unsupported,
  };
  return store;
}
