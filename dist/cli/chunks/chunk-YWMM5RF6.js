#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  HttpError,
  backoffDelay,
  defaultRetryPolicy,
  httpRequest,
  httpStreamRequest,
  isRetryableNetworkError,
  isRetryableStatus,
  safeUrl
} from "./chunk-SIZMBGD5.js";
import {
  StellaError,
  Turns,
  errorMessage,
  isSha256Digest,
  mapLimit,
  redact,
  sha256Digest,
  silentLogger,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync
} from "./chunk-BBNKGYBP.js";
import {
  __commonJS,
  __name,
  __require,
  __toESM
} from "./chunk-GT7O54H4.js";

// node_modules/events-universal/default.js
var require_default = __commonJS({
  "node_modules/events-universal/default.js"(exports, module) {
    "use strict";
    module.exports = __require("events");
  }
});

// node_modules/fast-fifo/fixed-size.js
var require_fixed_size = __commonJS({
  "node_modules/fast-fifo/fixed-size.js"(exports, module) {
    "use strict";
    module.exports = class FixedFIFO {
      static {
        __name(this, "FixedFIFO");
      }
      constructor(hwm) {
        if (!(hwm > 0) || (hwm - 1 & hwm) !== 0) throw new Error("Max size for a FixedFIFO should be a power of two");
        this.buffer = new Array(hwm);
        this.mask = hwm - 1;
        this.top = 0;
        this.btm = 0;
        this.next = null;
      }
      clear() {
        this.top = this.btm = 0;
        this.next = null;
        this.buffer.fill(void 0);
      }
      push(data) {
        if (this.buffer[this.top] !== void 0) return false;
        this.buffer[this.top] = data;
        this.top = this.top + 1 & this.mask;
        return true;
      }
      shift() {
        const last = this.buffer[this.btm];
        if (last === void 0) return void 0;
        this.buffer[this.btm] = void 0;
        this.btm = this.btm + 1 & this.mask;
        return last;
      }
      peek() {
        return this.buffer[this.btm];
      }
      isEmpty() {
        return this.buffer[this.btm] === void 0;
      }
    };
  }
});

// node_modules/fast-fifo/index.js
var require_fast_fifo = __commonJS({
  "node_modules/fast-fifo/index.js"(exports, module) {
    "use strict";
    var FixedFIFO = require_fixed_size();
    module.exports = class FastFIFO {
      static {
        __name(this, "FastFIFO");
      }
      constructor(hwm) {
        this.hwm = hwm || 16;
        this.head = new FixedFIFO(this.hwm);
        this.tail = this.head;
        this.length = 0;
      }
      clear() {
        this.head = this.tail;
        this.head.clear();
        this.length = 0;
      }
      push(val) {
        this.length++;
        if (!this.head.push(val)) {
          const prev = this.head;
          this.head = prev.next = new FixedFIFO(2 * this.head.buffer.length);
          this.head.push(val);
        }
      }
      shift() {
        if (this.length !== 0) this.length--;
        const val = this.tail.shift();
        if (val === void 0 && this.tail.next) {
          const next = this.tail.next;
          this.tail.next = null;
          this.tail = next;
          return this.tail.shift();
        }
        return val;
      }
      peek() {
        const val = this.tail.peek();
        if (val === void 0 && this.tail.next) return this.tail.next.peek();
        return val;
      }
      isEmpty() {
        return this.length === 0;
      }
    };
  }
});

