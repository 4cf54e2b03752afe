import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateRawSync } from "node:zlib";

/**
 * A real local HTTP server speaking the two public feed shapes the OUK fetches:
 * - NVD CVE API 2.0: `GET /rest/json/cves/2.0?startIndex&resultsPerPage[&lastModStartDate&lastModEndDate]`,
 *   the `apiKey` header, at most 2000 per page, date windows of at most 120 days (else 404, as NVD),
 *   and injected rate-limit answers (403 like NVD, or 429 with Retry-After).
 * - OSV exports: `GET /<ecosystem>/all.zip` (one `<ID>.json` per record), with `x-goog-hash: md5=…`
 *   as GCS sends it, `Range` support, and an optional connection cut to exercise resume.
 */

export interface NvdCve {
  id: string;
  lastModified: string;
  published?: string;
  descriptions?: { lang: string; value: string }[];
}

export interface OsvRecord {
  id: string;
  modified: string;
  summary?: string;
}

export interface FeedServerOptions {
  cves?: NvdCve[];
  osv?: Record<string, OsvRecord[]>;
  /** When set, NVD requests must carry this `apiKey` header (else 403). */
  apiKey?: string;
  /** Statuses answered to the first NVD requests, in order, before serving normally (403/429). */
  nvdFailures?: number[];
  /** Cut the first download of each all.zip after this many bytes (the client must resume with Range). */
  cutZipAfter?: number;
  /** Serve this md5 instead of the true one (the client must refuse the download). */
  wrongMd5?: boolean;
}

export interface FeedServer {
  url: string;
  requests: { path: string; query: Record<string, string>; apiKey: string | undefined; range: string | undefined; at: number }[];
  stop(): Promise<void>;
}

const NVD_MAX_PAGE = 2000;
const DAY = 86_400_000;

/** A ZIP (deflate) of named files; what `gsutil` serves for OSV's all.zip. */
export function zipFiles(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const deflated = deflateRawSync(f.data);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function nvd(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, options: FeedServerOptions, failures: number[]): void {
  if (options.apiKey !== undefined && req.headers.apikey !== options.apiKey) return json(res, 403, { message: "invalid apiKey" });
  const fail = failures.shift();
  if (fail === 429) return json(res, 429, { message: "rate limited" }, { "retry-after": "1" });
  if (fail !== undefined) return json(res, fail, { message: "Forbidden: rate limit exceeded" });
  const startIndex = Number(q.get("startIndex") ?? "0");
  const perPage = Math.min(Number(q.get("resultsPerPage") ?? String(NVD_MAX_PAGE)), NVD_MAX_PAGE);
  const from = q.get("lastModStartDate");
  const to = q.get("lastModEndDate");
  if ((from === null) !== (to === null)) return json(res, 404, { message: "both lastModStartDate and lastModEndDate are required" });
  let cves = [...(options.cves ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  if (from !== null && to !== null) {
    const a = Date.parse(from);
    const b = Date.parse(to);
    if (Number.isNaN(a) || Number.isNaN(b) || b - a > 120 * DAY) return json(res, 404, { message: "date range must be at most 120 days" });
    cves = cves.filter((c) => Date.parse(c.lastModified) >= a && Date.parse(c.lastModified) <= b);
  }
  json(res, 200, {
    resultsPerPage: Math.max(0, Math.min(perPage, cves.length - startIndex)),
    startIndex,
    totalResults: cves.length,
    format: "NVD_CVE",
    version: "2.0",
    timestamp: "2026-11-06T00:00:00.000",
    vulnerabilities: cves.slice(startIndex, startIndex + perPage).map((c) => ({ cve: { published: c.lastModified, descriptions: [], ...c } })),
  });
}

export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const requests: FeedServer["requests"] = [];
  const failures = [...(options.nvdFailures ?? [])];
  const zips = new Map<string, Buffer>();
  for (const [eco, records] of Object.entries(options.osv ?? {})) {
    zips.set(eco, zipFiles(records.map((r) => ({ name: `${r.id}.json`, data: Buffer.from(JSON.stringify({ schema_version: "1.6.0", ...r })) }))));
  }
  const cut = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const query = Object.fromEntries(url.searchParams);
    const apiKey = typeof req.headers.apikey === "string" ? req.headers.apikey : undefined;
    requests.push({ path: url.pathname, query, apiKey, range: req.headers.range, at: Date.now() });
    if (url.pathname === "/rest/json/cves/2.0") return nvd(req, res, url.searchParams, options, failures);
    const m = /^\/([^/]+)\/all\.zip$/.exec(url.pathname);
    const zip = m ? zips.get(decodeURIComponent(m[1] ?? "")) : undefined;
    if (!zip) return json(res, 404, { message: "not found" });
    const md5 = createHash("md5").update(options.wrongMd5 ? Buffer.from("other") : zip).digest("base64");
    const headers = { "content-type": "application/zip", "x-goog-hash": `crc32c=AAAAAA==,md5=${md5}`, etag: `"${md5}"`, "accept-ranges": "bytes" };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const body = zip.subarray(start);
    res.writeHead(range ? 206 : 200, { ...headers, "content-length": String(body.length), ...(range ? { "content-range": `bytes ${start}-${zip.length - 1}/${zip.length}` } : {}) });
    if (options.cutZipAfter !== undefined && !cut.has(url.pathname) && body.length > options.cutZipAfter) {
      cut.add(url.pathname);
      res.write(body.subarray(0, options.cutZipAfter), () => setTimeout(() => res.destroy(), 50));
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
