import { availableParallelism } from "node:os";
import { constants, createZstdCompress } from "node:zlib";
import { free } from "./block-pool.js";

/** Input bytes per zstd frame: the tar writer's block size, so full blocks go out without a copy. */
export const ZSTD_BLOCK = 4 * 2 ** 20;

/**
 * zlib's output buffer: a frame's output (about a quarter of its 4 MiB input) mostly fits in one,
 * so it is compressed in one or two thread-pool jobs. zlib stops a job when its buffer is full
 * and starts the next only from the JavaScript thread, so with 256 KiB buffers a frame took 5-6
 * round trips, and its thread waited whenever the tar writer held the JavaScript thread (bench/ouk:
 * 4.1 -> 3.8-3.9 s; node's 16 KiB default had cost about 1 s of that thread per GB).
 */
const OUTPUT_CHUNK = 1024 * 1024;
/**
 * Level 3 with a content checksum, as `zstd -3`, and a window as large as a frame's input
 * (level 3 alone gives 2 MiB): zstd streams input through a buffer of window + 128 KiB, so a
 * 4 MiB input wrapped around it and half of every frame went through the slower "extDict" match
 * finder (~35% more CPU per byte there; bench/ouk). A window of 4 MiB stays within every
 * decoder's default limit (RFC 8878 §3.1.1.1.2 recommends decoders accept at least 8 MiB).
 */
export const FRAME_WINDOW_LOG = 22;
const zstdParams = { [constants.ZSTD_c_compressionLevel]: 3, [constants.ZSTD_c_checksumFlag]: 1, [constants.ZSTD_c_windowLog]: FRAME_WINDOW_LOG };

/** A compressed frame: its bytes, and `release` once they are written out (their memory is freed then). */
export interface Frame {
  parts: Buffer[];
  release(): void;
}

/**
 * One zstd context kept for many frames: each `frame` call writes its input and ends the frame
 * (ZSTD_e_end); the context starts the next frame afresh with the same parameters, so its bytes
 * equal a one-shot `zstdCompress` of that input (a test checks) without allocating a context
 * and its workspace per frame (that churn on the thread pool's malloc arenas cost ~40 MB RSS).
 *
 * The output is taken as zlib pushes it (slices of its output buffers: a `read()` of
 * the whole frame copied them into one more buffer), and each output buffer is freed as soon as
 * every slice of it is released and zlib writes into another: otherwise a GB of output is
 * garbage that only a collection frees, which V8 starts per 64 MB of it (most of a kit build's
 * collections, and tens of MB of its peak RSS; bench/ouk).
 */
class FrameContext {
  private readonly stream = createZstdCompress({ params: zstdParams, chunkSize: OUTPUT_CHUNK });
  private parts: Buffer[] = [];
  /** Slices not yet released, per output buffer. */
  private readonly unreleased = new Map<ArrayBufferLike, number>();

  constructor() {
    this.stream.on("data", (chunk: Buffer) => {
      this.parts.push(chunk);
      this.unreleased.set(chunk.buffer, (this.unreleased.get(chunk.buffer) ?? 0) + 1);
    });
  }

  frame(input: Buffer): Promise<Frame> {
    return new Promise((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.write(input);
      // zlib emits a flush's output before it calls back.
      this.stream.flush(constants.ZSTD_e_end, () => {
        this.stream.off("error", reject);
        const parts = this.parts;
        this.parts = [];
        resolve({ parts, release: () => this.release(parts) });
      });
    });
  }

  close(): void {
    this.stream.destroy();
  }

  private release(parts: Buffer[]): void {
    // zlib's current output buffer (internal `_outBuffer`): it goes on writing there.
    const current = (this.stream as unknown as { _outBuffer?: Buffer })._outBuffer?.buffer;
    for (const p of parts) {
      const left = (this.unreleased.get(p.buffer) ?? 1) - 1;
      if (left > 0) {
        this.unreleased.set(p.buffer, left);
        continue;
      }
      this.unreleased.delete(p.buffer);
      // Only zlib's own output buffers (never a shared allocation pool's), never the current one.
      if (p.buffer !== current && p.buffer.byteLength === OUTPUT_CHUNK) free(p);
    }
  }
}

/** Frames compressed at once: one per core, at least 2, at most 4. */
export function defaultFrameSlots(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
}

/**
 * zstd frames on libuv's thread pool, at most `slots` at once, shared by everyone compressing
 * parts of one archive (the tar writer's blocks and the large-file lanes beside it), so the
 * cores are used whichever part has work. Each frame is an independent frame of its input
 * (level 3, content checksum): its bytes depend only on the input, never on which context or
 * when. `urgent` frames (the writer's: it waits for them to free its blocks) go before others.
 */
export class ZstdFrameCompressor {
  private readonly idle: FrameContext[] = [];
  private readonly contexts: FrameContext[] = [];
  private readonly urgentWaiters: (() => void)[] = [];
  private readonly waiters: (() => void)[] = [];
  private running = 0;

  constructor(readonly slots = defaultFrameSlots()) {}

  async compress(input: Buffer, urgent = false): Promise<Frame> {
    if (this.running < this.slots) this.running++;
    else await new Promise<void>((resolve) => (urgent ? this.urgentWaiters : this.waiters).push(resolve));
    const ctx = this.idle.pop() ?? this.newContext();
    try {
      return await ctx.frame(input);
    } finally {
      this.idle.push(ctx);
      // The slot passes straight to the next waiter (the running count stays), else it is free.
      const next = this.urgentWaiters.shift() ?? this.waiters.shift();
      if (next) next();
      else this.running--;
    }
  }

  close(): void {
    for (const c of this.contexts) c.close();
    this.contexts.length = 0;
    this.idle.length = 0;
  }

  private newContext(): FrameContext {
    const ctx = new FrameContext();
    this.contexts.push(ctx);
    return ctx;
  }
}
