import type { Compression } from "@stella/core";
import { KitError } from "./errors.js";

export { sniffCompression, decompressors, type Compression } from "@stella/core";

/** `.tar.gz`/`.tgz` → gzip, `.tar.zst` → zstd, `.tar` → none (the playbook's names, §4.1). Writing side: archive-sink.ts. */
export function compressionForPath(path: string): Compression {
  if (/\.(tar\.gz|tgz)$/.test(path)) return "gzip";
  if (/\.tar\.zst$/.test(path)) return "zstd";
  if (/\.tar$/.test(path)) return "none";
  throw new KitError(`cannot tell the compression of "${path}"`, { code: "TAR_FORMAT", hint: "name the output .tar.gz, .tar.zst or .tar" });
}
