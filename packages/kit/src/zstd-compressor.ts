import { availableParallelism } from "node:os";
import { constants, createZstdCompress } from "node:zlib";

/** Input bytes per zstd frame: the tar writer's block size, so full blocks go out without a copy. */
export const ZSTD_BLOCK = 4 * 2 ** 20;

const zstdParams = { [constants.ZSTD_c_compressionLevel]: 3, [constants.ZSTD_c_checksumFlag]: 1 };

/**
 * One zstd context kept for many frames: each `frame` call writes its input and ends the frame
 * (ZSTD_e_end); the context starts the next frame afresh with the same parameters, so its bytes
 * equal a one-shot `zstdCompress` of that input (a test checks) without allocating a context
 * and its workspace per frame (that churn on the thread pool's malloc arenas cost ~40 MB RSS).
 */
class FrameContext {
  // The whole frame stays in the readable buffer until read (it is at most ~4.02 MiB).
  // 256 KiB output chunks: node's 16 KiB default cost a JS callback per 16 KiB, about 1 s of main-thread time per GB.
  private readonly stream = createZstdCompress({ params: zstdParams, chunkSize: 256 * 1024, ...({ readableHighWaterMark: 16 * 2 ** 20 } as object) });

  frame(input: Buffer): Promise<Buffer[]> {
    return new Promise((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.write(input);
      this.stream.flush(constants.ZSTD_e_end, () => {
        this.stream.off("error", reject);
        const parts: Buffer[] = [];
        for (let c: Buffer | null; (c = this.stream.read() as Buffer | null) !== null; ) parts.push(c);
        resolve(parts);
      });
    });
  }

  close(): void {
    this.stream.destroy();
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

  async compress(input: Buffer, urgent = false): Promise<Buffer[]> {
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
