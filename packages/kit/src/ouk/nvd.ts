import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { httpRequest, safeUrl } from "@stella/http";
import { isoSeconds } from "@stella/core";
import { KitError } from "../errors.js";
import { newer, parseFeedTime, type FeedContext, type FeedStamp } from "./feed-types.js";

/** NVD CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities). */
export interface NvdOptions {
  /** Mirror base, e.g. `https://services.nvd.nist.gov` (the path `/rest/json/cves/2.0` is appended). */
  baseUrl: string;
  apiKey?: string;
  /** Incremental: only records modified since then, in windows of at most 120 days. */
  since?: Date;
  /** Records per page, at most 2000 (NVD's limit). */
  pageSize?: number;
  /** Pause between requests: NVD asks 6 s without a key (5 per 30 s), 0.6 s with one (50 per 30 s). */
  pageDelayMs?: number;
  /** First backoff after a 403/429 rate-limit answer; doubles each time. */
  rateLimitBackoffMs?: number;
  maxRateLimitRetries?: number;
  /** Directory the records go to: `<year>/<CVE id>.json`. */
  outDir: string;
}

const MAX_WINDOW_MS = 120 * 86_400_000;

/** [start, end] windows of at most 120 days covering since..until (NVD rejects longer ranges). */
export function nvdWindows(since: Date, until: Date): { start: Date; end: Date }[] {
  const out: { start: Date; end: Date }[] = [];
  for (let t = since.getTime(); t < until.getTime(); t += MAX_WINDOW_MS) {
    out.push({ start: new Date(t), end: new Date(Math.min(t + MAX_WINDOW_MS, until.getTime())) });
  }
  return out;
}

interface NvdPage {
  totalResults: number;
  resultsPerPage: number;
  vulnerabilities: { cve: { id: string; lastModified: string } & Record<string, unknown> }[];
}

function isNvdPage(v: unknown): v is NvdPage {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    typeof p.totalResults === "number" &&
    Array.isArray(p.vulnerabilities) &&
    p.vulnerabilities.every((x: unknown) => {
      const cve = typeof x === "object" && x !== null ? (x as Record<string, unknown>).cve : undefined;
      return typeof cve === "object" && cve !== null && typeof (cve as Record<string, unknown>).id === "string" && typeof (cve as Record<string, unknown>).lastModified === "string";
    })
  );
}

/** NVD dates: ISO-8601 with milliseconds and an explicit zone. */
function nvdDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export async function fetchNvd(options: NvdOptions, ctx: FeedContext): Promise<FeedStamp> {
  const sleep = ctx.sleep ?? ((ms: number) => delay(ms));
  const pageSize = Math.min(options.pageSize ?? 2000, 2000);
  const pageDelay = options.pageDelayMs ?? (options.apiKey ? 600 : 6000);
  const endpoint = `${options.baseUrl.replace(/\/$/, "")}/rest/json/cves/2.0`;
  const windows = options.since ? nvdWindows(options.since, ctx.cutoff) : [undefined];
  let records = 0;
  let newest: string | undefined;
  let first = true;
  for (const window of windows) {
    for (let startIndex = 0; ; ) {
      if (!first) await sleep(pageDelay);
      first = false;
      const url = new URL(endpoint);
      url.searchParams.set("startIndex", String(startIndex));
      url.searchParams.set("resultsPerPage", String(pageSize));
      if (window) {
        url.searchParams.set("lastModStartDate", nvdDate(window.start));
        url.searchParams.set("lastModEndDate", nvdDate(window.end));
      }
      const page = await getPage(url.toString(), options, ctx, sleep);
      for (const { cve } of page.vulnerabilities) {
        if (parseFeedTime(cve.lastModified) > ctx.cutoff.getTime()) continue;
        if (!/^CVE-\d{4}-\d+$/.test(cve.id)) throw new KitError(`NVD returned a record with id ${JSON.stringify(cve.id)}`, { code: "FEED_SCHEMA" });
        const dir = join(options.outDir, cve.id.slice(4, 8));
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${cve.id}.json`), JSON.stringify(cve));
        records++;
        newest = newer(newest, cve.lastModified);
      }
      startIndex += page.vulnerabilities.length;
      ctx.logger.debug(`nvd: ${startIndex}/${page.totalResults}${window ? ` (${isoSeconds(window.start)}..${isoSeconds(window.end)})` : ""}`);
      if (page.vulnerabilities.length === 0 || startIndex >= page.totalResults) break;
    }
  }
  ctx.logger.info(`nvd: ${records} CVE records`);
  return { name: "nvd", dir: "feeds/nvd", source: safeUrl(endpoint), records, newest: newest === undefined ? undefined : isoSeconds(new Date(parseFeedTime(newest))), version: "2.0", ...(options.since ? { details: { since: isoSeconds(options.since) } } : {}) };
}

/** One page, backing off on NVD's rate-limit answers (403 without Retry-After, or 429). */
async function getPage(url: string, options: NvdOptions, ctx: FeedContext, sleep: (ms: number) => Promise<void>): Promise<NvdPage> {
  const maxRetries = options.maxRateLimitRetries ?? 6;
  let backoff = options.rateLimitBackoffMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    const res = await httpRequest({ url, headers: options.apiKey ? { apiKey: options.apiKey } : {}, acceptStatus: [403, 429], retry: { retries: 4 }, timeoutMs: 120_000 });
    if (res.status === 403 || res.status === 429) {
      const body = await res.text();
      if (attempt >= maxRetries) {
        throw new KitError(`NVD kept refusing with ${res.status} after ${attempt + 1} tries: ${body.slice(0, 200)}`, { code: "FEED", hint: options.apiKey ? "check the NVD API key (nvd-api-key) and the mirror's rate limit" : "set an NVD API key (--nvd-api-key) for higher rate limits" });
      }
      const retryAfter = Number(res.headers.get("retry-after"));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(retryAfter * 1000, backoff) : backoff;
      ctx.logger.warn(`nvd: rate limited (${res.status}), waiting ${Math.round(wait / 1000)} s`);
      await sleep(wait);
      backoff *= 2;
      continue;
    }
    const body: unknown = await res.json();
    if (!isNvdPage(body)) throw new KitError(`NVD answer from ${safeUrl(url)} is not a CVE API 2.0 page`, { code: "FEED_SCHEMA", hint: "check --nvd-url points at an NVD 2.0 mirror" });
    return body;
  }
}