// node_modules/b4a/index.js
var require_b4a = __commonJS({
  "node_modules/b4a/index.js"(exports, module) {
    "use strict";
    function isBuffer(value) {
      return Buffer.isBuffer(value) || value instanceof Uint8Array;
    }
    __name(isBuffer, "isBuffer");
    function isEncoding(encoding) {
      return Buffer.isEncoding(encoding);
    }
    __name(isEncoding, "isEncoding");
    function alloc(size, fill2, encoding) {
      return Buffer.alloc(size, fill2, encoding);
    }
    __name(alloc, "alloc");
    function allocUnsafe(size) {
      return Buffer.allocUnsafe(size);
    }
    __name(allocUnsafe, "allocUnsafe");
    function allocUnsafeSlow(size) {
      return Buffer.allocUnsafeSlow(size);
    }
    __name(allocUnsafeSlow, "allocUnsafeSlow");
    function byteLength(string, encoding) {
      return Buffer.byteLength(string, encoding);
    }
    __name(byteLength, "byteLength");
    function compare(a, b) {
      return Buffer.compare(a, b);
    }
    __name(compare, "compare");
    function concat(buffers, totalLength) {
      return Buffer.concat(buffers, totalLength);
    }
    __name(concat, "concat");
    function copy(source, target, targetStart, start, end) {
      return toBuffer(source).copy(target, targetStart, start, end);
    }
    __name(copy, "copy");
    function equals(a, b) {
      return toBuffer(a).equals(b);
    }
    __name(equals, "equals");
    function fill(buffer, value, offset, end, encoding) {
      return toBuffer(buffer).fill(value, offset, end, encoding);
    }
    __name(fill, "fill");
    function from(value, encodingOrOffset, length) {
      return Buffer.from(value, encodingOrOffset, length);
    }
    __name(from, "from");
    function includes(buffer, value, byteOffset, encoding) {
      return toBuffer(buffer).includes(value, byteOffset, encoding);
    }
    __name(includes, "includes");
    function indexOf(buffer, value, byfeOffset, encoding) {
      return toBuffer(buffer).indexOf(value, byfeOffset, encoding);
    }
    __name(indexOf, "indexOf");
    function lastIndexOf(buffer, value, byteOffset, encoding) {
      return toBuffer(buffer).lastIndexOf(value, byteOffset, encoding);
    }
    __name(lastIndexOf, "lastIndexOf");
    function swap16(buffer) {
      return toBuffer(buffer).swap16();
    }
    __name(swap16, "swap16");
    function swap32(buffer) {
      return toBuffer(buffer).swap32();
    }
    __name(swap32, "swap32");
    function swap64(buffer) {
      return toBuffer(buffer).swap64();
    }
    __name(swap64, "swap64");
    function toBuffer(buffer) {
      if (Buffer.isBuffer(buffer)) return buffer;
      return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
    __name(toBuffer, "toBuffer");
    function toString(buffer, encoding, start, end) {
      return toBuffer(buffer).toString(encoding, start, end);
    }
    __name(toString, "toString");
    function toHex(buffer, start, end) {
      return toBuffer(buffer).toString("hex", start, end);
    }
    __name(toHex, "toHex");
    function write(buffer, string, offset, length, encoding) {
      return toBuffer(buffer).write(string, offset, length, encoding);
    }
    __name(write, "write");
    function readDoubleBE(buffer, offset) {
      return toBuffer(buffer).readDoubleBE(offset);
    }
    __name(readDoubleBE, "readDoubleBE");
    function readDoubleLE(buffer, offset) {
      return toBuffer(buffer).readDoubleLE(offset);
    }
    __name(readDoubleLE, "readDoubleLE");
    function readFloatBE(buffer, offset) {
      return toBuffer(buffer).readFloatBE(offset);
    }
    __name(readFloatBE, "readFloatBE");
    function readFloatLE(buffer, offset) {
      return toBuffer(buffer).readFloatLE(offset);
    }
    __name(readFloatLE, "readFloatLE");
    function readInt32BE(buffer, offset) {
      return toBuffer(buffer).readInt32BE(offset);
    }
    __name(readInt32BE, "readInt32BE");
    function readInt32LE(buffer, offset) {
      return toBuffer(buffer).readInt32LE(offset);
    }
    __name(readInt32LE, "readInt32LE");
    function readUInt32BE(buffer, offset) {
      return toBuffer(buffer).readUInt32BE(offset);
    }
    __name(readUInt32BE, "readUInt32BE");
    function readUInt32LE(buffer, offset) {
      return toBuffer(buffer).readUInt32LE(offset);
    }
    __name(readUInt32LE, "readUInt32LE");
    function writeDoubleBE(buffer, value, offset) {
      return toBuffer(buffer).writeDoubleBE(value, offset);
    }
    __name(writeDoubleBE, "writeDoubleBE");
    function writeDoubleLE(buffer, value, offset) {
      return toBuffer(buffer).writeDoubleLE(value, offset);
    }
    __name(writeDoubleLE, "writeDoubleLE");
    function writeFloatBE(buffer, value, offset) {
      return toBuffer(buffer).writeFloatBE(value, offset);
    }
    __name(writeFloatBE, "writeFloatBE");
    function writeFloatLE(buffer, value, offset) {
      return toBuffer(buffer).writeFloatLE(value, offset);
    }
    __name(writeFloatLE, "writeFloatLE");
    function writeInt32BE(buffer, value, offset) {
      return toBuffer(buffer).writeInt32BE(value, offset);
    }
    __name(writeInt32BE, "writeInt32BE");
    function writeInt32LE(buffer, value, offset) {
      return toBuffer(buffer).writeInt32LE(value, offset);
    }
    __name(writeInt32LE, "writeInt32LE");
    function writeUInt32BE(buffer, value, offset) {
      return toBuffer(buffer).writeUInt32BE(value, offset);
    }
    __name(writeUInt32BE, "writeUInt32BE");
    function writeUInt32LE(buffer, value, offset) {
      return toBuffer(buffer).writeUInt32LE(value, offset);
    }
    __name(writeUInt32LE, "writeUInt32LE");
    module.exports = {
      isBuffer,
      isEncoding,
      alloc,
      allocUnsafe,
      allocUnsafeSlow,
      byteLength,
      compare,
      concat,
      copy,
      equals,
      fill,
      from,
      includes,
      indexOf,
      lastIndexOf,
      swap16,
      swap32,
      swap64,
      toBuffer,
      toString,
      toHex,
      write,
      readDoubleBE,
      readDoubleLE,
      readFloatBE,
      readFloatLE,
      readInt32BE,
      readInt32LE,
      readUInt32BE,
      readUInt32LE,
      writeDoubleBE,
      writeDoubleLE,
      writeFloatBE,
      writeFloatLE,
      writeInt32BE,
      writeInt32LE,
      writeUInt32BE,
      writeUInt32LE
    };
  }
});

// node_modules/text-decoder/lib/pass-through-decoder.js
var require_pass_through_decoder = __commonJS({
  "node_modules/text-decoder/lib/pass-through-decoder.js"(exports, module) {
    "use strict";
    var b4a = require_b4a();
    module.exports = class PassThroughDecoder {
      static {
        __name(this, "PassThroughDecoder");
      }
      constructor(encoding) {
        this.encoding = encoding;
      }
      get remaining() {
        return 0;
      }
      decode(data) {
        return b4a.toString(data, this.encoding);
      }
      flush() {
        return "";
      }
    };
  }
});

// node_modules/text-decoder/lib/utf8-decoder.js
var require_utf8_decoder = __commonJS({
  "node_modules/text-decoder/lib/utf8-decoder.js"(exports, module) {
    "use strict";
    var b4a = require_b4a();
    module.exports = class UTF8Decoder {
      static {
        __name(this, "UTF8Decoder");
      }
      constructor() {
        this._reset();
      }
      get remaining() {
        return this.bytesSeen;
      }
      decode(data) {
        if (data.byteLength === 0) return "";
        if (this.bytesNeeded === 0 && trailingIncomplete(data, 0) === 0) {
          this.bytesSeen = trailingBytesSeen(data);
          return b4a.toString(data, "utf8");
        }
        let result = "";
        let start = 0;
        if (this.bytesNeeded > 0) {
          while (start < data.byteLength) {
            const byte = data[start];
            if (byte < this.lowerBoundary || byte > this.upperBoundary) {
              result += "\uFFFD";
              this._reset();
              break;
            }
            this.lowerBoundary = 128;
            this.upperBoundary = 191;
            this.codePoint = this.codePoint << 6 | byte & 63;
            this.bytesSeen++;
            start++;
            if (this.bytesSeen === this.bytesNeeded) {
              result += String.fromCodePoint(this.codePoint);
              this._reset();
              break;
            }
          }
          if (this.bytesNeeded > 0) return result;
        }
        const trailing = trailingIncomplete(data, start);
        const end = data.byteLength - trailing;
        if (end > start) result += b4a.toString(data, "utf8", start, end);
        for (let i = end; i < data.byteLength; i++) {
          const byte = data[i];
          if (this.bytesNeeded === 0) {
            if (byte <= 127) {
              this.bytesSeen = 0;
              result += String.fromCharCode(byte);
            } else if (byte >= 194 && byte <= 223) {
              this.bytesNeeded = 2;
              this.bytesSeen = 1;
              this.codePoint = byte & 31;
            } else if (byte >= 224 && byte <= 239) {
              if (byte === 224) this.lowerBoundary = 160;
              else if (byte === 237) this.upperBoundary = 159;
              this.bytesNeeded = 3;
              this.bytesSeen = 1;
              this.codePoint = byte & 15;
            } else if (byte >= 240 && byte <= 244) {
              if (byte === 240) this.lowerBoundary = 144;
              else if (byte === 244) this.upperBoundary = 143;
              this.bytesNeeded = 4;
              this.bytesSeen = 1;
              this.codePoint = byte & 7;
            } else {
              this.bytesSeen = 1;
              result += "\uFFFD";
            }
            continue;
          }
          if (byte < this.lowerBoundary || byte > this.upperBoundary) {
            result += "\uFFFD";
            i--;
            this._reset();
            continue;
          }
          this.lowerBoundary = 128;
          this.upperBoundary = 191;
          this.codePoint = this.codePoint << 6 | byte & 63;
          this.bytesSeen++;
          if (this.bytesSeen === this.bytesNeeded) {
            result += String.fromCodePoint(this.codePoint);
            this._reset();
          }
        }
        return result;
      }
      flush() {
        const result = this.bytesNeeded > 0 ? "\uFFFD" : "";
        this._reset();
        return result;
      }
      _reset() {
        this.codePoint = 0;
        this.bytesNeeded = 0;
        this.bytesSeen = 0;
        this.lowerBoundary = 128;
        this.upperBoundary = 191;
      }
    };
    function trailingIncomplete(data, start) {
      const len = data.byteLength;
      if (len <= start) return 0;
      const limit = Math.max(start, len - 4);
      let i = len - 1;
      while (i > limit && (data[i] & 192) === 128) i--;
      if (i < start) return 0;
      const byte = data[i];
      let needed;
      if (byte <= 127) return 0;
      if (byte >= 194 && byte <= 223) needed = 2;
      else if (byte >= 224 && byte <= 239) needed = 3;
      else if (byte >= 240 && byte <= 244) needed = 4;
      else return 0;
      const available = len - i;
      return available < needed ? available : 0;
    }
    __name(trailingIncomplete, "trailingIncomplete");
    function trailingBytesSeen(data) {
      const len = data.byteLength;
      if (len === 0) return 0;
      const last = data[len - 1];
      if (last <= 127) return 0;
      if ((last & 192) !== 128) return 1;
      const limit = Math.max(0, len - 4);
      let i = len - 2;
      while (i >= limit && (data[i] & 192) === 128) i--;
      if (i < 0) return 1;
      const first = data[i];
      let needed;
      if (first >= 194 && first <= 223) needed = 2;
      else if (first >= 224 && first <= 239) needed = 3;
      else if (first >= 240 && first <= 244) needed = 4;
      else return 1;
      if (len - i !== needed) return 1;
      if (needed >= 3) {
        const second = data[i + 1];
        if (first === 224 && second < 160) return 1;
        if (first === 237 && second > 159) return 1;
        if (first === 240 && second < 144) return 1;
        if (first === 244 && second > 143) return 1;
      }
      return 0;
    }
    __name(trailingBytesSeen, "trailingBytesSeen");
  }
});

// node_modules/text-decoder/index.js
var require_text_decoder = __commonJS({
  "node_modules/text-decoder/index.js"(exports, module) {
    "use strict";
    var PassThroughDecoder = require_pass_through_decoder();
    var UTF8Decoder = require_utf8_decoder();
    module.exports = class TextDecoder {
      static {
        __name(this, "TextDecoder");
      }
      constructor(encoding = "utf8") {
        this.encoding = normalizeEncoding(encoding);
        switch (this.encoding) {
          case "utf8":
            this.decoder = new UTF8Decoder();
            break;
          case "utf16le":
          case "base64":
            throw new Error("Unsupported encoding: " + this.encoding);
          default:
            this.decoder = new PassThroughDecoder(this.encoding);
        }
      }
      get remaining() {
        return this.decoder.remaining;
      }
      push(data) {
        if (typeof data === "string") return data;
        return this.decoder.decode(data);
      }
      // For Node.js compatibility
      write(data) {
        return this.push(data);
      }
      end(data) {
        let result = "";
        if (data) result = this.push(data);
        result += this.decoder.flush();
        return result;
      }
    };
    function normalizeEncoding(encoding) {
      encoding = encoding.toLowerCase();
      switch (encoding) {
        case "utf8":
        case "utf-8":
          return "utf8";
        case "ucs2":
        case "ucs-2":
        case "utf16le":
        case "utf-16le":
          return "utf16le";
        case "latin1":
        case "binary":
          return "latin1";
        case "base64":
        case "ascii":
        case "hex":
          return encoding;
        default:
          throw new Error("Unknown encoding: " + encoding);
      }
    }
    __name(normalizeEncoding, "normalizeEncoding");
  }
});

// node_modules/streamx/lib/errors.js
var require_errors = __commonJS({
  "node_modules/streamx/lib/errors.js"(exports, module) {
    "use strict";
    module.exports = class StreamError extends Error {
      static {
        __name(this, "StreamError");
      }
      constructor(msg, code, fn = StreamError) {
        super(msg);
        this.code = code;
        if (Error.captureStackTrace) {
          Error.captureStackTrace(this, fn);
        }
      }
      static isStreamDestroyed(err) {
        return err && err.code === "STREAM_DESTROYED";
      }
      static isPrematureClose(err) {
        return err && err.code === "PREMATURE_CLOSE";
      }
      static isAborted(err) {
        return err && err.code === "ABORTED";
      }
      static isBadArgument(err) {
        return err && err.code === "BAD_ARGUMENT";
      }
      get name() {
        return "StreamError";
      }
      static STREAM_DESTROYED() {
        return new StreamError("Stream was destroyed", "STREAM_DESTROYED", StreamError.STREAM_DESTROYED);
      }
      static PREMATURE_CLOSE(msg = "Premature close") {
        return new StreamError(msg, "PREMATURE_CLOSE", StreamError.PREMATURE_CLOSE);
      }
      static ABORTED() {
        return new StreamError("Stream aborted", "ABORTED", StreamError.ABORTED);
      }
      static BAD_ARGUMENT(msg = "Bad argument") {
        return new StreamError(msg, "BAD_ARGUMENT", StreamError.BAD_ARGUMENT);
      }
    };
  }
});

// node_modules/streamx/index.js
var require_streamx = __commonJS({
  "node_modules/streamx/index.js"(exports, module) {
    "use strict";
    var { EventEmitter } = require_default();
    var FIFO = require_fast_fifo();
    var TextDecoder = require_text_decoder();
    var StreamError = require_errors();
    var qmt = typeof queueMicrotask === "undefined" ? (fn) => global.process.nextTick(fn) : queueMicrotask;
    var MAX = (1 << 29) - 1;
    var OPENING = 1;
    var PREDESTROYING = 2;
    var DESTROYING = 4;
    var DESTROYED = 8;
    var NOT_OPENING = MAX ^ OPENING;
    var NOT_PREDESTROYING = MAX ^ PREDESTROYING;
    var READ_ACTIVE = 1 << 4;
    var READ_UPDATING = 2 << 4;
    var READ_PRIMARY = 4 << 4;
    var READ_QUEUED = 8 << 4;
    var READ_RESUMED = 16 << 4;
    var READ_PIPE_DRAINED = 32 << 4;
    var READ_ENDING = 64 << 4;
    var READ_EMIT_DATA = 128 << 4;
    var READ_EMIT_READABLE = 256 << 4;
    var READ_EMITTED_READABLE = 512 << 4;
    var READ_DONE = 1024 << 4;
    var READ_NEXT_TICK = 2048 << 4;
    var READ_NEEDS_PUSH = 4096 << 4;
    var READ_READ_AHEAD = 8192 << 4;
    var READ_FLOWING = READ_RESUMED | READ_PIPE_DRAINED;
    var READ_ACTIVE_AND_NEEDS_PUSH = READ_ACTIVE | READ_NEEDS_PUSH;
    var READ_PRIMARY_AND_ACTIVE = READ_PRIMARY | READ_ACTIVE;
    var READ_EMIT_READABLE_AND_QUEUED = READ_EMIT_READABLE | READ_QUEUED;
    var READ_RESUMED_READ_AHEAD = READ_RESUMED | READ_READ_AHEAD;
    var READ_NOT_ACTIVE = MAX ^ READ_ACTIVE;
    var READ_NON_PRIMARY = MAX ^ READ_PRIMARY;
    var READ_NON_PRIMARY_AND_PUSHED = MAX ^ (READ_PRIMARY | READ_NEEDS_PUSH);
    var READ_PUSHED = MAX ^ READ_NEEDS_PUSH;
    var READ_PAUSED = MAX ^ READ_RESUMED;
    var READ_NOT_QUEUED = MAX ^ (READ_QUEUED | READ_EMITTED_READABLE);
    var READ_NOT_ENDING = MAX ^ READ_ENDING;
    var READ_PIPE_NOT_DRAINED = MAX ^ READ_FLOWING;
    var READ_NOT_NEXT_TICK = MAX ^ READ_NEXT_TICK;
    var READ_NOT_UPDATING = MAX ^ READ_UPDATING;
    var READ_NO_READ_AHEAD = MAX ^ READ_READ_AHEAD;
    var READ_PAUSED_NO_READ_AHEAD = MAX ^ READ_RESUMED_READ_AHEAD;
    var WRITE_ACTIVE = 1 << 18;
    var WRITE_UPDATING = 2 << 18;
    var WRITE_PRIMARY = 4 << 18;
    var WRITE_QUEUED = 8 << 18;
    var WRITE_UNDRAINED = 16 << 18;
    var WRITE_DONE = 32 << 18;
    var WRITE_EMIT_DRAIN = 64 << 18;
    var WRITE_NEXT_TICK = 128 << 18;
    var WRITE_WRITING = 256 << 18;
    var WRITE_FINISHING = 512 << 18;
    var WRITE_CORKED = 1024 << 18;
    var WRITE_NOT_ACTIVE = MAX ^ (WRITE_ACTIVE | WRITE_WRITING);
    var WRITE_NON_PRIMARY = MAX ^ WRITE_PRIMARY;
    var WRITE_NOT_FINISHING = MAX ^ (WRITE_ACTIVE | WRITE_FINISHING);
    var WRITE_DRAINED = MAX ^ WRITE_UNDRAINED;
    var WRITE_NOT_QUEUED = MAX ^ WRITE_QUEUED;
    var WRITE_NOT_NEXT_TICK = MAX ^ WRITE_NEXT_TICK;
    var WRITE_NOT_UPDATING = MAX ^ WRITE_UPDATING;
    var WRITE_NOT_CORKED = MAX ^ WRITE_CORKED;
    var ACTIVE = READ_ACTIVE | WRITE_ACTIVE;
    var NOT_ACTIVE = MAX ^ ACTIVE;
    var DONE = READ_DONE | WRITE_DONE;
    var DESTROY_STATUS = DESTROYING | DESTROYED | PREDESTROYING;
    var OPEN_STATUS = DESTROY_STATUS | OPENING;
    var AUTO_DESTROY = DESTROY_STATUS | DONE;
    var NON_PRIMARY = WRITE_NON_PRIMARY & READ_NON_PRIMARY;
    var ACTIVE_OR_TICKING = WRITE_NEXT_TICK | READ_NEXT_TICK;
    var TICKING = ACTIVE_OR_TICKING & NOT_ACTIVE;
    var IS_OPENING = OPEN_STATUS | TICKING;
    var READ_PRIMARY_STATUS = OPEN_STATUS | READ_ENDING | READ_DONE;
    var READ_STATUS = OPEN_STATUS | READ_DONE | READ_QUEUED;
    var READ_ENDING_STATUS = OPEN_STATUS | READ_ENDING | READ_QUEUED;
    var READ_READABLE_STATUS = OPEN_STATUS | READ_EMIT_READABLE | READ_QUEUED | READ_EMITTED_READABLE;
    var SHOULD_NOT_READ = OPEN_STATUS | READ_ACTIVE | READ_ENDING | READ_DONE | READ_NEEDS_PUSH | READ_READ_AHEAD;
    var READ_BACKPRESSURE_STATUS = DESTROY_STATUS | READ_ENDING | READ_DONE;
    var READ_UPDATE_SYNC_STATUS = READ_UPDATING | OPEN_STATUS | READ_NEXT_TICK | READ_PRIMARY;
    var READ_NEXT_TICK_OR_OPENING = READ_NEXT_TICK | OPENING;
    var WRITE_PRIMARY_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_DONE;
    var WRITE_QUEUED_AND_UNDRAINED = WRITE_QUEUED | WRITE_UNDRAINED;
    var WRITE_QUEUED_AND_ACTIVE = WRITE_QUEUED | WRITE_ACTIVE;
    var WRITE_DRAIN_STATUS = WRITE_QUEUED | WRITE_UNDRAINED | OPEN_STATUS | WRITE_ACTIVE;
    var WRITE_STATUS = OPEN_STATUS | WRITE_ACTIVE | WRITE_QUEUED | WRITE_CORKED;
    var WRITE_PRIMARY_AND_ACTIVE = WRITE_PRIMARY | WRITE_ACTIVE;
    var WRITE_ACTIVE_AND_WRITING = WRITE_ACTIVE | WRITE_WRITING;
    var WRITE_FINISHING_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_QUEUED_AND_ACTIVE | WRITE_DONE;
    var WRITE_BACKPRESSURE_STATUS = WRITE_UNDRAINED | DESTROY_STATUS | WRITE_FINISHING | WRITE_DONE;
    var WRITE_UPDATE_SYNC_STATUS = WRITE_UPDATING | OPEN_STATUS | WRITE_NEXT_TICK | WRITE_PRIMARY;
    var WRITE_DROP_DATA = WRITE_FINISHING | WRITE_DONE | DESTROY_STATUS;
    var asyncIterator = Symbol.asyncIterator || /* @__PURE__ */ Symbol("asyncIterator");
    var WritableState = class {
      static {
        __name(this, "WritableState");
      }
      constructor(stream, { highWaterMark = 16384, map = null, mapWritable, byteLength, byteLengthWritable } = {}) {
        this.stream = stream;
        this.queue = new FIFO();
        this.highWaterMark = highWaterMark;
        this.buffered = 0;
        this.error = null;
        this.pipeline = null;
        this.drains = null;
        this.byteLength = byteLengthWritable || byteLength || defaultByteLength;
        this.map = mapWritable || map;
        this.afterWrite = afterWrite.bind(this);
        this.afterUpdateNextTick = updateWriteNT.bind(this);
      }
      get ending() {
        return (this.stream._duplexState & WRITE_FINISHING) !== 0;
      }
      get ended() {
        return (this.stream._duplexState & WRITE_DONE) !== 0;
      }
      push(data) {
        if ((this.stream._duplexState & WRITE_DROP_DATA) !== 0) return false;
        if (this.map !== null) data = this.map(data);
        this.buffered += this.byteLength(data);
        this.queue.push(data);
        if (this.buffered < this.highWaterMark) {
          this.stream._duplexState |= WRITE_QUEUED;
          return true;
        }
        this.stream._duplexState |= WRITE_QUEUED_AND_UNDRAINED;
        return false;
      }
      shift() {
        const data = this.queue.shift();
        this.buffered -= this.byteLength(data);
        if (this.buffered === 0) this.stream._duplexState &= WRITE_NOT_QUEUED;
        return data;
      }
      end(data) {
        if (typeof data === "function") {
          this.stream.once("finish", data);
        } else if (data !== void 0 && data !== null) {
          this.push(data);
        }
        this.stream._duplexState = (this.stream._duplexState | WRITE_FINISHING) & WRITE_NON_PRIMARY;
      }
      autoBatch(data, cb) {
        const buffer = [];
        const stream = this.stream;
        buffer.push(data);
        while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED_AND_ACTIVE) {
          buffer.push(stream._writableState.shift());
        }
        if ((stream._duplexState & OPEN_STATUS) !== 0) return cb(null);
        stream._writev(buffer, cb);
      }
      update() {
        const stream = this.stream;
        stream._duplexState |= WRITE_UPDATING;
        do {
          while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED) {
            const data = this.shift();
            stream._duplexState |= WRITE_ACTIVE_AND_WRITING;
            stream._write(data, this.afterWrite);
          }
          if ((stream._duplexState & WRITE_PRIMARY_AND_ACTIVE) === 0) this.updateNonPrimary();
        } while (this.continueUpdate() === true);
        stream._duplexState &= WRITE_NOT_UPDATING;
      }
      updateNonPrimary() {
        const stream = this.stream;
        if ((stream._duplexState & WRITE_FINISHING_STATUS) === WRITE_FINISHING) {
          stream._duplexState = stream._duplexState | WRITE_ACTIVE;
          stream._final(afterFinal.bind(this));
          return;
        }
        if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
          if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
            stream._duplexState |= ACTIVE;
            stream._destroy(afterDestroy.bind(this));
          }
          return;
        }
        if ((stream._duplexState & IS_OPENING) === OPENING) {
          stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING;
          stream._open(afterOpen.bind(this));
        }
      }
      continueUpdate() {
        if ((this.stream._duplexState & WRITE_NEXT_TICK) === 0) return false;
        this.stream._duplexState &= WRITE_NOT_NEXT_TICK;
        return true;
      }
      updateCallback() {
        if ((this.stream._duplexState & WRITE_UPDATE_SYNC_STATUS) === WRITE_PRIMARY) {
          this.update();
        } else {
          this.updateNextTick();
        }
      }
      updateNextTick() {
        if ((this.stream._duplexState & WRITE_NEXT_TICK) !== 0) return;
        this.stream._duplexState |= WRITE_NEXT_TICK;
        if ((this.stream._duplexState & WRITE_UPDATING) === 0) qmt(this.afterUpdateNextTick);
      }
    };
    var ReadableState = class {
      static {
        __name(this, "ReadableState");
      }
      constructor(stream, { highWaterMark = 16384, map = null, mapReadable, byteLength, byteLengthReadable } = {}) {
        this.stream = stream;
        this.queue = new FIFO();
        this.highWaterMark = highWaterMark === 0 ? 1 : highWaterMark;
        this.buffered = 0;
        this.readAhead = highWaterMark > 0;
        this.error = null;
        this.pipeline = null;
        this.byteLength = byteLengthReadable || byteLength || defaultByteLength;
        this.map = mapReadable || map;
        this.pipeTo = null;
        this.afterRead = afterRead.bind(this);
        this.afterUpdateNextTick = updateReadNT.bind(this);
      }
      get ending() {
        return (this.stream._duplexState & READ_ENDING) !== 0;
      }
      get ended() {
        return (this.stream._duplexState & READ_DONE) !== 0;
      }
      pipe(pipeTo, cb) {
        if (this.pipeTo !== null) throw StreamError.BAD_ARGUMENT("Can only pipe to one destination");
        if (typeof cb !== "function") cb = null;
        this.stream._duplexState |= READ_PIPE_DRAINED;
        this.pipeTo = pipeTo;
        this.pipeline = new Pipeline(this.stream, pipeTo, cb);
        if (cb) this.stream.on("error", noop);
        if (isStreamx(pipeTo)) {
          pipeTo._writableState.pipeline = this.pipeline;
          if (cb) pipeTo.on("error", noop);
          pipeTo.on("finish", this.pipeline.finished.bind(this.pipeline));
        } else {
          const onerror = this.pipeline.done.bind(this.pipeline, pipeTo);
          const onclose = this.pipeline.done.bind(this.pipeline, pipeTo, null);
          pipeTo.on("error", onerror);
          pipeTo.on("close", onclose);
          pipeTo.on("finish", this.pipeline.finished.bind(this.pipeline));
        }
        pipeTo.on("drain", afterDrain.bind(this));
        this.stream.emit("piping", pipeTo);
        pipeTo.emit("pipe", this.stream);
      }
      push(data) {
        const stream = this.stream;
        if (data === null) {
          this.highWaterMark = 0;
          stream._duplexState = (stream._duplexState | READ_ENDING) & READ_NON_PRIMARY_AND_PUSHED;
          return false;
        }
        if (this.map !== null) {
          data = this.map(data);
          if (data === null) {
            stream._duplexState &= READ_PUSHED;
            return this.buffered < this.highWaterMark;
          }
        }
        this.buffered += this.byteLength(data);
        this.queue.push(data);
        stream._duplexState = (stream._duplexState | READ_QUEUED) & READ_PUSHED;
        return this.buffered < this.highWaterMark;
      }
      shift() {
        const data = this.queue.shift();
        this.buffered -= this.byteLength(data);
        if (this.buffered === 0) {
          this.stream._duplexState &= READ_NOT_QUEUED;
        }
        return data;
      }
      unshift(data) {
        const pending = [this.map !== null ? this.map(data) : data];
        while (this.buffered > 0) pending.push(this.shift());
        for (let i = 0; i < pending.length - 1; i++) {
          const data2 = pending[i];
          this.buffered += this.byteLength(data2);
          this.queue.push(data2);
        }
        this.push(pending[pending.length - 1]);
      }
      read() {
        const stream = this.stream;
        if ((stream._duplexState & READ_STATUS) === READ_QUEUED) {
          const data = this.shift();
          if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
            stream._duplexState &= READ_PIPE_NOT_DRAINED;
          }
          if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
            stream.emit("data", data);
          }
          return data;
        }
        if (this.readAhead === false) {
          stream._duplexState |= READ_READ_AHEAD;
          this.updateNextTick();
        }
        return null;
      }
      drain() {
        const stream = this.stream;
        while ((stream._duplexState & READ_STATUS) === READ_QUEUED && (stream._duplexState & READ_FLOWING) !== 0) {
          const data = this.shift();
          if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
            stream._duplexState &= READ_PIPE_NOT_DRAINED;
          }
          if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
            stream.emit("data", data);
          }
        }
      }
      update() {
        const stream = this.stream;
        stream._duplexState |= READ_UPDATING;
        do {
          this.drain();
          while (this.buffered < this.highWaterMark && (stream._duplexState & SHOULD_NOT_READ) === READ_READ_AHEAD) {
            stream._duplexState |= READ_ACTIVE_AND_NEEDS_PUSH;
            stream._read(this.afterRead);
            this.drain();
          }
          if ((stream._duplexState & READ_READABLE_STATUS) === READ_EMIT_READABLE_AND_QUEUED) {
            stream._duplexState |= READ_EMITTED_READABLE;
            stream.emit("readable");
          }
          if ((stream._duplexState & READ_PRIMARY_AND_ACTIVE) === 0) {
            this.updateNonPrimary();
          }
        } while (this.continueUpdate() === true);
        stream._duplexState &= READ_NOT_UPDATING;
      }
      updateNonPrimary() {
        const stream = this.stream;
        if ((stream._duplexState & READ_ENDING_STATUS) === READ_ENDING) {
          stream._duplexState = (stream._duplexState | READ_DONE) & READ_NOT_ENDING;
          stream.emit("end");
          if ((stream._duplexState & AUTO_DESTROY) === DONE) {
            stream._duplexState |= DESTROYING;
          }
          if (this.pipeTo !== null) {
            this.pipeTo.end();
          }
        }
        if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
          if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
            stream._duplexState |= ACTIVE;
            stream._destroy(afterDestroy.bind(this));
          }
          return;
        }
        if ((stream._duplexState & IS_OPENING) === OPENING) {
          stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING;
          stream._open(afterOpen.bind(this));
        }
      }
      continueUpdate() {
        if ((this.stream._duplexState & READ_NEXT_TICK) === 0) return false;
        this.stream._duplexState &= READ_NOT_NEXT_TICK;
        return true;
      }
      updateCallback() {
        if ((this.stream._duplexState & READ_UPDATE_SYNC_STATUS) === READ_PRIMARY) {
          this.update();
        } else {
          this.updateNextTick();
        }
      }
      updateNextTickIfOpen() {
        if ((this.stream._duplexState & READ_NEXT_TICK_OR_OPENING) !== 0) return;
        this.stream._duplexState |= READ_NEXT_TICK;
        if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick);
      }
      updateNextTick() {
        if ((this.stream._duplexState & READ_NEXT_TICK) !== 0) return;
        this.stream._duplexState |= READ_NEXT_TICK;
        if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick);
      }
    };
    var TransformState = class {
      static {
        __name(this, "TransformState");
      }
      constructor(stream) {
        this.data = null;
        this.afterTransform = afterTransform.bind(stream);
        this.afterFinal = null;
      }
    };
    var Pipeline = class {
      static {
        __name(this, "Pipeline");
      }
      constructor(src, dst, cb) {
        this.from = src;
        this.to = dst;
        this.afterPipe = cb;
        this.error = null;
        this.pipeToFinished = false;
      }
      finished() {
        this.pipeToFinished = true;
      }
      done(stream, err) {
        if (err) this.error = err;
        if (stream === this.to) {
          this.to = null;
          if (this.from !== null) {
            if ((this.from._duplexState & READ_DONE) === 0 || !this.pipeToFinished) {
              this.from.destroy(this.error || StreamError.PREMATURE_CLOSE("Writable stream closed"));
            }
            return;
          }
        }
        if (stream === this.from) {
          this.from = null;
          if (this.to !== null) {
            if ((stream._duplexState & READ_DONE) === 0) {
              this.to.destroy(this.error || StreamError.PREMATURE_CLOSE("Readable stream closed"));
            }
            return;
          }
        }
        if (this.afterPipe !== null) this.afterPipe(this.error);
        this.to = this.from = this.afterPipe = null;
      }
    };
    function afterDrain() {
      this.stream._duplexState |= READ_PIPE_DRAINED;
      this.updateCallback();
    }
    __name(afterDrain, "afterDrain");
    function afterFinal(err) {
      const stream = this.stream;
      if (err) stream.destroy(err);
      if ((stream._duplexState & DESTROY_STATUS) === 0) {
        stream._duplexState |= WRITE_DONE;
        stream.emit("finish");
      }
      if ((stream._duplexState & AUTO_DESTROY) === DONE) {
        stream._duplexState |= DESTROYING;
      }
      stream._duplexState &= WRITE_NOT_FINISHING;
      if ((stream._duplexState & WRITE_UPDATING) === 0) {
        this.update();
      } else {
        this.updateNextTick();
      }
    }
    __name(afterFinal, "afterFinal");
    function afterDestroy(err) {
      const stream = this.stream;
      if (!err && !StreamError.isStreamDestroyed(this.error)) err = this.error;
      if (err) stream.emit("error", err);
      stream._duplexState |= DESTROYED;
      stream.emit("close");
      const rs = stream._readableState;
      const ws = stream._writableState;
      if (rs !== null && rs.pipeline !== null) {
        rs.pipeline.done(stream, err);
      }
      if (ws !== null) {
        while (ws.drains !== null && ws.drains.length > 0) {
          ws.drains.shift().resolve(false);
        }
        if (ws.pipeline !== null) {
          ws.pipeline.done(stream, err);
        }
      }
    }
    __name(afterDestroy, "afterDestroy");
    function afterWrite(err) {
      const stream = this.stream;
      if (err) stream.destroy(err);
      stream._duplexState &= WRITE_NOT_ACTIVE;
      if (this.drains !== null) tickDrains(this.drains);
      if ((stream._duplexState & WRITE_DRAIN_STATUS) === WRITE_UNDRAINED) {
        stream._duplexState &= WRITE_DRAINED;
        if ((stream._duplexState & WRITE_EMIT_DRAIN) === WRITE_EMIT_DRAIN) {
          stream.emit("drain");
        }
      }
      this.updateCallback();
    }
    __name(afterWrite, "afterWrite");
    function afterRead(err) {
      if (err) this.stream.destroy(err);
      this.stream._duplexState &= READ_NOT_ACTIVE;
      if (this.readAhead === false && (this.stream._duplexState & READ_RESUMED) === 0) {
        this.stream._duplexState &= READ_NO_READ_AHEAD;
      }
      this.updateCallback();
    }
    __name(afterRead, "afterRead");
    function updateReadNT() {
      if ((this.stream._duplexState & READ_UPDATING) === 0) {
        this.stream._duplexState &= READ_NOT_NEXT_TICK;
        this.update();
      }
    }
    __name(updateReadNT, "updateReadNT");
    function updateWriteNT() {
      if ((this.stream._duplexState & WRITE_UPDATING) === 0) {
        this.stream._duplexState &= WRITE_NOT_NEXT_TICK;
        this.update();
      }
    }
    __name(updateWriteNT, "updateWriteNT");
    function tickDrains(drains) {
      for (let i = 0; i < drains.length; i++) {
        if (--drains[i].writes === 0) {
          drains.shift().resolve(true);
          i--;
        }
      }
    }
    __name(tickDrains, "tickDrains");
    function afterOpen(err) {
      const stream = this.stream;
      if (err) stream.destroy(err);
      if ((stream._duplexState & DESTROYING) === 0) {
        if ((stream._duplexState & READ_PRIMARY_STATUS) === 0) {
          stream._duplexState |= READ_PRIMARY;
        }
        if ((stream._duplexState & WRITE_PRIMARY_STATUS) === 0) {
          stream._duplexState |= WRITE_PRIMARY;
        }
        stream.emit("open");
      }
      stream._duplexState &= NOT_ACTIVE;
      if (stream._writableState !== null) {
        stream._writableState.updateCallback();
      }
      if (stream._readableState !== null) {
        stream._readableState.updateCallback();
      }
    }
    __name(afterOpen, "afterOpen");
    function afterTransform(err, data) {
      if (data !== void 0 && data !== null) this.push(data);
      this._writableState.afterWrite(err);
    }
    __name(afterTransform, "afterTransform");
    function newListener(name) {
      if (this._readableState !== null) {
        if (name === "data") {
          this._duplexState |= READ_EMIT_DATA | READ_RESUMED_READ_AHEAD;
          this._readableState.updateNextTick();
        }
        if (name === "readable") {
          this._duplexState |= READ_EMIT_READABLE;
          this._readableState.updateNextTick();
        }
      }
      if (this._writableState !== null) {
        if (name === "drain") {
          this._duplexState |= WRITE_EMIT_DRAIN;
          this._writableState.updateNextTick();
        }
      }
    }
    __name(newListener, "newListener");
    var Stream = class extends EventEmitter {
      static {
        __name(this, "Stream");
      }
      constructor(opts) {
        super();
        this._duplexState = 0;
        this._readableState = null;
        this._writableState = null;
        if (opts) {
          if (opts.open) this._open = opts.open;
          if (opts.destroy) this._destroy = opts.destroy;
          if (opts.predestroy) this._predestroy = opts.predestroy;
          if (opts.signal) opts.signal.addEventListener("abort", abort.bind(this));
        }
        this.on("newListener", newListener);
      }
      _open(cb) {
        cb(null);
      }
      _destroy(cb) {
        cb(null);
      }
      _predestroy() {
      }
      get readable() {
        return this._readableState !== null ? true : void 0;
      }
      get writable() {
        return this._writableState !== null ? true : void 0;
      }
      get destroyed() {
        return (this._duplexState & DESTROYED) !== 0;
      }
      get destroying() {
        return (this._duplexState & DESTROY_STATUS) !== 0;
      }
      destroy(err) {
        if ((this._duplexState & DESTROY_STATUS) === 0) {
          if (!err) err = StreamError.STREAM_DESTROYED();
          this._duplexState = (this._duplexState | DESTROYING) & NON_PRIMARY;
          if (this._readableState !== null) {
            this._readableState.highWaterMark = 0;
            this._readableState.error = err;
          }
          if (this._writableState !== null) {
            this._writableState.highWaterMark = 0;
            this._writableState.error = err;
          }
          this._duplexState |= PREDESTROYING;
          this._predestroy();
          this._duplexState &= NOT_PREDESTROYING;
          if (this._readableState !== null) {
            this._readableState.updateNextTick();
          }
          if (this._writableState !== null) {
            this._writableState.updateNextTick();
          }
        }
      }
    };
    var Readable3 = class _Readable extends Stream {
      static {
        __name(this, "Readable");
      }
      constructor(opts) {
        super(opts);
        this._duplexState |= OPENING | WRITE_DONE | READ_READ_AHEAD;
        this._readableState = new ReadableState(this, opts);
        if (opts) {
          if (this._readableState.readAhead === false) this._duplexState &= READ_NO_READ_AHEAD;
          if (opts.read) this._read = opts.read;
          if (opts.eagerOpen) this._readableState.updateNextTick();
          if (opts.encoding) this.setEncoding(opts.encoding);
        }
      }
      static deferred(fn, opts) {
        const out = new PassThrough(opts);
        fn().then((src) => {
          if (src === null) return out.end();
          if (out.destroying) return;
          pipeline3(src, out, noop);
        }).catch((err) => out.destroy(err));
        return out;
      }
      setEncoding(encoding) {
        const dec = new TextDecoder(encoding);
        const map = this._readableState.map || echo;
        this._readableState.map = mapOrSkip;
        return this;
        function mapOrSkip(data) {
          const next = dec.push(data);
          return next === "" && (data.byteLength !== 0 || dec.remaining > 0) ? null : map(next);
        }
        __name(mapOrSkip, "mapOrSkip");
      }
      _read(cb) {
        cb(null);
      }
      pipe(dest, cb) {
        this._readableState.updateNextTick();
        this._readableState.pipe(dest, cb);
        return dest;
      }
      read() {
        this._readableState.updateNextTick();
        return this._readableState.read();
      }
      push(data) {
        this._readableState.updateNextTickIfOpen();
        return this._readableState.push(data);
      }
      unshift(data) {
        this._readableState.updateNextTickIfOpen();
        return this._readableState.unshift(data);
      }
      resume() {
        this._duplexState |= READ_RESUMED_READ_AHEAD;
        this._readableState.updateNextTick();
        return this;
      }
      pause() {
        this._duplexState &= this._readableState.readAhead === false ? READ_PAUSED_NO_READ_AHEAD : READ_PAUSED;
        return this;
      }
      static _fromAsyncIterator(ite, opts) {
        let destroy;
        const rs = new _Readable({
          ...opts,
          read(cb) {
            ite.next().then(push).then(cb.bind(null, null)).catch(cb);
          },
          predestroy() {
            destroy = ite.return();
          },
          destroy(cb) {
            if (!destroy) return cb(null);
            destroy.then(cb.bind(null, null)).catch(cb);
          }
        });
        return rs;
        function push(data) {
          if (data.done) rs.push(null);
          else rs.push(data.value);
        }
        __name(push, "push");
      }
      static from(data, opts) {
        if (isReadStreamx(data)) return data;
        if (data[asyncIterator]) return this._fromAsyncIterator(data[asyncIterator](), opts);
        if (!Array.isArray(data)) data = data === void 0 ? [] : [data];
        let i = 0;
        return new _Readable({
          ...opts,
          read(cb) {
            this.push(i === data.length ? null : data[i++]);
            cb(null);
          }
        });
      }
      static isBackpressured(rs) {
        return (rs._duplexState & READ_BACKPRESSURE_STATUS) !== 0 || rs._readableState.buffered >= rs._readableState.highWaterMark;
      }
      static isPaused(rs) {
        return (rs._duplexState & READ_RESUMED) === 0;
      }
      [asyncIterator]() {
        const stream = this;
        let error = null;
        let promiseResolve = null;
        let promiseReject = null;
        this.on("error", (err) => {
          error = err;
        });
        this.on("readable", onreadable);
        this.on("close", onclose);
        return {
          [asyncIterator]() {
            return this;
          },
          next() {
            return new Promise(function(resolve, reject) {
              promiseResolve = resolve;
              promiseReject = reject;
              const data = stream.read();
              if (data !== null) ondata(data);
              else if ((stream._duplexState & DESTROYED) !== 0) ondata(null);
            });
          },
          return() {
            return destroy(null);
          },
          throw(err) {
            return destroy(err);
          }
        };
        function onreadable() {
          if (promiseResolve !== null) ondata(stream.read());
        }
        __name(onreadable, "onreadable");
        function onclose() {
          if (promiseResolve !== null) ondata(null);
        }
        __name(onclose, "onclose");
        function ondata(data) {
          if (promiseReject === null) return;
          if (error) {
            promiseReject(error);
          } else if (data === null && (stream._duplexState & READ_DONE) === 0) {
            promiseReject(StreamError.STREAM_DESTROYED());
          } else {
            promiseResolve({ value: data, done: data === null });
          }
          promiseReject = promiseResolve = null;
        }
        __name(ondata, "ondata");
        function destroy(err) {
          stream.destroy(err);
          return new Promise((resolve, reject) => {
            if (stream._duplexState & DESTROYED) return resolve({ value: void 0, done: true });
            stream.once("close", function() {
              if (err) reject(err);
              else resolve({ value: void 0, done: true });
            });
          });
        }
        __name(destroy, "destroy");
      }
    };
    var Writable = class extends Stream {
      static {
        __name(this, "Writable");
      }
      constructor(opts) {
        super(opts);
        this._duplexState |= OPENING | READ_DONE;
        this._writableState = new WritableState(this, opts);
        if (opts) {
          if (opts.writev) this._writev = opts.writev;
          if (opts.write) this._write = opts.write;
          if (opts.final) this._final = opts.final;
          if (opts.eagerOpen) this._writableState.updateNextTick();
        }
      }
      cork() {
        this._duplexState |= WRITE_CORKED;
      }
      uncork() {
        this._duplexState &= WRITE_NOT_CORKED;
        this._writableState.updateNextTick();
      }
      _writev(batch, cb) {
        cb(null);
      }
      _write(data, cb) {
        this._writableState.autoBatch(data, cb);
      }
      _final(cb) {
        cb(null);
      }
      static isBackpressured(ws) {
        return (ws._duplexState & WRITE_BACKPRESSURE_STATUS) !== 0;
      }
      static drained(ws) {
        if (ws.destroyed) return Promise.resolve(false);
        const state = ws._writableState;
        const pending = isWritev(ws) ? Math.min(1, state.queue.length) : state.queue.length;
        const writes = pending + (ws._duplexState & WRITE_WRITING ? 1 : 0);
        if (writes === 0) return Promise.resolve(true);
        if (state.drains === null) state.drains = [];
        return new Promise((resolve) => {
          state.drains.push({ writes, resolve });
        });
      }
      write(data) {
        this._writableState.updateNextTick();
        return this._writableState.push(data);
      }
      end(data) {
        this._writableState.updateNextTick();
        this._writableState.end(data);
        return this;
      }
    };
    var Duplex = class extends Readable3 {
      static {
        __name(this, "Duplex");
      }
      // and Writable
      constructor(opts) {
        super(opts);
        this._duplexState = OPENING | this._duplexState & READ_READ_AHEAD;
        this._writableState = new WritableState(this, opts);
        if (opts) {
          if (opts.writev) this._writev = opts.writev;
          if (opts.write) this._write = opts.write;
          if (opts.final) this._final = opts.final;
        }
      }
      cork() {
        this._duplexState |= WRITE_CORKED;
      }
      uncork() {
        this._duplexState &= WRITE_NOT_CORKED;
        this._writableState.updateNextTick();
      }
      _writev(batch, cb) {
        cb(null);
      }
      _write(data, cb) {
        this._writableState.autoBatch(data, cb);
      }
      _final(cb) {
        cb(null);
      }
      write(data) {
        this._writableState.updateNextTick();
        return this._writableState.push(data);
      }
      end(data) {
        this._writableState.updateNextTick();
        this._writableState.end(data);
        return this;
      }
    };
    var Transform3 = class extends Duplex {
      static {
        __name(this, "Transform");
      }
      constructor(opts) {
        super(opts);
        this._transformState = new TransformState(this);
        if (opts) {
          if (opts.transform) this._transform = opts.transform;
          if (opts.flush) this._flush = opts.flush;
        }
      }
      _write(data, cb) {
        if (this._readableState.buffered >= this._readableState.highWaterMark) {
          this._transformState.data = data;
        } else {
          this._transform(data, this._transformState.afterTransform);
        }
      }
      _read(cb) {
        if (this._transformState.data !== null) {
          const data = this._transformState.data;
          this._transformState.data = null;
          cb(null);
          this._transform(data, this._transformState.afterTransform);
        } else {
          cb(null);
        }
      }
      destroy(err) {
        super.destroy(err);
        if (this._transformState.data !== null) {
          this._transformState.data = null;
          this._transformState.afterTransform();
        }
      }
      _transform(data, cb) {
        cb(null, data);
      }
      _flush(cb) {
        cb(null);
      }
      _final(cb) {
        this._transformState.afterFinal = cb;
        this._flush(transformAfterFlush.bind(this));
      }
    };
    var PassThrough = class extends Transform3 {
      static {
        __name(this, "PassThrough");
      }
    };
    function transformAfterFlush(err, data) {
      const cb = this._transformState.afterFinal;
      if (err) return cb(err);
      if (data !== null && data !== void 0) this.push(data);
      this.push(null);
      cb(null);
    }
    __name(transformAfterFlush, "transformAfterFlush");
    function pipelinePromise(...streams) {
      return new Promise((resolve, reject) => {
        return pipeline3(...streams, (err) => {
          if (err) return reject(err);
          resolve();
        });
      });
    }
    __name(pipelinePromise, "pipelinePromise");
    function pipeline3(stream, ...streams) {
      const all = Array.isArray(stream) ? [...stream, ...streams] : [stream, ...streams];
      const done = all.length && typeof all[all.length - 1] === "function" ? all.pop() : null;
      if (all.length < 2) throw StreamError.BAD_ARGUMENT("Pipeline requires at least 2 streams");
      let src = all[0];
      let dest = null;
      let error = null;
      for (let i = 1; i < all.length; i++) {
        dest = all[i];
        if (isStreamx(src)) {
          src.pipe(dest, onerror);
        } else {
          errorHandle(src, true, i > 1, onerror);
          src.pipe(dest);
        }
        src = dest;
      }
      if (done) {
        let fin = false;
        const autoDestroy = isStreamx(dest) || !!(dest._writableState && dest._writableState.autoDestroy);
        dest.on("error", (err) => {
          if (error === null) error = err;
        });
        dest.on("finish", () => {
          fin = true;
          if (!autoDestroy) done(error);
        });
        if (autoDestroy) {
          dest.on("close", () => done(error || (fin ? null : StreamError.PREMATURE_CLOSE())));
        }
      }
      return dest;
      function errorHandle(s, rd, wr, onerror2) {
        s.on("error", onerror2);
        s.on("close", onclose);
        function onclose() {
          if (rd && s._readableState && !s._readableState.ended) {
            return onerror2(StreamError.PREMATURE_CLOSE());
          }
          if (wr && s._writableState && !s._writableState.ended) {
            return onerror2(StreamError.PREMATURE_CLOSE());
          }
        }
        __name(onclose, "onclose");
      }
      __name(errorHandle, "errorHandle");
      function onerror(err) {
        if (!err || error) return;
        error = err;
        for (const s of all) {
          s.destroy(err);
        }
      }
      __name(onerror, "onerror");
    }
    __name(pipeline3, "pipeline");
    function echo(s) {
      return s;
    }
    __name(echo, "echo");
    function isStream(stream) {
      return !!stream._readableState || !!stream._writableState;
    }
    __name(isStream, "isStream");
    function isStreamx(stream) {
      return typeof stream._duplexState === "number" && isStream(stream);
    }
    __name(isStreamx, "isStreamx");
    function isEnding(stream) {
      return !!stream._readableState && stream._readableState.ending;
    }
    __name(isEnding, "isEnding");
    function isEnded(stream) {
      return !!stream._readableState && stream._readableState.ended;
    }
    __name(isEnded, "isEnded");
    function isFinishing(stream) {
      return !!stream._writableState && stream._writableState.ending;
    }
    __name(isFinishing, "isFinishing");
    function isFinished(stream) {
      return !!stream._writableState && stream._writableState.ended;
    }
    __name(isFinished, "isFinished");
    function getStreamError(stream, opts = {}) {
      const err = stream._readableState && stream._readableState.error || stream._writableState && stream._writableState.error;
      return !opts.all && StreamError.isStreamDestroyed(err) ? null : err;
    }
    __name(getStreamError, "getStreamError");
    function isReadStreamx(stream) {
      return isStreamx(stream) && stream.readable;
    }
    __name(isReadStreamx, "isReadStreamx");
    function isDisturbed(stream) {
      return (stream._duplexState & OPENING) !== OPENING || (stream._duplexState & DESTROYING) === DESTROYING || (stream._duplexState & ACTIVE_OR_TICKING) !== 0;
    }
    __name(isDisturbed, "isDisturbed");
    function isTypedArray(data) {
      return typeof data === "object" && data !== null && typeof data.byteLength === "number";
    }
    __name(isTypedArray, "isTypedArray");
    function defaultByteLength(data) {
      return isTypedArray(data) ? data.byteLength : 1024;
    }
    __name(defaultByteLength, "defaultByteLength");
    function noop() {
    }
    __name(noop, "noop");
    function abort() {
      this.destroy(StreamError.ABORTED());
    }
    __name(abort, "abort");
    function isWritev(s) {
      return s._writev !== Writable.prototype._writev && s._writev !== Duplex.prototype._writev;
    }
    __name(isWritev, "isWritev");
    module.exports = {
      pipeline: pipeline3,
      pipelinePromise,
      isStream,
      isStreamx,
      isEnding,
      isEnded,
      isFinishing,
      isFinished,
      isDisturbed,
      getStreamError,
      Stream,
      Writable,
      Readable: Readable3,
      Duplex,
      Transform: Transform3,
      // Export PassThrough for compatibility with Node.js core's stream module
      PassThrough
    };
  }
});

