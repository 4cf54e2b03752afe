import { createHash } from "node:crypto";
import { open, rm, type FileHandle } from "node:fs/promises";
import type { BigIntStats } from "node:fs";
import { tempPathFor, threadPoolLowered } from "@stella/core";
import { writeAll } from "./archive-sink.js";
import { BlockPool } from "./block-pool.js";
import { changedWhileArchiving } from "./errors.js";
import type { FileDigest } from "./file-digest.js";
import { headerLength, paddingFor } from "./tar-header.js";
import type { TreePlan } from "./tree-plan.js";
import { ZSTD_BLOCK, type Frame, type ZstdFrameCompressor } from "./zstd-compressor.js";

/** Files this large get a lane (a smaller one has too few whole frames in its middle to gain). */
export const LANE_MIN_BYTES = 16 * ZSTD_BLOCK;

/**
 * A large file's middle compressed beside the tar writer. The writer fills its 4 MiB blocks
 * with small files on one thread while the frames of, say, a 650 MB vulnerability DB wait for
 * their turn at the end of the archive; so the blocks of the file that lie wholly in the middle
 * of it (`region`: from the first block boundary after its data starts to the last one before
 * it ends) are read, hashed and compressed from the start, by the shared frame compressor, into
 * a frames file. The writer archives the head (the bytes before the region) and the tail itself
 * and splices the frames file in at the region. Block boundaries and frame inputs are those of
 * the sequential writer, so the kit's bytes are the same to the byte. The file is read twice,
 * side by side: its sha256 comes from a thread of its own, started as soon as the walk finds the
 * file (file-digest.ts: the kit manifest, first in the kit, needs it long before the last frame),
 * and a file whose size, mtime or ctime differ between that read, the lane's and the writer's is
 * refused, as GNU tar warns "file changed as we read it".
 *
 * While the writer is busy the lane leaves it one slot of the compressor (on two cores, one
 * frame at a time: more would take the core the writer's thread needs, and the writer is the
 * slower part; bench/ouk), unless the pool runs below the writer's thread; `widen` lets it use
 * every slot once the writer is done.
 */
export class FileLane {
  /** sha256 of the head as the lane read and hashed it: the writer checks its own read against it. */
  readonly headDigest: Promise<Buffer>;
  /** sha256 of the whole file (known once the writer has handed over the tail; the frames may still be on their way). */
  readonly digest: Promise<Buffer>;
  /** The frames are all written to `framesPath` (and the file did not change meanwhile): their size. */
  readonly done: Promise<number>;
  private resolveHead!: (digest: Buffer) => void;
  private rejectHead!: (e: unknown) => void;
  private resolveDigest!: (digest: Buffer) => void;
  private rejectDigest!: (e: unknown) => void;
  private written = 0;
  private finished = false;
  private readonly waiters: (() => void)[] = [];
  private resolveTail!: (tail: Buffer) => void;
  private rejectTail!: (e: Error) => void;
  private readonly tail: Promise<Buffer>;
  private aborted = false;
  private width: number;
  private wake: (() => void) | undefined;

