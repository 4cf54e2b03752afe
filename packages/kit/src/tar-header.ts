/**
 * Pure POSIX tar (ustar + pax) header encoding for deterministic archives (DESIGN.md
 * "Determinism"): uid/gid 0, empty uname/gname, no atime/ctime, the caller's mtime.
 * Names longer than ustar allows, non-ASCII names and sizes past 8 GiB get a pax `x`
 * header (POSIX.1-2001 pax format) carrying `path`/`linkpath`/`size`.
 */

export type TarEntryType = "file" | "directory" | "symlink";

export interface TarHeaderFields {
  path: string;
  type: TarEntryType;
  mode: number;
  size: number;
  /** Seconds since 1970. */
  mtime: number;
  linkTarget?: string;
}

const BLOCK = 512;
const USTAR_MAX_SIZE = 0o77777777777;
const TYPEFLAG: Record<TarEntryType, string> = { file: "0", directory: "5", symlink: "2" };

/** Normalised modes: 0755 for directories and executables, 0644 for everything else. */
export function normaliseMode(type: TarEntryType, mode: number): number {
  if (type === "directory") return 0o755;
  if (type === "symlink") return 0o777;
  return mode & 0o111 ? 0o755 : 0o644;
}

function writeString(buf: Buffer, value: string, offset: number, length: number): void {
  buf.write(value, offset, length, "utf8");
}

function writeOctal(buf: Buffer, value: number, offset: number, length: number): void {
  // length-1 octal digits, then NUL (what GNU tar and bsdtar emit).
  const s = value.toString(8).padStart(length - 1, "0");
  buf.write(s + "\0", offset, length, "ascii");
}