// node_modules/tar-stream/headers.js
var require_headers = __commonJS({
  "node_modules/tar-stream/headers.js"(exports) {
    "use strict";
    var b4a = require_b4a();
    var ZEROS = "0000000000000000000";
    var SEVENS = "7777777777777777777";
    var ZERO_OFFSET = "0".charCodeAt(0);
    var USTAR_MAGIC = b4a.from([117, 115, 116, 97, 114, 0]);
    var USTAR_VER = b4a.from([ZERO_OFFSET, ZERO_OFFSET]);
    var GNU_MAGIC = b4a.from([117, 115, 116, 97, 114, 32]);
    var GNU_VER = b4a.from([32, 0]);
    var MASK = 4095;
    var MAGIC_OFFSET = 257;
    var VERSION_OFFSET = 263;
    exports.decodeLongPath = /* @__PURE__ */ __name(function decodeLongPath(buf, encoding) {
      return decodeStr(buf, 0, buf.length, encoding);
    }, "decodeLongPath");
    exports.encodePax = /* @__PURE__ */ __name(function encodePax(opts) {
      let result = "";
      if (opts.name) result += addLength(" path=" + opts.name + "\n");
      if (opts.linkname) result += addLength(" linkpath=" + opts.linkname + "\n");
      const pax = opts.pax;
      if (pax) {
        for (const key in pax) {
          result += addLength(" " + key + "=" + pax[key] + "\n");
        }
      }
      return b4a.from(result);
    }, "encodePax");
    exports.decodePax = /* @__PURE__ */ __name(function decodePax(buf) {
      const result = {};
      while (buf.length) {
        let i = 0;
        while (i < buf.length && buf[i] !== 32) i++;
        const len = parseInt(b4a.toString(buf.subarray(0, i)), 10);
        if (!len) return result;
        const b = b4a.toString(buf.subarray(i + 1, len - 1));
        const keyIndex = b.indexOf("=");
        if (keyIndex === -1) return result;
        result[b.slice(0, keyIndex)] = b.slice(keyIndex + 1);
        buf = buf.subarray(len);
      }
      return result;
    }, "decodePax");
    exports.encode = /* @__PURE__ */ __name(function encode(opts) {
      const buf = b4a.alloc(512);
      let name = opts.name;
      let prefix = "";
      if (opts.typeflag === 5 && name[name.length - 1] !== "/") name += "/";
      if (b4a.byteLength(name) !== name.length) return null;
      while (b4a.byteLength(name) > 100) {
        const i = name.indexOf("/");
        if (i === -1) return null;
        prefix += prefix ? "/" + name.slice(0, i) : name.slice(0, i);
        name = name.slice(i + 1);
      }
      if (b4a.byteLength(name) > 100 || b4a.byteLength(prefix) > 155) return null;
      if (opts.linkname && b4a.byteLength(opts.linkname) > 100) return null;
      b4a.write(buf, name);
      b4a.write(buf, encodeOct(opts.mode & MASK, 6), 100);
      b4a.write(buf, encodeOct(opts.uid, 6), 108);
      b4a.write(buf, encodeOct(opts.gid, 6), 116);
      encodeSize(opts.size, buf, 124);
      b4a.write(buf, encodeOct(opts.mtime.getTime() / 1e3 | 0, 11), 136);
      buf[156] = ZERO_OFFSET + toTypeflag(opts.type);
      if (opts.linkname) b4a.write(buf, opts.linkname, 157);
      b4a.copy(USTAR_MAGIC, buf, MAGIC_OFFSET);
      b4a.copy(USTAR_VER, buf, VERSION_OFFSET);
      if (opts.uname) b4a.write(buf, opts.uname, 265);
      if (opts.gname) b4a.write(buf, opts.gname, 297);
      b4a.write(buf, encodeOct(opts.devmajor || 0, 6), 329);
      b4a.write(buf, encodeOct(opts.devminor || 0, 6), 337);
      if (prefix) b4a.write(buf, prefix, 345);
      b4a.write(buf, encodeOct(cksum(buf), 6), 148);
      return buf;
    }, "encode");
    exports.decode = /* @__PURE__ */ __name(function decode(buf, filenameEncoding, allowUnknownFormat) {
      let typeflag = buf[156] === 0 ? 0 : buf[156] - ZERO_OFFSET;
      let name = decodeStr(buf, 0, 100, filenameEncoding);
      const mode = decodeOct(buf, 100, 8);
      const uid = decodeOct(buf, 108, 8);
      const gid = decodeOct(buf, 116, 8);
      const size = decodeOct(buf, 124, 12);
      const mtime = decodeOct(buf, 136, 12);
      const type = toType(typeflag);
      const linkname = buf[157] === 0 ? null : decodeStr(buf, 157, 100, filenameEncoding);
      const uname = decodeStr(buf, 265, 32);
      const gname = decodeStr(buf, 297, 32);
      const devmajor = decodeOct(buf, 329, 8);
      const devminor = decodeOct(buf, 337, 8);
      const c = cksum(buf);
      if (c === 8 * 32) return null;
      if (c !== decodeOct(buf, 148, 8)) throw new Error("Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?");
      if (isUSTAR(buf)) {
        if (buf[345]) name = decodeStr(buf, 345, 155, filenameEncoding) + "/" + name;
      } else if (isGNU(buf)) {
      } else {
        if (!allowUnknownFormat) {
          throw new Error("Invalid tar header: unknown format.");
        }
      }
      if (typeflag === 0 && name && name[name.length - 1] === "/") typeflag = 5;
      return {
        name,
        mode,
        uid,
        gid,
        size,
        byteOffset: 0,
        mtime: new Date(1e3 * mtime),
        type,
        linkname,
        uname,
        gname,
        devmajor,
        devminor,
        pax: null
      };
    }, "decode");
    function isUSTAR(buf) {
      return b4a.equals(USTAR_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6));
    }
    __name(isUSTAR, "isUSTAR");
    function isGNU(buf) {
      return b4a.equals(GNU_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6)) && b4a.equals(GNU_VER, buf.subarray(VERSION_OFFSET, VERSION_OFFSET + 2));
    }
    __name(isGNU, "isGNU");
    function clamp(index, len, defaultValue) {
      if (typeof index !== "number") return defaultValue;
      index = ~~index;
      if (index >= len) return len;
      if (index >= 0) return index;
      index += len;
      if (index >= 0) return index;
      return 0;
    }
    __name(clamp, "clamp");
    function toType(flag) {
      switch (flag) {
        case 0:
          return "file";
        case 1:
          return "link";
        case 2:
          return "symlink";
        case 3:
          return "character-device";
        case 4:
          return "block-device";
        case 5:
          return "directory";
        case 6:
          return "fifo";
        case 7:
          return "contiguous-file";
        case 72:
          return "pax-header";
        case 55:
          return "pax-global-header";
        case 27:
          return "gnu-long-link-path";
        case 28:
        case 30:
          return "gnu-long-path";
      }
      return null;
    }
    __name(toType, "toType");
    function toTypeflag(flag) {
      switch (flag) {
        case "file":
          return 0;
        case "link":
          return 1;
        case "symlink":
          return 2;
        case "character-device":
          return 3;
        case "block-device":
          return 4;
        case "directory":
          return 5;
        case "fifo":
          return 6;
        case "contiguous-file":
          return 7;
        case "pax-header":
          return 72;
      }
      return 0;
    }
    __name(toTypeflag, "toTypeflag");
    function indexOf(block, num, offset, end) {
      for (; offset < end; offset++) {
        if (block[offset] === num) return offset;
      }
      return end;
    }
    __name(indexOf, "indexOf");
    function cksum(block) {
      let sum = 8 * 32;
      for (let i = 0; i < 148; i++) sum += block[i];
      for (let j = 156; j < 512; j++) sum += block[j];
      return sum;
    }
    __name(cksum, "cksum");
    function encodeOct(val, n) {
      val = val.toString(8);
      if (val.length > n) return SEVENS.slice(0, n) + " ";
      return ZEROS.slice(0, n - val.length) + val + " ";
    }
    __name(encodeOct, "encodeOct");
    function encodeSizeBin(num, buf, off) {
      buf[off] = 128;
      for (let i = 11; i > 0; i--) {
        buf[off + i] = num & 255;
        num = Math.floor(num / 256);
      }
    }
    __name(encodeSizeBin, "encodeSizeBin");
    function encodeSize(num, buf, off) {
      if (num.toString(8).length > 11) {
        encodeSizeBin(num, buf, off);
      } else {
        b4a.write(buf, encodeOct(num, 11), off);
      }
    }
    __name(encodeSize, "encodeSize");
    function parse256(buf) {
      let positive;
      if (buf[0] === 128) positive = true;
      else if (buf[0] === 255) positive = false;
      else return null;
      const tuple = [];
      let i;
      for (i = buf.length - 1; i > 0; i--) {
        const byte = buf[i];
        if (positive) tuple.push(byte);
        else tuple.push(255 - byte);
      }
      let sum = 0;
      const l = tuple.length;
      for (i = 0; i < l; i++) {
        sum += tuple[i] * Math.pow(256, i);
      }
      return positive ? sum : -1 * sum;
    }
    __name(parse256, "parse256");
    function decodeOct(val, offset, length) {
      val = val.subarray(offset, offset + length);
      offset = 0;
      if (val[offset] & 128) {
        return parse256(val);
      } else {
        while (offset < val.length && val[offset] === 32) offset++;
        const end = clamp(indexOf(val, 32, offset, val.length), val.length, val.length);
        while (offset < end && val[offset] === 0) offset++;
        if (end === offset) return 0;
        return parseInt(b4a.toString(val.subarray(offset, end)), 8);
      }
    }
    __name(decodeOct, "decodeOct");
    function decodeStr(val, offset, length, encoding) {
      return b4a.toString(val.subarray(offset, indexOf(val, 0, offset, offset + length)), encoding);
    }
    __name(decodeStr, "decodeStr");
    function addLength(str) {
      const len = b4a.byteLength(str);
      let digits = Math.floor(Math.log(len) / Math.log(10)) + 1;
      if (len + digits >= Math.pow(10, digits)) digits++;
      return len + digits + str;
    }
    __name(addLength, "addLength");
  }
});

// node_modules/tar-stream/extract.js
var require_extract = __commonJS({
  "node_modules/tar-stream/extract.js"(exports, module) {
    "use strict";
    var { Writable, Readable: Readable3, getStreamError } = require_streamx();
    var FIFO = require_fast_fifo();
    var b4a = require_b4a();
    var headers = require_headers();
    var EMPTY = b4a.alloc(0);
    var MAX_HEADER_SIZE = 4 * 1024 * 1024;
    var BufferList = class {
      static {
        __name(this, "BufferList");
      }
      constructor() {
        this.buffered = 0;
        this.shifted = 0;
        this.queue = new FIFO();
        this._offset = 0;
      }
      push(buffer) {
        this.buffered += buffer.byteLength;
        this.queue.push(buffer);
      }
      shiftFirst(size) {
        return this.buffered === 0 ? null : this._next(size);
      }
      shift(size) {
        if (size > this.buffered) return null;
        if (size === 0) return EMPTY;
        let chunk = this._next(size);
        if (size === chunk.byteLength) return chunk;
        const chunks = [chunk];
        while ((size -= chunk.byteLength) > 0) {
          chunk = this._next(size);
          chunks.push(chunk);
        }
        return b4a.concat(chunks);
      }
      _next(size) {
        const buf = this.queue.peek();
        const rem = buf.byteLength - this._offset;
        if (size >= rem) {
          const sub = this._offset ? buf.subarray(this._offset, buf.byteLength) : buf;
          this.queue.shift();
          this._offset = 0;
          this.buffered -= rem;
          this.shifted += rem;
          return sub;
        }
        this.buffered -= size;
        this.shifted += size;
        return buf.subarray(this._offset, this._offset += size);
      }
    };
    var Source = class extends Readable3 {
      static {
        __name(this, "Source");
      }
      constructor(self, header, offset) {
        super();
        this.header = header;
        this.offset = offset;
        this._parent = self;
      }
      _read(cb) {
        if (this.header.size === 0) {
          this.push(null);
        }
        if (this._parent._stream === this) {
          this._parent._update();
        }
        cb(null);
      }
      _predestroy() {
        this._parent.destroy(getStreamError(this));
      }
      _detach() {
        if (this._parent._stream === this) {
          this._parent._stream = null;
          this._parent._missing = overflow(this.header.size);
          this._parent._update();
        }
      }
      _destroy(cb) {
        this._detach();
        cb(null);
      }
    };
    var Extract = class extends Writable {
      static {
        __name(this, "Extract");
      }
      constructor(opts) {
        super(opts);
        if (!opts) opts = {};
        this._buffer = new BufferList();
        this._offset = 0;
        this._header = null;
        this._stream = null;
        this._missing = 0;
        this._longHeader = false;
        this._callback = noop;
        this._locked = false;
        this._finished = false;
        this._pax = null;
        this._paxGlobal = null;
        this._gnuLongPath = null;
        this._gnuLongLinkPath = null;
        this._filenameEncoding = opts.filenameEncoding || "utf-8";
        this._allowUnknownFormat = !!opts.allowUnknownFormat;
        this._unlockBound = this._unlock.bind(this);
      }
      _unlock(err) {
        this._locked = false;
        if (err) {
          this.destroy(err);
          this._continueWrite(err);
          return;
        }
        this._update();
      }
      _consumeHeader() {
        if (this._locked) return false;
        this._offset = this._buffer.shifted;
        try {
          this._header = headers.decode(this._buffer.shift(512), this._filenameEncoding, this._allowUnknownFormat);
        } catch (err) {
          this._continueWrite(err);
          return false;
        }
        if (!this._header) return true;
        this._header.byteOffset = this._buffer.shifted;
        switch (this._header.type) {
          case "gnu-long-path":
          case "gnu-long-link-path":
          case "pax-global-header":
          case "pax-header":
            this._longHeader = true;
            this._missing = this._header.size;
            if (this._missing > MAX_HEADER_SIZE) {
              this._continueWrite(new Error("Header exceeds max size"));
              return false;
            }
            return true;
        }
        this._locked = true;
        this._applyLongHeaders();
        if (!(this._header.size >= 0)) {
          this._continueWrite(new Error("Invalid header"));
          return false;
        }
        if (this._header.size === 0 || this._header.type === "directory") {
          this.emit("entry", this._header, this._createStream(), this._unlockBound);
          return true;
        }
        this._stream = this._createStream();
        this._missing = this._header.size;
        this.emit("entry", this._header, this._stream, this._unlockBound);
        return true;
      }
      _applyLongHeaders() {
        if (this._gnuLongPath) {
          this._header.name = this._gnuLongPath;
          this._gnuLongPath = null;
        }
        if (this._gnuLongLinkPath) {
          this._header.linkname = this._gnuLongLinkPath;
          this._gnuLongLinkPath = null;
        }
        if (this._pax) {
          if (this._pax.path) this._header.name = this._pax.path;
          if (this._pax.linkpath) this._header.linkname = this._pax.linkpath;
          if (this._pax.size) this._header.size = parseInt(this._pax.size, 10);
          this._header.pax = this._pax;
          this._pax = null;
        }
      }
      _decodeLongHeader(buf) {
        switch (this._header.type) {
          case "gnu-long-path":
            this._gnuLongPath = headers.decodeLongPath(buf, this._filenameEncoding);
            break;
          case "gnu-long-link-path":
            this._gnuLongLinkPath = headers.decodeLongPath(buf, this._filenameEncoding);
            break;
          case "pax-global-header":
            this._paxGlobal = headers.decodePax(buf);
            break;
          case "pax-header":
            this._pax = this._paxGlobal === null ? headers.decodePax(buf) : Object.assign({}, this._paxGlobal, headers.decodePax(buf));
            break;
        }
      }
      _consumeLongHeader() {
        this._longHeader = false;
        this._missing = overflow(this._header.size);
        const buf = this._buffer.shift(this._header.size);
        try {
          this._decodeLongHeader(buf);
        } catch (err) {
          this._continueWrite(err);
          return false;
        }
        return true;
      }
      _consumeStream() {
        const buf = this._buffer.shiftFirst(this._missing);
        if (buf === null) return false;
        this._missing -= buf.byteLength;
        const drained = this._stream.push(buf);
        if (this._missing === 0) {
          this._stream.push(null);
          if (drained) this._stream._detach();
          return drained && this._locked === false;
        }
        return drained;
      }
      _createStream() {
        return new Source(this, this._header, this._offset);
      }
      _update() {
        while (this._buffer.buffered > 0 && !this.destroying) {
          if (this._missing > 0) {
            if (this._stream !== null) {
              if (this._consumeStream() === false) return;
              continue;
            }
            if (this._longHeader === true) {
              if (this._missing > this._buffer.buffered) break;
              if (this._consumeLongHeader() === false) return false;
              continue;
            }
            const ignore = this._buffer.shiftFirst(this._missing);
            if (ignore !== null) this._missing -= ignore.byteLength;
            continue;
          }
          if (this._buffer.buffered < 512) break;
          if (this._stream !== null || this._consumeHeader() === false) return;
        }
        this._continueWrite(null);
      }
      _continueWrite(err) {
        const cb = this._callback;
        this._callback = noop;
        cb(err);
      }
      _write(data, cb) {
        this._callback = cb;
        this._buffer.push(data);
        this._update();
      }
      _final(cb) {
        this._finished = this._missing === 0 && this._buffer.buffered === 0;
        cb(this._finished ? null : new Error("Unexpected end of data"));
      }
      _predestroy() {
        this._continueWrite(null);
      }
      _destroy(cb) {
        if (this._stream) this._stream.destroy(getStreamError(this));
        cb(null);
      }
      [Symbol.asyncIterator]() {
        let error = null;
        let promiseResolve = null;
        let promiseReject = null;
        let entryStream = null;
        let entryCallback = null;
        const extract2 = this;
        this.on("entry", onentry);
        this.on("error", (err) => {
          error = err;
        });
        this.on("close", onclose);
        return {
          [Symbol.asyncIterator]() {
            return this;
          },
          next() {
            return new Promise(onnext);
          },
          return() {
            return destroy(null);
          },
          throw(err) {
            return destroy(err);
          }
        };
        function consumeCallback(err) {
          if (!entryCallback) return;
          const cb = entryCallback;
          entryCallback = null;
          cb(err);
        }
        __name(consumeCallback, "consumeCallback");
        function onnext(resolve, reject) {
          if (error) {
            return reject(error);
          }
          if (entryStream) {
            resolve({ value: entryStream, done: false });
            entryStream = null;
            return;
          }
          promiseResolve = resolve;
          promiseReject = reject;
          consumeCallback(null);
          if (extract2._finished && promiseResolve) {
            promiseResolve({ value: void 0, done: true });
            promiseResolve = promiseReject = null;
          }
        }
        __name(onnext, "onnext");
        function onentry(header, stream, callback) {
          entryCallback = callback;
          stream.on("error", noop);
          if (promiseResolve) {
            promiseResolve({ value: stream, done: false });
            promiseResolve = promiseReject = null;
          } else {
            entryStream = stream;
          }
        }
        __name(onentry, "onentry");
        function onclose() {
          consumeCallback(error);
          if (!promiseResolve) return;
          if (error) promiseReject(error);
          else promiseResolve({ value: void 0, done: true });
          promiseResolve = promiseReject = null;
        }
        __name(onclose, "onclose");
        function destroy(err) {
          extract2.destroy(err);
          consumeCallback(err);
          return new Promise((resolve, reject) => {
            if (extract2.destroyed) return resolve({ value: void 0, done: true });
            extract2.once("close", function() {
              if (err) reject(err);
              else resolve({ value: void 0, done: true });
            });
          });
        }
        __name(destroy, "destroy");
      }
    };
    module.exports = /* @__PURE__ */ __name(function extract2(opts) {
      return new Extract(opts);
    }, "extract");
    function noop() {
    }
    __name(noop, "noop");
    function overflow(size) {
      size &= 511;
      return size && 512 - size;
    }
    __name(overflow, "overflow");
  }
});

