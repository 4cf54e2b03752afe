import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { sha256Digest, errorMessage } from "@stella/core";
import { HttpError, backoffDelay, isRetryableStatus } from "@stella/http";
import { digestMismatch, OciError } from "../errors.js";
import type { Descriptor } from "../types.js";
import { blobWhere, hasBlob, mountBlob } from "./blobs.js";
import type { RegistryClient } from "./client.js";
import { RegistryError } from "./errors.js";

type BlobRef = Pick<Descriptor, "digest" | "size">;

export interface UploadOptions {
  /** Blobs up to this size go in one PUT (streamed); larger ones in PATCH chunks. Default 64 MiB. */
  monolithicMaxBytes?: number;
  /** PATCH chunk size (raised to the registry's OCI-Chunk-Min-Length). Default 8 MiB. */
  chunkSize?: number;
}

interface Session {
  location: string;
  minChunk: number;
}

/** POST /v2/<name>/blobs/uploads/ (distribution spec "Pushing blobs"): a session URL. */
async function startUpload(client: RegistryClient): Promise<Session> {
  const res = await client.request({ method: "POST", path: `/v2/${client.repository}/blobs/uploads/`, scopes: [client.pushScope()], headers: { "content-length": "0" } });
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status !== 202 || !location) throw new RegistryError(`registry ${client.registry} did not open an upload for ${client.repository} (status ${res.status}, no Location)`, { code: "PROTOCOL" });
  const min = Number(res.headers.get("oci-chunk-min-length") ?? "0");
  return { location: client.url(location), minChunk: Number.isSafeInteger(min) && min > 0 ? min : 0 };
}

function withDigest(location: string, digest: string): string {
  const u = new URL(location);
  u.searchParams.set("digest", digest);
  return u.toString();
}

function checkCommitted(client: RegistryClient, res: { status: number; headers: Headers }, blob: BlobRef): void {
  const got = res.headers.get("docker-content-digest");
  if (res.status !== 201) throw new RegistryError(`registry ${client.registry} answered ${res.status} to the final PUT of ${blob.digest}`, { code: "UPLOAD_FAILED" });
  if (got && got !== blob.digest) throw digestMismatch(`upload to ${blobWhere(client, blob.digest)}`, blob.digest, got);
}

