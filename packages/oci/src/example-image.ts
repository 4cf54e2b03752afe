import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { sha256Digest } from "@stella/core";
import { MediaType } from "./media-types.js";
import { TAR_END, tarHeader, tarOf, tarPadding } from "./tar-entry.js";
import type { Descriptor, ImageStore, Platform } from "./types.js";

/**
 * A small deterministic example image (same options => same bytes => same digest), for the
 * pipeline demo, tests and the oci-copy bench: a few gzip layers of generated text files, an
 * OCI config carrying the OCI labels of architecture-devops.md §6.2, optionally one
 * incompressible file per layer (AES-CTR keystream from the seed) streamed, never in memory.
 */
export interface ExampleImageOptions {
  tag?: string;
  layers?: number;
  filesPerLayer?: number;
  /** Adds one file of this many pseudo-random bytes to each layer (layers then stay uncompressed). */
  randomBytesPerLayer?: number;
  seed?: string;
  /** More than one platform => an image index over one image per platform. */
  platforms?: Platform[];
  labels?: Record<string, string>;
  /** The config's `created` (and label) timestamp; fixed by default for determinism. */
  created?: string;
}

interface Blob {
  descriptor: Descriptor;
  source: () => Readable | Uint8Array;
  diffId: string;
}

function keystream(seed: string, size: number): Readable {
  const key = createHash("sha256").update(seed).digest();
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16, 0));
  const chunk = Buffer.alloc(1024 * 1024, 0);
  let left = size;
  return new Readable({
    highWaterMark: 1024 * 1024,
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, chunk.byteLength);
      left -= n;
      this.push(cipher.update(chunk.subarray(0, n)));
    },
  });
}

/** An uncompressed tar layer streamed from: small files, then `random.bin` of `size` keystream bytes. */
function randomLayer(files: { name: string; content: Uint8Array }[], seed: string, size: number): () => Readable {
  const head = tarOf(files).subarray(0, -TAR_END.byteLength);
  return () =>
    Readable.from(
      (async function* () {
        yield head;
        yield tarHeader("random.bin", size);
        for await (const c of keystream(seed, size)) yield c as Buffer;
        yield tarPadding(size);
        yield TAR_END;
      })(),
    );
}

async function digestOfStream(s: Readable): Promise<{ digest: string; size: number }> {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of s) {
    const b = c as Buffer;
    h.update(b);
    size += b.byteLength;
  }
  return { digest: `sha256:${h.digest("hex")}`, size };
}

async function makeLayer(i: number, platform: Platform, o: Required<Omit<ExampleImageOptions, "tag" | "platforms" | "labels">>): Promise<Blob> {
  const files = Array.from({ length: o.filesPerLayer }, (_, f) => ({
    name: `layer${i}/file${f}.txt`,
    content: Buffer.from(`${o.seed} ${platform.os}/${platform.architecture} layer ${i} file ${f}\n`.repeat(8 + f)),
  }));
  if (o.randomBytesPerLayer > 0) {
    const source = randomLayer(files, `${o.seed}/${platform.architecture}/${i}`, o.randomBytesPerLayer);
    const { digest, size } = await digestOfStream(source());
    return { descriptor: { mediaType: MediaType.ociLayer, digest, size }, source, diffId: digest };
  }
  const tar = tarOf(files);
  const gz = gzipSync(tar, { level: 9 });
  return { descriptor: { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(gz), size: gz.byteLength }, source: () => gz, diffId: sha256Digest(tar) };
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

/** Writes one image per platform (and an index when several) into `store`; returns the top descriptor. */
export async function buildExampleImage(store: ImageStore, options: ExampleImageOptions = {}): Promise<Descriptor> {
  const o = {
    layers: options.layers ?? 3,
    filesPerLayer: options.filesPerLayer ?? 3,
    randomBytesPerLayer: options.randomBytesPerLayer ?? 0,
    seed: options.seed ?? "stella-example",
    created: options.created ?? "2026-01-01T00:00:00Z",
  };
  const platforms = options.platforms ?? [{ os: "linux", architecture: "amd64" }];
  const labels = {
    "org.opencontainers.image.created": o.created,
    "org.opencontainers.image.title": "stella-example",
    "org.opencontainers.image.version": "0.1.0",
    "org.opencontainers.image.source": "https://example.invalid/stella/example",
    "org.opencontainers.image.revision": createHash("sha1").update(o.seed).digest("hex"),
    ...options.labels,
  };
  const manifests: Descriptor[] = [];
  for (const platform of platforms) {
    const layers: Blob[] = [];
    for (let i = 0; i < o.layers; i++) layers.push(await makeLayer(i, platform, o));
    for (const l of layers) await store.putBlob(l.descriptor, l.source);
    const config = json({
      created: o.created,
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Labels: labels },
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
      history: layers.map((_, i) => ({ created: o.created, created_by: `stella example layer ${i}` })),
    });
    const configDescriptor: Descriptor = { mediaType: MediaType.ociConfig, digest: sha256Digest(config), size: config.byteLength };
    await store.putBlob(configDescriptor, () => config);
    const manifest = json({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDescriptor, layers: layers.map((l) => l.descriptor), annotations: { "org.opencontainers.image.created": o.created } });
    const single = platforms.length === 1;
    const d = await store.putManifest(manifest, MediaType.ociManifest, single ? (options.tag ?? "latest") : undefined);
    manifests.push({ mediaType: d.mediaType, digest: d.digest, size: d.size, platform });
  }
  if (platforms.length === 1 && manifests[0]) return manifests[0];
  const index = json({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests });
  return store.putManifest(index, MediaType.ociIndex, options.tag ?? "latest");
}
