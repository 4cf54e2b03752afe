/**
 * RPM package headers as the rpmdb stores them (rpm's lib/header.c "header blob"): a
 * big-endian index count and data length, `il` 16-byte index entries (tag, type, offset,
 * count), then the data store. Only the tags an SBOM needs are read.
 */
export const RPMTAG = { NAME: 1000, VERSION: 1001, RELEASE: 1002, EPOCH: 1003, LICENSE: 1014, VENDOR: 1011, ARCH: 1022, SOURCERPM: 1044 } as const;
const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_I18NSTRING = 9;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  license?: string;
  vendor?: string;
  sourceRpm?: string;
}

export function parseRpmHeader(blob: Uint8Array): RpmHeader | undefined {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8) return undefined;
  const il = buf.readUInt32BE(0);
  const dl = buf.readUInt32BE(4);
  const store = 8 + il * 16;
  if (il > 100_000 || store + dl > buf.length) return undefined;
  const strings = new Map<number, string>();
  const ints = new Map<number, number>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = buf.readUInt32BE(at);
    const type = buf.readUInt32BE(at + 4);
    const offset = buf.readInt32BE(at + 8);
    if (offset < 0 || offset >= dl) continue;
    const p = store + offset;
    if (type === TYPE_STRING || type === TYPE_I18NSTRING) {
      const end = buf.indexOf(0, p);
      strings.set(tag, buf.toString("utf8", p, end < 0 ? store + dl : end));
    } else if (type === TYPE_INT32 && p + 4 <= store + dl) {
      ints.set(tag, buf.readInt32BE(p));
    }
  }
  const name = strings.get(RPMTAG.NAME);
  const version = strings.get(RPMTAG.VERSION);
  if (!name || !version) return undefined;
  const h: RpmHeader = { name, version, release: strings.get(RPMTAG.RELEASE) ?? "" };
  const epoch = ints.get(RPMTAG.EPOCH);
  if (epoch !== undefined) h.epoch = epoch;
  for (const [key, tag] of [["arch", RPMTAG.ARCH], ["license", RPMTAG.LICENSE], ["vendor", RPMTAG.VENDOR], ["sourceRpm", RPMTAG.SOURCERPM]] as const) {
    const v = strings.get(tag);
    if (v) h[key] = v;
  }
  return h;
}

/** Builds a header blob (tests, fixtures): strings and one INT32 epoch. */
export function buildRpmHeader(fields: Partial<Record<keyof typeof RPMTAG, string | number>>): Buffer {
  const entries: Buffer[] = [];
  const data: Buffer[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(fields)) {
    const tag = RPMTAG[k as keyof typeof RPMTAG];
    const e = Buffer.alloc(16);
    if (typeof v === "number") {
      const pad = (4 - (size % 4)) % 4;
      data.push(Buffer.alloc(pad));
      size += pad;
      e.writeUInt32BE(tag, 0);
      e.writeUInt32BE(TYPE_INT32, 4);
      e.writeUInt32BE(size, 8);
      e.writeUInt32BE(1, 12);
      const b = Buffer.alloc(4);
      b.writeInt32BE(v);
      data.push(b);
      size += 4;
    } else {
      e.writeUInt32BE(tag, 0);
      e.writeUInt32BE(TYPE_STRING, 4);
      e.writeUInt32BE(size, 8);
      e.writeUInt32BE(1, 12);
      const b = Buffer.from(`${v}\0`, "utf8");
      data.push(b);
      size += b.length;
    }
    entries.push(e);
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(size, 4);
  return Buffer.concat([head, ...entries, ...data]);
}
