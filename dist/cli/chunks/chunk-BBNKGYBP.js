#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/core/src/errors.ts
var StellaError = class extends Error {
  static {
    __name(this, "StellaError");
  }
  code;
  hint;
  constructor(message, options) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
  }
  /** One text for people: the message, then the hint on its own line. */
  describe() {
    return this.hint ? `${this.message}
  hint: ${this.hint}` : this.message;
  }
};
var ValidationError = class extends StellaError {
  static {
    __name(this, "ValidationError");
  }
  problems;
  constructor(subject, problems, hint) {
    super(`${subject}: ${problems.length} problem${problems.length === 1 ? "" : "s"}
${problems.map((p) => `  - ${p}`).join("\n")}`, {
      code: "VALIDATION",
      ...hint === void 0 ? {} : { hint }
    });
    this.problems = problems;
  }
};
function isStellaError(e) {
  return e instanceof StellaError;
}
__name(isStellaError, "isStellaError");
function errorMessage(e) {
  if (e instanceof Error) return e.message;
  return String(e);
}
__name(errorMessage, "errorMessage");

// packages/core/src/logger.ts
var silentLogger = {
  debug: /* @__PURE__ */ __name(() => void 0, "debug"),
  info: /* @__PURE__ */ __name(() => void 0, "info"),
  warn: /* @__PURE__ */ __name(() => void 0, "warn"),
  error: /* @__PURE__ */ __name(() => void 0, "error")
};
function redact(text, secrets) {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("***");
  }
  return out;
}
__name(redact, "redact");

