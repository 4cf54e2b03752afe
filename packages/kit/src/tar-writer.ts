import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { tempPathFor } from "@stella/core";
import { compressor, type Compression } from "./compress.js";
import { KitError } from "./errors.js";
import { END_OF_ARCHIVE, encodeHeader, paddingFor, type TarEntryType } from "./tar-header.js";

/** One entry to archive. `open` gives its bytes (files only); `size` must match them. */
export interface TarEntry {
  path: string;
  type: TarEntryType;
  mode: number;
  size: number;
  linkTarget?: string;
  open?: () => Readable | Promise<Uint8Array>;
}

const SMALL_FILE = 1 << 20;

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * The tree under `root`, depth first with each directory's names in byte order (what
 * `tar --sort=name` does), as archive-relative paths under `prefix`. Metadata and small files
 * are read with synchronous calls: a feed tree is 100k+ small files, and one thread-pool hop
 * per call costs more than the read itself (bench/ouk).
 */
export async function* walkTree(root: string, prefix = ""): AsyncGenerator<TarEntry> {
  const names = readdirSync(root).sort(byteOrder);
  for (const name of names) {
    const abs = join(root, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      yield { path: rel, type: "directory", mode: st.mode, size: 0 };
      yield* walkTree(abs, rel);
    } else if (st.isFile()) {
      const size = st.size;
      yield {
        path: rel,
        type: "file",
        mode: st.mode,
        size,
        open: () => (size <= SMALL_FILE ? Promise.resolve(readFileSync(abs)) : createReadStream(abs, { highWaterMark: SMALL_FILE })),
      };
    } else if (st.isSymbolicLink()) {
      yield { path: rel, type: "symlink", mode: 0o777, size: 0, linkTarget: readlinkSync(abs) };
    } else {
      throw new KitError(`${abs} is neither file, directory nor symlink`, { code: "UNSAFE_ENTRY", hint: "remove devices, sockets and fifos from the tree" });
    }
  }
}

/**
 * The archive bytes of `entries` in the order given (callers sort; walkTree already does),
 * every header with the same mtime. Chunks are coalesced to ~1 MiB so tiny files do not
 * cost one stream write each; memory stays bounded by that plus one small file.
 */
export async function* tarChunks(entries: AsyncIterable<TarEntry> | Iterable<TarEntry>, mtime: Date): AsyncGenerator<Buffer> {
  const seconds = Math.floor(mtime.getTime() / 1000);
  let pending: Buffer[] = [];
  let pendingLen = 0;
  const push = (b: Buffer): Buffer | undefined => {
    pending.push(b);
    pendingLen += b.length;
    if (pendingLen < SMALL_FILE) return undefined;
    const out = Buffer.concat(pending, pendingLen);
    pending = [];
    pendingLen = 0;
    return out;
  };
  for await (const entry of entries) {
    const header = encodeHeader({ path: entry.path, type: entry.type, mode: entry.mode, size: entry.size, mtime: seconds, ...(entry.linkTarget === undefined ? {} : { linkTarget: entry.linkTarget }) });
    let full = push(header);
    if (full) yield full;
    if (entry.type !== "file") continue;
    let written = 0;
    const source = entry.open ? await entry.open() : new Uint8Array(0);
    if (source instanceof Uint8Array) {
      written = source.length;
      full = push(Buffer.from(source.buffer, source.byteOffset, source.length));
      if (full) yield full;
    } else {
      for await (const chunk of source) {
        const b = chunk as Buffer;
        written += b.length;
        if (pendingLen > 0) {
          full = push(b);
          if (full) yield full;
        } else yield b;
      }
    }
    if (written !== entry.size) {
      throw new KitError(`${entry.path} changed while archiving: expected ${entry.size} bytes, read ${written}`, { code: "SIZE_MISMATCH", hint: "do not modify the tree while the kit is built" });
    }
    full = push(Buffer.alloc(paddingFor(entry.size)));
    if (full) yield full;
  }
  pending.push(END_OF_ARCHIVE);
  yield Buffer.concat(pending);
}

export interface WrittenArchive {
  path: string;
  /** `sha256:<hex>` of the compressed file, as written. */
  digest: string;
  size: number;
}

/** A pass-through that hashes and counts what flows by; `bytes()` any time, `result()` at the end. */
export function hashTap(): Transform & { bytes(): number; result(): { digest: string; size: number } } {
  const hash = createHash("sha256");
  let size = 0;
  let digest: string | undefined;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  return Object.assign(t, { bytes: () => size, result: () => ({ digest: (digest ??= `sha256:${hash.digest("hex")}`), size }) });
}

/**
 * Writes a deterministic, compressed tarball of `entries` to `output` atomically (temp +
 * rename) and returns its digest and size, computed while streaming.
 */
export async function writeTarball(entries: AsyncIterable<TarEntry> | Iterable<TarEntry>, output: string, options: { mtime: Date; compression: Compression }): Promise<WrittenArchive> {
  const tap = hashTap();
  await mkdir(dirname(output), { recursive: true });
  const tmp = tempPathFor(output);
  try {
    await pipeline(tarChunks(entries, options.mtime), compressor(options.compression), tap, createWriteStream(tmp, { flags: "wx", mode: 0o644 }));
    await rename(tmp, output);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { path: output, ...tap.result() };
}
