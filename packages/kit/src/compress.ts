import { PassThrough, type Transform } from "node:stream";
import { createGunzip, createGzip, createZstdDecompress } from "node:zlib";
import { BlockZstdCompressor } from "./block-compress.js";
import { KitError } from "./errors.js";

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

/**
 * A compressor whose bytes depend only on its input: node:zlib's gzip writes MTIME 0,
 * no FNAME and OS 3 (test checks the header bytes). zstd (level 3, content checksums) runs as
 * fixed-size independent frames on the thread pool (block-compress.ts): Node 24.21's
 * ZstdCompress with ZSTD_c_nbWorkers >= 1 fails with "stream.push() after EOF" on larger
 * inputs, and one thread alone is half the speed of `zstd -T0` on two cores (bench/ouk).
 */
export function compressor(kind: Compression): Transform {
  if (kind === "gzip") return createGzip({ level: 6 });
  if (kind === "zstd") return new BlockZstdCompressor();
  return new PassThrough();
}

export function decompressor(kind: Compression): Transform {
  if (kind === "gzip") return createGunzip();
  if (kind === "zstd") return createZstdDecompress();
  return new PassThrough();
}
