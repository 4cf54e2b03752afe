import { inflateRawSync } from "node:zlib";

/**
 * A minimal reader of ZIP archives held in memory (PKWARE APPNOTE 6.3: end of central
 * directory, central directory headers, local headers; stored and deflated entries), for
 * Java archives. Every inflate is capped, so a zip bomb costs at most `maxEntryBytes`.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

export class ZipError extends Error {}

export function listZip(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("no end-of-central-directory record (not a zip, or truncated)");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CEN) throw new ZipError(`central directory entry ${n} is damaged`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    out.push({
      name: buf.toString("utf8", at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function readZipEntry(buf: Buffer, e: ZipEntry, maxEntryBytes: number): Buffer {
  if (e.size > maxEntryBytes || e.compressedSize === 0xffffffff) throw new ZipError(`${e.name}: larger than ${maxEntryBytes} bytes (or zip64); skipped`);
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOC) throw new ZipError(`${e.name}: local header is damaged`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) throw new ZipError(`${e.name}: data is truncated`);
  if (e.method === 0) return data;
  if (e.method === 8) return inflateRawSync(data, { maxOutputLength: maxEntryBytes });
  throw new ZipError(`${e.name}: compression method ${e.method} is not supported`);
}
