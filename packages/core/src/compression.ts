import type { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { zstdDecompressStages } from "./zstd-frames.js";

/** How a tar stream (a kit, an image layer) is compressed. */
export type Compression = "gzip" | "zstd" | "none";

/** Magic bytes: gzip 1f 8b, zstd 28 b5 2f fd (RFC 8878 §3.1.1), else plain. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/**
 * The transforms that turn `kind` into plain bytes, in order (none for plain; zstd: the frame
 * splitter first, see zstd-frames.ts). 256 KiB output chunks by default: node's 16 KiB made
 * zlib's JS callback about a tenth of a pipeline run's CPU.
 */
export function decompressors(kind: Compression, o: { chunkSize?: number } = {}): Transform[] {
  const options = { chunkSize: o.chunkSize ?? 256 * 1024 };
  if (kind === "gzip") return [createGunzip(options)];
  if (kind === "zstd") return zstdDecompressStages(options);
  return [];
}
