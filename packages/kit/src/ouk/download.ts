import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, stat, truncate } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import { readThrough, type Logger } from "@stella/core";
import { httpRequest, isRetryableNetworkError, safeUrl } from "@stella/http";
import { KitError } from "../errors.js";

export interface Downloaded {
  size: number;
  /** `sha256:<hex>` of the file. */
  digest: string;
  /** What the source stated and we checked, for the manifest. */
  checked: string[];
}

/** `x-goog-hash: crc32c=…,md5=…` (GCS, where OSV exports live) → the base64 md5, if any. */
export function googMd5(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split(/=(.*)/s);
    if (k === "md5" && v) return v;
  }
  return undefined;
}

async function fileHashes(path: string): Promise<{ md5: string; sha256: string; size: number }> {
  const md5 = createHash("md5");
  const sha = createHash("sha256");
  const size = await readThrough(path, (c) => {
    md5.update(c);
    sha.update(c);
  });
  return { md5: md5.digest("base64"), sha256: sha.digest("hex"), size };
}

/**
 * GETs `url` into `dest`, resuming with `Range: bytes=N-` (guarded by `If-Range` on the ETag)
 * when the connection breaks mid-body, and checks the total size (Content-Length /
 * Content-Range) and the md5 of `x-goog-hash` where the server states them.
 */
export async function downloadResumable(url: string, dest: string, options: { headers?: Record<string, string>; attempts?: number; logger: Logger }): Promise<Downloaded> {
  const attempts = options.attempts ?? 5;
  let have = 0;
  let etag: string | null = null;
  let total: number | undefined;
  let md5: string | undefined;
  await truncateOrCreate(dest);
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { ...options.headers };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      if (etag) headers["if-range"] = etag;
    }
    try {
      const res = await httpRequest({ url, headers, timeoutMs: 120_000 });
      if (res.status === 206 && have > 0) {
        const m = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
        if (m) total = Number(m[1]);
      } else {
        have = 0;
        await truncate(dest, 0);
        const len = res.headers.get("content-length");
        total = len === null ? undefined : Number(len);
        etag = res.headers.get("etag");
      }
      md5 = googMd5(res.headers.get("x-goog-hash")) ?? md5;
      if (!res.body) throw new KitError(`${safeUrl(url)} answered without a body`, { code: "FEED" });
      // Each chunk is on disk before it counts, so a break resumes at exactly `have`.
      const fh = await open(dest, "a");
      try {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          await fh.write(chunk);
          have += chunk.length;
        }
      } finally {
        await fh.close();
      }
      break;
    } catch (e) {
      if (e instanceof KitError || attempt >= attempts || !isRetryableNetworkError(e)) {
        if (e instanceof KitError) throw e;
        throw new KitError(`download of ${safeUrl(url)} failed after ${attempt} attempt(s) at byte ${have}`, { code: "FEED", cause: e, hint: "check the mirror URL and the network; the download resumes where it stopped" });
      }
      options.logger.warn(`download of ${safeUrl(url)} broke at byte ${have}; resuming (attempt ${attempt + 1}/${attempts})`);
      have = (await stat(dest)).size;
      await delay(200 * attempt);
    }
  }
  const got = await fileHashes(dest);
  const checked: string[] = [];
  if (total !== undefined) {
    if (got.size !== total) throw new KitError(`${safeUrl(url)}: got ${got.size} bytes, the server stated ${total}`, { code: "SIZE_MISMATCH", hint: "the mirror served a truncated file; fetch again" });
    checked.push(`size=${total}`);
  }
  if (md5 !== undefined) {
    if (got.md5 !== md5) throw new KitError(`${safeUrl(url)}: md5 ${got.md5} differs from the stated x-goog-hash md5=${md5}`, { code: "DIGEST_MISMATCH", hint: "the mirror served a damaged file; fetch again" });
    checked.push(`md5=${md5}`);
  }
  return { size: got.size, digest: `sha256:${got.sha256}`, checked };
}

async function truncateOrCreate(path: string): Promise<void> {
  await pipeline(Readable.from([]), createWriteStream(path, { flags: "w" }));
}
