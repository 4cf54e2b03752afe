import { setTimeout as sleep } from "node:timers/promises";
import { Octokit } from "@octokit/rest";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "@stella/http";
import type { Logger } from "@stella/core";
import { silentLogger } from "@stella/core";
import { ReleaseError } from "../errors.js";
import { DEFAULT_FORGE_RETRY, type Forge, type ForgeAsset, type ForgeRelease, type ForgeRetry } from "./forge.js";

export interface GitHubOptions {
  token: string;
  /** `owner/repo` */
  repository: string;
  /** API base: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl?: string;
  retry?: Partial<ForgeRetry>;
  logger?: Logger;
}

interface StatusError {
  status: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

function isStatusError(e: unknown): e is StatusError {
  return typeof e === "object" && e !== null && typeof (e as { status?: unknown }).status === "number";
}

/**
 * When to try again: 5xx/408/429, and GitHub's rate limits (403/429 with x-ratelimit-remaining: 0
 * or retry-after: primary and secondary limits), waiting as the headers say (capped).
 */
export function githubRetryDelay(e: unknown, attempt: number, policy: ForgeRetry, now = Date.now()): number | undefined {
  if (!isStatusError(e) || attempt >= policy.retries) return undefined;
  const h = e.response?.headers ?? {};
  const retryAfter = parseRetryAfter(h["retry-after"] === undefined ? null : String(h["retry-after"]), now);
  const limited = (e.status === 403 || e.status === 429) && (String(h["x-ratelimit-remaining"]) === "0" || retryAfter !== undefined);
  if (!limited && !isRetryableStatus(e.status)) return undefined;
  const reset = h["x-ratelimit-reset"] === undefined ? undefined : Number(h["x-ratelimit-reset"]) * 1000 - now;
  const wait = retryAfter ?? (String(h["x-ratelimit-remaining"]) === "0" && reset !== undefined ? Math.max(0, reset) : undefined);
  return Math.min(policy.maxDelayMs, wait ?? backoffDelay(attempt, { retries: policy.retries, minDelayMs: policy.minDelayMs, maxDelayMs: policy.maxDelayMs, maxElapsedMs: Number.MAX_SAFE_INTEGER }));
}

/** The GitHub release API through @octokit/rest (GHES with `apiUrl`), with retries on rate limits and 5xx. */
export function githubForge(o: GitHubOptions): Forge {
  const [owner = "", repo = ""] = o.repository.split("/");
  if (!owner || !repo) throw new ReleaseError(`repository "${o.repository}" must be OWNER/REPO`, { code: "PUBLISH" });
  const policy = { ...DEFAULT_FORGE_RETRY, ...o.retry };
  const log = o.logger ?? silentLogger;
  const octokit = new Octokit({ auth: o.token, baseUrl: (o.apiUrl ?? "https://api.github.com").replace(/\/+$/, ""), userAgent: "stella-publish-release",
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log.warn(m), error: (m: string) => log.error(m) },
  });
  octokit.hook.wrap("request", async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (e) {
        const delay = githubRetryDelay(e, attempt, policy);
        if (delay === undefined) throw e;
        log.warn(`GitHub ${options.method} ${options.url}: HTTP ${isStatusError(e) ? e.status : "?"}, retrying in ${Math.round(delay / 1000)} s (${attempt + 1}/${policy.retries})`);
        await sleep(delay);
      }
    }
  });
  const toRelease = (r: { id: number; tag_name: string; name: string | null; body?: string | null; prerelease: boolean; html_url: string }): ForgeRelease => ({
    id: r.id,
    tag: r.tag_name,
    name: r.name ?? "",
    body: r.body ?? "",
    prerelease: r.prerelease,
    htmlUrl: r.html_url,
  });
  const toAsset = (a: { id: number; name: string; size: number; digest?: string | null }): ForgeAsset => ({ id: a.id, name: a.name, size: a.size, ...(a.digest ? { digest: a.digest } : {}) });
  return {
    kind: "github",
    async findRelease(tag) {
      try {
        return toRelease((await octokit.rest.repos.getReleaseByTag({ owner, repo, tag })).data);
      } catch (e) {
        if (isStatusError(e) && e.status === 404) return undefined;
        throw e;
      }
    },
    async createRelease(f) {
      const { data } = await octokit.rest.repos.createRelease({ owner, repo, tag_name: f.tag, name: f.name, body: f.body, prerelease: f.prerelease, ...(f.targetCommitish ? { target_commitish: f.targetCommitish } : {}) });
      return toRelease(data);
    },
    async updateRelease(id, f) {
      const { data } = await octokit.rest.repos.updateRelease({ owner, repo, release_id: id, tag_name: f.tag, name: f.name, body: f.body, prerelease: f.prerelease });
      return toRelease(data);
    },
    async listAssets(releaseId) {
      const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: releaseId, per_page: 100 });
      return assets.map(toAsset);
    },
    async uploadAsset(release, name, data, contentType) {
      const res = await octokit.rest.repos.uploadReleaseAsset({
        owner,
        repo,
        release_id: release.id,
        name,
        data: Buffer.from(data) as unknown as string, // octokit types `data` as string; bytes are sent as-is
        headers: { "content-type": contentType, "content-length": data.byteLength },
        // GHES: uploads live under the API host (https://HOST/api/uploads); github.com: uploads.github.com
        ...(o.apiUrl && !o.apiUrl.includes("api.github.com") ? { baseUrl: o.apiUrl.replace(/\/api\/v3\/?$/, "/api/uploads") } : {}),
      });
      return toAsset(res.data);
    },
    async deleteAsset(_releaseId, assetId) {
      await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: assetId });
    },
  };
}
