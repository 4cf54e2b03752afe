import { PassThrough, type Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { KitError } from "./errors.js";
import { zstdDecompressStages } from "@stella/core";

/** Writing side: archive-sink.ts. */
export type Compression = "gzip" | "zstd" | "none";

/** `.tar.gz`/`.tgz` → gzip, `.tar.zst` → zstd, `.tar` → none (the playbook's names, §4.1). */
export function compressionForPath(path: string): Compression {
  if (/\.(tar\.gz|tgz)$/.test(path)) return "gzip";
  if (/\.tar\.zst$/.test(path)) return "zstd";
  if (/\.tar$/.test(path)) return "none";
  throw new KitError(`cannot tell the compression of "${path}"`, { code: "TAR_FORMAT", hint: "name the output .tar.gz, .tar.zst or .tar" });
}

/** Magic bytes: gzip 1f 8b, zstd 28 b5 2f fd, else a plain tar. */
export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/** The transforms that turn `kind` into plain bytes, in order (zstd: a frame splitter first, see @stella/core zstd-frames.ts). */
export function decompressors(kind: Compression, o: { chunkSize?: number } = {}): Transform[] {
  if (kind === "gzip") return [createGunzip(o)];
  if (kind === "zstd") return zstdDecompressStages(o);
  return [new PassThrough()];
}
