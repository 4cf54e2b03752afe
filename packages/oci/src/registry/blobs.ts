import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { OciError } from "../errors.js";
import type { Descriptor } from "../types.js";
import type { RegistryClient } from "./client.js";
import { verifiedBlobStream, type BodyPart } from "./verify-stream.js";

type BlobRef = Pick<Descriptor, "digest" | "size">;

export function bodyOf(res: Response): AsyncIterable<Uint8Array> {
  if (!res.body) return (async function* () {})();
  return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
}

function blobPath(client: RegistryClient, digest: string): string {
  return `/v2/${client.repository}/blobs/${digest}`;
}

export function blobWhere(client: RegistryClient, digest: string): string {
  return `docker://${client.registry}/${client.repository}@${digest}`;
}

/** HEAD /v2/<name>/blobs/<digest>: 200 = there, 404 = not (distribution spec "Checking if content exists"). */
export async function hasBlob(client: RegistryClient, digest: string, scopes?: readonly string[]): Promise<boolean> {
  const res = await client.request({ method: "HEAD", path: blobPath(client, digest), accept: [404], ...(scopes ? { scopes } : {}) });
  await res.body?.cancel();
  return res.status === 200;
}

/** Opens GET /v2/<name>/blobs/<digest> from `offset` (Range), following redirects to blob storage. */
async function openBlob(client: RegistryClient, blob: BlobRef, offset: number): Promise<BodyPart> {
  const headers: Record<string, string> = {};
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const res = await client.stream({ path: blobPath(client, blob.digest), headers, accept: [404], timeoutMs: client.transferTimeout(blob.size - offset) });
  if (res.status === 404) {
    res.body.resume();
    throw new OciError(`blob ${blobWhere(client, blob.digest)} not found`, { code: "NOT_FOUND", hint: "the image is incomplete in this repository; push it again" });
  }
  const range = /^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "");
  const start = res.status === 206 && range ? Number(range[1]) : 0;
  return { body: res.body, offset: start };
}

/** The blob as a stream verified against its digest and size; resets mid-body resume. */
export async function getBlob(client: RegistryClient, blob: BlobRef): Promise<Readable> {
  const where = blobWhere(client, blob.digest);
  const first = await openBlob(client, blob, 0);
  return verifiedBlobStream({
    digest: blob.digest,
    size: blob.size,
    where,
    first,
    open: (offset) => openBlob(client, blob, offset),
    retry: client.retry,
    onResume: (offset, reason) => client.logger.debug(`${where}: resuming at byte ${offset} (${reason})`),
  });
}

export async function getBlobBytes(client: RegistryClient, blob: BlobRef): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of await getBlob(client, blob)) chunks.push(chunk as Uint8Array);
  return Buffer.concat(chunks);
}

/**
 * Cross-repository mount (distribution spec "Mounting a blob from another repository"):
 * true when the registry linked the blob (201); false when it started an upload instead.
 */
export async function mountBlob(client: RegistryClient, digest: string, from: string): Promise<boolean> {
  const q = new URLSearchParams({ mount: digest, from });
  const res = await client.request({
    method: "POST",
    path: `/v2/${client.repository}/blobs/uploads/?${q.toString()}`,
    scopes: [client.pushScope(), client.pullScope(from)],
    accept: [404],
  });
  await res.body?.cancel();
  if (res.status === 201) return true;
  const location = res.headers.get("location");
  if (res.status === 202 && location) {
    // Not mounted: close the session the registry opened; putBlob opens its own.
    const del = await client.request({ method: "DELETE", path: location, scopes: [client.pushScope()], accept: [404, 405, 400] }).catch(() => undefined);
    await del?.body?.cancel();
  }
  return false;
}
