import { Turns } from "@stella/core";
import { isOciError } from "../errors.js";
import { MediaType } from "../media-types.js";
import { filterByArtifactType, mergeReferrers, parseReferrersIndex, referrerDescriptorOf, referrersTagFor, updatedReferrersIndex } from "../referrers-index.js";
import type { Descriptor } from "../types.js";
import { bodyOf } from "./blobs.js";
import type { RegistryClient } from "./client.js";
import { getManifest, putManifest } from "./manifests.js";
import { nextLink } from "./tags.js";

/**
 * Tag-index updates in flight in this process, per registry, repository and tag: they take
 * turns whichever store object makes them (two stores may name one repository).
 */
const tagUpdates = new Turns();
/**
 * Referrers of a registry repository (distribution spec 1.1 "Listing Referrers" and
 * "Referrers Tag Schema"): the API where the registry has it, else the `sha256-<hex>` tag.
 */
export class RegistryReferrers {
  /** Learned from the first answer: does this registry serve /v2/<name>/referrers/? */
  private api: boolean | undefined;


  constructor(private readonly client: RegistryClient) {}

  /**
   * GET /v2/<name>/referrers/<digest>[?artifactType=]: the index's descriptors (all pages),
   * or undefined when the registry has no Referrers API (404 per the spec; 400/405 from
   * registries that do not know the route).
   */
  async fromApi(digest: string, artifactType?: string): Promise<Descriptor[] | undefined> {
    if (this.api === false) return undefined;
    const c = this.client;
    const q = artifactType === undefined ? "" : `?artifactType=${encodeURIComponent(artifactType)}`;
    let path: string | undefined = `/v2/${c.repository}/referrers/${digest}${q}`;
    const found: Descriptor[] = [];
    let filtered = true;
    while (path !== undefined) {
      const res = await c.request({ path, headers: { accept: MediaType.ociIndex }, accept: [404, 400, 405] });
      if (res.status !== 200) {
        await res.body?.cancel();
        if (found.length === 0) {
          this.api = false;
          return undefined;
        }
        break;
      }
      this.api = true;
      const chunks: Uint8Array[] = [];
      for await (const chunk of bodyOf(res)) chunks.push(chunk);
      const index = parseReferrersIndex(Buffer.concat(chunks), `docker://${c.registry}/${c.repository} referrers of ${digest}`);
      found.push(...index.manifests);
      // OCI-Filters-Applied: absent means the registry ignored the filter; apply it ourselves.
      if (artifactType !== undefined && !/\bartifactType\b/.test(res.headers.get("oci-filters-applied") ?? "")) filtered = false;
      const next = nextLink(res.headers.get("link"));
      path = next === undefined ? undefined : c.url(next);
    }
    return filtered ? found : filterByArtifactType(found, artifactType);
  }

  /** The descriptors listed in the `sha256-<hex>` referrers tag index ([] when there is no such tag). */
  async fromTag(digest: string): Promise<Descriptor[]> {
    try {
      const { bytes } = await getManifest(this.client, referrersTagFor(digest));
      return parseReferrersIndex(bytes, `docker://${this.client.registry}/${this.client.repository}:${referrersTagFor(digest)}`).manifests;
    } catch (e) {
      if (isOciError(e, "NOT_FOUND")) return [];
      throw e;
    }
  }

  /** Both sources merged, so an SBOM under the tag and provenance under the API are both found. */
  async list(digest: string, artifactType?: string): Promise<Descriptor[]> {
    const api = (await this.fromApi(digest, artifactType)) ?? [];
    const tagged = filterByArtifactType(await this.fromTag(digest), artifactType);
    return mergeReferrers(api, tagged);
  }

  /**
   * Pushes a referrer manifest by digest. `OCI-Subject` in the answer (or a working Referrers
   * API) means the registry indexes it: no fallback tag. Otherwise the `sha256-<hex>` index
   * is read, extended and pushed again (the spec's client-side update; last writer wins).
   */
  async put(bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
    const { descriptor, subject } = referrerDescriptorOf(bytes, mediaType);
    const pushed = await putManifest(this.client, bytes, mediaType);
    if (pushed.subjectHeader !== undefined) {
      this.api = true;
      return descriptor;
    }
    if (this.api === undefined) await this.fromApi(subject);
    if (this.api === true) return descriptor;
    const tag = referrersTagFor(subject);
    // Read-modify-write of the tag: two referrers of one subject put at once by this process
    // (a copy does) would each push an index without the other's. Across processes the spec's
    // rule holds: last writer wins.
    await tagUpdates.run(`${this.client.registry}/${this.client.repository}:${tag}`, () => this.addToTag(tag, descriptor));
    return descriptor;
  }

  private async addToTag(tag: string, descriptor: Descriptor): Promise<void> {
    let current: Uint8Array | undefined;
    try {
      current = (await getManifest(this.client, tag)).bytes;
    } catch (e) {
      if (!isOciError(e, "NOT_FOUND")) throw e;
    }
    const next = updatedReferrersIndex(current, `docker://${this.client.registry}/${this.client.repository}:${tag}`, [descriptor]);
    if (next !== undefined) await putManifest(this.client, next, MediaType.ociIndex, tag);
  }
}
