import { createHash, hash as hashOnce, type Hash } from "node:crypto";
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { tempPathFor } from "@stella/core";
import { archiveSink, HashingWriter, ZSTD_BLOCK, type ByteSink } from "./archive-sink.js";
import { BlockPool } from "./block-pool.js";
import type { Compression } from "./compress.js";
import { KitError } from "./errors.js";
import { END_OF_ARCHIVE, encodeHeader, encodeHeaderInto, paddingFor, type TarEntryType } from "./tar-header.js";

/** One entry to archive. `open` gives its bytes (files only); `size` must match them. */
export interface TarEntry {
  path: string;
  type: TarEntryType;
  mode: number;
  size: number;
  linkTarget?: string;
  open?: () => Readable | Promise<Uint8Array>;
  /** Sequential reads straight into the caller's buffer (no per-chunk allocation). */
  reader?: () => FileReader;
  /** A file on disk, read straight into the output blocks with plain syscalls (what walkTree gives: no closures per file). */
  file?: string;
}

export interface FileReader {
  /** Reads up to `length` bytes into `buf` at `offset`; 0 at the end. */
  read(buf: Buffer, offset: number, length: number): number;
  close(): void;
}

/** A FileReader over bytes in memory (several buffers read as one); it lets go of each part once read. */
export function bytesReader(parts: (Uint8Array | undefined)[]): FileReader {
  let i = 0;
  let at = 0;
  return {
    read: (buf, offset, length) => {
      let n = 0;
      while (n < length && i < parts.length) {
        const part = parts[i]!;
        const take = Math.min(length - n, part.length - at);
        buf.set(part.subarray(at, at + take), offset + n);
        n += take;
        at += take;
        if (at === part.length) {
          parts[i++] = undefined;
          at = 0;
        }
      }
      return n;
    },
    close: () => undefined,
  };
}

/** A FileReader over `path` with plain syscalls. */
export function fileReader(path: string): FileReader {
  const fd = openSync(path, "r");
  return {
    read: (buf, offset, length) => readSync(fd, buf, offset, length, null),
    close: () => closeSync(fd),
  };
}

/** Output block of the tar writer: the zstd frame size, so whole blocks are compressed in place. */
const OUT_BLOCK = ZSTD_BLOCK;
const HEADER_BLOCK = 512;

/** A directory's names in byte order (UTF-8), read as bytes so sorting allocates nothing per comparison. */
function namesInByteOrder(dir: string): string[] {
  return readdirSync(dir, { encoding: "buffer" }).sort((a, b) => Buffer.compare(a, b)).map((b) => b.toString("utf8"));
}

/**
 * The tree under `root`, depth first with each directory's names in byte order (what
 * `tar --sort=name` does), as archive-relative paths under `prefix`. Metadata and small files
 * are read with synchronous calls: a feed tree is 100k+ small files, and one thread-pool hop
 * per call costs more than the read itself (bench/ouk).
 */