/** Printable ASCII and at most `max` bytes: a ustar field as it is, no pax record. */
function fitsUstar(s: string, max = 100): boolean {
  if (s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** One pax record: "<len> <key>=<value>\n" where <len> counts the whole record. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + 1;
  while (bodyLen + String(len).length !== len) len = bodyLen + String(len).length;
  return `${len}${body}`;
}

function rawHeader(name: string, typeflag: string, mode: number, size: number, mtime: number, linkname: string): Buffer {
  const buf = Buffer.allocUnsafe(BLOCK);
  writeRawHeader(buf, 0, name, typeflag, mode, size, mtime, linkname);
  return buf;
}

/** One ustar header block at `at` of `target`. */
function writeRawHeader(target: Buffer, at: number, name: string, typeflag: string, mode: number, size: number, mtime: number, linkname: string): void {
  const buf = target.subarray(at, at + BLOCK);
  buf.fill(0);
  writeString(buf, name, 0, 100);
  writeOctal(buf, mode, 100, 8);
  writeOctal(buf, 0, 108, 8);
  writeOctal(buf, 0, 116, 8);
  writeOctal(buf, size, 124, 12);
  writeOctal(buf, mtime, 136, 12);
  buf.fill(0x20, 148, 156);
  buf.write(typeflag, 156, 1, "ascii");
  writeString(buf, linkname, 157, 100);
  buf.write("ustar\0", 257, 6, "ascii");
  buf.write("00", 263, 2, "ascii");
  // uname/gname (265, 297) stay empty; devmajor/devminor zero.
  writeOctal(buf, 0, 329, 8);
  writeOctal(buf, 0, 337, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += buf[i];
  buf.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
}

/** Bytes needed to pad `size` content bytes up to the next 512-byte block. */
export function paddingFor(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

function headerFacts(fields: TarHeaderFields): { name: string; link: string; size: number; pax: string[] } {
  const isDir = fields.type === "directory";
  const name = isDir && !fields.path.endsWith("/") ? `${fields.path}/` : fields.path;
  const link = fields.linkTarget ?? "";
  const size = fields.type === "file" ? fields.size : 0;
  const pax: string[] = [];
  if (!fitsUstar(name)) pax.push(paxRecord("path", name));
  if (!fitsUstar(link)) pax.push(paxRecord("linkpath", link));
  if (size > USTAR_MAX_SIZE) pax.push(paxRecord("size", String(size)));
  return { name, link, size, pax };
}

/** Whether the entry's header is one ustar block (what headerFacts asks a pax record for, without building one). */
function plainUstar(fields: TarHeaderFields): boolean {
  const slash = fields.type === "directory" && !fields.path.endsWith("/") ? 1 : 0;
  return fitsUstar(fields.path, 100 - slash) && fitsUstar(fields.linkTarget ?? "") && (fields.type !== "file" || fields.size <= USTAR_MAX_SIZE);
}

/**
 * Writes the entry's header straight into `target` at `at` when it is one plain ustar block
 * (no pax record needed; `target` must have 512 bytes there) and returns 512; returns 0 when
 * the entry needs a pax header, for `encodeHeader` to build. Saves a buffer per entry.
 */
export function encodeHeaderInto(target: Buffer, at: number, fields: TarHeaderFields): number {
  if (!plainUstar(fields)) return 0;
  writeFromTemplate(target, at, fields);
  return BLOCK;
}

/** Bytes of an entry's header(s), without building them unless a pax header is needed. */
export function headerLength(fields: TarHeaderFields): number {
  return plainUstar(fields) ? BLOCK : encodeHeader(fields).length;
}

/**
 * The header block of one archive's entries, with every field but name, mode, size, typeflag
 * and linkname filled (zeros there) and the checksum field as spaces, and the sum of its bytes.
 */
interface UstarTemplate {
  bytes: Buffer;
  sum: number;
}
let template: { mtime: number; t: UstarTemplate } | undefined;

function templateFor(mtime: number): UstarTemplate {
  if (template?.mtime === mtime) return template.t;
  const bytes = Buffer.alloc(BLOCK);
  writeRawHeader(bytes, 0, "", "0", 0, 0, mtime, "");
  bytes.fill(0, 100, 108);
  bytes.fill(0, 124, 136);
  bytes[156] = 0;
  bytes.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += bytes[i];
  template = { mtime, t: { bytes, sum } };
  return template.t;
}

/**
 * The one ustar block of a plain entry (plainUstar), from a template of the archive's constant
 * fields: the same bytes as writeRawHeader (a test compares them for many entries) at a fraction
 * of its cost per entry, which counts for a feed tree of 100k+ small files (bench/ouk).
 */
function writeFromTemplate(target: Buffer, at: number, fields: TarHeaderFields): void {
  const { path, type } = fields;
  const link = fields.linkTarget ?? "";
  const t = templateFor(fields.mtime);
  target.set(t.bytes, at);
  let sum = t.sum;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    target[at + i] = c;
    sum += c;
  }
  if (type === "directory" && !path.endsWith("/")) {
    target[at + path.length] = 0x2f;
    sum += 0x2f;
  }
  for (let i = 0; i < link.length; i++) {
    const c = link.charCodeAt(i);
    target[at + 157 + i] = c;
    sum += c;
  }
  sum += octalDigits(target, at + 100, 7, normaliseMode(type, fields.mode));
  sum += octalDigits(target, at + 124, 11, type === "file" ? fields.size : 0);
  const flag = TYPEFLAG[type].charCodeAt(0);
  target[at + 156] = flag;
  sum += flag;
  // Checksum: six octal digits, NUL, space (the template's last space stays).
  octalDigits(target, at + 148, 6, sum);
  target[at + 154] = 0;
}

/** `value` as `digits` zero-padded octal digits at `pos` (it fits: callers check); the sum of the bytes written. */
function octalDigits(target: Buffer, pos: number, digits: number, value: number): number {
  let sum = 0;
  for (let i = digits - 1; i >= 0; i--) {
    const c = 0x30 + (value % 8);
    target[pos + i] = c;
    sum += c;
    value = Math.floor(value / 8);
  }
  return sum;
}

/** The header block(s) for one entry: an optional pax header + its data, then the ustar header. */
export function encodeHeader(fields: TarHeaderFields): Buffer {
  const { name, link, size, pax } = headerFacts(fields);
  const mode = normaliseMode(fields.type, fields.mode);
  const header = rawHeader(asciiPrefix(name), TYPEFLAG[fields.type], mode, size > USTAR_MAX_SIZE ? 0 : size, fields.mtime, asciiPrefix(link));
  if (pax.length === 0) return header;
  const paxData = Buffer.from(pax.join(""), "utf8");
  const paxName = asciiPrefix(`PaxHeaders/${name.replace(/\/$/, "").split("/").pop() ?? "entry"}`);
  const paxHeader = rawHeader(paxName, "x", 0o644, paxData.length, fields.mtime, "");
  return Buffer.concat([paxHeader, paxData, Buffer.alloc(paddingFor(paxData.length)), header]);
}

/** The ustar field fallback for readers without pax support: ASCII only, at most 100 bytes. */
function asciiPrefix(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "_").slice(0, 100);
}

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);
