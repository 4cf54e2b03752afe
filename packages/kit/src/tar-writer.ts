import { createHash, hash as hashOnce, type Hash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { tempPathFor } from "@stella/core";
import { archiveSink, HashingWriter, ZSTD_BLOCK, type ByteSink } from "./archive-sink.js";
import { BlockPool } from "./block-pool.js";
import type { Compression } from "./compress.js";
import { changedWhileArchiving, type KitError } from "./errors.js";
import { END_OF_ARCHIVE, encodeHeader, encodeHeaderInto, paddingFor, type TarHeaderFields } from "./tar-header.js";
import type { FileLane } from "./tar-lane.js";
import type { FileReader, TarEntry } from "./tree-plan.js";
import { defaultFrameSlots, type ZstdFrameCompressor } from "./zstd-compressor.js";

export { walkTree, type FileReader, type TarEntry } from "./tree-plan.js";

/** A FileReader over bytes handed out part by part (several buffers read as one, each let go of once read). */
export function bytesReader(parts: Iterable<Uint8Array>): FileReader {
  const it = parts[Symbol.iterator]();
  let part: Uint8Array | undefined;
  let at = 0;
  return {
    read: (buf, offset, length) => {
      let n = 0;
      while (n < length) {
        if (part === undefined || at === part.length) {
          const next = it.next();
          if (next.done) break;
          part = next.value;
          at = 0;
          continue;
        }
        const take = Math.min(length - n, part.length - at);
        buf.set(part.subarray(at, at + take), offset + n);
        n += take;
        at += take;
      }
      return n;
    },
    close: () => undefined,
  };
}

/** A FileReader over `path` with plain syscalls, from byte `from` on. */
export function fileReader(path: string, from = 0): FileReader {
  const fd = openSync(path, "r");
  let position = from;
  return {
    read: (buf, offset, length) => {
      const n = readSync(fd, buf, offset, length, position);
      position += n;
      return n;
    },
    close: () => closeSync(fd),
  };
}

/** Output block of the tar writer: the zstd frame size, so whole blocks are compressed in place. */
const OUT_BLOCK = ZSTD_BLOCK;
const HEADER_BLOCK = 512;

export interface TarChunkOptions {
  /** Where the 4 MiB blocks come from; the consumer gives each back once done with it. */
  pool?: BlockPool;
  /** Append the two zero blocks that end an archive (default true; false for a part that others follow). */
  endOfArchive?: boolean;
  /** Told each regular file's size and sha256 as its bytes go by (no second read); not files with a lane (their lane's `digest` tells). */
  onFile?: (path: string, size: number, sha256: Buffer) => void;
  /** Lanes work beside this writer (tar-lane.ts): it gives the event loop a turn now and then. */
  lanes?: boolean;
}

/** In the stream of a writer with lanes: the lane's frames go here (`lane.regionLength` bytes of the tar). */
export interface LaneMark {
  lane: FileLane;
}

/** The archive bytes of `entries` (see tarParts); entries with lanes are for compressTar. */
export async function* tarChunks(entries: Iterable<TarEntry>, mtime: Date, options: TarChunkOptions = {}): AsyncGenerator<Buffer> {
  for await (const part of tarParts(entries, mtime, options)) {
    if (!Buffer.isBuffer(part)) throw new Error(`internal: ${part.lane.path} has a lane; compressTar writes lanes`);
    yield part;
  }
}

/**
 * The archive bytes of `entries` in the order given (callers sort; walkTree already does),
 * every header with the same mtime. Headers and file contents (entries with a `reader`) are
 * copied into 4 MiB blocks, taken from `pool` when given (memory stays a few blocks for any
 * tree); `open` streams go through as they come.
 */
export async function* tarParts(entries: Iterable<TarEntry>, mtime: Date, options: TarChunkOptions = {}): AsyncGenerator<Buffer | LaneMark> {
  const { pool, onFile } = options;
  const seconds = Math.floor(mtime.getTime() / 1000);
  const allocate = (): Promise<Buffer> => (pool ? pool.acquire() : Promise.resolve(Buffer.allocUnsafe(OUT_BLOCK)));
  let block = await allocate();
  let off = 0;
  /** Bytes of the stream before `block`. */
  let emitted = 0;
  /** Hands out the full block and starts a new one (from the pool: may wait). */
  const take = async (): Promise<Buffer> => {
    const out = block.subarray(0, off);
    emitted += off;
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
  /**
   * A file with a lane: its head (read here, checked against the lane's hash of the same bytes)
   * ends the block before the region, the region is the lane's frames, and the tail (shorter
   * than a block) is read here and handed to the lane, which hashes the file in order.
   */
  async function* laneFile(entry: TarEntry, lane: FileLane): AsyncGenerator<Buffer | LaneMark> {
    if (emitted + off !== lane.dataOffset) throw new Error(`internal: ${entry.path} starts at ${emitted + off} of the tar stream, its lane planned ${lane.dataOffset}`);
    if (off + lane.headLength !== OUT_BLOCK) throw new Error(`internal: the lane region of ${entry.path} does not start at a block boundary`);
    const readInto = (from: number, length: number): Buffer => {
      const start = off;
      const r = fileReader(entry.file ?? lane.file, from);
      try {
        for (let got = 0; got < length; ) {
          const n = r.read(block, off, length - got);
          if (n === 0) throw changed(entry, from + got);
          got += n;
          off += n;
        }
      } finally {
        r.close();
      }
      return block.subarray(start, off);
    };
    const head = readInto(0, lane.headLength);
    if (!oneShotSha256(head).equals(await lane.headDigest)) throw changedWhileArchiving(entry.path, `its first ${lane.headLength} bytes differ between two reads`);
    yield await take();
    yield { lane };
    emitted += lane.regionLength;
    lane.finish(Buffer.from(readInto(lane.tailStart, entry.size - lane.tailStart)));
    const pad = paddingFor(entry.size);
    block.fill(0, off, off + pad);
    off += pad;
  }
  const scratch = Buffer.allocUnsafe(HEADER_BLOCK);
  // A plain iterable (walkTree is a sync generator): no await per entry; with lanes beside the
  // writer, a turn of the event loop every few dozen files lets their reads and frames go on.
  let sinceTurn = 0;
  for (const entry of entries) {
    if (options.lanes && ++sinceTurn === 32) {
      sinceTurn = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const fields: TarHeaderFields = { path: entry.path, type: entry.type, mode: entry.mode, size: entry.size, mtime: seconds, linkTarget: entry.linkTarget };
    // Most headers are one ustar block written in place; one that straddles blocks, or a pax one, is built and copied.
    if (off === OUT_BLOCK) yield await take();
    const inPlace = off + HEADER_BLOCK <= OUT_BLOCK ? encodeHeaderInto(block, off, fields) : 0;
    if (inPlace) off += inPlace;
    else if (encodeHeaderInto(scratch, 0, fields)) yield* put(scratch);
    else yield* put(encodeHeader(fields));
    if (entry.type !== "file") continue;
    if (entry.lane) {
      yield* laneFile(entry, entry.lane);
      continue;
    }
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
  // The last block goes out as it is (the consumer gives it back); no new one is taken for nothing.
  if (off > 0) yield block.subarray(0, off);
  else pool?.release(block);
}

function oneShotSha256(bytes: Uint8Array): Buffer {
  return hashOnce("sha256", bytes, "buffer");
}

function changed(entry: TarEntry, read: number): KitError {
  return changedWhileArchiving(entry.path, `expected ${entry.size} bytes, read ${read}`);
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
export async function compressTar(entries: Iterable<TarEntry>, out: ByteSink, options: { mtime: Date; compression: Compression; compressor?: ZstdFrameCompressor } & TarChunkOptions): Promise<void> {
  // In flight at the compressor (one per slot) + the one being filled; a caller's pool is the caller's to dispose.
  const pool = options.pool ?? tarBlockPool(options.compressor);
  try {
    const sink = archiveSink(options.compression, out, options.compressor);
    for await (const part of tarParts(entries, options.mtime, { ...options, pool })) {
      if (Buffer.isBuffer(part)) await sink.write(part, () => pool.release(part));
      else if (sink.splice) await sink.splice(part.lane);
      else throw new Error(`internal: ${part.lane.path} has a lane, which only zstd parts take`);
    }
    await sink.finish();
  } finally {
    if (!options.pool) pool.dispose();
  }
}

/** A block pool for compressTar calls that share one (one per core + one, of the 4 MiB blocks). */
export function tarBlockPool(compressor?: ZstdFrameCompressor): BlockPool {
  return new BlockPool(OUT_BLOCK, (compressor?.slots ?? defaultFrameSlots()) + 1);
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
