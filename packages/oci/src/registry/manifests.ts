import { sha256Digest, isSha256Digest } from "@stella/core";
import { digestMismatch, OciError } from "../errors.js";
import { MAX_MANIFEST_BYTES, childrenOf, parseManifest } from "../manifest.js";
import { MANIFEST_ACCEPT } from "../media-types.js";
import type { Descriptor, ManifestBlob } from "../types.js";
import { bodyOf } from "./blobs.js";
import type { RegistryClient } from "./client.js";
import { RegistryError } from "./errors.js";

const ACCEPT = MANIFEST_ACCEPT.join(", ");

export function manifestWhere(client: RegistryClient, reference: string): string {
  return `docker://${client.registry}/${client.repository}${reference.includes(":") ? "@" : ":"}${reference}`;
}

function notFound(client: RegistryClient, reference: string): OciError {
  return new OciError(`${manifestWhere(client, reference)} not found`, {
    code: "NOT_FOUND",
    hint: `check the repository and ${reference.includes(":") ? "digest" : "tag"} (skopeo list-tags docker://${client.registry}/${client.repository})`,
  });
}

/** Reads at most 4 MiB (distribution spec "Pushing Manifests" limit) and refuses more. */
async function readLimited(res: Response, where: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "-1");
  const tooLarge = () => new OciError(`manifest ${where} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE", hint: "a manifest that large is not an image manifest; check the reference" });
  if (declared > MAX_MANIFEST_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of bodyOf(res)) {
    total += chunk.byteLength;
    if (total > MAX_MANIFEST_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * GET a manifest by tag or digest with every manifest type in Accept, and verify it: the
 * requested digest (when the reference is one) and the registry's Docker-Content-Digest must
 * both be the sha256 of the bytes received.
 */
export async function getManifest(client: RegistryClient, reference: string): Promise<ManifestBlob> {
  const where = manifestWhere(client, reference);
  const res = await client.request({ path: `/v2/${client.repository}/manifests/${reference}`, headers: { accept: ACCEPT }, accept: [404] });
  if (res.status === 404) {
    await res.body?.cancel();
    throw notFound(client, reference);
  }
  const bytes = await readLimited(res, where);
  const actual = sha256Digest(bytes);
  if (reference.includes(":") && reference !== actual) throw digestMismatch(`manifest ${where}`, reference, actual);
  const header = res.headers.get("docker-content-digest");
  if (header && isSha256Digest(header) && header !== actual) throw digestMismatch(`manifest ${where} (Docker-Content-Digest)`, header, actual);
  const contentType = res.headers.get("content-type")?.split(";")[0]?.trim();
  const parsed = parseManifest(bytes, where, contentType);
  client.origins.record(client.registry, client.repository, childrenOf(parsed).blobs.map((b) => b.digest));
  return { descriptor: { mediaType: parsed.mediaType, digest: actual, size: bytes.byteLength }, bytes };
}

/** HEAD for the descriptor; falls back to GET when the registry gives no digest header. */
export async function resolveManifest(client: RegistryClient, reference: string): Promise<Descriptor> {
  const res = await client.request({ method: "HEAD", path: `/v2/${client.repository}/manifests/${reference}`, headers: { accept: ACCEPT }, accept: [404] });
  await res.body?.cancel();
  if (res.status === 404) throw notFound(client, reference);
  const digest = res.headers.get("docker-content-digest");
  const mediaType = res.headers.get("content-type")?.split(";")[0]?.trim();
  const size = Number(res.headers.get("content-length") ?? "-1");
  if (!digest || !isSha256Digest(digest) || !mediaType || !(size >= 0)) return (await getManifest(client, reference)).descriptor;
  if (reference.includes(":") && digest !== reference) throw digestMismatch(`manifest ${manifestWhere(client, reference)} (HEAD)`, reference, digest);
  if (size > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${manifestWhere(client, reference)} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
  return { mediaType, digest, size };
}

export interface PushedManifest {
  descriptor: Descriptor;
  /** The `OCI-Subject` response header: the registry processed the manifest's subject (Referrers API). */
  subjectHeader: string | undefined;
}

/** PUT /v2/<name>/manifests/<tag or digest>; the registry's digest must be ours. */
export async function putManifest(client: RegistryClient, bytes: Uint8Array, mediaType: string, tag?: string): Promise<PushedManifest> {
  const digest = sha256Digest(bytes);
  const where = manifestWhere(client, tag ?? digest);
  if (bytes.byteLength > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${where} is ${bytes.byteLength} bytes, over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
  parseManifest(bytes, where, mediaType);
  const res = await client.request({
    method: "PUT",
    path: `/v2/${client.repository}/manifests/${tag ?? digest}`,
    scopes: [client.pushScope()],
    headers: { "content-type": mediaType },
    body: bytes,
  });
  await res.body?.cancel();
  if (res.status !== 201 && res.status !== 200) throw new RegistryError(`registry ${client.registry} answered ${res.status} to the push of ${where}`, { code: "PROTOCOL" });
  const got = res.headers.get("docker-content-digest");
  if (got && isSha256Digest(got) && got !== digest) throw digestMismatch(`pushed manifest ${where}`, digest, got);
  return { descriptor: { mediaType, digest, size: bytes.byteLength }, subjectHeader: res.headers.get("oci-subject") ?? undefined };
}