  constructor(
    readonly path: string,
    readonly file: string,
    readonly size: number,
    /** Bytes of the file before the region. */
    readonly headLength: number,
    /** Bytes in the region: whole blocks. */
    readonly regionLength: number,
    /** Where the file's data starts in the tar stream (a check that writer and plan agree). */
    readonly dataOffset: number,
    private readonly compressor: ZstdFrameCompressor,
    readonly framesPath: string,
    /** The whole file's sha256 and identity, from another thread (digestBeside). */
    private readonly fileDigest: Promise<FileDigest>,
  ) {
    // With the pool below this thread (lowerThreadPoolPriority), the kernel gives the writer its
    // core whatever the lane runs, so the lane may take every slot from the start.
    this.width = threadPoolLowered() ? compressor.slots : Math.max(1, compressor.slots - 1);
    this.headDigest = new Promise((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    this.headDigest.catch(() => undefined);
    this.digest = new Promise((resolve, reject) => {
      this.resolveDigest = resolve;
      this.rejectDigest = reject;
    });
    this.digest.catch(() => undefined);
    this.tail = new Promise((resolve, reject) => {
      this.resolveTail = resolve;
      this.rejectTail = reject;
    });
    this.tail.catch(() => undefined);
    this.done = this.run();
    // The writer awaits `headDigest` and the packer `done`; a failure is theirs to see.
    this.done.catch(() => undefined);
  }

  /** Where the tail (the bytes after the region, archived by the writer) starts in the file. */
  get tailStart(): number {
    return this.headLength + this.regionLength;
  }

  /** The writer hands over the tail it archived (it is done reading the file). */
  finish(tail: Buffer): void {
    this.resolveTail(tail);
  }

  /** The writer is done: from now on the lane may use every slot of the compressor. */
  widen(): void {
    this.width = this.compressor.slots;
    this.wake?.();
  }

  /** Stops the lane (the archive failed elsewhere); `done` then rejects. */
  abort(): void {
    this.aborted = true;
    this.rejectTail(new Error("archive aborted"));
    this.wake?.();
  }

  /** Frames bytes in the frames file so far, and whether the lane is through (`done` says how). */
  progress(): { written: number; finished: boolean } {
    return { written: this.written, finished: this.finished };
  }

  /** Resolves once more than `written` bytes of frames are in the file or the lane has ended. */
  more(written: number): Promise<void> {
    if (this.written > written || this.finished) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private advanced(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async run(): Promise<number> {
    let fh: FileHandle | undefined;
    let out: FileHandle | undefined;
    try {
      fh = await open(this.file, "r");
      out = await open(this.framesPath, "wx", 0o600);
      const before = await fh.stat({ bigint: true });
      const head = Buffer.allocUnsafe(this.headLength);
      await this.readExactly(fh, head, 0);
      this.resolveHead(createHash("sha256").update(head).digest());
      // The digest goes out once the writer has read the tail, while frames may still be made:
      // the file is the one this lane and the digest's thread saw (the last look below covers
      // the frames and the tail).
      const digested = (async () => {
        const [d] = await Promise.all([this.fileDigest, this.tail]);
        if (!sameFile(d, before)) throw changedWhileArchiving(this.path);
        this.resolveDigest(d.sha256);
        return d;
      })();
      const [digest] = await Promise.all([digested, this.framePass(fh, out)]);
      if (!sameFile(digest, await fh.stat({ bigint: true }))) throw changedWhileArchiving(this.path);
      return this.written;
    } catch (e) {
      this.rejectHead(e);
      this.rejectDigest(e);
      throw e;
    } finally {
      this.finished = true;
      this.advanced();
      await fh?.close();
      await out?.close();
    }
  }

  /** The region's frames, back to back: a block is read while one compresses, a frame written while the next compresses. */
  private async framePass(fh: FileHandle, out: FileHandle): Promise<void> {
    const blocks = new BlockPool(ZSTD_BLOCK, this.compressor.slots);
    try {
      const queue: Promise<Frame>[] = [];
      let writing = Promise.resolve();
      const drainOne = async (): Promise<void> => {
        const frame = await queue.shift()!;
        await writing;
        writing = (async () => {
          for (const part of frame.parts) {
            await writeAll(out, part);
            this.written += part.length;
          }
          frame.release();
          this.advanced();
        })();
        writing.catch(() => undefined);
      };
      const readBlock = async (at: number): Promise<Buffer> => {
        const block = await blocks.acquire();
        await this.readExactly(fh, block, at);
        return block;
      };
      let next: Promise<Buffer> | undefined;
      for (let at = this.headLength; at < this.tailStart; at += ZSTD_BLOCK) {
        if (this.aborted) throw new Error("archive aborted");
        const block = await (next ?? readBlock(at));
        next = at + ZSTD_BLOCK < this.tailStart ? readBlock(at + ZSTD_BLOCK) : undefined;
        next?.catch(() => undefined);
        const job = this.compressor.compress(block).finally(() => blocks.release(block));
        job.catch(() => undefined);
        queue.push(job);
        // `width` frames of this lane at once; when widened, a wait for the oldest is cut short.
        while (queue.length >= this.width) {
          const widened = new Promise<void>((resolve) => (this.wake = resolve));
          await Promise.race([queue[0].then(() => undefined, () => undefined), widened]);
          this.wake = undefined;
          if (queue.length >= this.width) await drainOne();
        }
      }
      while (queue.length) await drainOne();
      await writing;
    } finally {
      blocks.dispose();
    }
  }

  private async readExactly(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
    for (let got = 0; got < buf.length; ) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
      if (bytesRead === 0) throw changedWhileArchiving(this.path, `expected ${this.size} bytes, it ends at ${position + got}`);
      got += bytesRead;
    }
  }
}

function sameFile(d: FileDigest, s: BigIntStats): boolean {
  return d.size === s.size && d.mtimeNs === s.mtimeNs && d.ctimeNs === s.ctimeNs;
}

/** Whether a file of `size` bytes gets a lane: at least `minBytes`, and three blocks (which always hold two whole ones). */
export function wantsLane(size: number, minBytes = LANE_MIN_BYTES): boolean {
  return size >= Math.max(minBytes, 3 * ZSTD_BLOCK);
}

/**
 * Lanes for the files of `plan` that `digests` names (the walk found them large: wantsLane, and
 * started their digests): every offset is known before anything is written, from each entry's
 * header length and size (the plan's entries are the tar stream from offset 0). Started at once;
 * their frames files are temp files named after `framesBeside`.
 */
export function startLanes(plan: TreePlan, mtime: Date, compressor: ZstdFrameCompressor, framesBeside: string, digests: ReadonlyMap<string, Promise<FileDigest>>): Map<string, FileLane> {
  const lanes = new Map<string, FileLane>();
  const seconds = Math.floor(mtime.getTime() / 1000);
  let offset = 0;
  for (let i = 0; i < plan.length; i++) {
    const e = plan.fields(i);
    offset += headerLength({ path: e.path, type: e.type, mode: e.mode, size: e.size, mtime: seconds, linkTarget: e.linkTarget });
    const digest = digests.get(e.path);
    if (e.type === "file" && digest) {
      const regionStart = Math.ceil(offset / ZSTD_BLOCK) * ZSTD_BLOCK;
      const regionEnd = Math.floor((offset + e.size) / ZSTD_BLOCK) * ZSTD_BLOCK;
      if (regionEnd - regionStart < 2 * ZSTD_BLOCK) throw new Error(`internal: ${e.path} (${e.size} bytes) has fewer than two whole blocks for its lane`);
      lanes.set(e.path, new FileLane(e.path, plan.entry(i).file!, e.size, regionStart - offset, regionEnd - regionStart, offset, compressor, tempPathFor(`${framesBeside}.lane`), digest));
    }
    offset += e.size + paddingFor(e.size);
  }
  return lanes;
}

/** Stops every lane and removes its frames file. */
export async function closeLanes(lanes: Iterable<FileLane>): Promise<void> {
  const all = [...lanes];
  for (const lane of all) lane.abort();
  for (const lane of all) {
    await lane.done.catch(() => undefined);
    await rm(lane.framesPath, { force: true });
  }
}
