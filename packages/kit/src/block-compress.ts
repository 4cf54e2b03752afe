import { availableParallelism } from "node:os";
import { Transform, type TransformCallback } from "node:stream";
import { constants, zstdCompress, type ZstdOptions } from "node:zlib";

/** Input bytes per zstd frame: big enough that the ratio stays within ~1% of one frame. */
export const ZSTD_BLOCK = 8 * 2 ** 20;

const zstdOptions: ZstdOptions = { params: { [constants.ZSTD_c_compressionLevel]: 3, [constants.ZSTD_c_checksumFlag]: 1 } };

function compressBlock(block: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => zstdCompress(block, zstdOptions, (e, out) => (e ? reject(e) : resolve(out))));
}

/**
 * zstd on every core without zstd's own threads (broken in Node 24's zlib, see compress.ts):
 * the stream is cut into fixed 8 MiB blocks, each compressed as an independent zstd frame on
 * libuv's thread pool, at most `inFlight` at once, written in order. Concatenated frames are one
 * valid zstd stream (RFC 8878 §3.1) that `zstd -d`, `tar --zstd` and Node read; the bytes depend
 * only on the input (fixed block size, fixed parameters), never on the core count.
 */
export class BlockZstdCompressor extends Transform {
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private readonly queue: Promise<Buffer>[] = [];

  constructor(private readonly inFlight = Math.max(2, Math.min(4, availableParallelism()))) {
    super({ highWaterMark: 4 * ZSTD_BLOCK });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingLen += chunk.length;
    this.drainFull().then(() => cb(), cb);
  }

  override _flush(cb: TransformCallback): void {
    (async () => {
      await this.drainFull();
      if (this.pendingLen > 0 || this.queue.length === 0) this.enqueue(Buffer.concat(this.pending, this.pendingLen));
      this.pending = [];
      this.pendingLen = 0;
      while (this.queue.length) this.push(await this.queue.shift());
    })().then(() => cb(), cb);
  }

  private enqueue(block: Buffer): void {
    const job = compressBlock(block);
    job.catch(() => undefined);
    this.queue.push(job);
  }

  private async drainFull(): Promise<void> {
    while (this.pendingLen >= ZSTD_BLOCK) {
      const all = Buffer.concat(this.pending, this.pendingLen);
      this.enqueue(all.subarray(0, ZSTD_BLOCK));
      const rest = all.subarray(ZSTD_BLOCK);
      this.pending = rest.length ? [rest] : [];
      this.pendingLen = rest.length;
      while (this.queue.length >= this.inFlight) this.push(await this.queue.shift());
    }
  }
}
