import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay, isRetryableNetworkError, type RetryPolicy } from "@stella/http";
import { digestMismatch, OciError } from "../errors.js";

export interface BodyPart {
  body: AsyncIterable<Uint8Array>;
  /** Where the body starts in the blob (0 when the server ignored our Range). */
  offset: number;
}

export interface VerifiedStreamOptions {
  digest: string;
  size: number;
  /** Names the blob in errors: `docker://host/repo@sha256:…`. */
  where: string;
  /** Opens the blob from `offset` (Range request); called again after a reset mid-body. */
  open: (offset: number) => Promise<BodyPart>;
  first: BodyPart;
  retry: RetryPolicy;
  onResume?: (offset: number, reason: string) => void;
}

/**
 * A blob body as a stream that hashes every byte and fails (naming both digests) instead
 * of ending when the content is not what the descriptor promised; a connection reset in
 * the middle resumes from the last byte received with a Range request (bounded retries),
 * so a flaky network costs the missing part, not the whole blob.
 */
export function verifiedBlobStream(o: VerifiedStreamOptions): Readable {
  if (!o.digest.startsWith("sha256:")) {
    throw new OciError(`cannot verify ${o.where}: only sha256 digests are supported`, { code: "UNSUPPORTED" });
  }
  async function* verified(): AsyncGenerator<Uint8Array> {
    const hash = createHash("sha256");
    let received = 0;
    let part = o.first;
    for (let resumes = 0; ; ) {
      try {
        let skip = received - part.offset;
        for await (const raw of part.body) {
          let chunk = raw;
          if (skip > 0) {
            const drop = Math.min(skip, chunk.byteLength);
            chunk = chunk.subarray(drop);
            skip -= drop;
            if (chunk.byteLength === 0) continue;
          }
          received += chunk.byteLength;
          if (received > o.size) {
            throw new OciError(`${o.where} is longer than the ${o.size} bytes its descriptor gives`, { code: "SIZE_MISMATCH", hint: "the content was corrupted in transit or in storage; nothing was stored" });
          }
          hash.update(chunk);
          yield chunk;
        }
        break;
      } catch (e) {
        if (e instanceof OciError || resumes >= o.retry.retries || !isRetryableNetworkError(e)) throw e;
        const reason = e instanceof Error ? e.message : String(e);
        o.onResume?.(received, reason);
        await sleep(backoffDelay(resumes, o.retry));
        resumes++;
        part = await o.open(received);
      }
    }
    if (received !== o.size) {
      throw new OciError(`${o.where} ended after ${received} of ${o.size} bytes`, { code: "SIZE_MISMATCH", hint: "the content was truncated in transit; nothing was stored" });
    }
    const actual = `sha256:${hash.digest("hex")}`;
    if (actual !== o.digest) throw digestMismatch(o.where, o.digest, actual);
  }
  return Readable.from(verified(), { objectMode: false, highWaterMark: 1 << 20 });
}
