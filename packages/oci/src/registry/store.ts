import type { Readable } from "node:stream";
import type { Descriptor, ImageStore, ManifestBlob } from "../types.js";
import { getBlob, getBlobBytes, hasBlob, mountBlob } from "./blobs.js";
import { RegistryClient, type RegistryClientOptions } from "./client.js";
import { getManifest, putManifest, resolveManifest } from "./manifests.js";
import { RegistryReferrers } from "./referrers.js";
import { listTags } from "./tags.js";
import { putBlob, type UploadOptions } from "./upload.js";

export interface RegistryStoreOptions extends RegistryClientOptions, UploadOptions {
  /** Page size for tag and referrer listings (`?n=`). */
  pageSize?: number;
}

/**
 * An `ImageStore` over one registry repository (distribution spec 1.1): `docker://host/repo`.
 * Every manifest and blob read is digest-verified; blobs the repository has are not pushed.
 */
export class RegistryStore implements ImageStore {
  readonly location: string;
  readonly client: RegistryClient;
  private readonly referrerIndex: RegistryReferrers;

  constructor(
    ref: { registry: string; repository: string },
    private readonly options: RegistryStoreOptions = {},
  ) {
    this.client = new RegistryClient(ref.registry, ref.repository, options);
    this.location = `docker://${ref.registry}/${ref.repository}`;
    this.referrerIndex = new RegistryReferrers(this.client);
  }

  get registry(): string {
    return this.client.registry;
  }

  get repository(): string {
    return this.client.repository;
  }

  resolve(reference: string): Promise<Descriptor> {
    return resolveManifest(this.client, reference);
  }

  getManifest(reference: string): Promise<ManifestBlob> {
    return getManifest(this.client, reference);
  }

  async putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<Descriptor> {
    return (await putManifest(this.client, bytes, mediaType, tag)).descriptor;
  }

  hasBlob(digest: string): Promise<boolean> {
    return hasBlob(this.client, digest);
  }

  getBlob(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Readable> {
    return getBlob(this.client, descriptor);
  }

  getBlobBytes(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Uint8Array> {
    return getBlobBytes(this.client, descriptor);
  }

  putBlob(descriptor: Pick<Descriptor, "digest" | "size">, source: () => Readable | Uint8Array): Promise<void> {
    return putBlob(this.client, descriptor, source, this.options);
  }

  /** Links a blob from another repository of the same registry; false when it was not mounted. */
  mountBlob(descriptor: Pick<Descriptor, "digest">, fromRepository: string): Promise<boolean> {
    return mountBlob(this.client, descriptor.digest, fromRepository);
  }

  async listTags(): Promise<string[]> {
    return (await listTags(this.client, this.options.pageSize)).sort();
  }

  referrers(digest: string, artifactType?: string): Promise<Descriptor[]> {
    return this.referrerIndex.list(digest, artifactType);
  }

  putReferrer(bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
    return this.referrerIndex.put(bytes, mediaType);
  }
}

/**
 * For copy: when source and destination are repositories of one registry, link the blob
 * instead of moving its bytes (distribution spec "Mounting a blob from another repository").
 * True when the destination has the blob afterwards (already there or mounted).
 */
export async function tryMountBlob(source: ImageStore, destination: ImageStore, descriptor: Pick<Descriptor, "digest" | "size">): Promise<boolean> {
  if (!(source instanceof RegistryStore) || !(destination instanceof RegistryStore)) return false;
  if (source.registry !== destination.registry || source.repository === destination.repository) return false;
  if (await destination.hasBlob(descriptor.digest)) return true;
  return destination.mountBlob(descriptor, source.repository);
}
