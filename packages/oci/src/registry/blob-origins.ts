/**
 * Where blobs were last seen, per registry: "digest D is in repository R of host H". A
 * manifest read from a repository proves its blobs are there (the registry checked them on
 * push), so a later push of the same blob to another repository of the same registry can be
 * a cross-repository mount instead of an upload (distribution spec "Mounting a blob from
 * another repository"), without copy having to know. A hint only: a failed mount uploads.
 */
export class BlobOrigins {
  private readonly seen = new Map<string, string>();

  constructor(private readonly limit = 50_000) {}

  record(registry: string, repository: string, digests: readonly string[]): void {
    for (const d of digests) {
      const key = `${registry} ${d}`;
      this.seen.delete(key);
      this.seen.set(key, repository);
      if (this.seen.size > this.limit) {
        const oldest = this.seen.keys().next().value;
        if (oldest !== undefined) this.seen.delete(oldest);
      }
    }
  }

  /** A repository of `registry` known to hold `digest`, other than `except`. */
  find(registry: string, digest: string, except: string): string | undefined {
    const repo = this.seen.get(`${registry} ${digest}`);
    return repo === except ? undefined : repo;
  }
}

/** The process's default: stores opened without their own `blobOrigins` share it. */
export const sharedBlobOrigins = new BlobOrigins();
