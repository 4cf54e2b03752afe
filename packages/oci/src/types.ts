import type { Readable } from "node:stream";

/** OCI image-spec 1.1 descriptor. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: Platform;
  urls?: string[];
  /** Embedded content (base64), image-spec 1.1. */
  data?: string;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  "os.version"?: string;
  "os.features"?: string[];
}

/** A manifest (or index) as stored: its exact bytes (digest-verified) and its descriptor. */
export interface ManifestBlob {
  descriptor: Descriptor;
  bytes: Uint8Array;
}

/**
 * One repository's worth of content-addressed storage (DESIGN.md "Images and where they
 * live"). Two real implementations: an OCI image layout directory and a registry
 * repository. Every read is digest-verified; writes of existing content are skipped.
 */
export interface ImageStore {
  /** How users name it, for messages: `oci:/path/dir`, `docker://host/repo`. */
  readonly location: string;
  /** A tag or `sha256:` digest to the manifest's descriptor (mediaType, digest, size). */
  resolve(reference: string): Promise<Descriptor>;
  /** A manifest or index by tag or digest; bytes verified against the digest (when known), max 4 MiB. */
  getManifest(reference: string): Promise<ManifestBlob>;
  /** Stores a manifest under its digest, and under `tag` when given. Returns its descriptor. */
  putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<Descriptor>;
  hasBlob(digest: string): Promise<boolean>;
  /** A stream of the blob that errors (naming both digests) if the bytes do not match. */
  getBlob(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Readable>;
  /** Whole blob in memory, verified; for configs and small artifacts only. */
  getBlobBytes(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Uint8Array>;
  /** Stores a blob; skipped when it exists. `source` is called once per attempt. */
  putBlob(descriptor: Pick<Descriptor, "digest" | "size">, source: () => Readable | Uint8Array): Promise<void>;
  listTags(): Promise<string[]>;
  /**
   * Manifests whose `subject` is `digest`: the Referrers API where the store has it, merged
   * with the referrers tag schema index (`sha256-<hex>`), optionally filtered by artifactType.
   */
  referrers(digest: string, artifactType?: string): Promise<Descriptor[]>;
  /**
   * Pushes a manifest that has a `subject` and makes it findable by `referrers()`: through
   * the Referrers API when the store has it (then no fallback tag), else by updating the
   * `sha256-<hex>` referrers tag index.
   */
  putReferrer(bytes: Uint8Array, mediaType: string): Promise<Descriptor>;
}