// node_modules/tar-stream/constants.js
var require_constants = __commonJS({
  "node_modules/tar-stream/constants.js"(exports, module) {
    "use strict";
    var constants = {
      // just for envs without fs
      S_IFMT: 61440,
      S_IFDIR: 16384,
      S_IFCHR: 8192,
      S_IFBLK: 24576,
      S_IFIFO: 4096,
      S_IFLNK: 40960
    };
    try {
      module.exports = __require("fs").constants || constants;
    } catch {
      module.exports = constants;
    }
  }
});

// node_modules/tar-stream/pack.js
var require_pack = __commonJS({
  "node_modules/tar-stream/pack.js"(exports, module) {
    "use strict";
    var { Readable: Readable3, Writable, getStreamError } = require_streamx();
    var b4a = require_b4a();
    var constants = require_constants();
    var headers = require_headers();
    var DMODE = 493;
    var FMODE = 420;
    var END_OF_TAR = b4a.alloc(1024);
    var Sink = class extends Writable {
      static {
        __name(this, "Sink");
      }
      constructor(pack2, header, callback) {
        super({ mapWritable, eagerOpen: true });
        this.written = 0;
        this.header = header;
        this._callback = callback;
        this._linkname = null;
        this._isLinkname = header.type === "symlink" && !header.linkname;
        this._isVoid = header.type !== "file" && header.type !== "contiguous-file";
        this._finished = false;
        this._pack = pack2;
        this._openCallback = null;
        if (this._pack._stream === null) this._pack._stream = this;
        else this._pack._pending.push(this);
      }
      _open(cb) {
        this._openCallback = cb;
        if (this._pack._stream === this) this._continueOpen();
      }
      _continuePack(err) {
        if (this._callback === null) return;
        const callback = this._callback;
        this._callback = null;
        callback(err);
      }
      _continueOpen() {
        if (this._pack._stream === null) this._pack._stream = this;
        const cb = this._openCallback;
        this._openCallback = null;
        if (cb === null) return;
        if (this._pack.destroying) return cb(new Error("pack stream destroyed"));
        if (this._pack._finalized) return cb(new Error("pack stream is already finalized"));
        this._pack._stream = this;
        if (!this._isLinkname) {
          this._pack._encode(this.header);
        }
        if (this._isVoid) {
          this._finish();
          this._continuePack(null);
        }
        cb(null);
      }
      _write(data, cb) {
        if (this._isLinkname) {
          this._linkname = this._linkname ? b4a.concat([this._linkname, data]) : data;
          return cb(null);
        }
        if (this._isVoid) {
          if (data.byteLength > 0) {
            return cb(new Error("No body allowed for this entry"));
          }
          return cb();
        }
        this.written += data.byteLength;
        if (this._pack.push(data)) return cb();
        this._pack._drain = cb;
      }
      _finish() {
        if (this._finished) return;
        this._finished = true;
        if (this._isLinkname) {
          this.header.linkname = this._linkname ? b4a.toString(this._linkname, "utf-8") : "";
          this._pack._encode(this.header);
        }
        overflow(this._pack, this.header.size);
        this._pack._done(this);
      }
      _final(cb) {
        if (this.written !== this.header.size) {
          return cb(new Error("Size mismatch"));
        }
        this._finish();
        cb(null);
      }
      _getError() {
        return getStreamError(this) || new Error("tar entry destroyed");
      }
      _predestroy() {
        this._pack.destroy(this._getError());
      }
      _destroy(cb) {
        this._pack._done(this);
        this._continuePack(this._finished ? null : this._getError());
        cb();
      }
    };
    var Pack = class extends Readable3 {
      static {
        __name(this, "Pack");
      }
      constructor(opts) {
        super(opts);
        this._drain = noop;
        this._finalized = false;
        this._finalizing = false;
        this._pending = [];
        this._stream = null;
      }
      entry(header, buffer, callback) {
        if (this._finalized || this.destroying) throw new Error("already finalized or destroyed");
        if (typeof buffer === "function") {
          callback = buffer;
          buffer = null;
        }
        if (!callback) callback = noop;
        if (!header.size || header.type === "symlink") header.size = 0;
        if (!header.type) header.type = modeToType(header.mode);
        if (!header.mode) header.mode = header.type === "directory" ? DMODE : FMODE;
        if (!header.uid) header.uid = 0;
        if (!header.gid) header.gid = 0;
        if (!header.mtime) header.mtime = /* @__PURE__ */ new Date();
        if (typeof buffer === "string") buffer = b4a.from(buffer);
        const sink = new Sink(this, header, callback);
        if (b4a.isBuffer(buffer)) {
          header.size = buffer.byteLength;
          sink.write(buffer);
          sink.end();
          return sink;
        }
        if (sink._isVoid) {
          return sink;
        }
        return sink;
      }
      finalize() {
        if (this._stream || this._pending.length > 0) {
          this._finalizing = true;
          return;
        }
        if (this._finalized) return;
        this._finalized = true;
        this.push(END_OF_TAR);
        this.push(null);
      }
      _done(stream) {
        if (stream !== this._stream) return;
        this._stream = null;
        if (this._finalizing) this.finalize();
        if (this._pending.length) this._pending.shift()._continueOpen();
      }
      _encode(header) {
        if (!header.pax) {
          const buf = headers.encode(header);
          if (buf) {
            this.push(buf);
            return;
          }
        }
        this._encodePax(header);
      }
      _encodePax(header) {
        const paxHeader = headers.encodePax({
          name: header.name,
          linkname: header.linkname,
          pax: header.pax
        });
        const newHeader = {
          name: "PaxHeader",
          mode: header.mode,
          uid: header.uid,
          gid: header.gid,
          size: paxHeader.byteLength,
          mtime: header.mtime,
          type: "pax-header",
          linkname: header.linkname && "PaxHeader",
          uname: header.uname,
          gname: header.gname,
          devmajor: header.devmajor,
          devminor: header.devminor
        };
        this.push(headers.encode(newHeader));
        this.push(paxHeader);
        overflow(this, paxHeader.byteLength);
        newHeader.size = header.size;
        newHeader.type = header.type;
        this.push(headers.encode(newHeader));
      }
      _doDrain() {
        const drain = this._drain;
        this._drain = noop;
        drain();
      }
      _predestroy() {
        const err = getStreamError(this);
        if (this._stream) this._stream.destroy(err);
        while (this._pending.length) {
          const stream = this._pending.shift();
          stream.destroy(err);
          stream._continueOpen();
        }
        this._doDrain();
      }
      _read(cb) {
        this._doDrain();
        cb();
      }
    };
    module.exports = /* @__PURE__ */ __name(function pack2(opts) {
      return new Pack(opts);
    }, "pack");
    function modeToType(mode) {
      switch (mode & constants.S_IFMT) {
        case constants.S_IFBLK:
          return "block-device";
        case constants.S_IFCHR:
          return "character-device";
        case constants.S_IFDIR:
          return "directory";
        case constants.S_IFIFO:
          return "fifo";
        case constants.S_IFLNK:
          return "symlink";
      }
      return "file";
    }
    __name(modeToType, "modeToType");
    function noop() {
    }
    __name(noop, "noop");
    function overflow(self, size) {
      size &= 511;
      if (size) self.push(END_OF_TAR.subarray(0, 512 - size));
    }
    __name(overflow, "overflow");
    function mapWritable(buf) {
      return b4a.isBuffer(buf) ? buf : b4a.from(buf);
    }
    __name(mapWritable, "mapWritable");
  }
});

// node_modules/tar-stream/index.js
var require_tar_stream = __commonJS({
  "node_modules/tar-stream/index.js"(exports) {
    "use strict";
    exports.extract = require_extract();
    exports.pack = require_pack();
  }
});

// packages/oci/src/open.ts
import { mkdtemp, rm as rm3, stat as stat3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join4, resolve as resolvePath2 } from "node:path";

// packages/oci/src/archive.ts
var import_tar_stream = __toESM(require_tar_stream(), 1);
import { createReadStream as createReadStream3, createWriteStream as createWriteStream2 } from "node:fs";
import { mkdir as mkdir2, readdir as readdir2, readFile as readFile2, rename as rename2, rm as rm2, stat as stat2 } from "node:fs/promises";
import { createHash as createHash2 } from "node:crypto";
import { dirname, join as join2, normalize, sep } from "node:path";
import { pipeline as pipeline2 } from "node:stream/promises";

// packages/oci/src/errors.ts
var OciError = class extends StellaError {
  static {
    __name(this, "OciError");
  }
  constructor(message, options) {
    super(message, options);
  }
};
function isOciError(e, code) {
  return e instanceof OciError && (code === void 0 || e.code === code);
}
__name(isOciError, "isOciError");
function digestMismatch(where, expected, actual) {
  return new OciError(`digest mismatch for ${where}: expected ${expected}, got ${actual}`, {
    code: "DIGEST_MISMATCH",
    hint: "the content was corrupted in transit or in storage; nothing was stored"
  });
}
__name(digestMismatch, "digestMismatch");

// packages/oci/src/layout.ts
import { closeSync as closeSync2, constants as fsc, createReadStream as createReadStream2, createWriteStream, existsSync, fsync, fstatSync, linkSync as linkSync2, openSync as openSync2, readFileSync as readFileSync2, statSync as statSync2, writeSync as writeSync2 } from "node:fs";
import { link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve as resolvePath } from "node:path";
import { promisify } from "node:util";
import { pipeline } from "node:stream/promises";

// packages/oci/src/lock-file.ts
import { closeSync, linkSync, openSync, rmSync, statSync, writeSync } from "node:fs";
var STALE_MS = 6e4;
var sleep = /* @__PURE__ */ __name((ms) => new Promise((r) => setTimeout(r, ms)), "sleep");
var holders = new Turns();
function withLockFile(path, fn, timeoutMs = 3e4, token) {
  return holders.run(path, () => holdLockFile(path, fn, timeoutMs, token));
}
__name(withLockFile, "withLockFile");
function take(path, token) {
  if (token !== void 0) {
    try {
      linkSync(token, path);
      return;
    } catch (e) {
      if (isCode(e, "EEXIST")) throw e;
    }
  }
  const fd = openSync(path, "wx");
  try {
    writeSync(fd, `${process.pid}
`);
  } finally {
    closeSync(fd);
  }
}
__name(take, "take");
async function holdLockFile(path, fn, timeoutMs, token) {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (; ; ) {
    try {
      take(path, token);
      break;
    } catch (e) {
      if (!isCode(e, "EEXIST")) throw e;
      let age = 0;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
      }
      if (age > STALE_MS) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new OciError(`could not lock ${path} within ${timeoutMs} ms: another writer holds it`, {
          code: "LOCKED",
          hint: `if no other stella/skopeo is writing there, remove ${path}`
        });
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 25);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
__name(holdLockFile, "holdLockFile");
function isCode(e, code) {
  return e instanceof Error && "code" in e && e.code === code;
}
__name(isCode, "isCode");

// packages/oci/src/media-types.ts
var MediaType = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  ociEmpty: "application/vnd.oci.empty.v1+json",
  ociLayout: "application/vnd.oci.layout.header.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws"
};
var EMPTY_JSON_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
function isIndexMediaType(mediaType) {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
__name(isIndexMediaType, "isIndexMediaType");
function isImageManifestMediaType(mediaType) {
  return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}
__name(isImageManifestMediaType, "isImageManifestMediaType");
function isManifestMediaType(mediaType) {
  return isIndexMediaType(mediaType) || isImageManifestMediaType(mediaType);
}
__name(isManifestMediaType, "isManifestMediaType");
var MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest];

