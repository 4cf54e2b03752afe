import { Transform, type TransformCallback } from "node:stream";
import { createZstdDecompress, type ZstdOptions } from "node:zlib";
import { StellaError } from "./errors.js";

/**
 * Cuts a zstd stream at its frame boundaries so that no chunk handed on holds the end of one
 * frame and the start of the next. Node 24's ZstdDecompress (stream and sync) stops at the end
 * of a frame whose output does not fill its buffer and drops the rest of that input chunk, so
 * a multi-frame file (ours: one part per kit section; pzstd's; `zstd -T0 --rsyncable`'s) loses
 * data silently; fed one frame per write it reads them all. Use `zstdDecompressStages()`. Frame layout from RFC 8878 §3.1.1
 * (frame header, blocks, optional checksum) and §3.1.2 (skippable frames); the bytes are not
 * changed, only where chunks end.
 */
export class ZstdFrameSplitter extends Transform {
  /** Small fields being collected (magic, header descriptor, block header, skippable size). */
  private readonly field = Buffer.alloc(4);
  private have = 0;
  private want = 4;
  private step: "magic" | "descriptor" | "block-header" | "skippable-size" | "opaque" = "magic";
  /** Bytes to pass over unread in the "opaque" step, and where to go after. */
  private skip = 0;
  private after: "block-header" | "checksum" | "frame-end" = "frame-end";
  private checksum = false;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      let start = 0;
      let at = 0;
      while (at < chunk.length) {
        if (this.step === "opaque") {
          const n = Math.min(this.skip, chunk.length - at);
          at += n;
          this.skip -= n;
          if (this.skip === 0 && this.afterOpaque()) {
            if (at > start) this.push(chunk.subarray(start, at));
            start = at;
          }
          continue;
        }
        const n = Math.min(this.want - this.have, chunk.length - at);
        chunk.copy(this.field, this.have, at, at + n);
        this.have += n;
        at += n;
        if (this.have === this.want) {
          this.have = 0;
          this.fieldDone();
        }
      }
      if (start < chunk.length) this.push(chunk.subarray(start));
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (this.step === "magic" && this.have === 0) cb();
    else cb(new StellaError("the zstd stream ends inside a frame (truncated)", { code: "ZSTD_FORMAT", hint: "the file was cut short in transfer; fetch it again and compare its .sha256" }));
  }

  private fieldDone(): void {
    const f = this.field;
    switch (this.step) {
      case "magic": {
        const magic = f.readUInt32LE(0);
        if (magic === 0xfd2fb528) return this.expect("descriptor", 1);
        if ((magic & 0xfffffff0) === 0x184d2a50) return this.expect("skippable-size", 4);
        throw new StellaError(`not a zstd frame (magic 0x${magic.toString(16)})`, { code: "ZSTD_FORMAT", hint: "the file is damaged or not zstd-compressed" });
      }
      case "descriptor": {
        const d = f[0];
        const singleSegment = (d >> 5) & 1;
        const fcsFlag = d >> 6;
        const fcs = fcsFlag === 0 ? singleSegment : [0, 2, 4, 8][fcsFlag];
        const dictionaryId = [0, 1, 2, 4][d & 3];
        this.checksum = ((d >> 2) & 1) === 1;
        return this.opaque((singleSegment ? 0 : 1) + dictionaryId + fcs, "block-header");
      }
      case "block-header": {
        const h = f[0] | (f[1] << 8) | (f[2] << 16);
        const last = h & 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw new StellaError("a zstd block of the reserved type", { code: "ZSTD_FORMAT", hint: "the file is damaged" });
        return this.opaque(type === 1 ? 1 : size, last ? (this.checksum ? "checksum" : "frame-end") : "block-header");
      }
      case "skippable-size":
        return this.opaque(f.readUInt32LE(0), "frame-end");
      case "opaque":
        return;
    }
  }

  /** After an opaque run; true when a frame just ended. */
  private afterOpaque(): boolean {
    if (this.after === "block-header") {
      this.expect("block-header", 3);
      return false;
    }
    if (this.after === "checksum") {
      this.opaque(4, "frame-end");
      return false;
    }
    this.expect("magic", 4);
    return true;
  }

  private expect(step: "magic" | "descriptor" | "block-header" | "skippable-size", bytes: number): void {
    this.step = step;
    this.want = bytes;
    this.have = 0;
  }

  private opaque(bytes: number, after: "block-header" | "checksum" | "frame-end"): void {
    this.step = "opaque";
    this.skip = bytes;
    // An empty run (an empty raw block, a header without optional fields) ends on the next loop turn.
    this.after = after;
  }
}

/** A zstd decompressor that reads every frame: the splitter, then node:zlib's decoder (pipe both). */
export function zstdDecompressStages(options: ZstdOptions = {}): [ZstdFrameSplitter, Transform] {
  return [new ZstdFrameSplitter(), createZstdDecompress(options)];
}
