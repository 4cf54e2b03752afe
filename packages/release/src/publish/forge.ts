/**
 * The seam between publishing and a forge's release API (STYLE.md §4): GitHub (and GHES) through
 * @octokit/rest, Gitea/Forgejo through its own API. Just what create-or-update + idempotent
 * uploads need.
 */
export interface ForgeRelease {
  id: number;
  tag: string;
  name: string;
  body: string;
  prerelease: boolean;
  htmlUrl: string;
}

export interface ForgeAsset {
  id: number;
  name: string;
  size: number;
  /** `sha256:<hex>` when the forge reports it (GitHub does since 2025), else undefined. */
  digest?: string;
}

export interface ReleaseFields {
  tag: string;
  name: string;
  body: string;
  prerelease: boolean;
  /** The commit the tag points at, when the tag must be created. */
  targetCommitish?: string;
}

export interface Forge {
  readonly kind: "github" | "gitea";
  findRelease(tag: string): Promise<ForgeRelease | undefined>;
  createRelease(fields: ReleaseFields): Promise<ForgeRelease>;
  updateRelease(id: number, fields: ReleaseFields): Promise<ForgeRelease>;
  listAssets(releaseId: number): Promise<ForgeAsset[]>;
  uploadAsset(release: ForgeRelease, name: string, data: Uint8Array, contentType: string): Promise<ForgeAsset>;
  deleteAsset(releaseId: number, assetId: number): Promise<void>;
}

export interface ForgeRetry {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_FORGE_RETRY: ForgeRetry = { retries: 5, minDelayMs: 500, maxDelayMs: 60_000 };
