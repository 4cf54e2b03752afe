import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sha256Digest } from "@stella/core";
import { MediaType, type Descriptor, type ImageStore } from "@stella/oci";

export const exec = promisify(execFile);

/** A small test image in memory: config, layers (random bytes, so digests are fresh) and manifest. */
export interface TestImage {
  config: { descriptor: Descriptor; bytes: Uint8Array };
  layers: { descriptor: Descriptor; bytes: Uint8Array }[];
  manifest: Uint8Array;
  digest: string;
}

export function blobOf(bytes: Uint8Array, mediaType: string): { descriptor: Descriptor; bytes: Uint8Array } {
  return { descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.byteLength }, bytes };
}

export function makeImage(layerCount = 2, layerSize = 1024, arch = "amd64"): TestImage {
  const layers = Array.from({ length: layerCount }, () => blobOf(randomBytes(layerSize), MediaType.ociLayerGzip));
  const config = blobOf(
    Buffer.from(JSON.stringify({ architecture: arch, os: "linux", config: { Labels: { nonce: randomBytes(8).toString("hex") } }, rootfs: { type: "layers", diff_ids: layers.map((l) => l.descriptor.digest) } })),
    MediaType.ociConfig,
  );
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: config.descriptor, layers: layers.map((l) => l.descriptor) }));
  return { config, layers, manifest, digest: sha256Digest(manifest) };
}

export async function pushImage(store: ImageStore, image: TestImage, tag?: string): Promise<Descriptor> {
  for (const b of [image.config, ...image.layers]) await store.putBlob(b.descriptor, () => b.bytes);
  return store.putManifest(image.manifest, MediaType.ociManifest, tag);
}

/** An artifact manifest (image-spec 1.1) pointing at `subject`, with the empty config. */
export function makeReferrer(subject: Descriptor, artifactType: string, payload: Uint8Array): { manifest: Uint8Array; blobs: { descriptor: Descriptor; bytes: Uint8Array }[] } {
  const empty = blobOf(Buffer.from("{}"), MediaType.ociEmpty);
  const layer = blobOf(payload, "application/octet-stream");
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, artifactType, config: empty.descriptor, layers: [layer.descriptor], subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size }, annotations: { "org.opencontainers.image.created": "2026-11-24T00:00:00Z" } }),
  );
  return { manifest, blobs: [empty, layer] };
}

/** `skopeo inspect --raw` of a docker:// reference: the manifest bytes as another client reads them. */
export async function skopeoRaw(ref: string, creds?: { username: string; password: string }): Promise<Buffer> {
  const args = ["inspect", "--raw", "--tls-verify=false", ...(creds ? ["--creds", `${creds.username}:${creds.password}`] : []), `docker://${ref}`];
  const { stdout } = await exec("skopeo", args, { encoding: "buffer", maxBuffer: 16 << 20 });
  return stdout;
}