// packages/oci/src/manifest.ts
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord, "isRecord");
function isStringMap(v) {
  return isRecord(v) && Object.values(v).every((x) => typeof x === "string");
}
__name(isStringMap, "isStringMap");
function isStringArray(v) {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}
__name(isStringArray, "isStringArray");
function isPlatform(v) {
  if (!isRecord(v) || typeof v.architecture !== "string" || typeof v.os !== "string") return false;
  if (v.variant !== void 0 && typeof v.variant !== "string") return false;
  if (v["os.version"] !== void 0 && typeof v["os.version"] !== "string") return false;
  return v["os.features"] === void 0 || isStringArray(v["os.features"]);
}
__name(isPlatform, "isPlatform");
function isDescriptor(v) {
  if (!isRecord(v)) return false;
  if (typeof v.mediaType !== "string" || typeof v.digest !== "string" || !DIGEST_RE.test(v.digest)) return false;
  if (typeof v.size !== "number" || !Number.isSafeInteger(v.size) || v.size < 0) return false;
  if (v.annotations !== void 0 && !isStringMap(v.annotations)) return false;
  if (v.artifactType !== void 0 && typeof v.artifactType !== "string") return false;
  if (v.platform !== void 0 && !isPlatform(v.platform)) return false;
  if (v.urls !== void 0 && !isStringArray(v.urls)) return false;
  return v.data === void 0 || typeof v.data === "string";
}
__name(isDescriptor, "isDescriptor");
function problemsOf(doc, kind) {
  const problems = [];
  if (doc.schemaVersion !== 2) problems.push(`schemaVersion is ${JSON.stringify(doc.schemaVersion)}, expected 2`);
  if (doc.mediaType !== void 0 && typeof doc.mediaType !== "string") problems.push("mediaType is not a string");
  if (doc.artifactType !== void 0 && typeof doc.artifactType !== "string") problems.push("artifactType is not a string");
  if (doc.annotations !== void 0 && !isStringMap(doc.annotations)) problems.push("annotations is not a map of strings");
  if (doc.subject !== void 0 && !isDescriptor(doc.subject)) problems.push("subject is not a valid descriptor");
  if (kind === "manifest") {
    if (!isDescriptor(doc.config)) problems.push("config is missing or not a valid descriptor");
    if (!Array.isArray(doc.layers)) problems.push("layers is missing or not an array");
    else doc.layers.forEach((l, i) => void (isDescriptor(l) || problems.push(`layers[${i}] is not a valid descriptor`)));
  } else if (!Array.isArray(doc.manifests)) {
    problems.push("manifests is missing or not an array");
  } else {
    doc.manifests.forEach((m, i) => void (isDescriptor(m) || problems.push(`manifests[${i}] is not a valid descriptor`)));
  }
  return problems;
}
__name(problemsOf, "problemsOf");
function isImageManifest(doc) {
  return problemsOf(doc, "manifest").length === 0;
}
__name(isImageManifest, "isImageManifest");
function isImageIndex(doc) {
  return problemsOf(doc, "index").length === 0;
}
__name(isImageIndex, "isImageIndex");
function parseManifest(bytes, where, declared) {
  if (bytes.byteLength > MAX_MANIFEST_BYTES) {
    throw new OciError(`manifest ${where} is ${bytes.byteLength} bytes, over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
  }
  let doc;
  try {
    doc = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (e) {
    throw new OciError(`manifest ${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_MANIFEST" });
  }
  if (!isRecord(doc)) throw new OciError(`manifest ${where} is not a JSON object`, { code: "BAD_MANIFEST" });
  const own = typeof doc.mediaType === "string" ? doc.mediaType : void 0;
  const usable = /* @__PURE__ */ __name((t) => t !== void 0 && (isIndexMediaType(t) || isImageManifestMediaType(t)) ? t : void 0, "usable");
  const mediaType = own ?? usable(declared) ?? (Array.isArray(doc.manifests) ? MediaType.ociIndex : MediaType.ociManifest);
  if (mediaType === MediaType.dockerSchema1 || mediaType === MediaType.dockerSchema1Signed || doc.schemaVersion === 1) {
    throw new OciError(`manifest ${where} is Docker schema 1, which is not supported`, { code: "UNSUPPORTED", hint: "re-push the image with a current client (schema 2 or OCI)" });
  }
  if (isIndexMediaType(mediaType)) {
    if (!isImageIndex(doc)) throw badShape(where, mediaType, problemsOf(doc, "index"));
    return { kind: "index", mediaType, index: doc };
  }
  if (!isImageManifestMediaType(mediaType)) {
    throw new OciError(`manifest ${where} has media type "${mediaType}", which is neither an image manifest nor an index`, { code: "UNSUPPORTED" });
  }
  if (!isImageManifest(doc)) throw badShape(where, mediaType, problemsOf(doc, "manifest"));
  return { kind: "manifest", mediaType, manifest: doc };
}
__name(parseManifest, "parseManifest");
function badShape(where, mediaType, problems) {
  return new OciError(`manifest ${where} (${mediaType}) is malformed: ${problems.join("; ")}`, { code: "BAD_MANIFEST" });
}
__name(badShape, "badShape");
function childrenOf(parsed) {
  if (parsed.kind === "index") return { manifests: parsed.index.manifests, blobs: [] };
  return { manifests: [], blobs: [parsed.manifest.config, ...parsed.manifest.layers] };
}
__name(childrenOf, "childrenOf");
function subjectOf(parsed) {
  return parsed.kind === "index" ? parsed.index.subject : parsed.manifest.subject;
}
__name(subjectOf, "subjectOf");
function artifactTypeOf(parsed) {
  if (parsed.kind === "index") return parsed.index.artifactType;
  return parsed.manifest.artifactType ?? parsed.manifest.config.mediaType;
}
__name(artifactTypeOf, "artifactTypeOf");
function annotationsOf(parsed) {
  return parsed.kind === "index" ? parsed.index.annotations : parsed.manifest.annotations;
}
__name(annotationsOf, "annotationsOf");

// packages/oci/src/referrers-index.ts
var TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
function referrersTagFor(subjectDigest) {
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(subjectDigest);
  if (!m) throw new OciError(`"${subjectDigest}" is not a digest (expected sha256:<64 hex>)`, { code: "BAD_REFERENCE" });
  const tag = `${m[1]}-${m[2].slice(0, 64)}`.replace(/[+]/g, "-");
  if (!TAG_RE.test(tag)) throw new OciError(`referrers tag "${tag}" for "${subjectDigest}" is not a valid tag`, { code: "BAD_REFERENCE" });
  return tag;
}
__name(referrersTagFor, "referrersTagFor");
function referrerDescriptorOf(bytes, declaredMediaType) {
  const digest = sha256Digest(bytes);
  const parsed = parseManifest(bytes, digest, declaredMediaType);
  const subject = subjectOf(parsed);
  if (!subject) throw new OciError(`manifest ${digest} has no subject, so it cannot be a referrer`, { code: "BAD_MANIFEST" });
  const descriptor = { mediaType: parsed.mediaType, digest, size: bytes.byteLength };
  const artifactType = artifactTypeOf(parsed);
  if (artifactType !== void 0) descriptor.artifactType = artifactType;
  const annotations = annotationsOf(parsed);
  if (annotations !== void 0 && Object.keys(annotations).length > 0) descriptor.annotations = annotations;
  return { descriptor, subject: subject.digest };
}
__name(referrerDescriptorOf, "referrerDescriptorOf");
function emptyReferrersIndex() {
  return { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
}
__name(emptyReferrersIndex, "emptyReferrersIndex");
function parseReferrersIndex(bytes, where) {
  const parsed = parseManifest(bytes, where, MediaType.ociIndex);
  if (parsed.kind !== "index") throw new OciError(`referrers tag ${where} holds a ${parsed.mediaType}, not an image index`, { code: "BAD_MANIFEST" });
  return parsed.index;
}
__name(parseReferrersIndex, "parseReferrersIndex");
function compareDescriptors(a, b) {
  const at = (a.artifactType ?? "").localeCompare(b.artifactType ?? "");
  return at !== 0 ? at : a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0;
}
__name(compareDescriptors, "compareDescriptors");
function mergeReferrers(...lists) {
  const byDigest = /* @__PURE__ */ new Map();
  for (const list of lists) for (const d of list) if (!byDigest.has(d.digest)) byDigest.set(d.digest, d);
  return [...byDigest.values()].sort(compareDescriptors);
}
__name(mergeReferrers, "mergeReferrers");
function addReferrers(index, added) {
  const known = new Set(index.manifests.map((d) => d.digest));
  const fresh = added.filter((d) => !known.has(d.digest));
  if (fresh.length === 0) return { index, changed: false };
  return { index: { ...index, manifests: mergeReferrers(index.manifests, fresh) }, changed: true };
}
__name(addReferrers, "addReferrers");
function filterByArtifactType(descriptors, artifactType) {
  return artifactType === void 0 ? [...descriptors] : descriptors.filter((d) => d.artifactType === artifactType);
}
__name(filterByArtifactType, "filterByArtifactType");
function sortedMap(m) {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
__name(sortedMap, "sortedMap");
function normalizeDescriptor(d) {
  const out = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.artifactType !== void 0) out.artifactType = d.artifactType;
  if (d.urls !== void 0) out.urls = d.urls;
  if (d.data !== void 0) out.data = d.data;
  if (d.platform !== void 0) out.platform = d.platform;
  if (d.annotations !== void 0) out.annotations = sortedMap(d.annotations);
  return out;
}
__name(normalizeDescriptor, "normalizeDescriptor");
function encodeReferrersIndex(index) {
  const doc = { schemaVersion: 2, mediaType: MediaType.ociIndex };
  if (index.artifactType !== void 0) doc.artifactType = index.artifactType;
  doc.manifests = [...index.manifests].sort(compareDescriptors).map(normalizeDescriptor);
  if (index.annotations !== void 0) doc.annotations = sortedMap(index.annotations);
  return new TextEncoder().encode(JSON.stringify(doc));
}
__name(encodeReferrersIndex, "encodeReferrersIndex");
function updatedReferrersIndex(current, where, added) {
  const index = current === void 0 ? emptyReferrersIndex() : parseReferrersIndex(current, where);
  const { index: next, changed } = addReferrers(index, added);
  return changed || current === void 0 ? encodeReferrersIndex(next) : void 0;
}
__name(updatedReferrersIndex, "updatedReferrersIndex");

// packages/oci/src/layout-referrers.ts
async function layoutReferrers(store, digest, artifactType) {
  const index = await store.readIndex();
  const fromIndex = [];
  for (const d of index.manifests) {
    if (isReferrersTagEntry(d)) continue;
    if (await store.subjectOfManifest(d) === digest) fromIndex.push(stripRefName(d));
  }
  const tag = referrersTagFor(digest);
  const tagEntry = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
  const fromTag = tagEntry ? parseReferrersIndex(await store.getBlobBytes(tagEntry), `${store.location}:${tag}`).manifests : [];
  return filterByArtifactType(mergeReferrers(fromTag, fromIndex), artifactType);
}
__name(layoutReferrers, "layoutReferrers");
async function putLayoutReferrer(store, bytes, mediaType) {
  const { descriptor, subject } = referrerDescriptorOf(bytes, mediaType);
  await store.putBlob(descriptor, () => bytes);
  const tag = referrersTagFor(subject);
  await store.updateIndex(async (idx, batch) => {
    const tagEntry = idx.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
    const current = batch.blobs.get(tag) ?? (tagEntry ? await store.getBlobBytes(tagEntry) : void 0);
    const next = updatedReferrersIndex(current, `${store.location}:${tag}`, [descriptor]);
    let manifests = idx.manifests;
    if (!manifests.some((d) => d.digest === descriptor.digest && d.annotations?.[REF_NAME] === void 0)) manifests = [...manifests, descriptor];
    if (next !== void 0) {
      batch.blobs.set(tag, next);
      const tagDescriptor = { mediaType: MediaType.ociIndex, digest: sha256Digest(next), size: next.byteLength, annotations: { [REF_NAME]: tag } };
      manifests = [...manifests.filter((d) => d.annotations?.[REF_NAME] !== tag), tagDescriptor];
    }
    return manifests === idx.manifests ? void 0 : { ...idx, manifests };
  });
  return descriptor;
}
__name(putLayoutReferrer, "putLayoutReferrer");

// packages/oci/src/verify-stream.ts
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { Transform } from "node:stream";
var DigestVerifier = class extends Transform {
  constructor(expected, where, hashing = true) {
    super({ highWaterMark: 64 * 1024 });
    this.expected = expected;
    this.where = where;
    this.hashing = hashing;
    if (!expected.digest.startsWith("sha256:")) {
      throw new OciError(`${where}: digest algorithm of "${expected.digest}" is not supported (only sha256)`, { code: "UNSUPPORTED" });
    }
  }
  expected;
  where;
  hashing;
  static {
    __name(this, "DigestVerifier");
  }
  hash = createHash("sha256");
  seen = 0;
  _transform(chunk, _enc, done) {
    this.seen += chunk.byteLength;
    if (this.expected.size >= 0 && this.seen > this.expected.size) {
      done(new OciError(`${this.where}: more than the expected ${this.expected.size} bytes for ${this.expected.digest}`, { code: "SIZE_MISMATCH" }));
      return;
    }
    if (this.hashing) this.hash.update(chunk);
    done(null, chunk);
  }
  _flush(done) {
    const actual = this.hashing ? `sha256:${this.hash.digest("hex")}` : this.expected.digest;
    if (actual !== this.expected.digest) {
      done(digestMismatch(this.where, this.expected.digest, actual));
      return;
    }
    if (this.expected.size >= 0 && this.seen !== this.expected.size) {
      done(new OciError(`${this.where}: ${this.seen} bytes, expected ${this.expected.size} for ${this.expected.digest}`, { code: "SIZE_MISMATCH" }));
      return;
    }
    done();
  }
  /** Bytes seen so far (for progress). */
  get bytesSeen() {
    return this.seen;
  }
};
var VERIFIED = /* @__PURE__ */ Symbol.for("stella.oci.verified-digest");
function markVerified(stream, digest) {
  Object.defineProperty(stream, VERIFIED, { value: digest, enumerable: false });
  return stream;
}
__name(markVerified, "markVerified");
function isMarkedVerified(stream, digest) {
  return stream[VERIFIED] === digest;
}
__name(isMarkedVerified, "isMarkedVerified");
function verifyBytes(bytes, expected, where) {
  checkRead(createHash("sha256").update(bytes), bytes.byteLength, expected, where);
}
__name(verifyBytes, "verifyBytes");
function checkRead(hash, count, expected, where) {
  const actual = `sha256:${hash.digest("hex")}`;
  if (actual !== expected.digest) throw digestMismatch(where, expected.digest, actual);
  if (expected.size !== void 0 && expected.size >= 0 && count !== expected.size) {
    throw new OciError(`${where}: ${count} bytes, expected ${expected.size} for ${expected.digest}`, { code: "SIZE_MISMATCH" });
  }
}
__name(checkRead, "checkRead");
async function verifyFile(fd, expected, where, wholeUpTo) {
  if (expected.size <= wholeUpTo) {
    verifyBytes(readFileSync(fd), expected, where);
    return;
  }
  const hash = createHash("sha256");
  let seen = 0;
  for await (const chunk of createReadStream("", { fd, autoClose: false, start: 0, highWaterMark: 1024 * 1024 })) {
    seen += chunk.byteLength;
    hash.update(chunk);
  }
  checkRead(hash, seen, expected, where);
}
__name(verifyFile, "verifyFile");

// packages/oci/src/layout.ts
var REF_NAME = "org.opencontainers.image.ref.name";
var DIGEST_RE2 = /^sha256:[a-f0-9]{64}$/;
var LAYOUT_HEADER = JSON.stringify({ imageLayoutVersion: "1.0.0" });
var subjectsByDigest = /* @__PURE__ */ new Map();
var MAX_KNOWN_SUBJECTS = 1e5;
var pendingIndexChanges = /* @__PURE__ */ new Map();
function identityOf(s) {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}
__name(identityOf, "identityOf");
var SMALL_FILE = 1024 * 1024;
function exists(path) {
  return Promise.resolve(existsSync(path));
}
__name(exists, "exists");
var OciLayoutStore = class _OciLayoutStore {
  constructor(dir) {
    this.dir = dir;
    this.location = `oci:${dir}`;
  }
  dir;
  static {
    __name(this, "OciLayoutStore");
  }
  location;
  indexCache;
  lastWritten;
  /** False for a scratch layout (a kit's tree, packed then deleted; an import's staging): files are not fsync'd, and blobs may be shared with another layout by hard link. */
  durable = true;
  /**
   * Opens a layout. With `create`, a missing or empty directory becomes a new layout; a
   * non-empty directory without `oci-layout` is always refused (it is not ours to write into).
   */
  static async open(dir, options = {}) {
    const abs = resolvePath(dir);
    const store = new _OciLayoutStore(abs);
    store.durable = !options.scratch;
    const header = join(abs, "oci-layout");
    if (!await exists(header)) {
      const entries = await readdir(abs).catch(() => void 0);
      if (entries === void 0 && !options.create) {
        throw new OciError(`OCI layout directory ${abs} does not exist`, { code: "NOT_FOUND", hint: "check the path after oci:" });
      }
      const created = entries?.includes("oci-layout") === true;
      if (entries !== void 0 && !created && (entries.some((e) => !TEMP_RE.test(e)) || !options.create)) {
        throw new OciError(`${abs} is not an OCI image layout: it has no oci-layout file`, {
          code: "BAD_LAYOUT",
          hint: "point oci: at a directory written by stella, skopeo, umoci or oras, or at an empty/new directory when writing"
        });
      }
      await mkdir(abs, { recursive: true });
      await createExclusive(header, LAYOUT_HEADER);
    }
    if (!isLayoutHeader(await readFile(header, "utf8"))) throw new OciError(`${header} is not a valid oci-layout file`, { code: "BAD_LAYOUT" });
    await mkdir(join(abs, "blobs", "sha256"), { recursive: true });
    await createExclusive(join(abs, "index.json"), JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }));
    return store;
  }
  blobPath(digest) {
    if (!DIGEST_RE2.test(digest)) throw new OciError(`"${digest}" is not a sha256 digest`, { code: "BAD_REFERENCE" });
    return join(this.dir, "blobs", "sha256", digest.slice("sha256:".length));
  }
  /**
   * index.json, parsed. The parse is kept while the file is the same one (inode, size, mtime,
   * ctime): writers replace index.json by rename, so a changed file is a new inode, and a
   * layout read many times (referrers, resolving digests) costs a stat per read.
   */
  readIndex() {
    return new Promise((resolve) => resolve(this.indexNow()));
  }
  indexNow() {
    const path = join(this.dir, "index.json");
    const fail = /* @__PURE__ */ __name((e) => {
      throw new OciError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_LAYOUT", cause: e });
    }, "fail");
    let key;
    let bytes;
    try {
      const cached = this.indexCache;
      if (cached && cached.key === identityOf(statSync2(path, { bigint: true }))) return cached.index;
      const fd = openSync2(path, "r");
      try {
        key = identityOf(fstatSync(fd, { bigint: true }));
        bytes = readFileSync2(fd);
      } finally {
        closeSync2(fd);
      }
    } catch (e) {
      return fail(e);
    }
    const mine = this.lastWritten;
    const index = mine?.bytes.equals(bytes) ? mine.index : this.parseIndex(bytes, path);
    this.indexCache = { key, index };
    return index;
  }
  parseIndex(bytes, path) {
    const parsed = parseManifest(bytes, path, MediaType.ociIndex);
    if (parsed.kind !== "index") throw new OciError(`${path} is not an image index`, { code: "BAD_LAYOUT" });
    return { ...parsed.index, manifests: Object.freeze([...parsed.index.manifests]) };
  }
  /**
   * Read-modify-write of index.json under its lock file; `change` returns undefined for "no
   * change". Entries are kept sorted (by tag, then digest) so the file depends on what it lists,
   * not on the order concurrent writers got the lock in (image-layout does not give the order a meaning).
   */
  updateIndex(change) {
    const lock = join(this.dir, "index.json.lock");
    let state = pendingIndexChanges.get(lock);
    if (!state) pendingIndexChanges.set(lock, state = { queue: [], scheduled: false });
    const entry = new Promise((resolve, reject) => state.queue.push({ change, resolve, reject }));
    if (!state.scheduled) {
      state.scheduled = true;
      void this.commitIndexChanges(lock, state);
    }
    return entry;
  }
  async commitIndexChanges(lock, state) {
    let batch = [];
    const failed = /* @__PURE__ */ new Map();
    const indexPath = join(this.dir, "index.json");
    const next = tempPathFor(indexPath);
    let file;
    let renamed = false;
    try {
      file = await open(next, "wx", 420);
      const fd = file.fd;
      await withLockFile(lock, async () => {
        state.scheduled = false;
        batch = state.queue.splice(0);
        let index = await this.readIndex();
        let changed = false;
        const shared = { blobs: /* @__PURE__ */ new Map() };
        for (const p of batch) {
          const staged = new Map(shared.blobs);
          try {
            const next2 = await p.change(index, shared);
            if (next2 !== void 0) {
              index = next2;
              changed = true;
            }
          } catch (e) {
            failed.set(p, e);
            shared.blobs = staged;
          }
        }
        if (!changed) return;
        await Promise.all([...shared.blobs.values()].map((bytes2) => this.putBlob({ digest: sha256Digest(bytes2), size: bytes2.byteLength }, () => bytes2)));
        const doc = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: sortedEntries(index.manifests), ...index.annotations ? { annotations: index.annotations } : {} };
        const bytes = Buffer.from(JSON.stringify(doc));
        for (let off = 0; off < bytes.length; ) off += writeSync2(fd, bytes, off);
        if (this.durable) await fsyncOnPool(fd);
        await rename(next, indexPath);
        renamed = true;
        this.lastWritten = { bytes, index: { ...doc, manifests: Object.freeze(doc.manifests) } };
      }, void 0, next);
    } catch (e) {
      if (batch.length === 0) {
        state.scheduled = false;
        batch = state.queue.splice(0);
      }
      for (const p of batch) p.reject(e);
      return;
    } finally {
      if (file !== void 0) {
        await file.close();
        if (!renamed) await rm(next, { force: true });
      }
    }
    for (const p of batch) {
      if (failed.has(p)) p.reject(failed.get(p));
      else p.resolve();
    }
  }
  async listTags() {
    const index = await this.readIndex();
    const tags = index.manifests.map((d) => d.annotations?.[REF_NAME]).filter((t) => t !== void 0);
    return [...new Set(tags)].sort();
  }
  /** The one image of a layout read without a tag (skopeo's rule): an error unless there is exactly one candidate. */
  async soleManifest() {
    const index = await this.readIndex();
    const candidates = [];
    for (const d of index.manifests) {
      if (!isReferrersTagEntry(d) && await this.subjectOfManifest(d) === null) candidates.push(d);
    }
    const unique = [...new Map(candidates.map((d) => [d.digest, d])).values()];
    if (unique.length === 1 && unique[0]) return stripRefName(unique[0]);
    const tags = await this.listTags();
    throw new OciError(`${this.location} holds ${unique.length} images; say which one with oci:DIR:TAG or oci:DIR@DIGEST`, {
      code: unique.length === 0 ? "NOT_FOUND" : "BAD_REFERENCE",
      hint: tags.length > 0 ? `tags: ${tags.join(", ")}` : "the layout has no tags"
    });
  }
  async resolve(reference) {
    const index = await this.readIndex();
    if (DIGEST_RE2.test(reference)) {
      const listed = index.manifests.find((d) => d.digest === reference);
      if (listed) return stripRefName(listed);
      const path = this.blobPath(reference);
      const info = await stat(path).catch(() => void 0);
      if (!info) throw new OciError(`manifest ${reference} not found in ${this.location}`, { code: "NOT_FOUND" });
      if (info.size > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${reference} in ${this.location} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
      const bytes = await readFile(path);
      verifyBytes(bytes, { digest: reference }, `${this.location} blob ${reference}`);
      return { mediaType: parseManifest(bytes, reference).mediaType, digest: reference, size: bytes.byteLength };
    }
    const tagged = index.manifests.filter((d) => d.annotations?.[REF_NAME] === reference);
    const found = tagged[tagged.length - 1];
    if (!found) {
      const tags = await this.listTags();
      throw new OciError(`tag "${reference}" not found in ${this.location}`, { code: "NOT_FOUND", hint: tags.length > 0 ? `tags: ${tags.join(", ")}` : "the layout has no tags" });
    }
    return stripRefName(found);
  }
  async getManifest(reference) {
    const descriptor = await this.resolve(reference);
    if (descriptor.size > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${descriptor.digest} in ${this.location} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
    const bytes = await this.getBlobBytes(descriptor);
    return { descriptor, bytes };
  }
  async putManifest(bytes, mediaType, tag) {
    const parsed = parseManifest(bytes, `manifest for ${this.location}`, mediaType);
    const descriptor = { mediaType: parsed.mediaType, digest: sha256Digest(bytes), size: bytes.byteLength };
    if (parsed.kind === "index" && parsed.index.artifactType) descriptor.artifactType = parsed.index.artifactType;
    if (parsed.kind === "manifest" && parsed.manifest.artifactType) descriptor.artifactType = parsed.manifest.artifactType;
    await this.putBlob(descriptor, () => bytes);
    if (tag !== void 0) await this.tag(descriptor, tag);
    return descriptor;
  }
  /** Points `tag` at `descriptor` in index.json (replacing what it pointed at). */
  async tag(descriptor, tag) {
    const entry = { ...stripRefName(descriptor), annotations: { ...descriptor.annotations, [REF_NAME]: tag } };
    await this.updateIndex((index) => {
      const current = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
      if (current?.digest === descriptor.digest) return void 0;
      return { ...index, manifests: [...index.manifests.filter((d) => d.annotations?.[REF_NAME] !== tag), entry] };
    });
  }
  async hasBlob(digest) {
    return exists(this.blobPath(digest));
  }
  async getBlob(descriptor) {
    const path = this.blobPath(descriptor.digest);
    if (!await exists(path)) throw new OciError(`blob ${descriptor.digest} not found in ${this.location}`, { code: "NOT_FOUND" });
    const verifier = new DigestVerifier(descriptor, `${this.location} blob ${descriptor.digest}`);
    const file = createReadStream2(path, { highWaterMark: 64 * 1024 });
    file.on("error", (e) => verifier.destroy(e));
    return file.pipe(verifier);
  }
  async getBlobBytes(descriptor) {
    const path = this.blobPath(descriptor.digest);
    let bytes;
    try {
      bytes = descriptor.size <= SMALL_FILE ? readFileSync2(path) : await readFile(path);
    } catch (e) {
      throw new OciError(`blob ${descriptor.digest} not found in ${this.location}`, { code: "NOT_FOUND", cause: e });
    }
    verifyBytes(bytes, descriptor, `${this.location} blob ${descriptor.digest}`);
    return bytes;
  }
  async putBlob(descriptor, source) {
    const target = this.blobPath(descriptor.digest);
    if (await exists(target)) return;
    const where = `blob ${descriptor.digest} for ${this.location}`;
    const data = source();
    if (data instanceof Uint8Array) {
      verifyBytes(data, descriptor, where);
      await this.writeSmall(target, data);
      return;
    }
    await mkdir(join(this.dir, "blobs", "sha256"), { recursive: true });
    const tmp = tempPathFor(target);
    try {
      const verifier = new DigestVerifier(descriptor, where, !isMarkedVerified(data, descriptor.digest));
      await pipeline(data, verifier, createWriteStream(tmp, { flags: "wx", flush: this.durable }));
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
  /**
   * Puts a blob of another layout on this filesystem as a hard link. Layouts never write a blob
   * in place (temp file, then rename), so two of them can share its file: no bytes are copied and
   * no inode is made, which is most of what a small file costs here (creating one is ~230 µs of
   * kernel time on this machine's ext4, a link ~10 µs; bench/pipeline). The source is opened
   * without following a symlink, must be a regular file, and is hashed against the digest
   * first, as a copy would; a durable layout then fsyncs it (the same inode) before the link
   * counts as stored. Only when one of the two is a scratch layout (a kit's tree, an import's
   * staging: deleted once done): two lasting layouts keep files of their own, so that a change
   * made to one in place (by hand, by another tool) does not show in the other. False when no
   * link is made (two lasting layouts, a missing or irregular source, another filesystem, one
   * without hard links): the caller copies, which reports a bad source.
   */
  async linkBlobFrom(src, descriptor) {
    if (this.durable && src.durable) return false;
    const target = this.blobPath(descriptor.digest);
    if (await exists(target)) return true;
    const from = src.blobPath(descriptor.digest);
    let fd;
    try {
      fd = openSync2(from, fsc.O_RDONLY | fsc.O_NOFOLLOW);
    } catch {
      return false;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size !== descriptor.size) return false;
      await verifyFile(fd, descriptor, `${src.location} blob ${descriptor.digest}`, SMALL_FILE);
      try {
        linkSync2(from, target);
      } catch (e) {
        return e instanceof Error && "code" in e && e.code === "EEXIST";
      }
      if (this.durable) await fsyncOnPool(fd);
      return true;
    } finally {
      closeSync2(fd);
    }
  }
  /**
   * A whole file, atomically. A durable layout fsyncs it, which is left to the thread pool so the
   * wait overlaps other work; a scratch layout's small files are written with plain system calls.
   */
  async writeSmall(target, data) {
    if (!this.durable && data.length <= SMALL_FILE) writeFileAtomicSync(target, data, 420, { fsync: false });
    else await writeFileAtomic(target, data, 420, { fsync: this.durable });
  }
  /** The subject digest of a manifest listed in index.json (null: none); cached, content never changes. */
  async subjectOfManifest(d) {
    const known = subjectsByDigest.get(d.digest);
    if (known !== void 0) return known;
    if (d.size > MAX_MANIFEST_BYTES) return null;
    if (!await this.hasBlob(d.digest)) return null;
    const subject = subjectOf(parseManifest(await this.getBlobBytes(d), d.digest, d.mediaType))?.digest ?? null;
    if (subjectsByDigest.size >= MAX_KNOWN_SUBJECTS) subjectsByDigest.clear();
    subjectsByDigest.set(d.digest, subject);
    return subject;
  }
  referrers(digest, artifactType) {
    return layoutReferrers(this, digest, artifactType);
  }
  putReferrer(bytes, mediaType) {
    return putLayoutReferrer(this, bytes, mediaType);
  }
};
var TEMP_RE = /^\..*\.tmp$/;
var fsyncOnPool = promisify(fsync);
async function createExclusive(path, data) {
  if (await exists(path)) return;
  const tmp = tempPathFor(path);
  const taken = /* @__PURE__ */ __name((e) => e instanceof Error && "code" in e && e.code === "EEXIST", "taken");
  try {
    await writeFileAtomic(tmp, data);
    let done = true;
    await link(tmp, path).catch((e) => {
      if (!taken(e)) done = false;
    });
    if (!done) {
      await writeFile(path, data, { flag: "wx" }).catch((e) => {
        if (!taken(e)) throw e;
      });
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
__name(createExclusive, "createExclusive");
function isLayoutHeader(text) {
  try {
    const doc = JSON.parse(text);
    return typeof doc === "object" && doc !== null && "imageLayoutVersion" in doc && typeof doc.imageLayoutVersion === "string";
  } catch {
    return false;
  }
}
__name(isLayoutHeader, "isLayoutHeader");
function isReferrersTagEntry(d) {
  const tag = d.annotations?.[REF_NAME];
  return tag !== void 0 && /^sha256-[a-f0-9]{64}$/.test(tag);
}
__name(isReferrersTagEntry, "isReferrersTagEntry");
function stripRefName(d) {
  if (d.annotations?.[REF_NAME] === void 0) return d;
  const { [REF_NAME]: _tag, ...rest } = d.annotations;
  const { annotations: _a, ...plain } = d;
  return Object.keys(rest).length > 0 ? { ...plain, annotations: rest } : plain;
}
__name(stripRefName, "stripRefName");
function sortedEntries(entries) {
  const key = /* @__PURE__ */ __name((d) => `${d.annotations?.[REF_NAME] ?? ""}\0${d.digest}`, "key");
  return [...entries].sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
__name(sortedEntries, "sortedEntries");

// packages/oci/src/archive.ts
async function extractTar(file, dest) {
  const input = createReadStream3(file).on("error", () => void 0);
  const tar = (0, import_tar_stream.extract)();
  const done = pipeline2(input, tar).catch((e) => {
    throw new OciError(`cannot read archive ${file}: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_LAYOUT", cause: e });
  });
  for await (const entry of tar) {
    const name = normalize(entry.header.name).replace(/^(\.\/)+/, "");
    if (name.startsWith("..") || name.startsWith("/") || name.split(sep).includes("..")) {
      throw new OciError(`archive ${file} has an entry that escapes it: "${entry.header.name}"`, { code: "BAD_LAYOUT" });
    }
    const target = join2(dest, name);
    if (entry.header.type === "directory") {
      await mkdir2(target, { recursive: true });
      entry.resume();
    } else if (entry.header.type === "file" || entry.header.type === "contiguous-file") {
      await mkdir2(dirname(target), { recursive: true });
      await pipeline2(entry, createWriteStream2(target));
    } else {
      entry.resume();
    }
  }
  await done;
}
__name(extractTar, "extractTar");
async function filesUnder(root, rel = "") {
  const out = [];
  for (const e of (await readdir2(join2(root, rel), { withFileTypes: true })).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.name.endsWith(".tmp") || e.name.endsWith(".lock")) continue;
    if (e.isDirectory()) out.push(...await filesUnder(root, path));
    else if (e.isFile()) out.push(path);
  }
  return out;
}
__name(filesUnder, "filesUnder");
async function packLayout(dir, file) {
  const tmp = tempPathFor(file);
  const tar = (0, import_tar_stream.pack)();
  const written = pipeline2(tar, createWriteStream2(tmp, { flags: "wx" }));
  try {
    const files = await filesUnder(dir);
    const order = /* @__PURE__ */ __name((p) => p === "oci-layout" ? 0 : p === "index.json" ? 1 : 2, "order");
    files.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const rel of files) {
      const { size } = await stat2(join2(dir, rel));
      const sink = tar.entry({ name: rel, size, mode: 420, mtime: /* @__PURE__ */ new Date(0), uid: 0, gid: 0, type: "file" });
      await pipeline2(createReadStream3(join2(dir, rel)), sink);
    }
    tar.finalize();
    await written;
    await rename2(tmp, file);
  } catch (e) {
    tar.destroy();
    await written.catch(() => void 0);
    await rm2(tmp, { force: true });
    throw e;
  }
}
__name(packLayout, "packLayout");
function isDockerSaveManifest(v) {
  return Array.isArray(v) && v.every(
    (e) => typeof e === "object" && e !== null && "Config" in e && typeof e.Config === "string" && "Layers" in e && Array.isArray(e.Layers) && e.Layers.every((l) => typeof l === "string") && (!("RepoTags" in e) || e.RepoTags === null || Array.isArray(e.RepoTags) && e.RepoTags.every((t) => typeof t === "string"))
  );
}
__name(isDockerSaveManifest, "isDockerSaveManifest");
async function hashFile(path) {
  const h = createHash2("sha256");
  let size = 0;
  let first;
  for await (const c of createReadStream3(path, { highWaterMark: 1024 * 1024 })) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    first ??= b;
    h.update(b);
    size += b.byteLength;
  }
  return { digest: `sha256:${h.digest("hex")}`, size, gzip: first !== void 0 && first[0] === 31 && first[1] === 139 };
}
__name(hashFile, "hashFile");
async function dockerArchiveToLayout(dir, file, wanted) {
  const text = await readFile2(join2(dir, "manifest.json"), "utf8").catch(() => {
    throw new OciError(`${file} is not a docker-archive: it has no manifest.json`, { code: "BAD_LAYOUT", hint: "use oci-archive: for a tar of an OCI layout" });
  });
  const doc = JSON.parse(text);
  if (!isDockerSaveManifest(doc) || doc.length === 0) throw new OciError(`${file}: manifest.json is not a docker save manifest`, { code: "BAD_LAYOUT" });
  const entry = wanted === void 0 ? doc.length === 1 ? doc[0] : void 0 : doc.find((e) => (e.RepoTags ?? []).some((t) => t === wanted || `docker.io/${t}` === wanted || `docker.io/library/${t}` === wanted));
  if (!entry) {
    const tags = doc.flatMap((e) => e.RepoTags ?? []);
    throw new OciError(wanted === void 0 ? `${file} holds ${doc.length} images; name one with docker-archive:FILE:REF` : `"${wanted}" is not in ${file}`, { code: "NOT_FOUND", hint: `images: ${tags.join(", ")}` });
  }
  const layout = join2(dir, ".stella-layout");
  const store = await OciLayoutStore.open(layout, { create: true });
  const moved = /* @__PURE__ */ new Map();
  const move = /* @__PURE__ */ __name(async (rel, mediaType, gzMediaType) => {
    const known = moved.get(rel);
    if (known) return known;
    const path = join2(dir, normalize(rel));
    const { digest, size, gzip } = await hashFile(path);
    await rename2(path, store.blobPath(digest));
    const d2 = { mediaType: gzip && gzMediaType ? gzMediaType : mediaType, digest, size };
    moved.set(rel, d2);
    return d2;
  }, "move");
  const config = await move(entry.Config, MediaType.dockerConfig);
  const layers = [];
  for (const l of entry.Layers) layers.push(await move(l, "application/vnd.docker.image.rootfs.diff.tar", MediaType.dockerLayerGzip));
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifest, config, layers }));
  const d = await store.putManifest(manifest, MediaType.dockerManifest, "latest");
  return { store, reference: d.digest };
}
__name(dockerArchiveToLayout, "dockerArchiveToLayout");

// packages/oci/src/refs.ts
var DOCKER_HUB = "docker.io";
var DOCKER_HUB_ALIASES = /* @__PURE__ */ new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
var DIGEST_RE3 = /^sha256:[a-f0-9]{64}$/;
var TAG_RE2 = /^[\w][\w.-]{0,127}$/;
var PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var DOMAIN_COMPONENT_RE = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
var IPV6_RE = /^\[[0-9a-fA-F:.]+(?:%[\w.-]+)?\]$/;
var OCI_REF_NAME_RE = /^[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:\/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*$/;
var MAX_NAME_LENGTH = 255;
function bad(input, what, hint) {
  return new OciError(`invalid image reference "${input}": ${what}`, { code: "BAD_REFERENCE", ...hint ? { hint } : {} });
}
__name(bad, "bad");
function checkDigest(input, digest) {
  if (!DIGEST_RE3.test(digest)) {
    throw bad(input, `digest "${digest}" is not sha256:<64 lowercase hex>`);
  }
}
__name(checkDigest, "checkDigest");
function checkTag(input, tag) {
  if (!TAG_RE2.test(tag)) throw bad(input, `tag "${tag}" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
}
__name(checkTag, "checkTag");
function checkDomain(input, domain) {
  const m = /^(\[[^\]]*\]|[^:]+)(?::(.*))?$/.exec(domain);
  const host = m?.[1] ?? "";
  const port = m?.[2];
  const hostOk = host.startsWith("[") ? IPV6_RE.test(host) : host.split(".").every((c) => DOMAIN_COMPONENT_RE.test(c));
  if (!hostOk) throw bad(input, `registry host "${host}" is not a valid host name, IPv4 address or [IPv6] address`);
  if (port !== void 0 && (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535)) throw bad(input, `registry port "${port}" is not a port number`);
}
__name(checkDomain, "checkDomain");
function looksLikeDomain(component) {
  return component.includes(".") || component.includes(":") || component === "localhost" || component.startsWith("[") || component !== component.toLowerCase();
}
__name(looksLikeDomain, "looksLikeDomain");
function parseDockerReference(input) {
  if (input.length === 0) throw bad(input, "it is empty", "write e.g. docker.io/library/alpine:3.20 or 127.0.0.1:5000/app@sha256:\u2026");
  if (/\s/.test(input)) throw bad(input, "it contains white space");
  let rest = input;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    checkDigest(input, digest);
  }
  let tag;
  const lastSlash = rest.lastIndexOf("/");
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > lastSlash && !rest.slice(lastSlash + 1).startsWith("[")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    checkTag(input, tag);
  }
  if (rest.length === 0) throw bad(input, "the repository name is missing");
  const slash = rest.indexOf("/");
  let registry = DOCKER_HUB;
  let path = rest;
  if (slash >= 0 && looksLikeDomain(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    path = rest.slice(slash + 1);
    checkDomain(input, registry);
    if (DOCKER_HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  } else if (looksLikeDomain(rest) && slash < 0 && (rest.includes(":") || rest.startsWith("["))) {
    throw bad(input, `"${rest}" looks like a registry but the repository path after it is missing`);
  }
  if (path.length === 0) throw bad(input, "the repository path after the registry is empty");
  for (const component of path.split("/")) {
    if (component.length === 0) throw bad(input, `repository path "${path}" has an empty component`);
    if (!PATH_COMPONENT_RE.test(component)) {
      const lower = component !== component.toLowerCase() ? " (repository names must be lower case)" : "";
      throw bad(input, `repository path component "${component}" is invalid${lower}: use [a-z0-9] separated by ".", "_", "__" or "-"`);
    }
  }
  if (registry === DOCKER_HUB && !path.includes("/")) path = `library/${path}`;
  const name = `${registry}/${path}`;
  if (name.length > MAX_NAME_LENGTH) throw bad(input, `the name is ${name.length} characters, over the ${MAX_NAME_LENGTH} limit`);
  return { registry, repository: path, ...tag === void 0 ? {} : { tag }, ...digest === void 0 ? {} : { digest } };
}
__name(parseDockerReference, "parseDockerReference");
function formatDockerReference(ref) {
  return `${ref.registry}/${ref.repository}${ref.tag === void 0 ? "" : `:${ref.tag}`}${ref.digest === void 0 ? "" : `@${ref.digest}`}`;
}
__name(formatDockerReference, "formatDockerReference");
function splitLayoutRef(input, transport, body) {
  if (body.length === 0) throw bad(input, `the ${transport} path is empty`, `write ${transport}:DIR[:TAG]`);
  const pinned = /^(.*)@(sha256:[^:@]*)$/.exec(body);
  if (pinned) {
    const [, path2 = "", digest = ""] = pinned;
    checkDigest(input, digest);
    if (path2.length === 0) throw bad(input, `the ${transport} path is empty`);
    return { path: path2, digest };
  }
  const colon = body.indexOf(":");
  if (colon < 0) return { path: body };
  const path = body.slice(0, colon);
  const tag = body.slice(colon + 1);
  if (path.length === 0) throw bad(input, `the ${transport} path is empty`);
  if (tag.length === 0) throw bad(input, `the tag after "${path}:" is empty`);
  if (!OCI_REF_NAME_RE.test(tag)) throw bad(input, `tag "${tag}" is not a valid org.opencontainers.image.ref.name`);
  return { path, tag };
}
__name(splitLayoutRef, "splitLayoutRef");
var TRANSPORTS = ["oci:", "docker://", "oci-archive:", "docker-archive:"];
var OTHER_TRANSPORTS = /* @__PURE__ */ new Set(["dir", "containers-storage", "docker-daemon", "ostree", "sif", "tarball", "http", "https"]);
function parseImageReference(input) {
  if (input.startsWith("docker://")) return { transport: "docker", ref: parseDockerReference(input.slice("docker://".length)) };
  if (input.startsWith("oci:")) {
    const { path, tag, digest } = splitLayoutRef(input, "oci", input.slice(4));
    return { transport: "oci", dir: path, ...tag === void 0 ? {} : { tag }, ...digest === void 0 ? {} : { digest } };
  }
  if (input.startsWith("oci-archive:")) {
    const { path, tag, digest } = splitLayoutRef(input, "oci-archive", input.slice("oci-archive:".length));
    return { transport: "oci-archive", file: path, ...tag === void 0 ? {} : { tag }, ...digest === void 0 ? {} : { digest } };
  }
  if (input.startsWith("docker-archive:")) {
    const body = input.slice("docker-archive:".length);
    const colon = body.indexOf(":");
    const file = colon < 0 ? body : body.slice(0, colon);
    if (file.length === 0) throw bad(input, "the docker-archive file is empty", "write docker-archive:FILE.tar");
    return colon < 0 ? { transport: "docker-archive", file } : { transport: "docker-archive", file, ref: parseDockerReference(body.slice(colon + 1)) };
  }
  if (input.startsWith("docker:")) throw bad(input, 'the docker transport is written "docker://"', `write docker://${input.slice(7).replace(/^\/*/, "")}`);
  const scheme = /^([a-z][a-z0-9-]*):/.exec(input)?.[1];
  if (scheme !== void 0 && OTHER_TRANSPORTS.has(scheme)) {
    throw bad(input, `transport "${scheme}:" is not supported; use one of ${TRANSPORTS.join(", ")}`);
  }
  throw bad(input, `no transport: it must start with one of ${TRANSPORTS.join(", ")}`, `for a registry image write docker://${input}`);
}
__name(parseImageReference, "parseImageReference");
function formatImageReference(ref) {
  switch (ref.transport) {
    case "docker":
      return `docker://${formatDockerReference(ref.ref)}`;
    case "oci":
    case "oci-archive": {
      const where = ref.transport === "oci" ? ref.dir : ref.file;
      return `${ref.transport}:${where}${ref.digest ? `@${ref.digest}` : ref.tag ? `:${ref.tag}` : ""}`;
    }
    case "docker-archive":
      return `docker-archive:${ref.file}${ref.ref ? `:${formatDockerReference(ref.ref)}` : ""}`;
  }
}
__name(formatImageReference, "formatImageReference");

// packages/oci/src/registry/blobs.ts
import { Readable as Readable2 } from "node:stream";

// packages/oci/src/registry/verify-stream.ts
import { createHash as createHash3 } from "node:crypto";
import { Readable } from "node:stream";
import { setTimeout as sleep2 } from "node:timers/promises";
function verifiedBlobStream(o) {
  if (!o.digest.startsWith("sha256:")) {
    throw new OciError(`cannot verify ${o.where}: only sha256 digests are supported`, { code: "UNSUPPORTED" });
  }
  async function* verified() {
    const hash = createHash3("sha256");
    let received = 0;
    let part = o.first;
    for (let resumes = 0; ; ) {
      try {
        let skip = received - part.offset;
        for await (const raw of part.body) {
          let chunk = raw;
          if (skip > 0) {
            const drop = Math.min(skip, chunk.byteLength);
            chunk = chunk.subarray(drop);
            skip -= drop;
            if (chunk.byteLength === 0) continue;
          }
          received += chunk.byteLength;
          if (received > o.size) {
            throw new OciError(`${o.where} is longer than the ${o.size} bytes its descriptor gives`, { code: "SIZE_MISMATCH", hint: "the content was corrupted in transit or in storage; nothing was stored" });
          }
          hash.update(chunk);
          yield chunk;
        }
        break;
      } catch (e) {
        if (e instanceof OciError || resumes >= o.retry.retries || !isRetryableNetworkError(e)) throw e;
        const reason = e instanceof Error ? e.message : String(e);
        o.onResume?.(received, reason);
        await sleep2(backoffDelay(resumes, o.retry));
        resumes++;
        part = await o.open(received);
      }
    }
    if (received !== o.size) {
      throw new OciError(`${o.where} ended after ${received} of ${o.size} bytes`, { code: "SIZE_MISMATCH", hint: "the content was truncated in transit; nothing was stored" });
    }
    const actual = `sha256:${hash.digest("hex")}`;
    if (actual !== o.digest) throw digestMismatch(o.where, o.digest, actual);
  }
  __name(verified, "verified");
  return Readable.from(verified(), { objectMode: false, highWaterMark: 1 << 20 });
}
__name(verifiedBlobStream, "verifiedBlobStream");

// packages/oci/src/registry/blobs.ts
function bodyOf(res) {
  if (!res.body) return (async function* () {
  })();
  return Readable2.fromWeb(res.body);
}
__name(bodyOf, "bodyOf");
function blobPath(client, digest) {
  return `/v2/${client.repository}/blobs/${digest}`;
}
__name(blobPath, "blobPath");
function blobWhere(client, digest) {
  return `docker://${client.registry}/${client.repository}@${digest}`;
}
__name(blobWhere, "blobWhere");
async function hasBlob(client, digest, scopes) {
  const res = await client.request({ method: "HEAD", path: blobPath(client, digest), accept: [404], ...scopes ? { scopes } : {} });
  await res.body?.cancel();
  return res.status === 200;
}
__name(hasBlob, "hasBlob");
async function openBlob(client, blob, offset) {
  const headers = {};
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const res = await client.stream({ path: blobPath(client, blob.digest), headers, accept: [404], timeoutMs: client.transferTimeout(blob.size - offset) });
  if (res.status === 404) {
    res.body.resume();
    throw new OciError(`blob ${blobWhere(client, blob.digest)} not found`, { code: "NOT_FOUND", hint: "the image is incomplete in this repository; push it again" });
  }
  const range = /^bytes (\d+)-/.exec(res.headers.get("content-range") ?? "");
  const start = res.status === 206 && range ? Number(range[1]) : 0;
  return { body: res.body, offset: start };
}
__name(openBlob, "openBlob");
async function getBlob(client, blob) {
  const where = blobWhere(client, blob.digest);
  const first = await openBlob(client, blob, 0);
  return verifiedBlobStream({
    digest: blob.digest,
    size: blob.size,
    where,
    first,
    open: /* @__PURE__ */ __name((offset) => openBlob(client, blob, offset), "open"),
    retry: client.retry,
    onResume: /* @__PURE__ */ __name((offset, reason) => client.logger.debug(`${where}: resuming at byte ${offset} (${reason})`), "onResume")
  });
}
__name(getBlob, "getBlob");
async function getBlobBytes(client, blob) {
  const chunks = [];
  for await (const chunk of await getBlob(client, blob)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
__name(getBlobBytes, "getBlobBytes");
async function mountBlob(client, digest, from) {
  const q = new URLSearchParams({ mount: digest, from });
  const res = await client.request({
    method: "POST",
    path: `/v2/${client.repository}/blobs/uploads/?${q.toString()}`,
    scopes: [client.pushScope(), client.pullScope(from)],
    accept: [404]
  });
  await res.body?.cancel();
  if (res.status === 201) return true;
  const location = res.headers.get("location");
  if (res.status === 202 && location) {
    const del = await client.request({ method: "DELETE", path: location, scopes: [client.pushScope()], accept: [404, 405, 400] }).catch(() => void 0);
    await del?.body?.cancel();
  }
  return false;
}
__name(mountBlob, "mountBlob");

// packages/oci/src/registry/challenge.ts
function parseChallenges(header) {
  if (!header) return [];
  const out = [];
  let i = 0;
  const s = header;
  const skipWs = /* @__PURE__ */ __name(() => {
    while (i < s.length && (s[i] === " " || s[i] === "	" || s[i] === ",")) i++;
  }, "skipWs");
  const readToken = /* @__PURE__ */ __name(() => {
    const start = i;
    while (i < s.length && /[!#$%&'*+.^_`|~0-9A-Za-z/-]/.test(s[i] ?? "")) i++;
    return s.slice(start, i);
  }, "readToken");
  let current;
  while (i < s.length) {
    skipWs();
    const word = readToken();
    if (!word) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && (s[j] === " " || s[j] === "	")) j++;
    if (s[j] === "=" && current) {
      i = j + 1;
      while (i < s.length && (s[i] === " " || s[i] === "	")) i++;
      let value = "";
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\" && i + 1 < s.length) i++;
          value += s[i];
          i++;
        }
        i++;
      } else {
        const start = i;
        while (i < s.length && s[i] !== "," && s[i] !== " " && s[i] !== "	") i++;
        value = s.slice(start, i);
      }
      current.params[word.toLowerCase()] = value;
    } else {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}
__name(parseChallenges, "parseChallenges");
function repositoryScope(repository, actions) {
  return `repository:${repository}:${actions.join(",")}`;
}
__name(repositoryScope, "repositoryScope");
function mergeScopes(...lists) {
  const byResource = /* @__PURE__ */ new Map();
  for (const list of lists) {
    for (const scope of list) {
      for (const one of scope.split(" ").filter(Boolean)) {
        const at = one.lastIndexOf(":");
        const resource = at > 0 ? one.slice(0, at) : one;
        const actions = at > 0 ? one.slice(at + 1).split(",").filter(Boolean) : [];
        const set = byResource.get(resource) ?? /* @__PURE__ */ new Set();
        actions.forEach((a) => set.add(a));
        byResource.set(resource, set);
      }
    }
  }
  return [...byResource.entries()].map(([r, a]) => a.size ? `${r}:${[...a].sort().join(",")}` : r).sort();
}
__name(mergeScopes, "mergeScopes");
function scopesCover(granted, needed) {
  const have = /* @__PURE__ */ new Map();
  for (const g of mergeScopes(granted)) {
    const at = g.lastIndexOf(":");
    have.set(g.slice(0, at), new Set(g.slice(at + 1).split(",")));
  }
  return mergeScopes(needed).every((n) => {
    const at = n.lastIndexOf(":");
    const set = have.get(n.slice(0, at));
    return set !== void 0 && n.slice(at + 1).split(",").every((a) => set.has(a));
  });
}
__name(scopesCover, "scopesCover");

// packages/oci/src/registry/errors.ts
var RegistryError = class extends StellaError {
  static {
    __name(this, "RegistryError");
  }
  constructor(message, options) {
    super(message, options);
  }
};

// packages/oci/src/registry/auth.ts
var Authenticator = class {
  constructor(options) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }
  options;
  static {
    __name(this, "Authenticator");
  }
  scheme = "none";
  bearer;
  tokens = [];
  credentialPromise;
  /** Token requests under way, per scope set: parallel requests share one. */
  inflight = /* @__PURE__ */ new Map();
  logger;
  now;
  /** Tokens issued so far (tests read it to see caching and refresh). */
  tokenRequests = 0;
  credential() {
    this.credentialPromise ??= this.options.credential();
    return this.credentialPromise;
  }
  /** Every secret we hold, for redacting messages. */
  async secrets() {
    const c = await this.credential();
    return [c?.password, c?.identityToken, ...this.tokens.map((t) => t.token)].filter((s) => typeof s === "string");
  }
  /** The Authorization header to send for `scopes`, fetching a token when one is due. */
  async header(scopes) {
    if (this.scheme === "basic") return this.basicHeader(await this.credential());
    if (this.scheme !== "bearer") return void 0;
    const now = this.now();
    const cached = this.tokens.find((t) => t.refreshAt > now && scopesCover(t.scopes, scopes));
    if (cached) return `Bearer ${cached.token}`;
    return `Bearer ${await this.fetchToken(scopes)}`;
  }
  /**
   * The registry answered 401 with `challenge` to a request we sent with `sentHeader`.
   * Learns the scheme, drops a token it refused, and says whether a retry can succeed.
   */
  async unauthorized(challenges, scopes, sentHeader) {
    const bearer = challenges.find((c) => c.scheme === "bearer");
    const basic = challenges.find((c) => c.scheme === "basic");
    if (bearer?.params.realm) {
      this.scheme = "bearer";
      this.bearer = bearer;
      if (sentHeader?.startsWith("Bearer ")) {
        const refused = sentHeader.slice(7);
        this.tokens = this.tokens.filter((t) => t.token !== refused);
        this.logger.debug(`${this.options.registry}: token refused, fetching a new one`);
      }
      const wanted = mergeScopes(scopes, bearer.params.scope ? [bearer.params.scope] : []);
      await this.fetchToken(wanted);
      return true;
    }
    if (basic) {
      const credential = await this.credential();
      if (this.scheme === "basic" || !credential) return false;
      if (!credential.password) {
        throw new RegistryError(`registry ${this.options.registry} asks for Basic auth, but the login found is an identity token`, { code: "UNAUTHORIZED", hint: "log in with a user name and password" });
      }
      this.scheme = "basic";
      return true;
    }
    return false;
  }
  basicHeader(c) {
    if (!c?.password) return void 0;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
  }
  fetchToken(scopes) {
    const key = mergeScopes(scopes).join(" ");
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.requestToken(scopes).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }
  /** GET realm?service&scope (Basic with the credential), or POST an OAuth2 refresh-token grant. */
  async requestToken(scopes) {
    const challenge = this.bearer;
    if (!challenge?.params.realm) throw new RegistryError(`registry ${this.options.registry} gave no token realm`, { code: "PROTOCOL" });
    const credential = await this.credential();
    const service = challenge.params.service;
    const wanted = mergeScopes(scopes);
    const url = new URL(challenge.params.realm);
    let res;
    try {
      if (credential?.identityToken) {
        const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: credential.identityToken, client_id: "stella" });
        if (service) form.set("service", service);
        if (wanted.length) form.set("scope", wanted.join(" "));
        res = await httpRequest({ method: "POST", url: url.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(), timeoutMs: this.options.timeoutMs, retry: this.options.retry, acceptStatus: [401, 403] });
      } else {
        if (service) url.searchParams.set("service", service);
        for (const s of wanted) url.searchParams.append("scope", s);
        const headers = {};
        const basic = this.basicHeader(credential);
        if (basic) headers.authorization = basic;
        res = await httpRequest({ url: url.toString(), headers, timeoutMs: this.options.timeoutMs, retry: this.options.retry, acceptStatus: [401, 403] });
      }
    } catch (e) {
      const secrets = await this.secrets();
      const why = e instanceof HttpError ? redact(e.message, secrets) : "request failed";
      throw new RegistryError(`could not get a token for ${this.options.registry} from ${url.origin}${url.pathname}: ${why}`, { code: "UNAUTHORIZED" });
    }
    this.tokenRequests++;
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw this.rejected(credential, `the token service ${url.origin}${url.pathname} answered ${res.status}`);
    }
    const doc = await res.json().catch(() => void 0);
    const rec = typeof doc === "object" && doc !== null ? doc : {};
    const token = typeof rec.token === "string" && rec.token ? rec.token : typeof rec.access_token === "string" ? rec.access_token : "";
    if (!token) throw new RegistryError(`the token service of ${this.options.registry} returned no token`, { code: "PROTOCOL" });
    const lifetimeMs = (typeof rec.expires_in === "number" && rec.expires_in > 0 ? rec.expires_in : 60) * 1e3;
    const issued = typeof rec.issued_at === "string" && !Number.isNaN(Date.parse(rec.issued_at)) ? Math.min(Date.parse(rec.issued_at), this.now()) : this.now();
    const refreshAt = issued + lifetimeMs - Math.min(1e4, lifetimeMs / 10);
    this.tokens = [...this.tokens.filter((t) => t.refreshAt > this.now()), { token, scopes: wanted, refreshAt }];
    this.logger.debug(`${this.options.registry}: token for ${wanted.join(" ") || "(no scope)"}, valid ${Math.round(lifetimeMs / 1e3)} s`);
    return token;
  }
  /** The one message for refused credentials: the registry and user, never the secret. */
  rejected(credential, detail) {
    if (!credential) {
      return new RegistryError(`registry ${this.options.registry} requires authentication and no credentials were found (${detail})`, {
        code: "UNAUTHORIZED",
        hint: "log in (skopeo login / docker login) or pass a registry auth file"
      });
    }
    const who = credential.username ? `user "${credential.username}"` : "the identity token";
    return new RegistryError(`registry ${this.options.registry} rejected the credentials of ${who} (${detail})`, {
      code: "UNAUTHORIZED",
      hint: "check the user name and password (or token) for this registry"
    });
  }
};

// packages/oci/src/registry/blob-origins.ts
var BlobOrigins = class {
  constructor(limit = 5e4) {
    this.limit = limit;
  }
  limit;
  static {
    __name(this, "BlobOrigins");
  }
  seen = /* @__PURE__ */ new Map();
  record(registry, repository, digests) {
    for (const d of digests) {
      const key = `${registry} ${d}`;
      this.seen.delete(key);
      this.seen.set(key, repository);
      if (this.seen.size > this.limit) {
        const oldest = this.seen.keys().next().value;
        if (oldest !== void 0) this.seen.delete(oldest);
      }
    }
  }
  /** A repository of `registry` known to hold `digest`, other than `except`. */
  find(registry, digest, except) {
    const repo = this.seen.get(`${registry} ${digest}`);
    return repo === except ? void 0 : repo;
  }
};
var sharedBlobOrigins = new BlobOrigins();

// packages/oci/src/registry/credentials.ts
import { spawn } from "node:child_process";
import { readFile as readFile3 } from "node:fs/promises";
import { join as join3 } from "node:path";
function isRecord2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord2, "isRecord");
async function readConfig(path) {
  let text;
  try {
    text = await readFile3(path, "utf8");
  } catch (e) {
    if (isRecord2(e) && e.code === "ENOENT") return void 0;
    throw new RegistryError(`cannot read registry auth file ${path}: ${errorMessage(e)}`, { code: "BAD_AUTH_CONFIG", cause: e });
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RegistryError(`registry auth file ${path} is not valid JSON: ${errorMessage(e)}`, { code: "BAD_AUTH_CONFIG", hint: "fix or remove the file" });
  }
  if (!isRecord2(doc)) throw new RegistryError(`registry auth file ${path} is not a JSON object`, { code: "BAD_AUTH_CONFIG" });
  const auths = {};
  if (isRecord2(doc.auths)) {
    for (const [k, v] of Object.entries(doc.auths)) {
      if (!isRecord2(v)) continue;
      const entry = {};
      for (const f of ["auth", "username", "password", "identitytoken"]) if (typeof v[f] === "string") entry[f] = v[f];
      auths[k] = entry;
    }
  }
  const credHelpers = {};
  if (isRecord2(doc.credHelpers)) {
    for (const [k, v] of Object.entries(doc.credHelpers)) if (typeof v === "string") credHelpers[k] = v;
  }
  return { auths, credHelpers, ...typeof doc.credsStore === "string" && doc.credsStore ? { credsStore: doc.credsStore } : {} };
}
__name(readConfig, "readConfig");
function keysFor(host, repository) {
  const parts = repository.split("/");
  const scoped = parts.map((_, i) => `${host}/${parts.slice(0, parts.length - i).join("/")}`);
  const plain = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  if (host === "docker.io" || host === "registry-1.docker.io" || host === "index.docker.io") {
    plain.push("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io");
  }
  return [...scoped, ...plain];
}
__name(keysFor, "keysFor");
function fromEntry(entry, where) {
  if (entry.identitytoken) {
    const username = entry.auth ? Buffer.from(entry.auth, "base64").toString("utf8").split(":")[0] : entry.username;
    return username ? { username, identityToken: entry.identitytoken } : { identityToken: entry.identitytoken };
  }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new RegistryError(`the "auth" value for ${where} is not base64 of user:password`, { code: "BAD_AUTH_CONFIG", hint: "log in again (docker login / skopeo login)" });
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return void 0;
}
__name(fromEntry, "fromEntry");
async function runCredentialHelper(helper, server, dir) {
  const bin = dir ? join3(dir, `docker-credential-${helper}`) : `docker-credential-${helper}`;
  const { code, stdout, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(bin, ["get"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => out += d.toString());
    child.stderr.on("data", (d) => err += d.toString());
    child.on("error", (e) => reject(new RegistryError(`credential helper ${bin} could not run: ${e.message}`, { code: "CREDENTIAL_HELPER", hint: `install docker-credential-${helper} or remove it from config.json`, cause: e })));
    child.on("close", (c) => resolve({ code: c ?? 1, stdout: out, stderr: err }));
    child.stdin.end(server);
  });
  if (code !== 0) {
    if (/credentials not found/i.test(stdout + stderr)) return void 0;
    throw new RegistryError(`credential helper docker-credential-${helper} failed for ${server} (exit ${code})`, { code: "CREDENTIAL_HELPER" });
  }
  let doc;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new RegistryError(`credential helper docker-credential-${helper} printed something that is not JSON for ${server}`, { code: "CREDENTIAL_HELPER" });
  }
  if (!isRecord2(doc) || typeof doc.Secret !== "string") {
    throw new RegistryError(`credential helper docker-credential-${helper} gave no "Secret" for ${server}`, { code: "CREDENTIAL_HELPER" });
  }
  const username = typeof doc.Username === "string" ? doc.Username : "";
  if (username === "<token>") return { identityToken: doc.Secret };
  return { username, password: doc.Secret };
}
__name(runCredentialHelper, "runCredentialHelper");
async function findCredential(host, repository, sources) {
  if (sources.credentials) return { credential: sources.credentials, from: "explicit credentials" };
  const files = [];
  if (sources.authFile) files.push(sources.authFile);
  if (sources.dockerConfigDir) files.push(join3(sources.dockerConfigDir, "config.json"));
  for (const file of files) {
    const config = await readConfig(file);
    if (!config) continue;
    const keys = keysFor(host, repository);
    for (const key of keys) {
      const helper = config.credHelpers[key];
      if (helper) return { credential: await runCredentialHelper(helper, key, sources.credentialHelperDir), from: `docker-credential-${helper}` };
    }
    for (const key of keys) {
      const entry = config.auths[key];
      if (!entry) continue;
      const credential = fromEntry(entry, `${key} in ${file}`);
      if (credential) return { credential, from: file };
    }
    if (config.credsStore) {
      for (const key of [host, ...keys.filter((k) => k.startsWith("https://"))]) {
        const credential = await runCredentialHelper(config.credsStore, key, sources.credentialHelperDir);
        if (credential) return { credential, from: `docker-credential-${config.credsStore}` };
      }
    }
  }
  return { from: files.length ? files.join(", ") : "no auth file" };
}
__name(findCredential, "findCredential");

// packages/oci/src/registry/client.ts
var LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)(:\d+)?$/;
function apiHostOf(registry) {
  return registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
}
__name(apiHostOf, "apiHostOf");
var RegistryClient = class {
  constructor(registry, repository, options = {}) {
    this.registry = registry;
    this.repository = repository;
    const host = apiHostOf(registry);
    const insecure = options.insecure ?? LOOPBACK.test(host);
    this.base = `${insecure ? "http" : "https"}://${host}`;
    this.logger = options.logger ?? silentLogger;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 6e4;
    this.origins = options.blobOrigins ?? sharedBlobOrigins;
    this.auth = new Authenticator({
      registry,
      credential: /* @__PURE__ */ __name(async () => (await findCredential(registry, repository, options)).credential, "credential"),
      timeoutMs: this.timeoutMs,
      retry: this.retry,
      logger: this.logger
    });
  }
  registry;
  repository;
  static {
    __name(this, "RegistryClient");
  }
  base;
  auth;
  logger;
  retry;
  timeoutMs;
  origins;
  /**
   * Timeout for a request that moves a body of `size` bytes: the HTTP layer's timer runs until
   * the response headers, which for an upload come after the whole body (and for a download
   * it also bounds reading the body), so allow at least 100 KB/s on top of the base timeout.
   */
  transferTimeout(size) {
    return this.timeoutMs + Math.ceil(Math.max(0, size) / 100);
  }
  pullScope(repository = this.repository) {
    return repositoryScope(repository, ["pull"]);
  }
  pushScope(repository = this.repository) {
    return repositoryScope(repository, ["pull", "push"]);
  }
  url(path) {
    return new URL(path, this.base).toString();
  }
  /** A request through `httpRequest` (fetch): manifests, tags, referrers, upload control. */
  request(req) {
    return this.authorized(
      req,
      (common) => httpRequest({ ...common, ...req.body === void 0 ? {} : { body: req.body } }),
      (res) => ({ status: res.status, headers: res.headers, text: /* @__PURE__ */ __name(() => res.text().catch(() => ""), "text"), discard: /* @__PURE__ */ __name(async () => void await res.body?.cancel(), "discard") })
    );
  }
  /** A request through `httpStreamRequest` (node:http): blob bodies in and out. */
  stream(req) {
    return this.authorized(
      req,
      (common) => httpStreamRequest({ ...common, ...req.body === void 0 ? {} : { body: req.body } }),
      (res) => ({
        status: res.status,
        headers: res.headers,
        text: /* @__PURE__ */ __name(async () => {
          let text = "";
          for await (const c of res.body) text += c.toString("utf8");
          return text;
        }, "text"),
        discard: /* @__PURE__ */ __name(() => Promise.resolve(void res.body.resume()), "discard")
      })
    );
  }
  /**
   * Sends with the Authorization the registry wants, answering a 401 challenge (two rounds:
   * learn the challenge, then replace a token it refused once), and turns 401/403 into
   * errors naming the registry and the user, never a secret.
   */
  async authorized(req, send, view) {
    const method = req.method ?? "GET";
    const scopes = req.scopes ?? [this.pullScope()];
    const url = this.url(req.path);
    for (let round = 0; ; round++) {
      const authorization = await this.auth.header(scopes);
      const headers = { ...req.headers };
      if (authorization) headers.authorization = authorization;
      let res;
      try {
        res = await send({
          method,
          url,
          headers,
          timeoutMs: req.timeoutMs ?? this.timeoutMs,
          retry: req.retry === false ? false : this.retry,
          acceptStatus: [401, 403, ...req.accept ?? []],
          onRetry: /* @__PURE__ */ __name(({ attempt, delayMs, reason }) => this.logger.debug(`${method} ${safeUrl(url)}: retry ${attempt} in ${delayMs} ms (${reason})`), "onRetry")
        });
      } catch (e) {
        throw await this.scrub(e);
      }
      const answer = view(res);
      if (answer.status === 401) {
        await answer.discard();
        const retry = round < 2 && await this.auth.unauthorized(parseChallenges(answer.headers.get("www-authenticate")), scopes, authorization);
        if (retry && typeof req.body !== "function") continue;
        if (retry) throw new RegistryError(`registry ${this.registry} asked to authenticate again during ${method} ${new URL(url).pathname}`, { code: "UNAUTHORIZED", hint: "retried from the start" });
        throw this.auth.rejected(await this.auth.credential(), `${method} ${new URL(url).pathname} answered 401`);
      }
      if (answer.status === 403 && !req.accept?.includes(403)) {
        const body = await answer.text();
        const c = await this.auth.credential();
        const who = c ? c.username ? `user "${c.username}"` : "the identity token" : "anonymous access";
        throw new RegistryError(`registry ${this.registry} denied ${who} ${method} ${new URL(url).pathname} (403${body ? `: ${redact(body.slice(0, 200), await this.auth.secrets())}` : ""})`, {
          code: "DENIED",
          hint: `ask for ${scopes.join(" ")} on ${this.registry}`
        });
      }
      return res;
    }
  }
  /** HttpErrors carry URLs and bodies: make sure no credential we hold is in them. */
  async scrub(e) {
    if (!(e instanceof HttpError)) return e;
    const secrets = await this.auth.secrets();
    if (!secrets.some((s) => e.message.includes(s))) return e;
    return new HttpError({ code: e.code, method: e.method, url: e.url, ...e.status === void 0 ? {} : { status: e.status }, message: redact(e.message, secrets) });
  }
};

// packages/oci/src/registry/manifests.ts
var ACCEPT = MANIFEST_ACCEPT.join(", ");
function manifestWhere(client, reference) {
  return `docker://${client.registry}/${client.repository}${reference.includes(":") ? "@" : ":"}${reference}`;
}
__name(manifestWhere, "manifestWhere");
function notFound(client, reference) {
  return new OciError(`${manifestWhere(client, reference)} not found`, {
    code: "NOT_FOUND",
    hint: `check the repository and ${reference.includes(":") ? "digest" : "tag"} (skopeo list-tags docker://${client.registry}/${client.repository})`
  });
}
__name(notFound, "notFound");
async function readLimited(res, where) {
  const declared = Number(res.headers.get("content-length") ?? "-1");
  const tooLarge = /* @__PURE__ */ __name(() => new OciError(`manifest ${where} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE", hint: "a manifest that large is not an image manifest; check the reference" }), "tooLarge");
  if (declared > MAX_MANIFEST_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks = [];
  let total = 0;
  for await (const chunk of bodyOf(res)) {
    total += chunk.byteLength;
    if (total > MAX_MANIFEST_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
__name(readLimited, "readLimited");
async function getManifest(client, reference) {
  const where = manifestWhere(client, reference);
  const res = await client.request({ path: `/v2/${client.repository}/manifests/${reference}`, headers: { accept: ACCEPT }, accept: [404] });
  if (res.status === 404) {
    await res.body?.cancel();
    throw notFound(client, reference);
  }
  const bytes = await readLimited(res, where);
  const actual = sha256Digest(bytes);
  if (reference.includes(":") && reference !== actual) throw digestMismatch(`manifest ${where}`, reference, actual);
  const header = res.headers.get("docker-content-digest");
  if (header && isSha256Digest(header) && header !== actual) throw digestMismatch(`manifest ${where} (Docker-Content-Digest)`, header, actual);
  const contentType = res.headers.get("content-type")?.split(";")[0]?.trim();
  const parsed = parseManifest(bytes, where, contentType);
  client.origins.record(client.registry, client.repository, childrenOf(parsed).blobs.map((b) => b.digest));
  return { descriptor: { mediaType: parsed.mediaType, digest: actual, size: bytes.byteLength }, bytes };
}
__name(getManifest, "getManifest");
async function resolveManifest(client, reference) {
  const res = await client.request({ method: "HEAD", path: `/v2/${client.repository}/manifests/${reference}`, headers: { accept: ACCEPT }, accept: [404] });
  await res.body?.cancel();
  if (res.status === 404) throw notFound(client, reference);
  const digest = res.headers.get("docker-content-digest");
  const mediaType = res.headers.get("content-type")?.split(";")[0]?.trim();
  const size = Number(res.headers.get("content-length") ?? "-1");
  if (!digest || !isSha256Digest(digest) || !mediaType || !(size >= 0)) return (await getManifest(client, reference)).descriptor;
  if (reference.includes(":") && digest !== reference) throw digestMismatch(`manifest ${manifestWhere(client, reference)} (HEAD)`, reference, digest);
  if (size > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${manifestWhere(client, reference)} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
  return { mediaType, digest, size };
}
__name(resolveManifest, "resolveManifest");
async function putManifest(client, bytes, mediaType, tag) {
  const digest = sha256Digest(bytes);
  const where = manifestWhere(client, tag ?? digest);
  if (bytes.byteLength > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${where} is ${bytes.byteLength} bytes, over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
  parseManifest(bytes, where, mediaType);
  const res = await client.request({
    method: "PUT",
    path: `/v2/${client.repository}/manifests/${tag ?? digest}`,
    scopes: [client.pushScope()],
    headers: { "content-type": mediaType },
    body: bytes
  });
  await res.body?.cancel();
  if (res.status !== 201 && res.status !== 200) throw new RegistryError(`registry ${client.registry} answered ${res.status} to the push of ${where}`, { code: "PROTOCOL" });
  const got = res.headers.get("docker-content-digest");
  if (got && isSha256Digest(got) && got !== digest) throw digestMismatch(`pushed manifest ${where}`, digest, got);
  return { descriptor: { mediaType, digest, size: bytes.byteLength }, subjectHeader: res.headers.get("oci-subject") ?? void 0 };
}
__name(putManifest, "putManifest");

// packages/oci/src/registry/tags.ts
function nextLink(header) {
  if (!header) return void 0;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel="?next"?\s*(;|$)/i.test(m[2] ?? "")) return m[1];
  }
  return void 0;
}
__name(nextLink, "nextLink");
function isRecord3(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord3, "isRecord");
async function listTags(client, pageSize = 1e3) {
  const tags = [];
  let path = `/v2/${client.repository}/tags/list?n=${pageSize}`;
  for (let page = 0; path !== void 0; page++) {
    if (page > 1e4) throw new RegistryError(`registry ${client.registry} paginates the tags of ${client.repository} without end`, { code: "PROTOCOL" });
    const res = await client.request({ path, accept: [404] });
    if (res.status === 404) {
      await res.body?.cancel();
      return [];
    }
    const chunks = [];
    for await (const c of bodyOf(res)) chunks.push(c);
    let doc;
    try {
      doc = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      throw new RegistryError(`registry ${client.registry} sent a tag list for ${client.repository} that is not JSON`, { code: "PROTOCOL" });
    }
    if (!isRecord3(doc) || doc.tags !== null && doc.tags !== void 0 && !Array.isArray(doc.tags)) {
      throw new RegistryError(`registry ${client.registry} sent a tag list for ${client.repository} without a "tags" array`, { code: "PROTOCOL" });
    }
    for (const t of Array.isArray(doc.tags) ? doc.tags : []) if (typeof t === "string") tags.push(t);
    const next = nextLink(res.headers.get("link"));
    path = next === void 0 ? void 0 : client.url(next);
  }
  return tags;
}
__name(listTags, "listTags");

// packages/oci/src/registry/referrers.ts
var tagUpdates = new Turns();
var RegistryReferrers = class {
  constructor(client) {
    this.client = client;
  }
  client;
  static {
    __name(this, "RegistryReferrers");
  }
  /** Learned from the first answer: does this registry serve /v2/<name>/referrers/? */
  api;
  /**
   * GET /v2/<name>/referrers/<digest>[?artifactType=]: the index's descriptors (all pages),
   * or undefined when the registry has no Referrers API (404 per the spec; 400/405 from
   * registries that do not know the route).
   */
  async fromApi(digest, artifactType) {
    if (this.api === false) return void 0;
    const c = this.client;
    const q = artifactType === void 0 ? "" : `?artifactType=${encodeURIComponent(artifactType)}`;
    let path = `/v2/${c.repository}/referrers/${digest}${q}`;
    const found = [];
    let filtered = true;
    while (path !== void 0) {
      const res = await c.request({ path, headers: { accept: MediaType.ociIndex }, accept: [404, 400, 405] });
      if (res.status !== 200) {
        await res.body?.cancel();
        if (found.length === 0) {
          this.api = false;
          return void 0;
        }
        break;
      }
      this.api = true;
      const chunks = [];
      for await (const chunk of bodyOf(res)) chunks.push(chunk);
      const index = parseReferrersIndex(Buffer.concat(chunks), `docker://${c.registry}/${c.repository} referrers of ${digest}`);
      found.push(...index.manifests);
      if (artifactType !== void 0 && !/\bartifactType\b/.test(res.headers.get("oci-filters-applied") ?? "")) filtered = false;
      const next = nextLink(res.headers.get("link"));
      path = next === void 0 ? void 0 : c.url(next);
    }
    return filtered ? found : filterByArtifactType(found, artifactType);
  }
  /** The descriptors listed in the `sha256-<hex>` referrers tag index ([] when there is no such tag). */
  async fromTag(digest) {
    try {
      const { bytes } = await getManifest(this.client, referrersTagFor(digest));
      return parseReferrersIndex(bytes, `docker://${this.client.registry}/${this.client.repository}:${referrersTagFor(digest)}`).manifests;
    } catch (e) {
      if (isOciError(e, "NOT_FOUND")) return [];
      throw e;
    }
  }
  /** Both sources merged, so an SBOM under the tag and provenance under the API are both found. */
  async list(digest, artifactType) {
    const api = await this.fromApi(digest, artifactType) ?? [];
    const tagged = filterByArtifactType(await this.fromTag(digest), artifactType);
    return mergeReferrers(api, tagged);
  }
  /**
   * Pushes a referrer manifest by digest. `OCI-Subject` in the answer (or a working Referrers
   * API) means the registry indexes it: no fallback tag. Otherwise the `sha256-<hex>` index
   * is read, extended and pushed again (the spec's client-side update; last writer wins).
   */
  async put(bytes, mediaType) {
    const { descriptor, subject } = referrerDescriptorOf(bytes, mediaType);
    const pushed = await putManifest(this.client, bytes, mediaType);
    if (pushed.subjectHeader !== void 0) {
      this.api = true;
      return descriptor;
    }
    if (this.api === void 0) await this.fromApi(subject);
    if (this.api === true) return descriptor;
    const tag = referrersTagFor(subject);
    await tagUpdates.run(`${this.client.registry}/${this.client.repository}:${tag}`, () => this.addToTag(tag, descriptor));
    return descriptor;
  }
  async addToTag(tag, descriptor) {
    let current;
    try {
      current = (await getManifest(this.client, tag)).bytes;
    } catch (e) {
      if (!isOciError(e, "NOT_FOUND")) throw e;
    }
    const next = updatedReferrersIndex(current, `docker://${this.client.registry}/${this.client.repository}:${tag}`, [descriptor]);
    if (next !== void 0) await putManifest(this.client, next, MediaType.ociIndex, tag);
  }
};

// packages/oci/src/registry/upload.ts
import { setTimeout as sleep3 } from "node:timers/promises";
async function startUpload(client) {
  const res = await client.request({ method: "POST", path: `/v2/${client.repository}/blobs/uploads/`, scopes: [client.pushScope()], headers: { "content-length": "0" } });
  await res.body?.cancel();
  const location = res.headers.get("location");
  if (res.status !== 202 || !location) throw new RegistryError(`registry ${client.registry} did not open an upload for ${client.repository} (status ${res.status}, no Location)`, { code: "PROTOCOL" });
  const min = Number(res.headers.get("oci-chunk-min-length") ?? "0");
  return { location: client.url(location), minChunk: Number.isSafeInteger(min) && min > 0 ? min : 0 };
}
__name(startUpload, "startUpload");
function withDigest(location, digest) {
  const u = new URL(location);
  u.searchParams.set("digest", digest);
  return u.toString();
}
__name(withDigest, "withDigest");
function checkCommitted(client, res, blob) {
  const got = res.headers.get("docker-content-digest");
  if (res.status !== 201) throw new RegistryError(`registry ${client.registry} answered ${res.status} to the final PUT of ${blob.digest}`, { code: "UPLOAD_FAILED" });
  if (got && got !== blob.digest) throw digestMismatch(`upload to ${blobWhere(client, blob.digest)}`, blob.digest, got);
}
__name(checkCommitted, "checkCommitted");
async function uploadChunked(client, session, blob, input, chunkSize) {
  const size = Math.max(chunkSize, session.minChunk);
  let location = session.location;
  let offset = 0;
  let buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  const send = /* @__PURE__ */ __name(async (chunk) => {
    const res = await client.stream({
      method: "PATCH",
      path: location,
      scopes: [client.pushScope()],
      headers: { "content-type": "application/octet-stream", "content-range": `${offset}-${offset + chunk.byteLength - 1}`, "content-length": String(chunk.byteLength) },
      body: chunk,
      timeoutMs: client.transferTimeout(chunk.byteLength)
    });
    res.body.resume();
    const next = res.headers.get("location");
    if (res.status !== 202 || !next) throw new RegistryError(`registry ${client.registry} answered ${res.status} to a chunk of ${blob.digest} at byte ${offset}`, { code: "UPLOAD_FAILED" });
    location = client.url(next);
    offset += chunk.byteLength;
  }, "send");
  for await (const raw of input) {
    let at = 0;
    while (at < raw.byteLength) {
      const n = Math.min(size - filled, raw.byteLength - at);
      buffer.set(raw.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === size) {
        await send(buffer);
        buffer = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) await send(buffer.subarray(0, filled));
  return client.request({ method: "PUT", path: withDigest(location, blob.digest), scopes: [client.pushScope()], headers: { "content-length": "0" } });
}
__name(uploadChunked, "uploadChunked");
function retryable(e) {
  if (e instanceof HttpError) return e.status === void 0 || isRetryableStatus(e.status) || e.status === 400 || e.status === 404 || e.status === 416;
  if (e instanceof RegistryError) return e.code === "UPLOAD_FAILED" || e.code === "UNAUTHORIZED" && e.hint === "retried from the start";
  return false;
}
__name(retryable, "retryable");
async function putBlob(client, blob, source, options = {}) {
  if (await hasBlob(client, blob.digest, [client.pushScope()])) return;
  const from = client.origins.find(client.registry, blob.digest, client.repository);
  if (from !== void 0) {
    const mounted = await mountBlob(client, blob.digest, from).catch((e) => {
      client.logger.debug(`mount of ${blob.digest} from ${from} failed (${errorMessage(e)}); uploading`);
      return false;
    });
    if (mounted) return;
  }
  const where = blobWhere(client, blob.digest);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    let sourceError;
    try {
      const input = source();
      if (input instanceof Uint8Array) {
        const actual = sha256Digest(input);
        if (actual !== blob.digest) throw digestMismatch(`the content given for ${where}`, blob.digest, actual);
      } else {
        input.on("error", (e) => sourceError ??= e);
      }
      const session = await startUpload(client);
      if (!(input instanceof Uint8Array) && (sourceError !== void 0 || input.errored)) {
        const failed = sourceError ?? input.errored;
        throw failed instanceof Error ? failed : new Error(String(failed));
      }
      let res;
      if (input instanceof Uint8Array || blob.size <= (options.monolithicMaxBytes ?? 64 * 1024 * 1024)) {
        const put = await client.stream({
          method: "PUT",
          path: withDigest(session.location, blob.digest),
          scopes: [client.pushScope()],
          headers: { "content-type": "application/octet-stream", "content-length": String(blob.size) },
          timeoutMs: client.transferTimeout(blob.size),
          ...input instanceof Uint8Array ? { body: input } : { body: /* @__PURE__ */ __name(() => input, "body"), retry: false }
        });
        put.body.resume();
        res = put;
      } else {
        const put = await uploadChunked(client, session, blob, input, options.chunkSize ?? 8 * 1024 * 1024);
        await put.body?.cancel();
        res = put;
      }
      checkCommitted(client, res, blob);
      return;
    } catch (e) {
      if (sourceError instanceof OciError) throw sourceError;
      const cause = sourceError ?? e;
      if (attempt > 0 && e instanceof HttpError && e.status === 400 && /DIGEST_INVALID/.test(e.body ?? "")) {
        throw new OciError(`digest mismatch for ${where}: the registry computed another digest for the bytes given as ${blob.digest}`, {
          code: "DIGEST_MISMATCH",
          hint: "the source content is not the blob its descriptor names; nothing was stored",
          cause: e
        });
      }
      const again = sourceError !== void 0 ? true : retryable(e);
      const delay = backoffDelay(attempt, client.retry);
      if (!again || attempt >= client.retry.retries || Date.now() - started + delay > client.retry.maxElapsedMs) {
        if (cause instanceof OciError || cause instanceof RegistryError) throw cause;
        throw new RegistryError(`upload of ${where} failed after ${attempt + 1} attempt(s): ${errorMessage(cause)}`, { code: "UPLOAD_FAILED", cause });
      }
      client.logger.debug(`${where}: upload attempt ${attempt + 1} failed (${errorMessage(cause)}), starting over`);
      await sleep3(delay);
    }
  }
}
__name(putBlob, "putBlob");

// packages/oci/src/registry/store.ts
var RegistryStore = class {
  constructor(ref, options = {}) {
    this.options = options;
    this.client = new RegistryClient(ref.registry, ref.repository, options);
    this.location = `docker://${ref.registry}/${ref.repository}`;
    this.referrerIndex = new RegistryReferrers(this.client);
  }
  options;
  static {
    __name(this, "RegistryStore");
  }
  location;
  client;
  referrerIndex;
  get registry() {
    return this.client.registry;
  }
  get repository() {
    return this.client.repository;
  }
  resolve(reference) {
    return resolveManifest(this.client, reference);
  }
  getManifest(reference) {
    return getManifest(this.client, reference);
  }
  async putManifest(bytes, mediaType, tag) {
    return (await putManifest(this.client, bytes, mediaType, tag)).descriptor;
  }
  hasBlob(digest) {
    return hasBlob(this.client, digest);
  }
  getBlob(descriptor) {
    return getBlob(this.client, descriptor);
  }
  getBlobBytes(descriptor) {
    return getBlobBytes(this.client, descriptor);
  }
  putBlob(descriptor, source) {
    return putBlob(this.client, descriptor, source, this.options);
  }
  /** Links a blob from another repository of the same registry; false when it was not mounted. */
  mountBlob(descriptor, fromRepository) {
    return mountBlob(this.client, descriptor.digest, fromRepository);
  }
  async listTags() {
    return (await listTags(this.client, this.options.pageSize)).sort();
  }
  referrers(digest, artifactType) {
    return this.referrerIndex.list(digest, artifactType);
  }
  putReferrer(bytes, mediaType) {
    return this.referrerIndex.put(bytes, mediaType);
  }
};

// packages/oci/src/registry/index.ts
function openRegistryStore(ref, options = {}) {
  return new RegistryStore(ref, options);
}
__name(openRegistryStore, "openRegistryStore");

// packages/oci/src/open.ts
var exists2 = /* @__PURE__ */ __name((p) => stat3(p).then(() => true, () => false), "exists");
function pick(ref, fallback) {
  return { ...ref.tag === void 0 ? {} : { tag: ref.tag }, ...ref.digest === void 0 ? {} : { digest: ref.digest }, reference: ref.digest ?? ref.tag ?? fallback };
}
__name(pick, "pick");
async function openImage(input, options = {}) {
  const ref = typeof input === "string" ? parseImageReference(input) : input;
  const write = options.mode === "write";
  const cwd = options.cwd ?? process.cwd();
  const display = formatImageReference(ref);
  const noop = /* @__PURE__ */ __name(() => Promise.resolve(), "noop");
  const temp = /* @__PURE__ */ __name(async () => mkdtemp(join4(options.tmpDir ?? tmpdir(), "stella-image-")), "temp");
  switch (ref.transport) {
    case "docker": {
      const store = openRegistryStore(ref.ref, options.registry);
      const r = pick(ref.ref, write && ref.ref.digest !== void 0 ? void 0 : "latest");
      const tag = r.tag ?? (write && r.digest === void 0 ? "latest" : void 0);
      return { store, ...r, ...tag ? { tag } : {}, reference: r.reference ?? "latest", display, commit: noop, abort: noop, close: noop };
    }
    case "oci": {
      const dir = resolvePath2(cwd, ref.dir);
      const existed = await exists2(dir);
      const store = await OciLayoutStore.open(dir, { create: write });
      const r = pick(ref, write ? "latest" : void 0);
      const reference = r.reference ?? (await store.soleManifest()).digest;
      const tag = r.tag ?? (write && r.digest === void 0 ? "latest" : void 0);
      const abort = /* @__PURE__ */ __name(async () => {
        if (!existed) await rm3(dir, { recursive: true, force: true });
      }, "abort");
      return { store, ...r, ...tag ? { tag } : {}, reference, display, commit: noop, abort, close: noop };
    }
    case "oci-archive": {
      const file = resolvePath2(cwd, ref.file);
      const dir = await temp();
      const close = /* @__PURE__ */ __name(() => rm3(dir, { recursive: true, force: true }), "close");
      try {
        if (!write) {
          if (!await exists2(file)) throw new OciError(`archive ${file} does not exist`, { code: "NOT_FOUND" });
          await extractTar(file, dir);
        }
        const store = await OciLayoutStore.open(dir, { create: write });
        const r = pick(ref, write ? "latest" : void 0);
        const reference = r.reference ?? (await store.soleManifest()).digest;
        const tag = r.tag ?? (write && r.digest === void 0 ? "latest" : void 0);
        const commit = write ? () => packLayout(dir, file) : noop;
        return { store, ...r, ...tag ? { tag } : {}, reference, display, commit, abort: close, close };
      } catch (e) {
        await close();
        throw e;
      }
    }
    case "docker-archive": {
      if (write) throw new OciError(`${display}: writing docker-archive is not supported`, { code: "UNSUPPORTED", hint: "write oci-archive:FILE or oci:DIR instead" });
      const file = resolvePath2(cwd, ref.file);
      if (!await exists2(file)) throw new OciError(`archive ${file} does not exist`, { code: "NOT_FOUND" });
      const dir = await temp();
      const close = /* @__PURE__ */ __name(() => rm3(dir, { recursive: true, force: true }), "close");
      try {
        await extractTar(file, dir);
        if (await exists2(join4(dir, "oci-layout"))) {
          const store2 = await OciLayoutStore.open(dir);
          const reference2 = (await store2.soleManifest()).digest;
          return { store: store2, reference: reference2, digest: reference2, display, commit: noop, abort: close, close };
        }
        const wanted = ref.ref ? `${ref.ref.registry}/${ref.ref.repository}:${ref.ref.tag ?? "latest"}` : void 0;
        const { store, reference } = await dockerArchiveToLayout(dir, file, wanted);
        return { store, reference, digest: reference, display, commit: noop, abort: close, close };
      } catch (e) {
        await close();
        throw e;
      }
    }
  }
}
__name(openImage, "openImage");

// packages/oci/src/copy.ts
import { Transform as Transform2 } from "node:stream";
var GOARCH = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };
function hostPlatform() {
  return { os: "linux", architecture: GOARCH[process.arch] ?? process.arch };
}
__name(hostPlatform, "hostPlatform");
var SMALL_LOCAL_BLOB = 1024 * 1024;
var Copier = class {
  constructor(src, dst, options) {
    this.src = src;
    this.dst = dst;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }
  src;
  dst;
  options;
  static {
    __name(this, "Copier");
  }
  result = { manifests: 0, blobs: 0, blobsSkipped: 0, bytes: 0, referrers: 0 };
  doneManifests = /* @__PURE__ */ new Set();
  doneBlobs = /* @__PURE__ */ new Map();
  doneReferrers = /* @__PURE__ */ new Set();
  logger;
  /** A readable for the destination that pulls (verified) from the source once it is read. */
  sourceOf(d) {
    return () => {
      let done = 0;
      const out = new LazySource(
        () => this.src.getBlob(d),
        (n) => {
          done += n;
          this.options.progress?.({ id: d.digest, done, total: d.size, phase: "copy" });
        }
      );
      return markVerified(out, d.digest);
    };
  }
  copyBlob(d) {
    let job = this.doneBlobs.get(d.digest);
    if (!job) {
      job = (async () => {
        if (await this.dst.hasBlob(d.digest)) {
          this.result.blobsSkipped++;
          this.options.progress?.({ id: d.digest, done: d.size, total: d.size, phase: "exists" });
          return;
        }
        this.logger.debug(`copying blob ${d.digest} (${d.size} bytes)`);
        if (await this.linked(d)) this.logger.debug(`linked blob ${d.digest}`);
        else if (this.src instanceof OciLayoutStore && d.size <= SMALL_LOCAL_BLOB) {
          const bytes = await this.src.getBlobBytes(d);
          await this.dst.putBlob(d, () => bytes);
        } else await this.dst.putBlob(d, this.sourceOf(d));
        this.result.blobs++;
        this.result.bytes += d.size;
        this.options.progress?.({ id: d.digest, done: d.size, total: d.size, phase: "done" });
      })();
      this.doneBlobs.set(d.digest, job);
    }
    return job;
  }
  /** Layout to layout: the blob's file linked into the destination (OciLayoutStore.linkBlobFrom). */
  linked(d) {
    return this.src instanceof OciLayoutStore && this.dst instanceof OciLayoutStore ? this.dst.linkBlobFrom(this.src, d) : Promise.resolve(false);
  }
  /** Copies what `parsed` points at (children first), then its bytes; returns what was put. */
  async copyManifest(bytes, parsed, digest, tag) {
    if (parsed.kind === "index") {
      for (const child of parsed.index.manifests) {
        const blob = await this.src.getManifest(child.digest);
        await this.copyManifest(blob.bytes, parseManifest(blob.bytes, child.digest, child.mediaType), child.digest);
      }
    } else {
      const blobs = [parsed.manifest.config, ...parsed.manifest.layers].filter((b) => !isForeign(b));
      await mapLimit(blobs, this.options.concurrency ?? 4, (b) => this.copyBlob(b));
    }
    let put;
    if (tag !== void 0 || !this.doneManifests.has(digest)) {
      await this.linked({ digest, size: bytes.byteLength });
      put = await this.dst.putManifest(bytes, parsed.mediaType, tag);
      if (put.digest !== digest) throw new OciError(`destination stored manifest ${digest} as ${put.digest}`, { code: "DIGEST_MISMATCH" });
      if (!this.doneManifests.has(digest)) this.result.manifests++;
      this.doneManifests.add(digest);
    }
    if (this.options.all) await this.copyReferrers(digest);
    return put ?? { mediaType: parsed.mediaType, digest, size: bytes.byteLength };
  }
  /** Every referrer of `subject`, and theirs in turn (a signature of an SBOM). */
  async copyReferrers(subject) {
    if (this.doneReferrers.has(subject)) return;
    this.doneReferrers.add(subject);
    const referrers = await this.src.referrers(subject);
    await mapLimit(referrers, this.options.concurrency ?? 4, async (r) => {
      if (this.doneManifests.has(r.digest)) return;
      const blob = await this.src.getManifest(r.digest);
      const parsed = parseManifest(blob.bytes, r.digest, r.mediaType);
      if (parsed.kind === "manifest") {
        await mapLimit([parsed.manifest.config, ...parsed.manifest.layers].filter((b) => !isForeign(b)), this.options.concurrency ?? 4, (b) => this.copyBlob(b));
      } else {
        for (const child of parsed.index.manifests) {
          const c = await this.src.getManifest(child.digest);
          await this.copyManifest(c.bytes, parseManifest(c.bytes, child.digest, child.mediaType), child.digest);
        }
      }
      await this.linked({ digest: r.digest, size: blob.bytes.byteLength });
      const put = await this.dst.putReferrer(blob.bytes, parsed.mediaType);
      if (put.digest !== r.digest) throw new OciError(`destination stored referrer ${r.digest} as ${put.digest}`, { code: "DIGEST_MISMATCH" });
      this.doneManifests.add(r.digest);
      this.result.manifests++;
      this.result.referrers++;
      this.logger.debug(`copied referrer ${r.digest} (${r.artifactType ?? parsed.mediaType}) of ${subject}`);
      await this.copyReferrers(r.digest);
    });
  }
};
var LazySource = class extends Transform2 {
  constructor(open2, onChunk) {
    super({ highWaterMark: 64 * 1024 });
    this.open = open2;
    this.onChunk = onChunk;
  }
  open;
  onChunk;
  static {
    __name(this, "LazySource");
  }
  started = false;
  _transform(chunk, _enc, done) {
    this.onChunk(chunk.byteLength);
    done(null, chunk);
  }
  _read(size) {
    if (!this.started) {
      this.started = true;
      this.open().then(
        (source) => {
          source.on("error", (e) => this.destroy(e));
          source.pipe(this);
        },
        (e) => this.destroy(e instanceof Error ? e : new Error(String(e)))
      );
    }
    super._read(size);
  }
};
function isForeign(d) {
  return d.mediaType.includes("nondistributable") || d.mediaType.includes("foreign");
}
__name(isForeign, "isForeign");
function samePlatform(a, b) {
  return a !== void 0 && a.os === b.os && a.architecture === b.architecture && (b.variant === void 0 || a.variant === b.variant);
}
__name(samePlatform, "samePlatform");
function formatPlatform(p) {
  return p ? `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}` : "unknown";
}
__name(formatPlatform, "formatPlatform");
async function copyImage(src, dst, options = {}) {
  const copier = new Copier(src.store, dst.store, options);
  let top = await src.store.getManifest(src.reference);
  let parsed = parseManifest(top.bytes, `${src.store.location}@${top.descriptor.digest}`, top.descriptor.mediaType);
  if (parsed.kind === "index" && !options.all) {
    const want = options.platform ?? hostPlatform();
    const pick2 = parsed.index.manifests.find((m) => samePlatform(m.platform, want));
    if (!pick2) {
      throw new OciError(`${src.store.location}:${src.reference} is an index without a ${formatPlatform(want)} image`, {
        code: "NOT_FOUND",
        hint: `platforms: ${parsed.index.manifests.map((m) => formatPlatform(m.platform)).join(", ")}; use --all to copy every platform`
      });
    }
    top = await src.store.getManifest(pick2.digest);
    parsed = parseManifest(top.bytes, pick2.digest, pick2.mediaType);
  }
  if (dst.digest !== void 0 && dst.digest !== top.descriptor.digest) {
    throw new OciError(`source ${src.store.location} resolves to ${top.descriptor.digest}, but the destination asks for ${dst.digest}`, { code: "DIGEST_MISMATCH" });
  }
  const put = await copier.copyManifest(top.bytes, parsed, top.descriptor.digest, dst.tag);
  return { digest: put.digest, mediaType: parsed.mediaType, ...copier.result };
}
__name(copyImage, "copyImage");

// packages/oci/src/inspect.ts
function isRecord4(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord4, "isRecord");
function configFacts(bytes) {
  let doc;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return { facts: {}, labels: {} };
  }
  if (!isRecord4(doc)) return { facts: {}, labels: {} };
  const facts = {};
  for (const k of ["os", "architecture", "variant", "created"]) {
    const v = doc[k];
    if (typeof v === "string") facts[k] = v;
  }
  const labels = {};
  const inner = doc.config;
  if (isRecord4(inner) && isRecord4(inner.Labels)) {
    for (const [k, v] of Object.entries(inner.Labels)) if (typeof v === "string") labels[k] = v;
  }
  return { facts, labels };
}
__name(configFacts, "configFacts");
var isConfigJson = /* @__PURE__ */ __name((mediaType) => mediaType.endsWith("+json") || mediaType.endsWith(".json") || mediaType === "application/octet-stream", "isConfigJson");
async function imageOf(store, digest, mediaType) {
  const blob = await store.getManifest(digest);
  const parsed = parseManifest(blob.bytes, digest, mediaType);
  if (parsed.kind !== "manifest") return { layers: [], labels: {}, facts: {} };
  const config = parsed.manifest.config;
  const read = isConfigJson(config.mediaType) && config.size <= 4 * 1024 * 1024 ? configFacts(await store.getBlobBytes(config)) : { facts: {}, labels: {} };
  return { layers: parsed.manifest.layers, ...read };
}
__name(imageOf, "imageOf");
async function inspectImage(store, reference) {
  const top = await store.getManifest(reference);
  const parsed = parseManifest(top.bytes, `${store.location}@${top.descriptor.digest}`, top.descriptor.mediaType);
  const digest = top.descriptor.digest;
  const referrers = await store.referrers(digest);
  const base = { digest, mediaType: parsed.mediaType, size: top.bytes.byteLength, referrers };
  if (parsed.kind === "index") {
    const platforms = [];
    for (const m of parsed.index.manifests) {
      const image2 = await imageOf(store, m.digest, m.mediaType);
      platforms.push({ digest: m.digest, mediaType: m.mediaType, ...m.platform ? { platform: m.platform } : {}, layers: image2.layers, labels: image2.labels });
    }
    return { ...base, platforms, layers: [], labels: {} };
  }
  const image = await imageOf(store, digest, parsed.mediaType);
  return { ...base, platforms: [], layers: image.layers, labels: image.labels, config: image.facts };
}
__name(inspectImage, "inspectImage");
function human(bytes) {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
__name(human, "human");
function formatImageDetails(name, d) {
  const lines = [`Name:       ${name}`, `Digest:     ${d.digest}`, `MediaType:  ${d.mediaType}`];
  if (d.config?.os) lines.push(`Platform:   ${d.config.os}/${d.config.architecture ?? "?"}${d.config.variant ? `/${d.config.variant}` : ""}`);
  if (d.config?.created) lines.push(`Created:    ${d.config.created}`);
  const layerLines = /* @__PURE__ */ __name((layers, indent) => layers.map((l) => `${indent}${l.digest}  ${human(l.size)}  ${l.mediaType}`), "layerLines");
  if (d.platforms.length > 0) {
    lines.push("Platforms:");
    for (const p of d.platforms) {
      const plat = p.platform ? `${p.platform.os}/${p.platform.architecture}${p.platform.variant ? `/${p.platform.variant}` : ""}` : "(no platform)";
      lines.push(`  ${plat}  ${p.digest}  ${p.layers.length} layers`);
    }
  } else {
    lines.push(`Layers:     ${d.layers.length} (${human(d.layers.reduce((n, l) => n + l.size, 0))})`, ...layerLines(d.layers, "  "));
  }
  const labels = Object.entries(d.labels).sort(([a], [b]) => a < b ? -1 : 1);
  if (labels.length > 0) lines.push("Labels:", ...labels.map(([k, v]) => `  ${k}=${v}`));
  lines.push(`Referrers:  ${d.referrers.length}`, ...d.referrers.map((r) => `  ${r.digest}  ${r.artifactType ?? r.mediaType}`));
  return lines.join("\n");
}
__name(formatImageDetails, "formatImageDetails");

// packages/oci/src/layout-prune.ts
import { readdirSync, rmSync as rmSync2, statSync as statSync3 } from "node:fs";
import { join as join5 } from "node:path";
async function pruneLayout(store) {
  const reachable = /* @__PURE__ */ new Set();
  const visit = /* @__PURE__ */ __name(async (d) => {
    if (reachable.has(d.digest) || !await store.hasBlob(d.digest)) return;
    reachable.add(d.digest);
    if (!isManifestMediaType(d.mediaType) || d.size > MAX_MANIFEST_BYTES) return;
    const { manifests, blobs } = childrenOf(parseManifest(await store.getBlobBytes(d), d.digest, d.mediaType));
    for (const child of [...manifests, ...blobs]) await visit(child);
  }, "visit");
  for (const d of (await store.readIndex()).manifests) await visit(d);
  const dir = join5(store.dir, "blobs", "sha256");
  const removed = [];
  for (const hex of readdirSync(dir).sort()) {
    const digest = `sha256:${hex}`;
    if (reachable.has(digest)) continue;
    const path = join5(dir, hex);
    removed.push({ digest, size: statSync3(path).size });
    rmSync2(path, { force: true });
  }
  return { kept: reachable.size, removed };
}
__name(pruneLayout, "pruneLayout");

// packages/oci/src/tar-entry.ts
var TAR_END = Buffer.alloc(1024, 0);

export {
  isOciError,
  MediaType,
  EMPTY_JSON_DIGEST,
  isIndexMediaType,
  isImageManifestMediaType,
  parseManifest,
  childrenOf,
  referrersTagFor,
  parseDockerReference,
  parseImageReference,
  OciLayoutStore,
  pruneLayout,
  openRegistryStore,
  require_tar_stream,
  openImage,
  copyImage,
  inspectImage,
  formatImageDetails
};