export function* walkTree(root: string, prefix = ""): Generator<TarEntry> {
  const names = namesInByteOrder(root);
  for (const name of names) {
    const abs = join(root, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(abs);
    if (st.isDirectory()) {
      yield { path: rel, type: "directory", mode: st.mode, size: 0 };
      yield* walkTree(abs, rel);
    } else if (st.isFile()) {
      yield { path: rel, type: "file", mode: st.mode, size: st.size, file: abs };
    } else if (st.isSymbolicLink()) {
      yield { path: rel, type: "symlink", mode: 0o777, size: 0, linkTarget: readlinkSync(abs) };
    } else {
      throw new KitError(`${abs} is neither file, directory nor symlink`, { code: "UNSAFE_ENTRY", hint: "remove devices, sockets and fifos from the tree" });
    }
  }
}

export interface TarChunkOptions {
  /** Where the 4 MiB blocks come from; the consumer gives each back once done with it. */
  pool?: BlockPool;
  /** Append the two zero blocks that end an archive (default true; false for a part that others follow). */
  endOfArchive?: boolean;
  /** Told each regular file's size and sha256 as its bytes go by (no second read). */
  onFile?: (path: string, size: number, sha256: Buffer) => void;
}

/**
 * The archive bytes of `entries` in the order given (callers sort; walkTree already does),
 * every header with the same mtime. Headers and file contents (entries with a `reader`) are
 * copied into 4 MiB blocks, taken from `pool` when given (memory stays a few blocks for any
 * tree); `open` streams go through as they come.
 */
export async function* tarChunks(entries: Iterable<TarEntry>, mtime: Date, options: TarChunkOptions = {}): AsyncGenerator<Buffer> {
  const { pool, onFile } = options;
  const seconds = Math.floor(mtime.getTime() / 1000);
  const allocate = (): Promise<Buffer> => (pool ? pool.acquire() : Promise.resolve(Buffer.allocUnsafe(OUT_BLOCK)));
  let block = await allocate();
  let off = 0;
  /** Hands out the full block and starts a new one (from the pool: may wait). */
  const take = async (): Promise<Buffer> => {
    const out = block.subarray(0, off);
    block = await allocate();
    off = 0;
    return out;
  };
  // Every block but the last goes out full (bytes that do not fit carry over to the next), so the
  // compressor takes whole blocks as they are, without copying them into frames of its own.
  async function* put(bytes: Uint8Array): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; ) {
      if (off === OUT_BLOCK) yield await take();
      const n = Math.min(bytes.length - at, OUT_BLOCK - off);
      block.set(bytes.subarray(at, at + n), off);
      off += n;
      at += n;
    }
  }
  async function* zeros(count: number): AsyncGenerator<Buffer> {
    for (let left = count; left > 0; ) {
      if (off === OUT_BLOCK) yield await take();
      const n = Math.min(left, OUT_BLOCK - off);
      block.fill(0, off, off + n);
      off += n;
      left -= n;
    }
  }
  const scratch = Buffer.allocUnsafe(HEADER_BLOCK);
  // A plain iterable (walkTree is a sync generator): no await per entry.
  for (const entry of entries) {
    const fields = { path: entry.path, type: entry.type, mode: entry.mode, size: entry.size, mtime: seconds, ...(entry.linkTarget === undefined ? {} : { linkTarget: entry.linkTarget }) };
    // Most headers are one ustar block written in place; one that straddles blocks, or a pax one, is built and copied.
    if (off === OUT_BLOCK) yield await take();
    const inPlace = off + HEADER_BLOCK <= OUT_BLOCK ? encodeHeaderInto(block, off, fields) : 0;
    if (inPlace) off += inPlace;
    else if (encodeHeaderInto(scratch, 0, fields)) yield* put(scratch);
    else yield* put(encodeHeader(fields));
    if (entry.type !== "file") continue;
    let hash: Hash | undefined;
    let sha256: Buffer | undefined;
    let got = 0;
    if (entry.reader || entry.file) {
      // Read straight into the output blocks: one allocation per 4 MiB, whatever the file count.
      const r = entry.reader ? entry.reader() : fileReader(entry.file!);
      try {
        // Exactly the size the walk saw, as GNU tar reads st_size bytes: a file that shrank fails
        // below; one that grew is archived as it was at that size, and its manifest digest is of
        // the bytes archived, so the kit stays consistent (no extra read per file to look for EOF).
        // A file that lies whole in one block (most of a feed tree) is hashed in one call, without
        // a Hash object per file (their finalizers were a good part of the GC time; bench/ouk).
        const start = off;
        while (got < entry.size) {
          if (off === OUT_BLOCK) {
            if (onFile && !hash) (hash = createHash("sha256")).update(block.subarray(start, off));
            yield await take();
          }
          const n = r.read(block, off, Math.min(OUT_BLOCK - off, entry.size - got));
          if (n === 0) break;
          hash?.update(block.subarray(off, off + n));
          got += n;
          off += n;
        }
        if (onFile && !hash) sha256 = oneShotSha256(block.subarray(start, off));
      } finally {
        r.close();
      }
    } else {
      if (onFile) hash = createHash("sha256");
      const source = entry.open ? await entry.open() : new Uint8Array(0);
      for await (const chunk of source instanceof Uint8Array ? [source] : (source as AsyncIterable<Uint8Array>)) {
        got += chunk.length;
        if (got > entry.size) break;
        hash?.update(chunk);
        yield* put(chunk);
      }
    }
    if (got !== entry.size) throw changed(entry, got);
    if (onFile) onFile(entry.path, got, sha256 ?? hash!.digest());
    const pad = paddingFor(entry.size);
    if (off + pad <= OUT_BLOCK) {
      block.fill(0, off, off + pad);
      off += pad;
    } else yield* zeros(pad);
  }
  if (options.endOfArchive ?? true) yield* put(END_OF_ARCHIVE);
  if (off > 0) yield await take();
  else pool?.release(block);
}

function oneShotSha256(bytes: Uint8Array): Buffer {
  return hashOnce("sha256", bytes, "buffer");
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

/**
 * Compresses the tar of `entries` into `out` as one self-contained part (a series of zstd
 * frames or one gzip member), so parts written one after another form one valid stream. The
 * tar writer fills blocks from a small pool that the compressor gives back as it consumes them.
 */
export async function compressTar(entries: Iterable<TarEntry>, out: ByteSink, options: { mtime: Date; compression: Compression } & Omit<TarChunkOptions, "pool">): Promise<void> {
  // In flight at the compressor (up to 4) + the one being filled + one waiting.
  const pool = new BlockPool(OUT_BLOCK, 6);
  const sink = archiveSink(options.compression, out);
  for await (const chunk of tarChunks(entries, options.mtime, { ...options, pool })) await sink.write(chunk, () => pool.release(chunk));
  await sink.finish();
}

/** Creates `output` through a temp file renamed into place once `fill` succeeds; removed otherwise. */
export async function writeAtomically(output: string, fill: (out: HashingWriter) => Promise<void>, also?: (bytes: Uint8Array) => void): Promise<WrittenArchive> {
  await mkdir(dirname(output), { recursive: true });
  const tmp = tempPathFor(output);
  const file = await open(tmp, "wx", 0o644);
  try {
    const out = new HashingWriter(file, also);
    await fill(out);
    await file.close();
    await rename(tmp, output);
    return { path: output, ...out.result() };
  } catch (e) {
    await file.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a deterministic, compressed tarball of `entries` to `output` atomically (temp +
 * rename) and returns its digest and size, computed while streaming.
 */
export function writeTarball(entries: Iterable<TarEntry>, output: string, options: { mtime: Date; compression: Compression }): Promise<WrittenArchive> {
  return writeAtomically(output, (out) => compressTar(entries, out, options));
}
