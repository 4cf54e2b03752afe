import { createHash } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
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
  /** Sequential reads straight into the caller's buffer (no per-chunk allocation); for files on disk. */
  reader?: () => FileReader;
}

export interface FileReader {
  /** Reads up to `length` bytes into `buf` at `offset`; 0 at the end. */
  read(buf: Buffer, offset: number, length: number): number;
  close(): void;
}

/** A FileReader over `path` with plain syscalls. */
export function fileReader(path: string): FileReader {
  const fd = openSync(path, "r");
  return {
    read: (buf, offset, length) => readSync(fd, buf, offset, length, null),
    close: () => closeSync(fd),
  };
}

const SMALL_FILE = 1 << 20;
/** Output block of the tar writer: equal to the zstd frame size (block-compress.ts). */
const OUT_BLOCK = 4 << 20;

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
        reader: () => fileReader(abs),
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
 * every header with the same mtime. Headers and small files are copied into 4 MiB blocks
 * (one allocation per block, not per file: 100k small files would otherwise keep the garbage
 * collector busy); large files stream through in 1 MiB chunks. Memory stays bounded by a few blocks.
 */
export async function* tarChunks(entries: AsyncIterable<TarEntry> | Iterable<TarEntry>, mtime: Date): AsyncGenerator<Buffer> {
  const seconds = Math.floor(mtime.getTime() / 1000);
  let block = Buffer.allocUnsafe(OUT_BLOCK);
  let off = 0;
  /** Hands out the filled part of the block and starts a new one. */
  const take = (): Buffer => {
    const out = block.subarray(0, off);
    block = Buffer.allocUnsafe(OUT_BLOCK);
    off = 0;
    return out;
  };
  for await (const entry of entries) {
    const header = encodeHeader({ path: entry.path, type: entry.type, mode: entry.mode, size: entry.size, mtime: seconds, ...(entry.linkTarget === undefined ? {} : { linkTarget: entry.linkTarget }) });
    if (entry.type !== "file") {
      if (off + header.length > OUT_BLOCK) yield take();
      off += header.copy(block, off);
      continue;
    }
    if (off + header.length > OUT_BLOCK) yield take();
    off += header.copy(block, off);
    if (entry.reader) {
      // Read straight into the output blocks: one allocation per 4 MiB, whatever the file count.
      const r = entry.reader();
      let got = 0;
      try {
        for (;;) {
          if (off === OUT_BLOCK) yield take();
          const n = r.read(block, off, Math.min(OUT_BLOCK - off, entry.size - got + 1));
          if (n === 0) break;
          got += n;
          off += n;
          if (got > entry.size) break;
        }
      } finally {
        r.close();
      }
      if (got !== entry.size) throw changed(entry, got);
      const pad = paddingFor(entry.size);
      if (off + pad > OUT_BLOCK) yield take();
      block.fill(0, off, off + pad);
      off += pad;
      continue;
    }
    if (off > 0) yield take();
    let written = 0;
    const source = entry.open ? await entry.open() : new Uint8Array(0);
    if (source instanceof Uint8Array) {
      written = source.length;
      yield Buffer.from(source.buffer, source.byteOffset, source.length);
    } else {
      for await (const chunk of source) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    if (written !== entry.size) throw changed(entry, written);
    block.fill(0, 0, paddingFor(entry.size));
    off = paddingFor(entry.size);
  }
  if (off + END_OF_ARCHIVE.length > OUT_BLOCK) yield take();
  off += END_OF_ARCHIVE.copy(block, off);
  yield take();
}

function changed(entry: TarEntry, read: number): KitError {
  return new KitError(`${entry.path} changed while archiving: expected ${entry.size} bytes, read ${read}`, { code: "SIZE_MISMATCH", hint: "do not modify the tree while the kit is built" });
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
    await pipeline(Readable.from(tarChunks(entries, options.mtime), { objectMode: true, highWaterMark: 2 }), compressor(options.compression), tap, createWriteStream(tmp, { flags: "wx", mode: 0o644 }));
    await rename(tmp, output);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { path: output, ...tap.result() };
}
