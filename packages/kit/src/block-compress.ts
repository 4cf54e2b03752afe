import { availableParallelism } from "node:os";
import { Transform, type TransformCallback } from "node:stream";
import { constants, zstdCompress, type ZstdOptions } from "node:zlib";

/** Input bytes per zstd frame (the tar writer's block size, so full blocks go out without a copy). */
export const ZSTD_BLOCK = 4 * 2 ** 20;

const zstdOptions: ZstdOptions = { params: { [constants.ZSTD_c_compressionLevel]: 3, [constants.ZSTD_c_checksumFlag]: 1 } };

function compressBlock(block: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => zstdCompress(block, zstdOptions, (e, out) => (e ? reject(e) : resolve(out))));
}

/**
 * zstd on every core without zstd's own threads (broken in Node 24's zlib, see compress.ts):
 * the stream is cut into fixed 4 MiB blocks, each compressed as an independent zstd frame on
 * libuv's thread pool, at most `inFlight` at once, written in order. Concatenated frames are one
 * valid zstd stream (RFC 8878 §3.1) that `zstd -d`, `tar --zstd` and Node read; the bytes depend
 * only on the input (fixed block size, fixed parameters), never on the core count.
 */
export class BlockZstdCompressor extends Transform {
  private block = Buffer.allocUnsafe(ZSTD_BLOCK);
  private filled = 0;
  private readonly queue: Promise<Buffer>[] = [];

  constructor(private readonly inFlight = Math.max(2, Math.min(4, availableParallelism()))) {
    super({ writableHighWaterMark: ZSTD_BLOCK, readableHighWaterMark: ZSTD_BLOCK });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.absorb(chunk).then(() => cb(), cb);
  }

  override _flush(cb: TransformCallback): void {
    (async () => {
      if (this.filled > 0 || this.queue.length === 0) this.enqueue();
      while (this.queue.length) this.push(await this.queue.shift());
    })().then(() => cb(), cb);
  }

  /** Copies `chunk` into the current block (one allocation per 8 MiB block), sending full blocks off. */
  private async absorb(chunk: Buffer): Promise<void> {
    if (this.filled === 0 && chunk.length === ZSTD_BLOCK) {
      // A whole block as the tar writer hands it over: compress it in place.
      this.enqueue(chunk);
      while (this.queue.length >= this.inFlight) this.push(await this.queue.shift());
      return;
    }
    for (let at = 0; at < chunk.length; ) {
      const n = chunk.copy(this.block, this.filled, at, Math.min(chunk.length, at + ZSTD_BLOCK - this.filled));
      at += n;
      this.filled += n;
      if (this.filled === ZSTD_BLOCK) {
        this.enqueue();
        while (this.queue.length >= this.inFlight) this.push(await this.queue.shift());
      }
    }
  }

  private enqueue(whole?: Buffer): void {
    const job = compressBlock(whole ?? this.block.subarray(0, this.filled));
    job.catch(() => undefined);
    this.queue.push(job);
    if (whole) return;
    this.block = Buffer.allocUnsafe(ZSTD_BLOCK);
    this.filled = 0;
  }
}
