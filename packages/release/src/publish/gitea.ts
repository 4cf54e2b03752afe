import { createHash } from "node:crypto";
import { httpRequest, type RetryPolicy } from "@stella/http";
import type { Logger } from "@stella/core";
import { silentLogger } from "@stella/core";
import { ReleaseError } from "../errors.js";
import { DEFAULT_FORGE_RETRY, type Forge, type ForgeAsset, type ForgeRelease, type ForgeRetry } from "./forge.js";

export interface GiteaOptions {
  token: string;
  /** `owner/repo` */
  repository: string;
  /** The server, e.g. https://gitea.example.org (GITHUB_SERVER_URL / GITEA_SERVER_URL on act_runner). */
  serverUrl: string;
  retry?: Partial<ForgeRetry>;
  logger?: Logger;
}

/**
 * Gitea's (and Forgejo's) release API, `/api/v1/repos/{owner}/{repo}/releases`, through the one
 * HTTP layer (@stella/http: timeouts, retries on 429/5xx honouring Retry-After).
 */
export function giteaForge(o: GiteaOptions): Forge {
  const [owner = "", repo = ""] = o.repository.split("/");
  if (!owner || !repo) throw new ReleaseError(`repository "${o.repository}" must be OWNER/REPO`, { code: "PUBLISH" });
  const base = `${o.serverUrl.replace(/\/+$/, "")}/api/v1/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  const log = o.logger ?? silentLogger;
  const p = { ...DEFAULT_FORGE_RETRY, ...o.retry };
  const retry: Partial<RetryPolicy> = { retries: p.retries, minDelayMs: p.minDelayMs, maxDelayMs: p.maxDelayMs };
  const headers = { authorization: `token ${o.token}`, accept: "application/json" };
  const call = async (method: string, path: string, body?: unknown, acceptStatus?: number[]) =>
    httpRequest({
      method,
      url: `${base}${path}`,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      retry,
      ...(acceptStatus ? { acceptStatus } : {}),
      onRetry: (i) => log.warn(`Gitea ${method} ${path}: ${i.reason}, retrying in ${Math.round(i.delayMs / 1000)} s (${i.attempt}/${p.retries})`),
    });
  const json = async (res: Response): Promise<unknown> => (await res.json());
  return {
    kind: "gitea",
    async findRelease(tag) {
      const res = await call("GET", `/releases/tags/${encodeURIComponent(tag)}`, undefined, [404]);
      return res.status === 404 ? undefined : toRelease(await json(res));
    },
    async createRelease(f) {
      return toRelease(await json(await call("POST", "/releases", { tag_name: f.tag, name: f.name, body: f.body, prerelease: f.prerelease, draft: false, ...(f.targetCommitish ? { target_commitish: f.targetCommitish } : {}) })));
    },
    async updateRelease(id, f) {
      return toRelease(await json(await call("PATCH", `/releases/${id}`, { tag_name: f.tag, name: f.name, body: f.body, prerelease: f.prerelease })));
    },
    async listAssets(releaseId) {
      const list = await json(await call("GET", `/releases/${releaseId}/assets`));
      return Array.isArray(list) ? list.map(toAsset) : [];
    },
    async uploadAsset(release, name, data, contentType) {
      const { body, type } = multipart("attachment", name, data, contentType);
      const res = await httpRequest({
        method: "POST",
        url: `${base}/releases/${release.id}/assets?name=${encodeURIComponent(name)}`,
        headers: { ...headers, "content-type": type },
        body, // bytes, so every retry sends the same body
        retry,
        onRetry: (i) => log.warn(`Gitea upload ${name}: ${i.reason}, retrying (${i.attempt}/${p.retries})`),
      });
      return toAsset(await json(res));
    },
    async deleteAsset(releaseId, assetId) {
      await call("DELETE", `/releases/${releaseId}/assets/${assetId}`);
    },
  };
}

/** A one-file multipart/form-data body (RFC 7578) as bytes. */
export function multipart(field: string, filename: string, data: Uint8Array, contentType: string): { body: Uint8Array; type: string } {
  const boundary = `stella-${createHash("sha256").update(data).digest("hex").slice(0, 24)}`;
  const safe = filename.replace(/["\r\n]/g, "_");
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${safe}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head, "utf8"), Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`, "utf8")]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

function rec(v: unknown): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ReleaseError(`Gitea answered ${JSON.stringify(v)?.slice(0, 200)}, expected an object`, { code: "PUBLISH" });
  return v as Record<string, unknown>;
}

function toRelease(v: unknown): ForgeRelease {
  const r = rec(v);
  if (typeof r.id !== "number" || typeof r.tag_name !== "string") throw new ReleaseError("Gitea release without id/tag_name", { code: "PUBLISH" });
  return { id: r.id, tag: r.tag_name, name: typeof r.name === "string" ? r.name : "", body: typeof r.body === "string" ? r.body : "", prerelease: r.prerelease === true, htmlUrl: typeof r.html_url === "string" ? r.html_url : "" };
}

function toAsset(v: unknown): ForgeAsset {
  const a = rec(v);
  if (typeof a.id !== "number" || typeof a.name !== "string") throw new ReleaseError("Gitea asset without id/name", { code: "PUBLISH" });
  return { id: a.id, name: a.name, size: typeof a.size === "number" ? a.size : -1 };
}
