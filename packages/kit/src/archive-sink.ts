import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { createGzip } from "node:zlib";
import type { Compression } from "./compress.js";
import type { FileLane } from "./tar-lane.js";
import { ZSTD_BLOCK, ZstdFrameCompressor, type Frame } from "./zstd-compressor.js";

export { ZSTD_BLOCK } from "./zstd-compressor.js";

/** Where compressed bytes go, in order. */
export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
  /** Notes that a lane's frames go here, between the bytes written so far and the next (only sinks of zstd parts with lanes). */
  splice?(lane: FileLane): void;
}

/**
 * Where the tar writer's blocks go: compressed and handed to a ByteSink, in order. `write`
 * takes a block and calls `done` once its bytes are no longer read (the block can be reused);
 * it resolves when the sink can take the next one. `finish` ends the compressed part (last
 * frame, gzip trailer): parts written one after another still read as one stream.
 */
export interface ArchiveSink {
  write(block: Buffer, done: () => void): Promise<void>;
  finish(): Promise<void>;
  /** A lane's region starts here (zstd only: the writer plans lanes only then). */
  splice?(lane: FileLane): Promise<void>;
}

export function archiveSink(kind: Compression, out: ByteSink, compressor?: ZstdFrameCompressor): ArchiveSink {
  if (kind === "zstd") return new ZstdFramesSink(out, compressor);
  if (kind === "gzip") return gzipSink(out);
  return {
    write: async (block, done) => {
      await out.write(block);
      done();
    },
    finish: () => Promise.resolve(),
  };
}

/** Writes all of `bytes` at the file's position (short writes continued). */
export async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
}

/** Sequential writes to a file handle, hashing (sha256) and counting the bytes as they go. */
export class HashingWriter implements ByteSink {
  private readonly hash = createHash("sha256");
  private size = 0;

  /** `also`: told the same bytes in the same order (a signature computed while writing). */
  constructor(
    private readonly file: FileHandle,
    private readonly also?: (bytes: Uint8Array) => void,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.hash.update(bytes);
    this.also?.(bytes);
    this.size += bytes.length;
    await writeAll(this.file, bytes);
  }

  /** Digest and size of everything written (call once, at the end). */
  result(): { digest: string; size: number } {
    return { digest: `sha256:${this.hash.digest("hex")}`, size: this.size };
  }
}

/**
 * zstd on every core without zstd's own threads (Node 24.21's ZstdCompress with
 * ZSTD_c_nbWorkers >= 1 fails with "stream.push() after EOF" on larger inputs, and one thread
 * alone is half the speed of `zstd -T0` on two cores): the stream is cut into fixed 4 MiB
 * blocks, each compressed as an independent frame (level 3, content checksum) on libuv's thread
 * pool (ZstdFrameCompressor), written in order. Concatenated frames are one valid zstd stream
 * (RFC 8878 §3.1) that `zstd -d`, `tar --zstd` and Node read; the bytes depend only on the
 * input (fixed block size and parameters), never on the core count. At a lane's region
 * (`splice`) every frame so far is written first, then the sink says where the lane's frames go.
 */
export class ZstdFramesSink implements ArchiveSink {
  private readonly queue: Promise<Frame>[] = [];
  private readonly compressor: ZstdFrameCompressor;
  private readonly inFlight: number;
  private readonly owned: boolean;
  /** Collects input that does not arrive as whole blocks (the last block, foreign chunks). */
  private partial: Buffer | undefined;
  private filled = 0;
  private frames = 0;

  constructor(
    private readonly out: ByteSink,
    compressor?: ZstdFrameCompressor,
  ) {
    this.owned = !compressor;
    this.compressor = compressor ?? new ZstdFrameCompressor();
    this.inFlight = this.compressor.slots;
  }

  async write(block: Buffer, done: () => void): Promise<void> {
    try {
      if (this.filled === 0 && block.length === ZSTD_BLOCK) {
        this.submit(block, done);
        await this.makeRoom();
        return;
      }
      for (let at = 0; at < block.length; ) {
        this.partial ??= Buffer.allocUnsafe(ZSTD_BLOCK);
        const n = block.copy(this.partial, this.filled, at, Math.min(block.length, at + ZSTD_BLOCK - this.filled));
        at += n;
        this.filled += n;
        if (this.filled === ZSTD_BLOCK) {
          this.submitPartial();
          await this.makeRoom();
        }
      }
      done();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  async splice(lane: FileLane): Promise<void> {
    if (this.filled !== 0) throw new Error("internal: a lane region that does not start at a frame boundary");
    if (!this.out.splice) throw new Error("internal: a lane region for a sink that cannot splice");
    while (this.queue.length) await this.drainOne();
    this.out.splice(lane);
  }

  async finish(): Promise<void> {
    try {
      if (this.filled > 0 || this.frames === 0) this.submitPartial();
      while (this.queue.length) await this.drainOne();
    } finally {
      this.close();
    }
  }

  private submitPartial(): void {
    const frame = (this.partial ?? Buffer.alloc(0)).subarray(0, this.filled);
    this.partial = undefined;
    this.filled = 0;
    this.submit(frame, () => undefined);
  }

  private submit(input: Buffer, done: () => void): void {
    this.frames++;
    const job = this.compressor.compress(input, true).finally(done);
    job.catch(() => undefined);
    this.queue.push(job);
  }

  private async makeRoom(): Promise<void> {
    while (this.queue.length >= this.inFlight) await this.drainOne();
  }

  private async drainOne(): Promise<void> {
    const next = this.queue.shift();
    if (!next) return;
    const frame = await next;
    for (const part of frame.parts) await this.out.write(part);
    frame.release();
  }

  private close(): void {
    if (this.owned) this.compressor.close();
  }
}

/**
 * gzip level 6 through node:zlib, whose header has MTIME 0, no FNAME and OS 3 (a test checks
 * the bytes). zlib calls a write's callback once it has consumed the chunk, which is when the
 * block is free again; the next block is filled meanwhile.
 */
function gzipSink(out: ByteSink): ArchiveSink {
  const gz = createGzip({ level: 6 });
  let failure: Error | undefined;
  let writing = Promise.resolve();
  gz.on("data", (chunk: Buffer) => {
    gz.pause();
    writing = writing.then(() => out.write(chunk)).then(() => void gz.resume(), (e: unknown) => void gz.destroy(e as Error));
  });
  const ended = new Promise<void>((resolve, reject) => {
    gz.on("end", resolve);
    gz.on("error", (e) => {
      failure = e;
      reject(e);
    });
  });
  ended.catch(() => undefined);
  return {
    write: async (block, done) => {
      if (failure) throw failure;
      if (!gz.write(block, () => done())) await new Promise<void>((resolve, reject) => {
        gz.once("drain", resolve);
        ended.catch(reject);
      });
    },
    finish: async () => {
      gz.end();
      await ended;
      await writing;
    },
  };
}