// packages/core/src/atomic-file.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, basename, join } from "node:path";
function isMissing(e) {
  return e instanceof Error && "code" in e && e.code === "ENOENT";
}
__name(isMissing, "isMissing");
var TEMP_TAG = randomBytes(6).toString("hex");
var tempCount = 0;
function tempPathFor(target) {
  return join(dirname(target), `.${basename(target)}.${TEMP_TAG}-${(tempCount++).toString(36)}.tmp`);
}
__name(tempPathFor, "tempPathFor");
async function writeFileAtomic(target, data, mode = 420, options = {}) {
  const tmp = tempPathFor(target);
  try {
    const fh = await open(tmp, "wx", mode).catch(async (e) => {
      if (!isMissing(e)) throw e;
      await mkdir(dirname(target), { recursive: true });
      return open(tmp, "wx", mode);
    });
    try {
      await fh.writeFile(data);
      if (options.fsync ?? true) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
__name(writeFileAtomic, "writeFileAtomic");
function writeFileAtomicSync(target, data, mode = 420, options = {}) {
  const tmp = tempPathFor(target);
  try {
    let fd;
    try {
      fd = openSync(tmp, "wx", mode);
    } catch (e) {
      if (!isMissing(e)) throw e;
      mkdirSync(dirname(target), { recursive: true });
      fd = openSync(tmp, "wx", mode);
    }
    try {
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      for (let off = 0; off < bytes.byteLength; ) off += writeSync(fd, bytes, off);
      if (options.fsync ?? true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
__name(writeFileAtomicSync, "writeFileAtomicSync");

// packages/core/src/epoch.ts
function timestampFrom(sourceDateEpoch, fallback) {
  if (sourceDateEpoch !== void 0 && sourceDateEpoch !== "") {
    if (!/^\d+$/.test(sourceDateEpoch)) {
      throw new RangeError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got "${sourceDateEpoch}"`);
    }
    return new Date(Number(sourceDateEpoch) * 1e3);
  }
  if (fallback !== void 0) return new Date(fallback);
  return /* @__PURE__ */ new Date(0);
}
__name(timestampFrom, "timestampFrom");
function isoSeconds(d) {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
__name(isoSeconds, "isoSeconds");

// packages/core/src/pool-priority.ts
import { readdirSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { getPriority, setPriority } from "node:os";
var lowered = 0;
async function lowerThreadPoolPriority(nice = 10) {
  if (process.platform !== "linux") return 0;
  await stat("/").catch(() => void 0);
  let changed = 0;
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      if (!comm.startsWith("libuv-worker")) continue;
      setPriority(Number(tid), Math.min(19, getPriority(Number(tid)) + nice));
      changed++;
    }
  } catch {
  }
  lowered += changed;
  return changed;
}
__name(lowerThreadPoolPriority, "lowerThreadPoolPriority");
function threadPoolLowered() {
  return lowered > 0;
}
__name(threadPoolLowered, "threadPoolLowered");

// packages/core/src/digest.ts
import { createHash } from "node:crypto";
function sha256Digest(data) {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}
__name(sha256Digest, "sha256Digest");
function sha256Hex(data) {
  return createHash("sha256").update(data).digest("hex");
}
__name(sha256Hex, "sha256Hex");
var DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
function isSha256Digest(value) {
  return DIGEST_RE.test(value);
}
__name(isSha256Digest, "isSha256Digest");

// packages/core/src/zstd-frames.ts
import { Transform } from "node:stream";
import { createZstdDecompress } from "node:zlib";
var ZstdFrameSplitter = class extends Transform {
  static {
    __name(this, "ZstdFrameSplitter");
  }
  /** Small fields being collected (magic, header descriptor, block header, skippable size). */
  field = Buffer.alloc(4);
  have = 0;
  want = 4;
  step = "magic";
  /** Bytes to pass over unread in the "opaque" step, and where to go after. */
  skip = 0;
  after = "frame-end";
  checksum = false;
  _transform(chunk, _enc, cb) {
    try {
      let start = 0;
      let at = 0;
      while (at < chunk.length) {
        if (this.step === "opaque") {
          const n2 = Math.min(this.skip, chunk.length - at);
          at += n2;
          this.skip -= n2;
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
      cb(e);
    }
  }
  _flush(cb) {
    if (this.step === "magic" && this.have === 0) cb();
    else cb(new StellaError("the zstd stream ends inside a frame (truncated)", { code: "ZSTD_FORMAT", hint: "the file was cut short in transfer; fetch it again and compare its .sha256" }));
  }
  fieldDone() {
    const f = this.field;
    switch (this.step) {
      case "magic": {
        const magic = f.readUInt32LE(0);
        if (magic === 4247762216) return this.expect("descriptor", 1);
        if ((magic & 4294967280) === 407710288) return this.expect("skippable-size", 4);
        throw new StellaError(`not a zstd frame (magic 0x${magic.toString(16)})`, { code: "ZSTD_FORMAT", hint: "the file is damaged or not zstd-compressed" });
      }
      case "descriptor": {
        const d = f[0];
        const singleSegment = d >> 5 & 1;
        const fcsFlag = d >> 6;
        const fcs = fcsFlag === 0 ? singleSegment : [0, 2, 4, 8][fcsFlag];
        const dictionaryId = [0, 1, 2, 4][d & 3];
        this.checksum = (d >> 2 & 1) === 1;
        return this.opaque((singleSegment ? 0 : 1) + dictionaryId + fcs, "block-header");
      }
      case "block-header": {
        const h = f[0] | f[1] << 8 | f[2] << 16;
        const last = h & 1;
        const type = h >> 1 & 3;
        const size = h >>> 3;
        if (type === 3) throw new StellaError("a zstd block of the reserved type", { code: "ZSTD_FORMAT", hint: "the file is damaged" });
        return this.opaque(type === 1 ? 1 : size, last ? this.checksum ? "checksum" : "frame-end" : "block-header");
      }
      case "skippable-size":
        return this.opaque(f.readUInt32LE(0), "frame-end");
      case "opaque":
        return;
    }
  }
  /** After an opaque run; true when a frame just ended. */
  afterOpaque() {
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
  expect(step, bytes) {
    this.step = step;
    this.want = bytes;
    this.have = 0;
  }
  opaque(bytes, after) {
    this.step = "opaque";
    this.skip = bytes;
    this.after = after;
  }
};
function zstdDecompressStages(options = {}) {
  return [new ZstdFrameSplitter(), createZstdDecompress(options)];
}
__name(zstdDecompressStages, "zstdDecompressStages");

// packages/core/src/map-limit.ts
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = /* @__PURE__ */ __name(async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }, "worker");
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
__name(mapLimit, "mapLimit");

// packages/core/src/turns.ts
var Turns = class {
  static {
    __name(this, "Turns");
  }
  tails = /* @__PURE__ */ new Map();
  async run(key, fn) {
    const turn = (this.tails.get(key) ?? Promise.resolve()).then(fn);
    const settled = turn.catch(() => void 0);
    this.tails.set(key, settled);
    try {
      return await turn;
    } finally {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    }
  }
};

// packages/core/src/read-through.ts
import { open as open2 } from "node:fs/promises";
async function* fileChunks(path, chunkSize = 1 << 20) {
  const fh = await open2(path, "r");
  try {
    const buf = Buffer.allocUnsafe(chunkSize);
    for (let n; (n = (await fh.read(buf, 0, buf.length, null)).bytesRead) > 0; ) yield buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}
__name(fileChunks, "fileChunks");
async function readThrough(path, use, chunkSize = 1 << 20) {
  let size = 0;
  for await (const chunk of fileChunks(path, chunkSize)) {
    size += chunk.length;
    await use(chunk);
  }
  return size;
}
__name(readThrough, "readThrough");

// packages/core/src/compression.ts
import { createGunzip } from "node:zlib";
function sniffCompression(head) {
  if (head[0] === 31 && head[1] === 139) return "gzip";
  if (head[0] === 40 && head[1] === 181 && head[2] === 47 && head[3] === 253) return "zstd";
  return "none";
}
__name(sniffCompression, "sniffCompression");
function decompressors(kind, o = {}) {
  const options = { chunkSize: o.chunkSize ?? 256 * 1024 };
  if (kind === "gzip") return [createGunzip(options)];
  if (kind === "zstd") return zstdDecompressStages(options);
  return [];
}
__name(decompressors, "decompressors");

export {
  StellaError,
  ValidationError,
  isStellaError,
  errorMessage,
  silentLogger,
  redact,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync,
  sha256Digest,
  sha256Hex,
  isSha256Digest,
  timestampFrom,
  isoSeconds,
  mapLimit,
  Turns,
  fileChunks,
  readThrough,
  sniffCompression,
  decompressors,
  lowerThreadPoolPriority,
  threadPoolLowered
};