/** PATCH chunks with Content-Range, following each Location, then PUT ?digest= to close. */
async function uploadChunked(client: RegistryClient, session: Session, blob: BlobRef, input: AsyncIterable<Uint8Array>, chunkSize: number): Promise<Response> {
  const size = Math.max(chunkSize, session.minChunk);
  let location = session.location;
  let offset = 0;
  // One chunk buffer, filled by copying: memory stays at one chunk per upload in flight.
  let buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  const send = async (chunk: Uint8Array) => {
    const res = await client.stream({
      method: "PATCH",
      path: location,
      scopes: [client.pushScope()],
      headers: { "content-type": "application/octet-stream", "content-range": `${offset}-${offset + chunk.byteLength - 1}`, "content-length": String(chunk.byteLength) },
      body: chunk,
      timeoutMs: client.transferTimeout(chunk.byteLength),
    });
    res.body.resume();
    const next = res.headers.get("location");
    if (res.status !== 202 || !next) throw new RegistryError(`registry ${client.registry} answered ${res.status} to a chunk of ${blob.digest} at byte ${offset}`, { code: "UPLOAD_FAILED" });
    location = client.url(next);
    offset += chunk.byteLength;
  };
  for await (const raw of input) {
    let at = 0;
    while (at < raw.byteLength) {
      const n = Math.min(size - filled, raw.byteLength - at);
      buffer.set(raw.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === size) {
        await send(buffer);
        buffer = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) await send(buffer.subarray(0, filled));
  return client.request({ method: "PUT", path: withDigest(location, blob.digest), scopes: [client.pushScope()], headers: { "content-length": "0" } });
}

/** A failure worth starting the upload over: network, 408/429/5xx, a session the registry lost. */
function retryable(e: unknown): boolean {
  if (e instanceof HttpError) return e.status === undefined || isRetryableStatus(e.status) || e.status === 400 || e.status === 404 || e.status === 416;
  if (e instanceof RegistryError) return e.code === "UPLOAD_FAILED" || (e.code === "UNAUTHORIZED" && e.hint === "retried from the start");
  return false;
}

/**
 * Pushes a blob unless the repository has it (HEAD first). Small blobs in one streamed PUT,
 * large ones in chunks; any failure restarts from a new session with a fresh `source()`,
 * bounded by the retry policy. A source that fails verification is never retried: its error
 * (naming both digests) is the answer, and the registry, which checks `?digest=`, stores nothing.
 */
export async function putBlob(client: RegistryClient, blob: BlobRef, source: () => Readable | Uint8Array, options: UploadOptions = {}): Promise<void> {
  if (await hasBlob(client, blob.digest, [client.pushScope()])) return;
  const from = client.origins.find(client.registry, blob.digest, client.repository);
  if (from !== undefined) {
    const mounted = await mountBlob(client, blob.digest, from).catch((e: unknown) => {
      client.logger.debug(`mount of ${blob.digest} from ${from} failed (${errorMessage(e)}); uploading`);
      return false;
    });
    if (mounted) return;
  }
  const where = blobWhere(client, blob.digest);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    let sourceError: unknown;
    try {
      const input = source();
      if (input instanceof Uint8Array) {
        const actual = sha256Digest(input);
        if (actual !== blob.digest) throw digestMismatch(`the content given for ${where}`, blob.digest, actual);
      } else {
        // Store streams verify themselves (ImageStore.getBlob) and the registry checks
        // ?digest=, so no third hash here; a source error is the answer, not retried.
        input.on("error", (e) => (sourceError ??= e));
      }
      const session = await startUpload(client);
      // A stream that failed while the session was being opened would never end the PUT body:
      // answer with its error now instead of waiting for the transfer timeout.
      if (!(input instanceof Uint8Array) && (sourceError !== undefined || input.errored)) {
        const failed: unknown = sourceError ?? input.errored;
        throw failed instanceof Error ? failed : new Error(String(failed));
      }
      let res: { status: number; headers: Headers };
      if (input instanceof Uint8Array || blob.size <= (options.monolithicMaxBytes ?? 64 * 1024 * 1024)) {
        const put = await client.stream({
          method: "PUT",
          path: withDigest(session.location, blob.digest),
          scopes: [client.pushScope()],
          headers: { "content-type": "application/octet-stream", "content-length": String(blob.size) },
          timeoutMs: client.transferTimeout(blob.size),
          ...(input instanceof Uint8Array ? { body: input } : { body: () => input, retry: false as const }),
        });
        put.body.resume();
        res = put;
      } else {
        const put = await uploadChunked(client, session, blob, input, options.chunkSize ?? 8 * 1024 * 1024);
        await put.body?.cancel();
        res = put;
      }
      checkCommitted(client, res, blob);
      return;
    } catch (e) {
      if (sourceError instanceof OciError) throw sourceError;
      const cause = sourceError ?? e;
      // DIGEST_INVALID once may be corruption in transit; twice, the bytes are not that blob.
      if (attempt > 0 && e instanceof HttpError && e.status === 400 && /DIGEST_INVALID/.test(e.body ?? "")) {
        throw new OciError(`digest mismatch for ${where}: the registry computed another digest for the bytes given as ${blob.digest}`, {
          code: "DIGEST_MISMATCH",
          hint: "the source content is not the blob its descriptor names; nothing was stored",
          cause: e,
        });
      }
      const again = sourceError !== undefined ? true : retryable(e);
      const delay = backoffDelay(attempt, client.retry);
      if (!again || attempt >= client.retry.retries || Date.now() - started + delay > client.retry.maxElapsedMs) {
        if (cause instanceof OciError || cause instanceof RegistryError) throw cause;
        throw new RegistryError(`upload of ${where} failed after ${attempt + 1} attempt(s): ${errorMessage(cause)}`, { code: "UPLOAD_FAILED", cause });
      }
      client.logger.debug(`${where}: upload attempt ${attempt + 1} failed (${errorMessage(cause)}), starting over`);
      await sleep(delay);
    }
  }
}
