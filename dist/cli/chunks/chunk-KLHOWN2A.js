#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  require_dist
} from "./chunk-J6QU6PQX.js";
import {
  SBOM_ARTIFACT_TYPES,
  loadReleaseManifest,
  parseReleaseManifest,
  releaseYamlOf,
  sigstoreManifestVerifier,
  verifyManifest,
  writeReleaseYaml
} from "./chunk-USADENSA.js";
import {
  BUNDLE_MEDIA_TYPE,
  digestAndSign,
  digestAndVerify,
  fileChunks,
  formatVerifyReport,
  keyHint,
  loadPrivateKey,
  parseBundle,
  sha256Of,
  signBlob,
  signBytes,
  signerFromSpec,
  streamHash,
  verifyBlob,
  verifyImages
} from "./chunk-QZSXOUOU.js";
import {
  OciLayoutStore,
  copyImage,
  openImage,
  parseDockerReference,
  pruneLayout
} from "./chunk-YWMM5RF6.js";
import {
  httpRequest,
  isRetryableNetworkError,
  safeUrl
} from "./chunk-SIZMBGD5.js";
import {
  StellaError,
  decompressors,
  errorMessage,
  isoSeconds,
  mapLimit,
  readThrough,
  sniffCompression,
  tempPathFor,
  threadPoolLowered
} from "./chunk-BBNKGYBP.js";
import {
  __commonJS,
  __name,
  __require,
  __toESM
} from "./chunk-GT7O54H4.js";

// node_modules/pend/index.js
var require_pend = __commonJS({
  "node_modules/pend/index.js"(exports, module) {
    "use strict";
    module.exports = Pend;
    function Pend() {
      this.pending = 0;
      this.max = Infinity;
      this.listeners = [];
      this.waiting = [];
      this.error = null;
    }
    __name(Pend, "Pend");
    Pend.prototype.go = function(fn) {
      if (this.pending < this.max) {
        pendGo(this, fn);
      } else {
        this.waiting.push(fn);
      }
    };
    Pend.prototype.wait = function(cb) {
      if (this.pending === 0) {
        cb(this.error);
      } else {
        this.listeners.push(cb);
      }
    };
    Pend.prototype.hold = function() {
      return pendHold(this);
    };
    function pendHold(self) {
      self.pending += 1;
      var called = false;
      return onCb;
      function onCb(err) {
        if (called) throw new Error("callback called twice");
        called = true;
        self.error = self.error || err;
        self.pending -= 1;
        if (self.waiting.length > 0 && self.pending < self.max) {
          pendGo(self, self.waiting.shift());
        } else if (self.pending === 0) {
          var listeners = self.listeners;
          self.listeners = [];
          listeners.forEach(cbListener);
        }
      }
      __name(onCb, "onCb");
      function cbListener(listener) {
        listener(self.error);
      }
      __name(cbListener, "cbListener");
    }
    __name(pendHold, "pendHold");
    function pendGo(self, fn) {
      fn(pendHold(self));
    }
    __name(pendGo, "pendGo");
  }
});

// node_modules/yauzl/fd-slicer.js
var require_fd_slicer = __commonJS({
  "node_modules/yauzl/fd-slicer.js"(exports) {
    "use strict";
    var fs = __require("fs");
    var util = __require("util");
    var stream = __require("stream");
    var Readable2 = stream.Readable;
    var PassThrough = stream.PassThrough;
    var Pend = require_pend();
    var EventEmitter = __require("events").EventEmitter;
    exports.BufferSlicer = BufferSlicer;
    exports.FdSlicer = FdSlicer;
    util.inherits(FdSlicer, EventEmitter);
    function FdSlicer(fd) {
      EventEmitter.call(this);
      this.fd = fd;
      this.pend = new Pend();
      this.pend.max = 1;
      this.refCount = 0;
    }
    __name(FdSlicer, "FdSlicer");
    FdSlicer.prototype.read = function(buffer, offset, length, position, callback) {
      var self = this;
      self.pend.go(function(cb) {
        fs.read(self.fd, buffer, offset, length, position, function(err, bytesRead, buffer2) {
          cb();
          callback(err, bytesRead, buffer2);
        });
      });
    };
    FdSlicer.prototype.createReadStream = function(options2) {
      return new ReadStream(this, options2);
    };
    FdSlicer.prototype.ref = function() {
      this.refCount += 1;
    };
    FdSlicer.prototype.unref = function() {
      var self = this;
      self.refCount -= 1;
      if (self.refCount < 0) throw new Error("invalid unref");
      if (self.refCount > 0) return;
      fs.close(self.fd, onCloseDone);
      function onCloseDone(err) {
        if (err) {
          self.emit("error", err);
        } else {
          self.emit("close");
        }
      }
      __name(onCloseDone, "onCloseDone");
    };
    util.inherits(ReadStream, Readable2);
    function ReadStream(context, options2) {
      options2 = options2 || {};
      Readable2.call(this, options2);
      this.context = context;
      this.context.ref();
      this.start = options2.start || 0;
      this.endOffset = options2.end;
      this.pos = this.start;
    }
    __name(ReadStream, "ReadStream");
    ReadStream.prototype._read = function(n) {
      var self = this;
      var toRead = Math.min(self._readableState.highWaterMark, n);
      if (self.endOffset != null) {
        toRead = Math.min(toRead, self.endOffset - self.pos);
      }
      if (toRead <= 0) {
        self.push(null);
        this._cleanup();
        return;
      }
      self.context.pend.go(function(cb) {
        var buffer = Buffer.allocUnsafe(toRead);
        fs.read(self.context.fd, buffer, 0, toRead, self.pos, function(err, bytesRead) {
          if (err) {
            self.destroy(err);
          } else if (bytesRead === 0) {
            self.push(null);
            self._cleanup();
          } else {
            self.pos += bytesRead;
            self.push(buffer.slice(0, bytesRead));
          }
          cb();
        });
      });
    };
    ReadStream.prototype._destroy = function(err, cb) {
      this._cleanup();
      cb(err);
    };
    ReadStream.prototype._cleanup = function() {
      if (this.context != null) {
        this.context.unref();
        this.context = null;
      }
    };
    util.inherits(BufferSlicer, EventEmitter);
    function BufferSlicer(buffer) {
      EventEmitter.call(this);
      this.refCount = 0;
      this.buffer = buffer;
    }
    __name(BufferSlicer, "BufferSlicer");
    BufferSlicer.prototype.read = function(buffer, offset, length, position, callback) {
      if (!(0 <= offset && offset <= buffer.length)) throw new RangeError("offset outside buffer: 0 <= " + offset + " <= " + buffer.length);
      if (position < 0) throw new RangeError("position is negative: " + position);
      if (offset + length > buffer.length) {
        length = buffer.length - offset;
      }
      if (position + length > this.buffer.length) {
        length = this.buffer.length - position;
      }
      if (length <= 0) {
        setImmediate(function() {
          callback(null, 0);
        });
        return;
      }
      this.buffer.copy(buffer, offset, position, position + length);
      setImmediate(function() {
        callback(null, length);
      });
    };
    BufferSlicer.prototype.createReadStream = function(options2) {
      options2 = options2 || {};
      var readStream = new PassThrough(options2);
      readStream.start = options2.start || 0;
      readStream.endOffset = options2.end;
      readStream.pos = readStream.endOffset || this.buffer.length;
      var entireSlice = this.buffer.slice(readStream.start, readStream.pos);
      var maxChunkSize = 65536;
      var offset = 0;
      while (true) {
        var nextOffset = offset + maxChunkSize;
        if (nextOffset >= entireSlice.length) {
          if (offset < entireSlice.length) {
            readStream.write(entireSlice.slice(offset, entireSlice.length));
          }
          break;
        }
        readStream.write(entireSlice.slice(offset, nextOffset));
        offset = nextOffset;
      }
      readStream.end();
      return readStream;
    };
    BufferSlicer.prototype.ref = function() {
      this.refCount += 1;
    };
    BufferSlicer.prototype.unref = function() {
      this.refCount -= 1;
      if (this.refCount < 0) {
        throw new Error("invalid unref");
      }
    };
  }
});

// node_modules/yauzl/crc32.js
var require_crc32 = __commonJS({
  "node_modules/yauzl/crc32.js"(exports, module) {
    "use strict";
    var CRC_TABLE = new Int32Array([
      0,
      1996959894,
      3993919788,
      2567524794,
      124634137,
      1886057615,
      3915621685,
      2657392035,
      249268274,
      2044508324,
      3772115230,
      2547177864,
      162941995,
      2125561021,
      3887607047,
      2428444049,
      498536548,
      1789927666,
      4089016648,
      2227061214,
      450548861,
      1843258603,
      4107580753,
      2211677639,
      325883990,
      1684777152,
      4251122042,
      2321926636,
      335633487,
      1661365465,
      4195302755,
      2366115317,
      997073096,
      1281953886,
      3579855332,
      2724688242,
      1006888145,
      1258607687,
      3524101629,
      2768942443,
      901097722,
      1119000684,
      3686517206,
      2898065728,
      853044451,
      1172266101,
      3705015759,
      2882616665,
      651767980,
      1373503546,
      3369554304,
      3218104598,
      565507253,
      1454621731,
      3485111705,
      3099436303,
      671266974,
      1594198024,
      3322730930,
      2970347812,
      795835527,
      1483230225,
      3244367275,
      3060149565,
      1994146192,
      31158534,
      2563907772,
      4023717930,
      1907459465,
      112637215,
      2680153253,
      3904427059,
      2013776290,
      251722036,
      2517215374,
      3775830040,
      2137656763,
      141376813,
      2439277719,
      3865271297,
      1802195444,
      476864866,
      2238001368,
      4066508878,
      1812370925,
      453092731,
      2181625025,
      4111451223,
      1706088902,
      314042704,
      2344532202,
      4240017532,
      1658658271,
      366619977,
      2362670323,
      4224994405,
      1303535960,
      984961486,
      2747007092,
      3569037538,
      1256170817,
      1037604311,
      2765210733,
      3554079995,
      1131014506,
      879679996,
      2909243462,
      3663771856,
      1141124467,
      855842277,
      2852801631,
      3708648649,
      1342533948,
      654459306,
      3188396048,
      3373015174,
      1466479909,
      544179635,
      3110523913,
      3462522015,
      1591671054,
      702138776,
      2966460450,
      3352799412,
      1504918807,
      783551873,
      3082640443,
      3233442989,
      3988292384,
      2596254646,
      62317068,
      1957810842,
      3939845945,
      2647816111,
      81470997,
      1943803523,
      3814918930,
      2489596804,
      225274430,
      2053790376,
      3826175755,
      2466906013,
      167816743,
      2097651377,
      4027552580,
      2265490386,
      503444072,
      1762050814,
      4150417245,
      2154129355,
      426522225,
      1852507879,
      4275313526,
      2312317920,
      282753626,
      1742555852,
      4189708143,
      2394877945,
      397917763,
      1622183637,
      3604390888,
      2714866558,
      953729732,
      1340076626,
      3518719985,
      2797360999,
      1068828381,
      1219638859,
      3624741850,
      2936675148,
      906185462,
      1090812512,
      3747672003,
      2825379669,
      829329135,
      1181335161,
      3412177804,
      3160834842,
      628085408,
      1382605366,
      3423369109,
      3138078467,
      570562233,
      1426400815,
      3317316542,
      2998733608,
      733239954,
      1555261956,
      3268935591,
      3050360625,
      752459403,
      1541320221,
      2607071920,
      3965973030,
      1969922972,
      40735498,
      2617837225,
      3943577151,
      1913087877,
      83908371,
      2512341634,
      3803740692,
      2075208622,
      213261112,
      2463272603,
      3855990285,
      2094854071,
      198958881,
      2262029012,
      4057260610,
      1759359992,
      534414190,
      2176718541,
      4139329115,
      1873836001,
      414664567,
      2282248934,
      4279200368,
      1711684554,
      285281116,
      2405801727,
      4167216745,
      1634467795,
      376229701,
      2685067896,
      3608007406,
      1308918612,
      956543938,
      2808555105,
      3495958263,
      1231636301,
      1047427035,
      2932959818,
      3654703836,
      1088359270,
      936918e3,
      2847714899,
      3736837829,
      1202900863,
      817233897,
      3183342108,
      3401237130,
      1404277552,
      615818150,
      3134207493,
      3453421203,
      1423857449,
      601450431,
      3009837614,
      3294710456,
      1567103746,
      711928724,
      3020668471,
      3272380065,
      1510334235,
      755167117
    ]);
    function crc32(buf) {
      let crc = -1;
      for (let x of buf) {
        crc = CRC_TABLE[(crc ^ x) & 255] ^ crc >>> 8;
      }
      return (crc ^ -1) >>> 0;
    }
    __name(crc32, "crc32");
    module.exports = crc32;
  }
});

// node_modules/yauzl/index.js
var require_yauzl = __commonJS({
  "node_modules/yauzl/index.js"(exports) {
    "use strict";
    var fs = __require("fs");
    var zlib = __require("zlib");
    var fd_slicer = require_fd_slicer();
    var util = __require("util");
    var EventEmitter = __require("events").EventEmitter;
    var Transform2 = __require("stream").Transform;
    var PassThrough = __require("stream").PassThrough;
    var Writable3 = __require("stream").Writable;
    var crc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : require_crc32();
    exports.open = open5;
    exports.fromFd = fromFd;
    exports.fromBuffer = fromBuffer;
    exports.fromRandomAccessReader = fromRandomAccessReader;
    exports.openPromise = openPromise;
    exports.fromFdPromise = fromFdPromise;
    exports.fromBufferPromise = fromBufferPromise;
    exports.fromRandomAccessReaderPromise = fromRandomAccessReaderPromise;
    exports.dosDateTimeToDate = dosDateTimeToDate;
    exports.getFileNameLowLevel = getFileNameLowLevel;
    exports.validateFileName = validateFileName;
    exports.parseExtraFields = parseExtraFields;
    exports.ZipFile = ZipFile;
    exports.Entry = Entry;
    exports.LocalFileHeader = LocalFileHeader;
    exports.RandomAccessReader = RandomAccessReader;
    function openPromise(path, options2) {
      return new Promise((resolve2, reject) => {
        open5(path, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    __name(openPromise, "openPromise");
    function fromFdPromise(fd, options2) {
      return new Promise((resolve2, reject) => {
        fromFd(fd, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    __name(fromFdPromise, "fromFdPromise");
    function fromBufferPromise(buffer, options2) {
      return new Promise((resolve2, reject) => {
        fromBuffer(buffer, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    __name(fromBufferPromise, "fromBufferPromise");
    function fromRandomAccessReaderPromise(reader, totalSize, options2) {
      return new Promise((resolve2, reject) => {
        fromRandomAccessReader(reader, totalSize, { ...options2, lazyEntries: true }, function(err, zipfile) {
          if (err) return reject(err);
          resolve2(zipfile);
        });
      });
    }
    __name(fromRandomAccessReaderPromise, "fromRandomAccessReaderPromise");
    function open5(path, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = true;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      fs.open(path, "r", function(err, fd) {
        if (err) return callback(err);
        fromFd(fd, options2, function(err2, zipfile) {
          if (err2) fs.close(fd, defaultCallback);
          callback(err2, zipfile);
        });
      });
    }
    __name(open5, "open");
    function fromFd(fd, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = false;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      fs.fstat(fd, function(err, stats) {
        if (err) return callback(err);
        var reader = new fd_slicer.FdSlicer(fd);
        fromRandomAccessReader(reader, stats.size, options2, callback);
      });
    }
    __name(fromFd, "fromFd");
    function fromBuffer(buffer, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      options2.autoClose = false;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      var reader = new fd_slicer.BufferSlicer(buffer);
      fromRandomAccessReader(reader, buffer.length, options2, callback);
    }
    __name(fromBuffer, "fromBuffer");
    function fromRandomAccessReader(reader, totalSize, options2, callback) {
      if (typeof options2 === "function") {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      if (options2.autoClose == null) options2.autoClose = true;
      if (options2.lazyEntries == null) options2.lazyEntries = false;
      if (options2.decodeStrings == null) options2.decodeStrings = true;
      var decodeStrings = !!options2.decodeStrings;
      if (options2.validateEntrySizes == null) options2.validateEntrySizes = true;
      if (options2.strictFileNames == null) options2.strictFileNames = false;
      if (callback == null) callback = defaultCallback;
      if (typeof totalSize !== "number") throw new Error("expected totalSize parameter to be a number");
      if (totalSize > Number.MAX_SAFE_INTEGER) {
        throw new Error("zip file too large. only file sizes up to 2^52 are supported due to JavaScript's Number type being an IEEE 754 double.");
      }
      reader.ref();
      var eocdrWithoutCommentSize = 22;
      var zip64EocdlSize = 20;
      var maxCommentSize = 65535;
      var bufferSize = Math.min(zip64EocdlSize + eocdrWithoutCommentSize + maxCommentSize, totalSize);
      var buffer = newBuffer(bufferSize);
      var bufferReadStart = totalSize - buffer.length;
      readAndAssertNoEof(reader, buffer, 0, bufferSize, bufferReadStart, function(err) {
        if (err) return callback(err);
        for (var i = bufferSize - eocdrWithoutCommentSize; i >= 0; i -= 1) {
          if (buffer.readUInt32LE(i) !== 101010256) continue;
          var eocdrBuffer = buffer.subarray(i);
          var diskNumber = eocdrBuffer.readUInt16LE(4);
          var entryCount = eocdrBuffer.readUInt16LE(10);
          var centralDirectoryOffset = eocdrBuffer.readUInt32LE(16);
          var commentLength = eocdrBuffer.readUInt16LE(20);
          var expectedCommentLength = eocdrBuffer.length - eocdrWithoutCommentSize;
          if (commentLength !== expectedCommentLength) {
            return callback(new Error("Invalid comment length. Expected: " + expectedCommentLength + ". Found: " + commentLength + ". Are there extra bytes at the end of the file? Or is the end of central dir signature `PK\u263A\u263B` in the comment?"));
          }
          var comment = decodeStrings ? decodeBuffer(eocdrBuffer.subarray(22), false) : eocdrBuffer.subarray(22);
          if (i - zip64EocdlSize >= 0 && buffer.readUInt32LE(i - zip64EocdlSize) === 117853008) {
            var zip64EocdlBuffer = buffer.subarray(i - zip64EocdlSize, i - zip64EocdlSize + zip64EocdlSize);
            var zip64EocdrOffset = readUInt64LE(zip64EocdlBuffer, 8);
            var zip64EocdrBuffer = newBuffer(56);
            return readAndAssertNoEof(reader, zip64EocdrBuffer, 0, zip64EocdrBuffer.length, zip64EocdrOffset, function(err2) {
              if (err2) return callback(err2);
              if (zip64EocdrBuffer.readUInt32LE(0) !== 101075792) {
                return callback(new Error("invalid zip64 end of central directory record signature"));
              }
              diskNumber = zip64EocdrBuffer.readUInt32LE(16);
              if (diskNumber !== 0) {
                return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
              }
              entryCount = readUInt64LE(zip64EocdrBuffer, 32);
              centralDirectoryOffset = readUInt64LE(zip64EocdrBuffer, 48);
              return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options2.autoClose, options2.lazyEntries, decodeStrings, options2.validateEntrySizes, options2.strictFileNames));
            });
          }
          if (diskNumber !== 0) {
            return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
          }
          return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options2.autoClose, options2.lazyEntries, decodeStrings, options2.validateEntrySizes, options2.strictFileNames));
        }
        callback(new Error("End of central directory record signature not found. Either not a zip file, or file is truncated."));
      });
    }
    __name(fromRandomAccessReader, "fromRandomAccessReader");
    util.inherits(ZipFile, EventEmitter);
    function ZipFile(reader, centralDirectoryOffset, fileSize, entryCount, comment, autoClose, lazyEntries, decodeStrings, validateEntrySizes, strictFileNames) {
      var self = this;
      EventEmitter.call(self);
      self.reader = reader;
      self.reader.on("error", function(err) {
        emitError(self, err);
      });
      self.reader.once("close", function() {
        self.emit("close");
      });
      self.readEntryCursor = centralDirectoryOffset;
      self.fileSize = fileSize;
      self.entryCount = entryCount;
      self.comment = comment;
      self.entriesRead = 0;
      self.autoClose = !!autoClose;
      self.lazyEntries = !!lazyEntries;
      self.decodeStrings = !!decodeStrings;
      self.validateEntrySizes = !!validateEntrySizes;
      self.strictFileNames = !!strictFileNames;
      self.isOpen = true;
      self.emittedError = false;
      self.hasEachEntryBeenCalled = false;
      if (!self.lazyEntries) self._readEntry();
    }
    __name(ZipFile, "ZipFile");
    ZipFile.prototype.close = function() {
      if (!this.isOpen) return;
      this.isOpen = false;
      this.reader.unref();
    };
    function emitErrorAndAutoClose(self, err) {
      if (self.autoClose) self.close();
      emitError(self, err);
    }
    __name(emitErrorAndAutoClose, "emitErrorAndAutoClose");
    function emitError(self, err) {
      if (self.emittedError) return;
      self.emittedError = true;
      self.emit("error", err);
    }
    __name(emitError, "emitError");
    ZipFile.prototype.readEntry = function() {
      if (!this.lazyEntries) throw new Error("readEntry() called without lazyEntries:true");
      this._readEntry();
    };
    ZipFile.prototype._readEntry = function() {
      var self = this;
      if (self.entryCount === self.entriesRead) {
        setImmediate(function() {
          if (self.autoClose) self.close();
          if (self.emittedError) return;
          self.emit("end");
        });
        return;
      }
      if (self.emittedError) return;
      var buffer = newBuffer(46);
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
        if (err) return emitErrorAndAutoClose(self, err);
        if (self.emittedError) return;
        var entry = new Entry();
        var signature = buffer.readUInt32LE(0);
        if (signature !== 33639248) return emitErrorAndAutoClose(self, new Error("invalid central directory file header signature: 0x" + signature.toString(16)));
        entry.versionMadeBy = buffer.readUInt16LE(4);
        entry.versionNeededToExtract = buffer.readUInt16LE(6);
        entry.generalPurposeBitFlag = buffer.readUInt16LE(8);
        entry.compressionMethod = buffer.readUInt16LE(10);
        entry.lastModFileTime = buffer.readUInt16LE(12);
        entry.lastModFileDate = buffer.readUInt16LE(14);
        entry.crc32 = buffer.readUInt32LE(16);
        entry.compressedSize = buffer.readUInt32LE(20);
        entry.uncompressedSize = buffer.readUInt32LE(24);
        entry.fileNameLength = buffer.readUInt16LE(28);
        entry.extraFieldLength = buffer.readUInt16LE(30);
        entry.fileCommentLength = buffer.readUInt16LE(32);
        entry.internalFileAttributes = buffer.readUInt16LE(36);
        entry.externalFileAttributes = buffer.readUInt32LE(38);
        entry.relativeOffsetOfLocalHeader = buffer.readUInt32LE(42);
        if (entry.generalPurposeBitFlag & 64) return emitErrorAndAutoClose(self, new Error("strong encryption is not supported"));
        self.readEntryCursor += 46;
        buffer = newBuffer(entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength);
        readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err2) {
          if (err2) return emitErrorAndAutoClose(self, err2);
          if (self.emittedError) return;
          entry.fileNameRaw = buffer.subarray(0, entry.fileNameLength);
          var fileCommentStart = entry.fileNameLength + entry.extraFieldLength;
          entry.extraFieldRaw = buffer.subarray(entry.fileNameLength, fileCommentStart);
          entry.fileCommentRaw = buffer.subarray(fileCommentStart, fileCommentStart + entry.fileCommentLength);
          try {
            entry.extraFields = parseExtraFields(entry.extraFieldRaw);
          } catch (err3) {
            return emitErrorAndAutoClose(self, err3);
          }
          if (self.decodeStrings) {
            var isUtf8 = (entry.generalPurposeBitFlag & 2048) !== 0;
            entry.fileComment = decodeBuffer(entry.fileCommentRaw, isUtf8);
            entry.fileName = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, self.strictFileNames);
            var errorMessage2 = validateFileName(entry.fileName);
            if (errorMessage2 != null) return emitErrorAndAutoClose(self, new Error(errorMessage2));
          } else {
            entry.fileComment = entry.fileCommentRaw;
            entry.fileName = entry.fileNameRaw;
          }
          entry.comment = entry.fileComment;
          self.readEntryCursor += buffer.length;
          self.entriesRead += 1;
          for (var i = 0; i < entry.extraFields.length; i++) {
            var extraField = entry.extraFields[i];
            if (extraField.id !== 1) continue;
            var zip64EiefBuffer = extraField.data;
            var index = 0;
            if (entry.uncompressedSize === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include uncompressed size"));
              }
              entry.uncompressedSize = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            if (entry.compressedSize === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include compressed size"));
              }
              entry.compressedSize = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            if (entry.relativeOffsetOfLocalHeader === 4294967295) {
              if (index + 8 > zip64EiefBuffer.length) {
                return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include relative header offset"));
              }
              entry.relativeOffsetOfLocalHeader = readUInt64LE(zip64EiefBuffer, index);
              index += 8;
            }
            break;
          }
          if (self.validateEntrySizes && entry.compressionMethod === 0) {
            var expectedCompressedSize = entry.uncompressedSize;
            if (entry.isEncrypted()) {
              expectedCompressedSize += 12;
            }
            if (entry.compressedSize !== expectedCompressedSize) {
              var msg = "compressed/uncompressed size mismatch for stored file: " + entry.compressedSize + " != " + entry.uncompressedSize;
              return emitErrorAndAutoClose(self, new Error(msg));
            }
          }
          self.emit("entry", entry);
          if (!self.lazyEntries) self._readEntry();
        });
      });
    };
    ZipFile.prototype.eachEntry = function() {
      const self = this;
      if (!self.lazyEntries) throw new Error("eachEntry() requires lazyEntries: true");
      if (self.hasEachEntryBeenCalled) throw new Error("eachEntry() must only be called once per ZipFile");
      self.hasEachEntryBeenCalled = true;
      let pendingResolveReject = null;
      self.on("entry", onEntry);
      self.on("end", onEnd);
      self.on("error", onError);
      function cleanup() {
        self.removeListener("entry", onEntry);
        self.removeListener("end", onEnd);
        self.removeListener("error", onError);
        if (self.autoClose) self.close();
      }
      __name(cleanup, "cleanup");
      function onEntry(entry) {
        let { resolve: resolve2 } = pendingResolveReject;
        pendingResolveReject = null;
        resolve2({ value: entry });
      }
      __name(onEntry, "onEntry");
      function onEnd() {
        let { resolve: resolve2 } = pendingResolveReject;
        pendingResolveReject = null;
        cleanup();
        resolve2({ done: true });
      }
      __name(onEnd, "onEnd");
      function onError(err) {
        let { reject } = pendingResolveReject;
        pendingResolveReject = null;
        cleanup();
        reject(err);
      }
      __name(onError, "onError");
      return {
        [Symbol.asyncIterator]() {
          return this;
        },
        next() {
          const promise = new Promise((resolve2, reject) => {
            if (pendingResolveReject != null) throw new Error("next() called before previous Promise was resolved.");
            pendingResolveReject = { resolve: resolve2, reject };
          });
          self.readEntry();
          return promise;
        },
        return(value) {
          cleanup();
          return Promise.resolve({ done: true, value });
        },
        throw(value) {
          cleanup();
          return Promise.reject(value);
        }
      };
    };
    ZipFile.prototype.openReadStream = function(entry, options2, callback) {
      var self = this;
      var relativeStart = 0;
      var relativeEnd = entry.compressedSize;
      if (callback == null) {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) {
        options2 = {};
      } else {
        if (options2.decodeFileData === false) {
          if (options2.decrypt != null) {
            throw new Error("cannot use options.decrypt when options.decodeFileData === false");
          }
          if (options2.decompress != null) {
            throw new Error("cannot use options.decompress when options.decodeFileData === false");
          }
        } else {
          if (options2.decrypt != null) {
            if (!entry.isEncrypted()) {
              throw new Error("options.decrypt can only be specified for encrypted entries. See also option decodeFileData.");
            }
            if (options2.decrypt !== false) throw new Error("invalid options.decrypt value: " + options2.decrypt);
            if (entry.isCompressed()) {
              if (options2.decompress !== false) throw new Error("entry is encrypted and compressed, and options.decompress !== false. See also option decodeFileData.");
            }
          }
          if (options2.decompress != null) {
            if (!entry.isCompressed()) {
              throw new Error("options.decompress can only be specified for compressed entries. See also option decodeFileData.");
            }
            if (!(options2.decompress === false || options2.decompress === true)) {
              throw new Error("invalid options.decompress value: " + options2.decompress);
            }
            decompress = options2.decompress;
          }
        }
        if (options2.start != null) {
          relativeStart = options2.start;
          if (relativeStart < 0) throw new Error("options.start < 0");
          if (relativeStart > entry.compressedSize) throw new Error("options.start > entry.compressedSize");
        }
        if (options2.end != null) {
          relativeEnd = options2.end;
          if (relativeEnd < 0) throw new Error("options.end < 0");
          if (relativeEnd > entry.compressedSize) throw new Error("options.end > entry.compressedSize");
          if (relativeEnd < relativeStart) throw new Error("options.end < options.start");
        }
      }
      var rawMode = options2.decodeFileData === false || // Explicitly requested raw.
      (entry.compressionMethod === 0 || // Naturally without compression.
      entry.compressionMethod === 8 && options2.decompress === false) && (!entry.isEncrypted() || // Naturally without encryption.
      options2.decrypt === false);
      if (options2.start != null || options2.end != null) {
        if (!rawMode) throw new Error("start/end range require options.decodeFileData === false for non-trivial encoded entries.");
      }
      if (!self.isOpen) return callback(new Error("closed"));
      if (entry.isEncrypted() && !rawMode) {
        if (options2.decrypt !== false) return callback(new Error("entry is encrypted, and options.decodeFileData !== false"));
      }
      var decompress;
      if (rawMode) {
        decompress = false;
      } else if (entry.compressionMethod === 8) {
        decompress = options2.decodeFileData !== true;
      } else {
        return callback(new Error("unsupported compression method: " + entry.compressionMethod));
      }
      self.readLocalFileHeader(entry, { minimal: true }, function(err, localFileHeader) {
        if (err) return callback(err);
        self.openReadStreamLowLevel(
          localFileHeader.fileDataStart,
          entry.compressedSize,
          relativeStart,
          relativeEnd,
          decompress,
          entry.uncompressedSize,
          callback
        );
      });
    };
    ZipFile.prototype.openReadStreamLowLevel = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, callback) {
      var self = this;
      var fileDataEnd = fileDataStart + compressedSize;
      var readStream = self.reader.createReadStream({
        start: fileDataStart + relativeStart,
        end: fileDataStart + relativeEnd
      });
      var endpointStream = readStream;
      if (decompress) {
        var destroyed = false;
        var inflateFilter = zlib.createInflateRaw();
        readStream.on("error", function(err) {
          setImmediate(function() {
            if (!destroyed) inflateFilter.emit("error", err);
          });
        });
        readStream.pipe(inflateFilter);
        if (self.validateEntrySizes) {
          endpointStream = new AssertByteCountStream(uncompressedSize);
          inflateFilter.on("error", function(err) {
            setImmediate(function() {
              if (!destroyed) endpointStream.emit("error", err);
            });
          });
          inflateFilter.pipe(endpointStream);
        } else {
          endpointStream = inflateFilter;
        }
        installDestroyFn(endpointStream, function() {
          destroyed = true;
          if (inflateFilter !== endpointStream) inflateFilter.unpipe(endpointStream);
          readStream.unpipe(inflateFilter);
          readStream.destroy();
        });
      }
      callback(null, endpointStream);
    };
    ZipFile.prototype.readLocalFileHeader = function(entry, options2, callback) {
      var self = this;
      if (callback == null) {
        callback = options2;
        options2 = null;
      }
      if (options2 == null) options2 = {};
      self.reader.ref();
      var buffer = newBuffer(30);
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader, function(err) {
        try {
          if (err) return callback(err);
          var signature = buffer.readUInt32LE(0);
          if (signature !== 67324752) {
            return callback(new Error("invalid local file header signature: 0x" + signature.toString(16)));
          }
          var fileNameLength = buffer.readUInt16LE(26);
          var extraFieldLength = buffer.readUInt16LE(28);
          var fileDataStart = entry.relativeOffsetOfLocalHeader + 30 + fileNameLength + extraFieldLength;
          if (fileDataStart + entry.compressedSize > self.fileSize) {
            return callback(new Error("file data overflows file bounds: " + fileDataStart + " + " + entry.compressedSize + " > " + self.fileSize));
          }
          if (options2.minimal) {
            return callback(null, { fileDataStart });
          }
          var localFileHeader = new LocalFileHeader();
          localFileHeader.fileDataStart = fileDataStart;
          localFileHeader.versionNeededToExtract = buffer.readUInt16LE(4);
          localFileHeader.generalPurposeBitFlag = buffer.readUInt16LE(6);
          localFileHeader.compressionMethod = buffer.readUInt16LE(8);
          localFileHeader.lastModFileTime = buffer.readUInt16LE(10);
          localFileHeader.lastModFileDate = buffer.readUInt16LE(12);
          localFileHeader.crc32 = buffer.readUInt32LE(14);
          localFileHeader.compressedSize = buffer.readUInt32LE(18);
          localFileHeader.uncompressedSize = buffer.readUInt32LE(22);
          localFileHeader.fileNameLength = fileNameLength;
          localFileHeader.extraFieldLength = extraFieldLength;
          buffer = newBuffer(fileNameLength + extraFieldLength);
          self.reader.ref();
          readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader + 30, function(err2) {
            try {
              if (err2) return callback(err2);
              localFileHeader.fileName = buffer.subarray(0, fileNameLength);
              localFileHeader.extraField = buffer.subarray(fileNameLength);
              return callback(null, localFileHeader);
            } finally {
              self.reader.unref();
            }
          });
        } finally {
          self.reader.unref();
        }
      });
    };
    ZipFile.prototype.openReadStreamPromise = function(entry, options2) {
      return new Promise((resolve2, reject) => {
        this.openReadStream(entry, options2, function(err, readStream) {
          if (err) return reject(err);
          resolve2(readStream);
        });
      });
    };
    ZipFile.prototype.openReadStreamLowLevelPromise = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize) {
      return new Promise((resolve2, reject) => {
        this.openReadStream(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, function(err, readStream) {
          if (err) return reject(err);
          resolve2(readStream);
        });
      });
    };
    ZipFile.prototype.readLocalFileHeaderPromise = function(entry, options2) {
      return new Promise((resolve2, reject) => {
        this.readLocalFileHeader(entry, options2, function(err, localFileHeader) {
          if (err) return reject(err);
          resolve2(localFileHeader);
        });
      });
    };
    function Entry() {
    }
    __name(Entry, "Entry");
    Entry.prototype.getLastModDate = function(options2) {
      if (options2 == null) options2 = {};
      if (!options2.forceDosFormat) {
        for (var i = 0; i < this.extraFields.length; i++) {
          var extraField = this.extraFields[i];
          if (extraField.id === 21589) {
            var data = extraField.data;
            if (data.length < 5) continue;
            var flags = data[0];
            var HAS_MTIME = 1;
            if (!(flags & HAS_MTIME)) continue;
            var posixTimestamp = data.readInt32LE(1);
            return new Date(posixTimestamp * 1e3);
          } else if (extraField.id === 10) {
            var data = extraField.data;
            if (data.length !== 32) continue;
            if (data.readUInt16LE(4) !== 1) continue;
            if (data.readUInt16LE(6) !== 24) continue;
            var hundredNanoSecondsSince1601 = data.readUInt32LE(8) + 4294967296 * data.readInt32LE(12);
            var millisecondsSince1970 = hundredNanoSecondsSince1601 / 1e4 - 116444736e5;
            return new Date(millisecondsSince1970);
          }
        }
      }
      return dosDateTimeToDate(this.lastModFileDate, this.lastModFileTime, options2.timezone);
    };
    Entry.prototype.canDecodeFileData = function() {
      return !this.isEncrypted() && (this.compressionMethod === 0 || this.compressionMethod === 8);
    };
    Entry.prototype.isEncrypted = function() {
      return (this.generalPurposeBitFlag & 1) !== 0;
    };
    Entry.prototype.isCompressed = function() {
      return this.compressionMethod === 8;
    };
    function LocalFileHeader() {
    }
    __name(LocalFileHeader, "LocalFileHeader");
    function dosDateTimeToDate(date, time, timezone) {
      var day = date & 31;
      var month = (date >> 5 & 15) - 1;
      var year = (date >> 9 & 127) + 1980;
      var millisecond = 0;
      var second = (time & 31) * 2;
      var minute = time >> 5 & 63;
      var hour = time >> 11 & 31;
      if (timezone == null || timezone === "local") {
        return new Date(year, month, day, hour, minute, second, millisecond);
      } else if (timezone === "UTC") {
        return new Date(Date.UTC(year, month, day, hour, minute, second, millisecond));
      } else {
        throw new Error("unrecognized options.timezone: " + options.timezone);
      }
    }
    __name(dosDateTimeToDate, "dosDateTimeToDate");
    function getFileNameLowLevel(generalPurposeBitFlag, fileNameBuffer, extraFields, strictFileNames) {
      var fileName = null;
      for (var i = 0; i < extraFields.length; i++) {
        var extraField = extraFields[i];
        if (extraField.id === 28789) {
          if (extraField.data.length < 6) {
            continue;
          }
          if (extraField.data.readUInt8(0) !== 1) {
            continue;
          }
          var oldNameCrc32 = extraField.data.readUInt32LE(1);
          if (crc32(fileNameBuffer) !== oldNameCrc32) {
            continue;
          }
          fileName = decodeBuffer(extraField.data.subarray(5), true);
          break;
        }
      }
      if (fileName == null) {
        var isUtf8 = (generalPurposeBitFlag & 2048) !== 0;
        fileName = decodeBuffer(fileNameBuffer, isUtf8);
      }
      if (!strictFileNames) {
        fileName = fileName.replace(/\\/g, "/");
      }
      return fileName;
    }
    __name(getFileNameLowLevel, "getFileNameLowLevel");
    function validateFileName(fileName) {
      if (fileName.indexOf("\\") !== -1) {
        return "invalid characters in fileName: " + fileName;
      }
      if (/^[a-zA-Z]:/.test(fileName) || /^\//.test(fileName)) {
        return "absolute path: " + fileName;
      }
      if (fileName.split("/").indexOf("..") !== -1) {
        return "invalid relative path: " + fileName;
      }
      return null;
    }
    __name(validateFileName, "validateFileName");
    function parseExtraFields(extraFieldBuffer) {
      var extraFields = [];
      var i = 0;
      while (i < extraFieldBuffer.length - 3) {
        var headerId = extraFieldBuffer.readUInt16LE(i + 0);
        var dataSize = extraFieldBuffer.readUInt16LE(i + 2);
        var dataStart = i + 4;
        var dataEnd = dataStart + dataSize;
        if (dataEnd > extraFieldBuffer.length) throw new Error("extra field length exceeds extra field buffer size");
        var dataBuffer = extraFieldBuffer.subarray(dataStart, dataEnd);
        extraFields.push({
          id: headerId,
          data: dataBuffer
        });
        i = dataEnd;
      }
      return extraFields;
    }
    __name(parseExtraFields, "parseExtraFields");
    function readAndAssertNoEof(reader, buffer, offset, length, position, callback) {
      if (length === 0) {
        return setImmediate(function() {
          callback(null, newBuffer(0));
        });
      }
      reader.read(buffer, offset, length, position, function(err, bytesRead) {
        if (err) return callback(err);
        if (bytesRead < length) {
          return callback(new Error("unexpected EOF"));
        }
        callback();
      });
    }
    __name(readAndAssertNoEof, "readAndAssertNoEof");
    util.inherits(AssertByteCountStream, Transform2);
    function AssertByteCountStream(byteCount) {
      Transform2.call(this);
      this.actualByteCount = 0;
      this.expectedByteCount = byteCount;
    }
    __name(AssertByteCountStream, "AssertByteCountStream");
    AssertByteCountStream.prototype._transform = function(chunk, encoding, cb) {
      this.actualByteCount += chunk.length;
      if (this.actualByteCount > this.expectedByteCount) {
        var msg = "too many bytes in the stream. expected " + this.expectedByteCount + ". got at least " + this.actualByteCount;
        return cb(new Error(msg));
      }
      cb(null, chunk);
    };
    AssertByteCountStream.prototype._flush = function(cb) {
      if (this.actualByteCount < this.expectedByteCount) {
        var msg = "not enough bytes in the stream. expected " + this.expectedByteCount + ". got only " + this.actualByteCount;
        return cb(new Error(msg));
      }
      cb();
    };
    util.inherits(RandomAccessReader, EventEmitter);
    function RandomAccessReader() {
      EventEmitter.call(this);
      this.refCount = 0;
    }
    __name(RandomAccessReader, "RandomAccessReader");
    RandomAccessReader.prototype.ref = function() {
      this.refCount += 1;
    };
    RandomAccessReader.prototype.unref = function() {
      var self = this;
      self.refCount -= 1;
      if (self.refCount > 0) return;
      if (self.refCount < 0) throw new Error("invalid unref");
      self.close(onCloseDone);
      function onCloseDone(err) {
        if (err) return self.emit("error", err);
        self.emit("close");
      }
      __name(onCloseDone, "onCloseDone");
    };
    RandomAccessReader.prototype.createReadStream = function(options2) {
      if (options2 == null) options2 = {};
      var start = options2.start;
      var end = options2.end;
      if (start === end) {
        var emptyStream = new PassThrough();
        setImmediate(function() {
          emptyStream.end();
        });
        return emptyStream;
      }
      var stream = this._readStreamForRange(start, end);
      var destroyed = false;
      var refUnrefFilter = new RefUnrefFilter(this);
      stream.on("error", function(err) {
        setImmediate(function() {
          if (!destroyed) refUnrefFilter.emit("error", err);
        });
      });
      installDestroyFn(refUnrefFilter, function() {
        stream.unpipe(refUnrefFilter);
        refUnrefFilter.unref();
        stream.destroy();
      });
      var byteCounter = new AssertByteCountStream(end - start);
      refUnrefFilter.on("error", function(err) {
        setImmediate(function() {
          if (!destroyed) byteCounter.emit("error", err);
        });
      });
      installDestroyFn(byteCounter, function() {
        destroyed = true;
        refUnrefFilter.unpipe(byteCounter);
        refUnrefFilter.destroy();
      });
      return stream.pipe(refUnrefFilter).pipe(byteCounter);
    };
    RandomAccessReader.prototype._readStreamForRange = function(start, end) {
      throw new Error("not implemented");
    };
    RandomAccessReader.prototype.read = function(buffer, offset, length, position, callback) {
      var readStream = this.createReadStream({ start: position, end: position + length });
      var writeStream = new Writable3();
      var written = 0;
      writeStream._write = function(chunk, encoding, cb) {
        chunk.copy(buffer, offset + written, 0, chunk.length);
        written += chunk.length;
        cb();
      };
      writeStream.on("finish", callback);
      readStream.on("error", function(error) {
        callback(error);
      });
      readStream.pipe(writeStream);
    };
    RandomAccessReader.prototype.close = function(callback) {
      setImmediate(callback);
    };
    util.inherits(RefUnrefFilter, PassThrough);
    function RefUnrefFilter(context) {
      PassThrough.call(this);
      this.context = context;
      this.context.ref();
      this.unreffedYet = false;
    }
    __name(RefUnrefFilter, "RefUnrefFilter");
    RefUnrefFilter.prototype._flush = function(cb) {
      this.unref();
      cb();
    };
    RefUnrefFilter.prototype.unref = function(cb) {
      if (this.unreffedYet) return;
      this.unreffedYet = true;
      this.context.unref();
    };
    var cp437 = "\0\u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C\u25BA\u25C4\u2195\u203C\xB6\xA7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u2302\xC7\xFC\xE9\xE2\xE4\xE0\xE5\xE7\xEA\xEB\xE8\xEF\xEE\xEC\xC4\xC5\xC9\xE6\xC6\xF4\xF6\xF2\xFB\xF9\xFF\xD6\xDC\xA2\xA3\xA5\u20A7\u0192\xE1\xED\xF3\xFA\xF1\xD1\xAA\xBA\xBF\u2310\xAC\xBD\xBC\xA1\xAB\xBB\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580\u03B1\xDF\u0393\u03C0\u03A3\u03C3\xB5\u03C4\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229\u2261\xB1\u2265\u2264\u2320\u2321\xF7\u2248\xB0\u2219\xB7\u221A\u207F\xB2\u25A0\xA0";
    function decodeBuffer(buffer, isUtf8) {
      if (isUtf8) {
        return buffer.toString("utf8");
      } else {
        var result = "";
        for (var i = 0; i < buffer.length; i++) {
          result += cp437[buffer[i]];
        }
        return result;
      }
    }
    __name(decodeBuffer, "decodeBuffer");
    function readUInt64LE(buffer, offset) {
      var lower32 = buffer.readUInt32LE(offset);
      var upper32 = buffer.readUInt32LE(offset + 4);
      return upper32 * 4294967296 + lower32;
    }
    __name(readUInt64LE, "readUInt64LE");
    var newBuffer;
    if (typeof Buffer.allocUnsafe === "function") {
      newBuffer = /* @__PURE__ */ __name(function(len) {
        return Buffer.allocUnsafe(len);
      }, "newBuffer");
    } else {
      newBuffer = /* @__PURE__ */ __name(function(len) {
        return new Buffer(len);
      }, "newBuffer");
    }
    function installDestroyFn(stream, fn) {
      if (typeof stream.destroy === "function") {
        stream._destroy = function(err, cb) {
          fn();
          if (cb != null) cb(err);
        };
      } else {
        stream.destroy = fn;
      }
    }
    __name(installDestroyFn, "installDestroyFn");
    function defaultCallback(err) {
      if (err) throw err;
    }
    __name(defaultCallback, "defaultCallback");
  }
});

// packages/kit/src/extract.ts
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, constants as fsc, linkSync, mkdirSync, openSync, symlinkSync, writeSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

// packages/kit/src/errors.ts
var KitError = class extends StellaError {
  static {
    __name(this, "KitError");
  }
};
function changedWhileArchiving(path, how) {
  return new KitError(`${path} changed while archiving${how ? `: ${how}` : ""}`, { code: "SIZE_MISMATCH", hint: "do not modify the tree while the kit is built" });
}
__name(changedWhileArchiving, "changedWhileArchiving");

// packages/kit/src/compress.ts
function compressionForPath(path) {
  if (/\.(tar\.gz|tgz)$/.test(path)) return "gzip";
  if (/\.tar\.zst$/.test(path)) return "zstd";
  if (/\.tar$/.test(path)) return "none";
  throw new KitError(`cannot tell the compression of "${path}"`, { code: "TAR_FORMAT", hint: "name the output .tar.gz, .tar.zst or .tar" });
}
__name(compressionForPath, "compressionForPath");

// packages/kit/src/entry-path.ts
import { posix } from "node:path";
function safeEntryPath(name) {
  const where = JSON.stringify(name);
  if (name.includes("\0")) throw unsafe(`entry ${where} contains a NUL byte`);
  if (name.startsWith("/") || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith("\\")) throw unsafe(`entry ${where} is an absolute path`);
  const parts = name.replace(/\\/g, "/").split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw unsafe(`entry ${where} climbs out with ".."`);
  if (parts.length === 0) throw unsafe(`entry ${where} has an empty name`);
  return parts.join("/");
}
__name(safeEntryPath, "safeEntryPath");
function resolveSymlinkTarget(entryPath, linkTarget, symlinks) {
  const where = `symlink ${JSON.stringify(entryPath)} -> ${JSON.stringify(linkTarget)}`;
  if (linkTarget === "" || linkTarget.includes("\0")) throw unsafe(`${where} has an invalid target`);
  if (linkTarget.startsWith("/") || /^[A-Za-z]:[\\/]/.test(linkTarget)) throw unsafe(`${where} points at an absolute path`);
  const stack = posix.dirname(entryPath) === "." ? [] : posix.dirname(entryPath).split("/");
  for (const part of linkTarget.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (stack.length === 0) throw unsafe(`${where} points outside the target directory`);
      stack.pop();
      continue;
    }
    stack.push(part);
    if (symlinks.has(stack.join("/"))) throw unsafe(`${where} passes through another symlink ${JSON.stringify(stack.join("/"))}`);
  }
  return stack.join("/");
}
__name(resolveSymlinkTarget, "resolveSymlinkTarget");
function symlinkAncestor(path, symlinks) {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (symlinks.has(prefix)) return prefix;
  }
  return void 0;
}
__name(symlinkAncestor, "symlinkAncestor");
function unsafe(message2) {
  return new KitError(message2, { code: "UNSAFE_ENTRY", hint: "the archive is damaged or malicious; nothing was extracted, the target is unchanged" });
}
__name(unsafe, "unsafe");

// packages/kit/src/tar-reader.ts
var BLOCK = 512;
var TYPES = { "0": "file", "\0": "file", "7": "contiguous-file", "5": "directory", "2": "symlink", "1": "link", "3": "character-device", "4": "block-device", "6": "fifo" };
var META = /* @__PURE__ */ new Set(["x", "g", "L", "K"]);
var MAX_META = 1 << 20;
var TarReader = class {
  constructor(visitor) {
    this.visitor = visitor;
  }
  visitor;
  static {
    __name(this, "TarReader");
  }
  state = { at: "header" };
  /** A header block split across chunks. */
  carry = Buffer.alloc(BLOCK);
  carried = 0;
  pending = {};
  zeroBlocks = 0;
  /** Feeds the next bytes of the archive; the visitor runs (and may throw) inside this call. */
  push(chunk) {
    let at = 0;
    while (at < chunk.length) {
      const s = this.state;
      if (s.at === "end") return;
      if (s.at === "header") {
        if (this.carried === 0 && chunk.length - at >= BLOCK) {
          this.header(chunk.subarray(at, at + BLOCK));
          at += BLOCK;
        } else {
          const n = chunk.copy(this.carry, this.carried, at, Math.min(chunk.length, at + BLOCK - this.carried));
          at += n;
          this.carried += n;
          if (this.carried === BLOCK) {
            this.carried = 0;
            this.header(this.carry);
          }
        }
      } else if (s.at === "body") {
        const n = Math.min(s.left, chunk.length - at);
        if (n > 0) s.sink?.data(chunk.subarray(at, at + n));
        at += n;
        s.left -= n;
        if (s.left === 0) {
          s.sink?.end();
          this.state = s.pad ? { at: "pad", left: s.pad } : { at: "header" };
        }
      } else if (s.at === "meta") {
        const n = Math.min(s.left, chunk.length - at);
        s.parts.push(Buffer.from(chunk.subarray(at, at + n)));
        at += n;
        s.left -= n;
        if (s.left === 0) {
          this.meta(s.kind, Buffer.concat(s.parts));
          this.state = s.pad ? { at: "pad", left: s.pad } : { at: "header" };
        }
      } else {
        const n = Math.min(s.left, chunk.length - at);
        at += n;
        s.left -= n;
        if (s.left === 0) this.state = { at: "header" };
      }
    }
  }
  /** The archive's bytes are over: anything but an entry boundary means it was cut short. */
  end() {
    const s = this.state;
    if (s.at === "end" || s.at === "header" && this.carried === 0) return;
    throw new KitError(`the archive is truncated (it ends inside ${s.at === "header" ? "a header" : "an entry"})`, { code: "TAR_FORMAT", hint: "the file was cut short in transfer; fetch it again and compare its .sha256" });
  }
  header(block) {
    if (isZero(block)) {
      if (++this.zeroBlocks === 2) this.state = { at: "end" };
      return;
    }
    if (this.zeroBlocks) throw format("a zero block in the middle of the archive");
    checkChecksum(block);
    const typeflag = String.fromCharCode(block[156]);
    if (META.has(typeflag)) {
      const size2 = parseSize(block.subarray(124, 136));
      const pad2 = (BLOCK - size2 % BLOCK) % BLOCK;
      if (size2 > MAX_META) throw format(`a ${typeflag} extension header of ${size2} bytes`);
      this.state = size2 ? { at: "meta", kind: typeflag, left: size2, pad: pad2, parts: [] } : { at: "header" };
      if (!size2) this.meta(typeflag, Buffer.alloc(0));
      return;
    }
    const size = this.pending.size ?? parseSize(block.subarray(124, 136));
    const pad = (BLOCK - size % BLOCK) % BLOCK;
    let name = this.pending.path ?? ustarName(block);
    const linkname = this.pending.linkpath ?? cString(block, 157, 100);
    this.pending = {};
    let type = TYPES[typeflag] ?? "unsupported";
    if (type === "file" && typeflag === "\0" && name.endsWith("/")) type = "directory";
    if (type === "directory") name = name.replace(/\/+$/, "");
    const hasBody = type === "file" || type === "contiguous-file";
    const sink = this.visitor.entry({ name, type, typeflag, mode: parseOctal(block.subarray(100, 108)), size: hasBody ? size : 0, linkname });
    if (size === 0) {
      sink?.end();
      this.state = { at: "header" };
    } else this.state = { at: "body", left: size, pad, sink: hasBody ? sink : void 0 };
  }
  meta(kind, body) {
    if (kind === "L") this.pending.path = cString(body, 0, body.length);
    else if (kind === "K") this.pending.linkpath = cString(body, 0, body.length);
    else if (kind === "x") Object.assign(this.pending, parsePax(body));
  }
};
function isZero(block) {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}
__name(isZero, "isZero");
function checkChecksum(block) {
  const want = parseOctal(block.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 32 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (want !== unsigned && want !== signed) throw format(`a header with a bad checksum (${want} recorded, ${unsigned} computed)`);
}
__name(checkChecksum, "checkChecksum");
function cString(buf, start, length) {
  const end = buf.indexOf(0, start);
  return buf.toString("utf8", start, end === -1 || end > start + length ? start + length : end);
}
__name(cString, "cString");
function ustarName(block) {
  const name = cString(block, 0, 100);
  const magic = block.toString("latin1", 257, 262);
  if (magic !== "ustar") return name;
  const prefix = cString(block, 345, 155);
  return prefix ? `${prefix}/${name}` : name;
}
__name(ustarName, "ustarName");
function parseOctal(field) {
  const text = field.toString("latin1").replace(/[\0 ]+$/, "").trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw format(`a header field that is not octal (${JSON.stringify(text)})`);
  return parseInt(text, 8);
}
__name(parseOctal, "parseOctal");
function parseSize(field) {
  if (!(field[0] & 128)) return parseOctal(field);
  if (field[0] === 255) throw format("a negative entry size");
  let n = field[0] & 127;
  for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
  if (!Number.isSafeInteger(n)) throw format("an entry size past 2^53");
  return n;
}
__name(parseSize, "parseSize");
function parsePax(body) {
  const out = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(32, at);
    const len = space === -1 ? NaN : Number(body.toString("latin1", at, space));
    if (!Number.isInteger(len) || len <= 0 || at + len > body.length) throw format("a malformed pax record");
    const record = body.toString("utf8", space + 1, at + len - 1);
    const eq = record.indexOf("=");
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === "path") out.path = value;
    else if (key === "linkpath") out.linkpath = value;
    else if (key === "size") {
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw format(`a pax size ${JSON.stringify(value)}`);
      out.size = Number(value);
    }
    at += len;
  }
  return out;
}
__name(parsePax, "parsePax");
function format(what) {
  return new KitError(`not a valid tar archive: ${what}`, { code: "TAR_FORMAT", hint: "the file is damaged or is not a kit; fetch it again and compare its .sha256" });
}
__name(format, "format");

// packages/kit/src/extract.ts
var defaultExtractLimits = { maxTotalBytes: 16 * 2 ** 30, maxRatio: 100, ratioFloorBytes: 16 * 2 ** 20, maxEntries: 2e6 };
function previousPathFor(target) {
  return join(dirname(target), `.${basename(target)}.previous`);
}
__name(previousPathFor, "previousPathFor");
async function extractSafely(archive, target, options2 = {}) {
  const limits = { ...defaultExtractLimits, ...options2.limits };
  const staging = join(dirname(target), `.${basename(target)}.staging-${randomBytes(6).toString("hex")}`);
  await mkdir(staging, { recursive: true, mode: 493 });
  try {
    const result = await extractInto(archive, staging, limits, options2);
    await options2.beforeSwap?.(staging);
    const previous = await swapIn(staging, target);
    return { ...result, previous };
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}
__name(extractSafely, "extractSafely");
async function extractInto(archive, staging, limits, options2) {
  let compressedBytes = 0;
  const source = typeof archive === "string" ? createReadStream(archive, { highWaterMark: 1 << 20 }) : archive();
  const head = typeof archive === "string" ? await sniff(archive) : options2.compression ?? "none";
  const state = { seen: /* @__PURE__ */ new Set(), files: /* @__PURE__ */ new Set(), symlinks: /* @__PURE__ */ new Set(), made: /* @__PURE__ */ new Set([staging]), total: 0, entries: 0, expected: options2.expected };
  const extractor = new Extractor(staging, state, limits, options2, () => compressedBytes);
  const reader = new TarReader(extractor);
  const counter = new Transform({
    transform(chunk, _enc, cb) {
      compressedBytes += chunk.length;
      cb(null, chunk);
    }
  });
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk, _enc, cb) {
      try {
        reader.push(chunk);
        cb();
      } catch (e) {
        cb(e);
      }
    },
    final(cb) {
      try {
        reader.end();
        cb();
      } catch (e) {
        cb(e);
      }
    }
  });
  try {
    await pipeline([source, counter, ...decompressors(head), sink]);
  } finally {
    extractor.abort();
  }
  if (state.expected) {
    const missing = [...state.expected.keys()].filter((p) => !state.files.has(p));
    if (missing.length) throw new KitError(`the archive lacks ${missing.length} file(s) its manifest lists: ${missing.slice(0, 5).join(", ")}`, { code: "MANIFEST", hint: "the kit is truncated or was altered; fetch it again" });
  }
  return { files: state.files.size, bytes: state.total };
}
__name(extractInto, "extractInto");
async function sniff(path) {
  const chunks = [];
  for await (const c of createReadStream(path, { start: 0, end: 3 })) chunks.push(c);
  return sniffCompression(Buffer.concat(chunks));
}
__name(sniff, "sniff");
var Extractor = class {
  constructor(staging, state, limits, options2, compressedSoFar) {
    this.staging = staging;
    this.state = state;
    this.limits = limits;
    this.options = options2;
    this.compressedSoFar = compressedSoFar;
  }
  staging;
  state;
  limits;
  options;
  compressedSoFar;
  static {
    __name(this, "Extractor");
  }
  open;
  entry(header) {
    const { state, limits } = this;
    const rel = safeEntryPath(header.name);
    if (state.seen.has(rel)) throw unsafe2(`entry ${JSON.stringify(rel)} appears twice`);
    state.seen.add(rel);
    if (++state.entries > limits.maxEntries) throw bomb(`more than ${limits.maxEntries} entries`);
    const through = symlinkAncestor(rel, state.symlinks);
    if (through) throw unsafe2(`entry ${JSON.stringify(rel)} would be written through symlink ${JSON.stringify(through)}`);
    const abs = join(this.staging, rel);
    switch (header.type) {
      case "directory":
        this.makeDir(abs);
        return void 0;
      case "symlink":
        resolveSymlinkTarget(rel, header.linkname, state.symlinks);
        state.symlinks.add(rel);
        this.makeDir(dirname(abs));
        symlinkSync(header.linkname, abs);
        return void 0;
      case "link": {
        const from = safeEntryPath(header.linkname);
        if (!state.files.has(from)) throw unsafe2(`hardlink ${JSON.stringify(rel)} -> ${JSON.stringify(header.linkname)} does not point at a file extracted before it`);
        this.makeDir(dirname(abs));
        linkSync(join(this.staging, from), abs);
        state.files.add(rel);
        return void 0;
      }
      case "file":
      case "contiguous-file":
        return this.file(rel, header, abs);
      default:
        throw unsafe2(`entry ${JSON.stringify(rel)} is a ${header.type === "unsupported" ? `type ${JSON.stringify(header.typeflag)} entry` : header.type}; only files, directories and links are allowed`);
    }
  }
  /** Closes a file left open by a failure. */
  abort() {
    if (this.open) closeSync(this.open.fd);
    this.open = void 0;
  }
  makeDir(dir) {
    if (this.state.made.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 493 });
    this.state.made.add(dir);
  }
  file(rel, header, abs) {
    const { state, limits, options: options2 } = this;
    const isManifest = options2.manifestEntry?.path === rel && state.files.size === 0;
    if (options2.manifestEntry && !isManifest && !state.expected) {
      throw new KitError(`the archive must start with ${options2.manifestEntry.path}, found ${JSON.stringify(rel)} first`, { code: "MANIFEST", hint: "this is not a kit built by stella, or it was repacked" });
    }
    const want = isManifest ? void 0 : state.expected?.get(rel);
    if (state.expected && !isManifest && !want) throw new KitError(`entry ${JSON.stringify(rel)} is not in the kit manifest`, { code: "MANIFEST", hint: "the kit was altered after it was built" });
    if (want && want.size !== header.size) throw new KitError(`entry ${JSON.stringify(rel)} is ${header.size} bytes, the manifest says ${want.size}`, { code: "SIZE_MISMATCH", hint: "the kit was altered after it was built" });
    if (state.total + header.size > limits.maxTotalBytes) throw bomb(`content would exceed ${limits.maxTotalBytes} bytes (at ${JSON.stringify(rel)})`);
    this.makeDir(dirname(abs));
    const fd = openSync(abs, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, header.mode & 73 ? 493 : 420);
    this.open = { fd };
    const hash = createHash("sha256");
    const keep = [];
    return {
      data: /* @__PURE__ */ __name((bytes) => {
        state.total += bytes.length;
        if (state.total > limits.ratioFloorBytes && state.total / Math.max(1, this.compressedSoFar()) > limits.maxRatio) {
          throw bomb(`compression ratio above ${limits.maxRatio}:1 (at ${JSON.stringify(rel)})`);
        }
        hash.update(bytes);
        if (isManifest) keep.push(Buffer.from(bytes));
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      }, "data"),
      end: /* @__PURE__ */ __name(() => {
        this.open = void 0;
        closeSync(fd);
        state.files.add(rel);
        const digest = `sha256:${hash.digest("hex")}`;
        if (want && want.digest !== digest) throw new KitError(`entry ${JSON.stringify(rel)} has digest ${digest}, the manifest says ${want.digest}`, { code: "DIGEST_MISMATCH", hint: "the kit was altered after it was built" });
        if (isManifest && options2.manifestEntry) state.expected = options2.manifestEntry.parse(Buffer.concat(keep));
      }, "end")
    };
  }
};
async function swapIn(staging, target) {
  const previous = previousPathFor(target);
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) {
    await mkdir(dirname(target), { recursive: true });
    await rename(staging, target);
    return void 0;
  }
  await rm(previous, { recursive: true, force: true });
  await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (e) {
    await rename(previous, target);
    throw e;
  }
  return previous;
}
__name(swapIn, "swapIn");
async function rollback(target) {
  const previous = previousPathFor(target);
  if (!await stat(previous).then(() => true, () => false)) throw new KitError(`no previous version of ${target} to roll back to`, { code: "IO" });
  const failed = `${previous}-rolledback-${randomBytes(4).toString("hex")}`;
  await rename(target, failed);
  await rename(previous, target);
  await rm(failed, { recursive: true, force: true });
}
__name(rollback, "rollback");
function unsafe2(message2) {
  return new KitError(message2, { code: "UNSAFE_ENTRY", hint: "the archive is damaged or malicious; nothing was extracted, the target is unchanged" });
}
__name(unsafe2, "unsafe");
function bomb(message2) {
  return new KitError(`refused as a decompression bomb: ${message2}`, { code: "BOMB", hint: "raise the extraction limits only if you trust this archive" });
}
__name(bomb, "bomb");

// node_modules/jose/dist/webapi/lib/buffer_utils.js
var encoder = new TextEncoder();
var decoder = new TextDecoder();
var strictDecoder = new TextDecoder("utf-8", { fatal: true });
var UINT32_RANGE = 2 ** 32;
function concat(...buffers) {
  const size = buffers.reduce((acc, { length }) => acc + length, 0), buf = new Uint8Array(size);
  let i = 0;
  for (const buffer of buffers)
    buf.set(buffer, i), i += buffer.length;
  return buf;
}
__name(concat, "concat");
var NON_ASCII = /[^\x00-\x7f]/;
function encode(string) {
  if (typeof string == "string" && string.length >= 128) {
    if (NON_ASCII.test(string))
      throw new TypeError("non-ASCII string encountered in encode()");
    return encoder.encode(string);
  }
  const bytes = new Uint8Array(string.length);
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code > 127)
      throw new TypeError("non-ASCII string encountered in encode()");
    bytes[i] = code;
  }
  return bytes;
}
__name(encode, "encode");
function encodeBase64(input, url = false) {
  if (Uint8Array.prototype.toBase64)
    return input.toBase64({ alphabet: url ? "base64url" : "base64", omitPadding: url });
  const CHUNK_SIZE = 32768, arr = [];
  for (let i = 0; i < input.length; i += CHUNK_SIZE)
    arr.push(String.fromCharCode.apply(null, input.subarray(i, i + CHUNK_SIZE)));
  const encoded = btoa(arr.join(""));
  return url ? encoded.replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_") : encoded;
}
__name(encodeBase64, "encodeBase64");
function decodeBase64(encoded, url = false) {
  if (Uint8Array.fromBase64)
    return Uint8Array.fromBase64(encoded, { alphabet: url ? "base64url" : "base64" });
  if (url) {
    if (encoded.includes("+") || encoded.includes("/"))
      throw new TypeError("Invalid base64url");
    encoded = encoded.replace(/-/g, "+").replace(/_/g, "/");
  }
  const binary = atob(encoded), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++)
    bytes[i] = binary.charCodeAt(i);
  return bytes;
}
__name(decodeBase64, "decodeBase64");

// node_modules/jose/dist/webapi/util/errors.js
var JOSEError = class extends Error {
  static {
    __name(this, "JOSEError");
  }
  static code = "ERR_JOSE_GENERIC";
  code = "ERR_JOSE_GENERIC";
  constructor(message2, options2) {
    super(message2, options2), this.name = this.constructor.name, Error.captureStackTrace?.(this, this.constructor);
  }
};
var JOSENotSupported = class extends JOSEError {
  static {
    __name(this, "JOSENotSupported");
  }
  static code = "ERR_JOSE_NOT_SUPPORTED";
  code = "ERR_JOSE_NOT_SUPPORTED";
};
var JWSInvalid = class extends JOSEError {
  static {
    __name(this, "JWSInvalid");
  }
  static code = "ERR_JWS_INVALID";
  code = "ERR_JWS_INVALID";
};
var JWTInvalid = class extends JOSEError {
  static {
    __name(this, "JWTInvalid");
  }
  static code = "ERR_JWT_INVALID";
  code = "ERR_JWT_INVALID";
};

// node_modules/jose/dist/webapi/util/base64url.js
var invalid = "The input to be decoded is not correctly encoded.";
function decode(input) {
  try {
    return decodeBase64(typeof input == "string" ? input : decoder.decode(input), true);
  } catch (cause) {
    throw new TypeError(invalid, { cause });
  }
}
__name(decode, "decode");
function encode2(input) {
  return encodeBase64(typeof input == "string" ? encoder.encode(input) : input, true);
}
__name(encode2, "encode");

// node_modules/jose/dist/webapi/lib/validate.js
function isObject(input) {
  if (typeof input != "object" || input === null || Object.prototype.toString.call(input) !== "[object Object]")
    return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}
__name(isObject, "isObject");
function isDisjoint(...headers) {
  const parameters = /* @__PURE__ */ new Set();
  for (const header of headers)
    if (header)
      for (const parameter of Object.keys(header)) {
        if (parameters.has(parameter))
          return false;
        parameters.add(parameter);
      }
  return true;
}
__name(isDisjoint, "isDisjoint");
function assertNotSet(value, name) {
  if (value !== void 0)
    throw new TypeError(`${name} can only be called once`);
}
__name(assertNotSet, "assertNotSet");
function parseJoseHeader(encodedProtectedHeader, ErrorClass, message2) {
  let parsed;
  try {
    parsed = JSON.parse(strictDecoder.decode(decode(encodedProtectedHeader)));
  } catch (cause) {
    throw new ErrorClass(message2, { cause });
  }
  if (!isObject(parsed))
    throw new ErrorClass(message2);
  return parsed;
}
__name(parseJoseHeader, "parseJoseHeader");
var JWS_RECOGNIZED = { __proto__: null, b64: true };
function validateCritDuplicates(Err, protectedHeader) {
  const { crit } = protectedHeader ?? {};
  if (Array.isArray(crit) && new Set(crit).size !== crit.length)
    throw new Err('"crit" (Critical) Header Parameter MUST NOT contain duplicate values');
}
__name(validateCritDuplicates, "validateCritDuplicates");
function validateCrit(Err, recognizedDefault, recognizedOption, protectedHeader, joseHeader) {
  if (joseHeader.crit !== void 0 && protectedHeader?.crit === void 0)
    throw new Err('"crit" (Critical) Header Parameter MUST be integrity protected');
  if (!protectedHeader || protectedHeader.crit === void 0)
    return [];
  if (!Array.isArray(protectedHeader.crit) || protectedHeader.crit.length === 0 || protectedHeader.crit.some((input) => typeof input != "string" || input.length === 0))
    throw new Err('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
  const recognized = recognizedOption === void 0 ? recognizedDefault : { __proto__: null, ...recognizedOption, ...recognizedDefault };
  for (const parameter of protectedHeader.crit) {
    if (!(parameter in recognized))
      throw new JOSENotSupported(`Extension Header Parameter "${parameter}" is not recognized`);
    if (!Object.hasOwn(joseHeader, parameter) || joseHeader[parameter] === void 0)
      throw new Err(`Extension Header Parameter "${parameter}" is missing`);
    if (recognized[parameter] && (!Object.hasOwn(protectedHeader, parameter) || protectedHeader[parameter] === void 0))
      throw new Err(`Extension Header Parameter "${parameter}" MUST be integrity protected`);
  }
  return protectedHeader.crit;
}
__name(validateCrit, "validateCrit");
function validateB64(protectedHeader, extensions) {
  if (extensions.includes("b64")) {
    const b64 = protectedHeader.b64;
    if (typeof b64 != "boolean")
      throw new JWSInvalid('The "b64" (base64url-encode payload) Header Parameter must be a boolean');
    return b64;
  }
  return true;
}
__name(validateB64, "validateB64");
function serializeJoseHeader(Err, header) {
  let serialized, parsed;
  try {
    serialized = JSON.stringify(header), parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new Err("JOSE Header is not valid JSON", { cause });
  }
  if (!isObject(parsed))
    throw new Err("JOSE Header is not a JSON object");
  return [parsed, serialized];
}
__name(serializeJoseHeader, "serializeJoseHeader");

// node_modules/jose/dist/webapi/lib/key.js
var tag = /* @__PURE__ */ __name((key) => key[Symbol.toStringTag], "tag");
var jwkMatchesOp = /* @__PURE__ */ __name((entry, key, usage) => {
  const { alg } = entry;
  if (key.use !== void 0) {
    const expected = usage === "sign" || usage === "verify" ? "sig" : "enc";
    if (key.use !== expected)
      throw new TypeError(`Invalid key for this operation, its "use" must be "${expected}" when present`);
  }
  if (key.kty === "AKP" && key.alg === void 0)
    throw new TypeError('missing "alg" (Algorithm) Parameter value');
  if (key.alg !== void 0 && key.alg !== alg)
    throw new TypeError(`Invalid key for this operation, its "alg" must be "${alg}" when present`);
  if (Array.isArray(key.key_ops)) {
    const expectedKeyOp = usage === "encrypt" || usage === "decrypt" ? entry.ops?.[usage === "encrypt" ? 0 : 1] : usage;
    if (expectedKeyOp && !key.key_ops.includes(expectedKeyOp))
      throw new TypeError(`Invalid key for this operation, its "key_ops" must include "${expectedKeyOp}" when present`);
  }
}, "jwkMatchesOp");
async function prepareKey(entry, key, usage) {
  const { alg, secret } = entry, requiresPrivateKey = usage === "decrypt" || usage === "sign";
  if (secret && key instanceof Uint8Array)
    return key;
  let normalized, keyObject;
  if (isObject(key)) {
    if (normalized = normalizeJwk(key), typeof normalized.kty != "string")
      throw invalidKeyType(alg, key, secret);
    if (!(secret ? normalized.kty === "oct" && typeof normalized.k == "string" : normalized.kty !== "oct" && (requiresPrivateKey ? normalized.kty === "AKP" && typeof normalized.priv == "string" || typeof normalized.d == "string" : normalized.d === void 0 && normalized.priv === void 0)))
      throw new TypeError(secret ? 'JSON Web Key for symmetric algorithms must have JWK "kty" (Key Type) equal to "oct" and the JWK "k" (Key Value) present' : `JSON Web Key for this operation must be a ${requiresPrivateKey ? "private" : "public"} JWK`);
    if (jwkMatchesOp(entry, normalized, usage), normalized.kty === "oct")
      return decode(normalized.k);
    if (!Object.isFrozen(key)) {
      const { key_ops } = key;
      Array.isArray(key_ops) && Object.freeze(key_ops), Object.freeze(key);
    }
  } else {
    if (!isKeyLike(key))
      throw invalidKeyType(alg, key, secret);
    const expectedType = secret ? "secret" : requiresPrivateKey ? "private" : "public";
    if (key.type !== expectedType && (secret || ["secret", "public", "private"].includes(key.type)))
      throw new TypeError(`${tag(key)} instances must be of type "${expectedType}" for the ${alg} algorithm`);
    if (isCryptoKey(key))
      return key;
    if (keyObject = key, keyObject.type === "secret")
      return keyObject.export();
  }
  cache ||= /* @__PURE__ */ new WeakMap();
  const cacheKey = key;
  let cached = cache.get(cacheKey);
  if (cached?.[alg])
    return cached[alg];
  if (cached || cache.set(cacheKey, cached = {}), keyObject && typeof keyObject.toCryptoKey == "function") {
    const isPublic = keyObject.type === "public", crv = nist[keyObject.asymmetricKeyDetails?.namedCurve], params = entry.resolve?.({ crv, asymmetricKeyType: keyObject.asymmetricKeyType }) ?? entry.subtle;
    return cached[alg] = keyObject.toCryptoKey(params, isPublic, entry.usages[isPublic ? 0 : 1]);
  }
  return normalized ??= keyObject.export({ format: "jwk" }), normalized.alg = alg, cached[alg] = await jwkToKey(entry, normalized);
}
__name(prepareKey, "prepareKey");
var cache;
var nist = {
  __proto__: null,
  prime256v1: "P-256",
  secp384r1: "P-384",
  secp521r1: "P-521"
};
var isCryptoKey = /* @__PURE__ */ __name((key) => {
  if (key?.[Symbol.toStringTag] === "CryptoKey")
    return true;
  try {
    return key instanceof CryptoKey;
  } catch {
    return false;
  }
}, "isCryptoKey");
var isKeyObject = /* @__PURE__ */ __name((key) => key?.[Symbol.toStringTag] === "KeyObject", "isKeyObject");
var isKeyLike = /* @__PURE__ */ __name((key) => isCryptoKey(key) || isKeyObject(key), "isKeyLike");
function message(msg, actual, ...types) {
  if (types.length > 2) {
    const last = types.pop();
    msg += `one of type ${types.join(", ")}, or ${last}.`;
  } else types.length === 2 ? msg += `one of type ${types[0]} or ${types[1]}.` : msg += `of type ${types[0]}.`;
  return actual == null ? msg += ` Received ${actual}` : typeof actual == "function" && actual.name ? msg += ` Received function ${actual.name}` : typeof actual == "object" && actual != null && actual.constructor?.name && (msg += ` Received an instance of ${actual.constructor.name}`), msg;
}
__name(message, "message");
function invalidKeyType(alg, actual, secret) {
  const types = ["CryptoKey", "KeyObject", "JSON Web Key"];
  return secret && types.push("Uint8Array"), new TypeError(message(`Key for the ${alg} algorithm must be `, actual, ...types));
}
__name(invalidKeyType, "invalidKeyType");
var unusable = /* @__PURE__ */ __name((name, prop = "algorithm.name") => new TypeError(`CryptoKey does not support this operation, its ${prop} must be ${name}`), "unusable");
function checkUsage(key, usage) {
  if (usage && !key.usages.includes(usage))
    throw new TypeError(`CryptoKey does not support this operation, its usages must include ${usage}.`);
}
__name(checkUsage, "checkUsage");
function checkModulusLength(alg, key) {
  const { modulusLength } = key.algorithm;
  if (typeof modulusLength != "number" || modulusLength < 2048)
    throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
}
__name(checkModulusLength, "checkModulusLength");
function checkCryptoKey(key, expected, usage) {
  const algorithm = key.algorithm;
  if (algorithm.name !== expected.name)
    throw unusable(expected.name);
  if (expected.hash && algorithm.hash?.name !== expected.hash)
    throw unusable(expected.hash, "algorithm.hash");
  if (expected.namedCurve && algorithm.namedCurve !== expected.namedCurve)
    throw unusable(expected.namedCurve, "algorithm.namedCurve");
  if (expected.length !== void 0 && algorithm.length !== expected.length)
    throw unusable(expected.length, "algorithm.length");
  checkUsage(key, usage);
}
__name(checkCryptoKey, "checkCryptoKey");
function snapshotJwk(jwk) {
  return { __proto__: null, ...jwk };
}
__name(snapshotJwk, "snapshotJwk");
function normalizeJwk(jwk) {
  const normalized = snapshotJwk(jwk);
  if (normalized.ext !== void 0 && typeof normalized.ext != "boolean")
    throw new TypeError('"ext" (Extractable) Parameter must be a boolean');
  if (normalized.key_ops !== void 0) {
    const value = normalized.key_ops, keyOps = Array.isArray(value) ? [...value] : void 0;
    if (!keyOps || keyOps.some((operation) => typeof operation != "string") || new Set(keyOps).size !== keyOps.length)
      throw new TypeError('"key_ops" (Key Operations) Parameter must be an array of unique strings');
    normalized.key_ops = keyOps;
  }
  return normalized;
}
__name(normalizeJwk, "normalizeJwk");
function validateExtractableOption(extractable) {
  if (extractable !== void 0 && typeof extractable != "boolean")
    throw new TypeError('"extractable" option must be a boolean');
  return extractable;
}
__name(validateExtractableOption, "validateExtractableOption");
async function jwkToKey(entry, jwk, extractable) {
  if (!entry.kty.includes(jwk.kty))
    throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  const algorithm = entry.resolve?.({ kty: jwk.kty, crv: jwk.crv }) ?? entry.subtle, isPrivate = !!(jwk.d || jwk.priv), keyData = { ...jwk, ext: extractable ?? jwk.ext };
  return keyData.kty !== "AKP" && delete keyData.alg, delete keyData.use, crypto.subtle.importKey("jwk", keyData, algorithm, keyData.ext ?? !isPrivate, jwk.key_ops ?? entry.usages[isPrivate ? 1 : 0]);
}
__name(jwkToKey, "jwkToKey");
async function rawKey(key, expected, usage, extractable = false) {
  return key instanceof Uint8Array && (key = await crypto.subtle.importKey("raw", key, expected, extractable, [usage])), checkCryptoKey(key, expected, usage), key;
}
__name(rawKey, "rawKey");

// node_modules/jose/dist/webapi/lib/key_descriptor.js
function table(entries) {
  const out = { __proto__: null };
  for (const alg in entries)
    out[alg] = { ...entries[alg], alg };
  return out;
}
__name(table, "table");

// node_modules/jose/dist/webapi/lib/jwe_algorithms.js
var wrap = [
  ["encrypt", "wrapKey"],
  ["decrypt", "unwrapKey"]
];
var derive = [[], ["deriveBits"]];
var none = [[], []];
function rsaes(bits) {
  return {
    kty: ["RSA"],
    mode: "key-encryption",
    subtle: { name: "RSA-OAEP", hash: `SHA-${bits}` },
    usages: wrap,
    ops: ["wrapKey", "unwrapKey"]
  };
}
__name(rsaes, "rsaes");
function ecdh(mode) {
  return {
    kty: ["EC", "OKP"],
    mode,
    subtle: { name: "ECDH" },
    resolve: /* @__PURE__ */ __name(({ kty, crv, asymmetricKeyType }) => {
      if (crv === "X25519" || asymmetricKeyType === "x25519")
        return { name: "X25519" };
      if (kty === "OKP")
        throw new JOSENotSupported('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
      return { name: "ECDH", namedCurve: crv };
    }, "resolve"),
    usages: derive,
    ops: [void 0, "deriveBits"]
  };
}
__name(ecdh, "ecdh");
function aeskw(bits, gcm = false) {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: true,
    subtle: { name: gcm ? "AES-GCM" : "AES-KW", length: bits },
    usages: none,
    ops: gcm ? ["encrypt", "decrypt"] : ["wrapKey", "unwrapKey"]
  };
}
__name(aeskw, "aeskw");
function pbes2() {
  return {
    kty: ["oct"],
    mode: "key-wrapping",
    secret: true,
    subtle: { name: "PBKDF2" },
    usages: none,
    ops: ["deriveBits", "deriveBits"]
  };
}
__name(pbes2, "pbes2");
var JWE = table({
  dir: {
    kty: ["oct"],
    mode: "direct-encryption",
    secret: true,
    subtle: { name: "AES-GCM" },
    usages: none,
    ops: ["encrypt", "decrypt"]
  },
  "RSA-OAEP": rsaes(1),
  "RSA-OAEP-256": rsaes(256),
  "RSA-OAEP-384": rsaes(384),
  "RSA-OAEP-512": rsaes(512),
  "ECDH-ES": ecdh("direct-key-agreement"),
  "ECDH-ES+A128KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A192KW": ecdh("key-agreement-with-key-wrapping"),
  "ECDH-ES+A256KW": ecdh("key-agreement-with-key-wrapping"),
  A128KW: aeskw(128),
  A192KW: aeskw(192),
  A256KW: aeskw(256),
  A128GCMKW: aeskw(128, true),
  A192GCMKW: aeskw(192, true),
  A256GCMKW: aeskw(256, true),
  "PBES2-HS256+A128KW": pbes2(),
  "PBES2-HS384+A192KW": pbes2(),
  "PBES2-HS512+A256KW": pbes2()
});
var contentOps = ["encrypt", "decrypt"];
function contentEncryption(bits, cbc = false) {
  return {
    kty: ["oct"],
    secret: true,
    subtle: { name: cbc ? "AES-CBC" : "AES-GCM", length: bits },
    usages: none,
    ops: contentOps,
    cekBits: bits,
    ivBits: cbc ? 128 : 96,
    cbc
  };
}
__name(contentEncryption, "contentEncryption");
var ENC = table({
  A128GCM: contentEncryption(128),
  A192GCM: contentEncryption(192),
  A256GCM: contentEncryption(256),
  "A128CBC-HS256": contentEncryption(256, true),
  "A192CBC-HS384": contentEncryption(384, true),
  "A256CBC-HS512": contentEncryption(512, true)
});

// node_modules/jose/dist/webapi/lib/jws_algorithms.js
var sig = [["verify"], ["sign"]];
function hmac(bits) {
  const subtle = { name: "HMAC", hash: `SHA-${bits}` };
  return { kty: ["oct"], secret: true, subtle, signing: subtle, usages: sig };
}
__name(hmac, "hmac");
function rsa(bits, saltLength) {
  const subtle = { name: saltLength ? "RSA-PSS" : "RSASSA-PKCS1-v1_5", hash: `SHA-${bits}` };
  return {
    kty: ["RSA"],
    subtle,
    signing: saltLength ? { ...subtle, saltLength } : subtle,
    usages: sig,
    minRsaBits: 2048
  };
}
__name(rsa, "rsa");
function ecdsa(crv, bits) {
  return {
    kty: ["EC"],
    crv,
    subtle: { name: "ECDSA", namedCurve: crv },
    signing: { name: "ECDSA", hash: `SHA-${bits}` },
    usages: sig
  };
}
__name(ecdsa, "ecdsa");
function eddsa() {
  const subtle = { name: "Ed25519" };
  return {
    kty: ["OKP"],
    crv: "Ed25519",
    subtle,
    signing: subtle,
    usages: sig
  };
}
__name(eddsa, "eddsa");
function mldsa(parameterSet) {
  const subtle = { name: `ML-DSA-${parameterSet}` };
  return {
    kty: ["AKP"],
    subtle,
    signing: subtle,
    usages: sig
  };
}
__name(mldsa, "mldsa");
var JWS = table({
  HS256: hmac(256),
  HS384: hmac(384),
  HS512: hmac(512),
  RS256: rsa(256),
  RS384: rsa(384),
  RS512: rsa(512),
  PS256: rsa(256, 32),
  PS384: rsa(384, 48),
  PS512: rsa(512, 64),
  ES256: ecdsa("P-256", 256),
  ES384: ecdsa("P-384", 384),
  ES512: ecdsa("P-521", 512),
  EdDSA: eddsa(),
  Ed25519: eddsa(),
  "ML-DSA-44": mldsa(44),
  "ML-DSA-65": mldsa(65),
  "ML-DSA-87": mldsa(87)
});
function jwsAlgorithm(alg) {
  const entry = typeof alg == "string" ? JWS[alg] : void 0;
  if (!entry)
    throw new JOSENotSupported(`alg ${alg} is not supported either by JOSE or your javascript runtime`);
  return entry;
}
__name(jwsAlgorithm, "jwsAlgorithm");

// node_modules/jose/dist/webapi/lib/jwt_claims_set.js
var epoch = /* @__PURE__ */ __name((date) => Math.floor(date.getTime() / 1e3), "epoch");
var multipliers = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31557600
};
var REGEX = /^(\+|\-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;
function invalidDuration() {
  throw new TypeError("Invalid time period format");
}
__name(invalidDuration, "invalidDuration");
function secs(str) {
  typeof str != "string" && invalidDuration();
  const matched = REGEX.exec(str);
  (!matched || matched[4] && matched[1]) && invalidDuration();
  const value = parseFloat(matched[2]), durationSeconds = Math.round(value * multipliers[matched[3][0].toLowerCase()]);
  return Number.isFinite(durationSeconds) || invalidDuration(), matched[1] === "-" || matched[4]?.toLowerCase() === "ago" ? -durationSeconds : durationSeconds;
}
__name(secs, "secs");
function validateInput(label, input) {
  if (!Number.isFinite(input))
    throw new TypeError(`Invalid ${label} input`);
  return input;
}
__name(validateInput, "validateInput");
function validateStringClaim(claim, value) {
  if (typeof value != "string")
    throw new TypeError(`"${claim}" claim must be a string`);
}
__name(validateStringClaim, "validateStringClaim");
function validateAudienceClaim(value) {
  if (typeof value != "string" && (!Array.isArray(value) || Array.from(value).some((member) => typeof member != "string")))
    throw new TypeError('"aud" claim must be a string or an array of strings');
}
__name(validateAudienceClaim, "validateAudienceClaim");
function numericDate(value, label) {
  return typeof value == "number" ? validateInput(label, value) : value instanceof Date ? validateInput(label, epoch(value)) : epoch(/* @__PURE__ */ new Date()) + secs(value);
}
__name(numericDate, "numericDate");
var producerClaimsSets;
function producerClaimsSet(producer) {
  return producerClaimsSets.get(producer);
}
__name(producerClaimsSet, "producerClaimsSet");
function jwtClaimsSetBytes(producer) {
  const claimsSet = producerClaimsSet(producer);
  for (const claim of ["iat", "nbf", "exp"]) {
    const value = claimsSet[claim];
    if (typeof value == "number" && !Number.isFinite(value))
      throw new TypeError(`"${claim}" claim must be a finite number`);
  }
  return encoder.encode(JSON.stringify(claimsSet));
}
__name(jwtClaimsSetBytes, "jwtClaimsSetBytes");
var JWTClaimsBuilder = class {
  static {
    __name(this, "JWTClaimsBuilder");
  }
  constructor(claimsSet = {}) {
    if (!isObject(claimsSet))
      throw new TypeError("JWT Claims Set MUST be an object");
    (producerClaimsSets ||= /* @__PURE__ */ new WeakMap()).set(this, structuredClone(claimsSet));
  }
  setIssuer(value) {
    return validateStringClaim("iss", value), producerClaimsSet(this).iss = value, this;
  }
  setSubject(value) {
    return validateStringClaim("sub", value), producerClaimsSet(this).sub = value, this;
  }
  setAudience(value) {
    return validateAudienceClaim(value), producerClaimsSet(this).aud = value, this;
  }
  setJti(value) {
    return validateStringClaim("jti", value), producerClaimsSet(this).jti = value, this;
  }
  setNotBefore(value) {
    return producerClaimsSet(this).nbf = numericDate(value, "setNotBefore"), this;
  }
  setExpirationTime(value) {
    return producerClaimsSet(this).exp = numericDate(value, "setExpirationTime"), this;
  }
  setIssuedAt(value) {
    const claimsSet = producerClaimsSet(this);
    return value === void 0 ? claimsSet.iat = epoch(/* @__PURE__ */ new Date()) : typeof value == "string" ? claimsSet.iat = validateInput("setIssuedAt", epoch(/* @__PURE__ */ new Date()) + secs(value)) : claimsSet.iat = numericDate(value, "setIssuedAt"), this;
  }
};

// node_modules/jose/dist/webapi/lib/jws_sign.js
async function createSignature(input, key, rejectUnencoded) {
  let [payload, protectedHeader, unprotectedHeader, crit] = input, encodedProtectedHeader = "";
  if (protectedHeader !== void 0) {
    const normalized = serializeJoseHeader(JWSInvalid, protectedHeader);
    protectedHeader = normalized[0], encodedProtectedHeader = encode2(normalized[1]);
  }
  if (unprotectedHeader !== void 0 && (unprotectedHeader = serializeJoseHeader(JWSInvalid, unprotectedHeader)[0]), !protectedHeader && !unprotectedHeader)
    throw new JWSInvalid("either setProtectedHeader or setUnprotectedHeader must be called before #sign()");
  if (!isDisjoint(protectedHeader, unprotectedHeader))
    throw new JWSInvalid("JWS Protected and JWS Unprotected Header Parameter names must be disjoint");
  const joseHeader = { ...protectedHeader, ...unprotectedHeader };
  validateCritDuplicates(JWSInvalid, protectedHeader);
  const b64 = validateB64(protectedHeader, validateCrit(JWSInvalid, JWS_RECOGNIZED, crit, protectedHeader, joseHeader));
  b64 || rejectUnencoded?.();
  const { alg } = joseHeader;
  if (typeof alg != "string" || !alg)
    throw new JWSInvalid('JWS "alg" (Algorithm) Header Parameter missing or invalid');
  const entry = jwsAlgorithm(alg);
  let encodedPayload = "", signingPayload = payload, signingInput;
  if (b64) {
    const encodedPayloadCache = input[4];
    encodedPayloadCache ? (encodedPayload = encodedPayloadCache[0] ??= encode2(payload), signingPayload = encodedPayloadCache[1] ??= encode(encodedPayload)) : (encodedPayload = encode2(payload), signingInput = encoder.encode(`${encodedProtectedHeader}.${encodedPayload}`));
  }
  signingInput ??= concat(encode(encodedProtectedHeader), encode("."), signingPayload);
  const signingKey = await rawKey(await prepareKey(entry, key, "sign"), entry.subtle, "sign");
  entry.minRsaBits && checkModulusLength(entry.alg, signingKey);
  const jws = {
    signature: encode2(new Uint8Array(await crypto.subtle.sign(entry.signing, signingKey, signingInput))),
    payload: encodedPayload
  };
  return protectedHeader && (jws.protected = encodedProtectedHeader), unprotectedHeader && (jws.header = unprotectedHeader), [jws, b64];
}
__name(createSignature, "createSignature");
async function createCompactSignature(payload, protectedHeader, crit, key, rejectUnencoded) {
  const [jws] = await createSignature([payload, protectedHeader, void 0, crit], key, rejectUnencoded);
  return `${jws.protected}.${jws.payload}.${jws.signature}`;
}
__name(createCompactSignature, "createCompactSignature");

// node_modules/jose/dist/webapi/jwt/sign.js
var SignJWT_base = JWTClaimsBuilder;
var SignJWT = class extends SignJWT_base {
  static {
    __name(this, "SignJWT");
  }
  #protectedHeader;
  setProtectedHeader(protectedHeader) {
    return assertNotSet(this.#protectedHeader, "setProtectedHeader"), this.#protectedHeader = protectedHeader, this;
  }
  async sign(key, options2) {
    return createCompactSignature(jwtClaimsSetBytes(this), this.#protectedHeader, options2?.crit, key, () => {
      throw new JWTInvalid("JWTs MUST NOT use unencoded payload");
    });
  }
};

// node_modules/jose/dist/webapi/lib/key_algorithm.js
var algArgument = '"alg" (Algorithm)';
function unsupportedAlg(source = 'JWK "alg" (Algorithm) Parameter') {
  throw new JOSENotSupported(`Invalid or unsupported ${source} value`);
}
__name(unsupportedAlg, "unsupportedAlg");
function keyAlgorithm(alg, source) {
  return (typeof alg == "string" ? JWS[alg] ?? JWE[alg] : void 0) ?? unsupportedAlg(source);
}
__name(keyAlgorithm, "keyAlgorithm");

// node_modules/jose/dist/webapi/lib/asn1.js
var bytesEqual = /* @__PURE__ */ __name((a, b) => {
  if (a.byteLength !== b.length)
    return false;
  for (let i = 0; i < a.byteLength; i++)
    if (a[i] !== b[i])
      return false;
  return true;
}, "bytesEqual");
var createASN1State = /* @__PURE__ */ __name((data) => ({ data, pos: 0 }), "createASN1State");
var readByte = /* @__PURE__ */ __name((state) => {
  const byte = state.data[state.pos++];
  if (byte === void 0)
    throw new Error("Unexpected end of ASN.1 input");
  return byte;
}, "readByte");
var parseLength = /* @__PURE__ */ __name((state) => {
  const first = readByte(state);
  if (first & 128) {
    const lengthOfLen = first & 127;
    let length = 0;
    for (let i = 0; i < lengthOfLen; i++)
      length = length << 8 | readByte(state);
    return length;
  }
  return first;
}, "parseLength");
var expectTag = /* @__PURE__ */ __name((state, expectedTag, errorMessage2) => {
  if (readByte(state) !== expectedTag)
    throw new Error(errorMessage2);
}, "expectTag");
var getSubarray = /* @__PURE__ */ __name((state, length) => {
  if (length < 0 || state.pos + length > state.data.length)
    throw new Error("Unexpected end of ASN.1 input");
  const result = state.data.subarray(state.pos, state.pos + length);
  return state.pos += length, result;
}, "getSubarray");
var parseAlgorithmOID = /* @__PURE__ */ __name((state) => {
  expectTag(state, 6, "Expected algorithm OID");
  const oidLen = parseLength(state);
  return getSubarray(state, oidLen);
}, "parseAlgorithmOID");
function parseKeyHeader(state, keyFormat) {
  if (expectTag(state, 48, `Invalid ${keyFormat === "spki" ? "SPKI" : "PKCS#8"} structure`), parseLength(state), keyFormat === "pkcs8") {
    expectTag(state, 2, "Expected version field");
    const length = parseLength(state);
    state.pos += length;
  }
  expectTag(state, 48, "Expected algorithm identifier"), parseLength(state);
}
__name(parseKeyHeader, "parseKeyHeader");
var parseECAlgorithmIdentifier = /* @__PURE__ */ __name((state) => {
  const algOid = parseAlgorithmOID(state);
  if (bytesEqual(algOid, [43, 101, 110]))
    return "X25519";
  if (!bytesEqual(algOid, [42, 134, 72, 206, 61, 2, 1]))
    throw new Error("Unsupported key algorithm");
  expectTag(state, 6, "Expected curve OID");
  const curveOidLen = parseLength(state), curveOid = getSubarray(state, curveOidLen);
  if (bytesEqual(curveOid, [42, 134, 72, 206, 61, 3, 1, 7]))
    return "P-256";
  if (bytesEqual(curveOid, [43, 129, 4, 0, 34]))
    return "P-384";
  if (bytesEqual(curveOid, [43, 129, 4, 0, 35]))
    return "P-521";
  throw new Error("Unsupported named curve");
}, "parseECAlgorithmIdentifier");
var genericImport = /* @__PURE__ */ __name(async (keyFormat, keyData, alg, options2) => {
  const extractable = validateExtractableOption(options2?.extractable), entry = keyAlgorithm(alg, algArgument);
  entry.secret && unsupportedAlg(algArgument);
  const isPublic = keyFormat === "spki";
  let algorithm;
  if (entry.resolve)
    try {
      const state = createASN1State(keyData);
      parseKeyHeader(state, keyFormat), algorithm = entry.resolve({ crv: parseECAlgorithmIdentifier(state) });
    } catch (cause) {
      throw new JOSENotSupported("Invalid or unsupported key format", { cause });
    }
  else
    algorithm = entry.subtle;
  return crypto.subtle.importKey(keyFormat, keyData, algorithm, extractable ?? isPublic, entry.usages[isPublic ? 0 : 1]);
}, "genericImport");
var processPEMData = /* @__PURE__ */ __name((pem, pattern) => decodeBase64(pem.replace(pattern, "")), "processPEMData");
var fromPKCS8 = /* @__PURE__ */ __name((pem, alg, options2) => {
  const keyData = processPEMData(pem, /(?:-----(?:BEGIN|END) PRIVATE KEY-----|\s)/g);
  return genericImport("pkcs8", keyData, alg, options2);
}, "fromPKCS8");

// node_modules/jose/dist/webapi/key/import.js
async function importPKCS8(pkcs8, alg, options2) {
  if (typeof pkcs8 != "string" || pkcs8.indexOf("-----BEGIN PRIVATE KEY-----") !== 0)
    throw new TypeError('"pkcs8" must be PKCS#8 formatted string');
  return fromPKCS8(pkcs8, alg, options2);
}
__name(importPKCS8, "importPKCS8");

// node_modules/jose/dist/webapi/util/decode_protected_header.js
function decodeProtectedHeader(token) {
  let encodedProtectedHeader;
  if (typeof token == "string") {
    const parts = token.split(".");
    (parts.length === 3 || parts.length === 5) && ([encodedProtectedHeader] = parts);
  } else if (typeof token == "object" && token)
    if ("protected" in token)
      encodedProtectedHeader = token.protected;
    else
      throw new TypeError("Token does not contain a Protected Header");
  const invalid2 = "Invalid Token or Protected Header formatting";
  if (typeof encodedProtectedHeader != "string" || !encodedProtectedHeader)
    throw new TypeError(invalid2);
  return parseJoseHeader(encodedProtectedHeader, TypeError, invalid2);
}
__name(decodeProtectedHeader, "decodeProtectedHeader");

// node_modules/jose/dist/webapi/util/decode_jwt.js
function decodeJwt(jwt) {
  if (typeof jwt != "string")
    throw new JWTInvalid("JWTs must use Compact JWS serialization, JWT must be a string");
  const { 1: encodedPayload, length } = jwt.split(".");
  if (length === 5)
    throw new JWTInvalid("Only JWTs using Compact JWS serialization can be decoded");
  if (length !== 3)
    throw new JWTInvalid("Invalid JWT");
  if (!encodedPayload)
    throw new JWTInvalid("JWTs must contain a payload");
  let claimsSetBytes;
  try {
    claimsSetBytes = decode(encodedPayload);
  } catch (cause) {
    throw new JWTInvalid("Failed to base64url decode the payload", { cause });
  }
  let claimsSet;
  try {
    claimsSet = JSON.parse(strictDecoder.decode(claimsSetBytes));
  } catch (cause) {
    throw new JWTInvalid("Failed to parse the decoded payload as JSON", { cause });
  }
  if (!isObject(claimsSet))
    throw new JWTInvalid("Invalid JWT Claims Set");
  return claimsSet;
}
__name(decodeJwt, "decodeJwt");

// packages/kit/src/ouk/client-token.ts
var CLIENT_TOKEN_TTL_DAYS = 30;
var CLIENT_TOKEN_MIN_DAYS = 29;
var DAY = 864e5;
async function issueClientToken(o) {
  const key = await importPKCS8(o.privateKeyPem, "ES256").catch((e) => {
    throw new KitError("the token key is not a PKCS#8 P-256 private key", { code: "TOKEN_EXPIRY", cause: e, hint: "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256" });
  });
  const iat = Math.floor(o.issuedAt.getTime() / 1e3);
  const jwt = new SignJWT({ scope: "ouk" }).setProtectedHeader({ alg: "ES256", typ: "JWT", ...o.kid ? { kid: o.kid } : {} }).setIssuer(o.issuer).setSubject(o.subject).setIssuedAt(iat).setExpirationTime(iat + (o.ttlDays ?? CLIENT_TOKEN_TTL_DAYS) * 86400);
  if (o.audience) jwt.setAudience(o.audience);
  return jwt.sign(key);
}
__name(issueClientToken, "issueClientToken");
function checkClientToken(jwt, now, minDays = CLIENT_TOKEN_MIN_DAYS) {
  let claims;
  let header;
  try {
    header = decodeProtectedHeader(jwt);
    claims = decodeJwt(jwt);
  } catch (e) {
    throw new KitError("client.jwt is not a JWT", { code: "TOKEN_EXPIRY", cause: e, hint: "pass the client.jwt of the OfflineToken stage (--client-jwt)" });
  }
  if (header.alg !== "ES256") throw new KitError(`client.jwt is signed with ${String(header.alg)}, expected ES256`, { code: "TOKEN_EXPIRY" });
  if (typeof claims.exp !== "number") throw new KitError("client.jwt has no exp claim", { code: "TOKEN_EXPIRY", hint: "issue it with an expiry (stella ouk token)" });
  const exp = new Date(claims.exp * 1e3);
  const left = (exp.getTime() - now.getTime()) / DAY;
  if (left < minDays) {
    throw new KitError(`client.jwt expires at ${isoSeconds(exp)}, ${left.toFixed(1)} days after ${isoSeconds(now)}: under the ${minDays}-day minimum (playbook \xA74.4)`, {
      code: "TOKEN_EXPIRY",
      hint: "issue a fresh 30-day token in the OfflineToken stage (stella ouk token) and build again"
    });
  }
  return {
    exp: isoSeconds(exp),
    iat: typeof claims.iat === "number" ? isoSeconds(new Date(claims.iat * 1e3)) : void 0,
    sub: claims.sub,
    iss: claims.iss
  };
}
__name(checkClientToken, "checkClientToken");

// packages/kit/src/ouk/trivy.ts
import { readFile, stat as stat2 } from "node:fs/promises";
import { join as join2 } from "node:path";
var TRIVY_DATABASES = {
  "trivy-db": { tag: "2", layerMediaType: "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip", dbFile: "trivy.db", schema: 2 },
  "trivy-java-db": { tag: "1", layerMediaType: "application/vnd.aquasec.trivy.javadb.layer.v1.tar+gzip", dbFile: "trivy-java.db", schema: 1 }
};
var TRIVY_CONFIG_MEDIA_TYPE = "application/vnd.aquasec.trivy.config.v1+json";
function isTrivyMetadata(v) {
  return typeof v === "object" && v !== null && typeof v.Version === "number" && typeof v.UpdatedAt === "string";
}
__name(isTrivyMetadata, "isTrivyMetadata");
function layersOf(bytes) {
  const m = JSON.parse(Buffer.from(bytes).toString("utf8"));
  if (typeof m !== "object" || m === null) throw new KitError("the Trivy DB manifest is not a JSON object", { code: "FEED_SCHEMA" });
  const { config, layers } = m;
  const okConfig = typeof config === "object" && config !== null && typeof config.mediaType === "string";
  const okLayers = Array.isArray(layers) && layers.every((l) => typeof l === "object" && l !== null && typeof l.mediaType === "string" && typeof l.digest === "string" && typeof l.size === "number");
  if (!okConfig || !okLayers) throw new KitError("the Trivy DB manifest lacks config/layers", { code: "FEED_SCHEMA" });
  return { config, layers };
}
__name(layersOf, "layersOf");
async function fetchTrivyDb(options2, ctx) {
  const spec = TRIVY_DATABASES[options2.name];
  const { store, reference } = await options2.openStore(options2.reference);
  const manifest = await store.getManifest(reference);
  const { config, layers } = layersOf(manifest.bytes);
  const where = `${options2.name} (${options2.reference})`;
  if (config.mediaType !== TRIVY_CONFIG_MEDIA_TYPE) throw new KitError(`${where}: config media type ${config.mediaType}, expected ${TRIVY_CONFIG_MEDIA_TYPE}`, { code: "FEED_SCHEMA", hint: "the reference does not point at a Trivy DB artifact" });
  const layer = layers.length === 1 ? layers[0] : void 0;
  if (!layer || layer.mediaType !== spec.layerMediaType) {
    throw new KitError(`${where}: expected one layer of ${spec.layerMediaType}, found ${layers.map((l) => l.mediaType).join(", ") || "none"}`, { code: "FEED_SCHEMA", hint: "the reference does not point at this Trivy DB" });
  }
  const blob = await store.getBlob(layer);
  await extractSafely(() => blob, options2.outDir, { compression: "gzip", limits: { maxTotalBytes: 8 * 2 ** 30, maxRatio: 1e3 } });
  const metaPath = join2(options2.outDir, "metadata.json");
  const meta = JSON.parse(await readFile(metaPath, "utf8").catch(() => "null"));
  if (!isTrivyMetadata(meta)) throw new KitError(`${where}: metadata.json is missing or lacks Version/UpdatedAt`, { code: "FEED_SCHEMA" });
  if (meta.Version !== spec.schema) {
    throw new KitError(`${where}: DB schema Version ${meta.Version}, the scanners read schema ${spec.schema}`, { code: "FEED_SCHEMA", hint: `point the mirror at ${options2.name}:${spec.tag}, the schema this release's scanners read` });
  }
  await stat2(join2(options2.outDir, spec.dbFile)).catch((e) => {
    throw new KitError(`${where}: the layer has no ${spec.dbFile}`, { code: "FEED_SCHEMA", cause: e });
  });
  const updated = Date.parse(meta.UpdatedAt);
  if (Number.isNaN(updated)) throw new KitError(`${where}: metadata.json UpdatedAt ${JSON.stringify(meta.UpdatedAt)} is not a date`, { code: "FEED_SCHEMA" });
  if (updated > ctx.cutoff.getTime()) {
    throw new KitError(`${where} was updated at ${meta.UpdatedAt}, after --date ${isoSeconds(ctx.cutoff)}`, { code: "FEED", hint: "a DB cannot be cut at a date: pull it by a digest from before --date, or move --date" });
  }
  ctx.logger.info(`${options2.name}: schema ${meta.Version}, updated ${meta.UpdatedAt}`);
  return {
    name: options2.name,
    dir: `feeds/${options2.name}`,
    source: options2.reference,
    records: 1,
    newest: isoSeconds(new Date(updated)),
    version: String(meta.Version),
    details: { manifest: manifest.descriptor.digest, layer: layer.digest }
  };
}
__name(fetchTrivyDb, "fetchTrivyDb");
function defaultOpenStore(options2 = {}) {
  return async (reference) => {
    const img = await openImage(reference.includes("://") || reference.startsWith("oci:") ? reference : `docker://${reference}`, options2);
    return { store: img.store, reference: img.reference };
  };
}
__name(defaultOpenStore, "defaultOpenStore");

// packages/kit/src/ouk/build.ts
import { mkdir as mkdir6, rm as rm6, writeFile as writeFile4 } from "node:fs/promises";
import { join as join5 } from "node:path";

// packages/kit/src/pack.ts
import { mkdir as mkdir3, open as open3, rm as rm4, writeFile } from "node:fs/promises";
import { basename as basename2, dirname as dirname3 } from "node:path";

// packages/kit/src/archive-manifest.ts
import { createReadStream as createReadStream2 } from "node:fs";
import { Writable as Writable2 } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";

// packages/kit/src/kit-manifest.ts
var KIT_MANIFEST_PATH = "manifest.json";
function sortedJson(value) {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
    }
    return v;
  }, 2);
}
__name(sortedJson, "sortedJson");
function isExpectedFile(v) {
  return typeof v === "object" && v !== null && typeof v.size === "number" && typeof v.digest === "string" && /^sha256:[a-f0-9]{64}$/.test(v.digest);
}
__name(isExpectedFile, "isExpectedFile");
function parseKitManifest(bytes, where) {
  let doc;
  try {
    doc = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new KitError(`${where}: manifest.json is not JSON`, { code: "MANIFEST", cause: e });
  }
  const problems = [];
  const d = typeof doc === "object" && doc !== null ? doc : {};
  if (d.schemaVersion !== 1) problems.push(`schemaVersion ${JSON.stringify(d.schemaVersion)} (expected 1)`);
  if (typeof d.kind !== "string") problems.push("kind missing");
  if (typeof d.created !== "string") problems.push("created missing");
  const tool = d.tool;
  if (typeof tool?.name !== "string" || typeof tool.version !== "string") problems.push("tool name/version missing");
  if (typeof d.meta !== "object" || d.meta === null) problems.push("meta missing");
  if (typeof d.files !== "object" || d.files === null) problems.push("files missing");
  else for (const [path, f] of Object.entries(d.files)) if (!isExpectedFile(f)) problems.push(`files[${JSON.stringify(path)}] needs size and a sha256: digest`);
  if (problems.length) throw new KitError(`${where}: manifest.json is not a kit manifest: ${problems.join("; ")}`, { code: "MANIFEST" });
  return doc;
}
__name(parseKitManifest, "parseKitManifest");
function expectedFiles(m) {
  return new Map(Object.entries(m.files));
}
__name(expectedFiles, "expectedFiles");
var FileTableBuilder = class {
  static {
    __name(this, "FileTableBuilder");
  }
  paths = [];
  sizes = [];
  digests = Buffer.allocUnsafe(32 * 1024);
  add(path, size, sha256) {
    if (32 * (this.paths.length + 1) > this.digests.length) {
      const grown = Buffer.allocUnsafe(this.digests.length * 2);
      this.digests.copy(grown);
      this.digests = grown;
    }
    sha256.copy(this.digests, 32 * this.paths.length);
    this.paths.push(path);
    this.sizes.push(size);
  }
  table() {
    return { paths: this.paths, sizes: this.sizes, digests: this.digests.subarray(0, 32 * this.paths.length) };
  }
};
function manifestBytes(head, table2) {
  const SLOT = "\0files\0";
  const skeleton = sortedJson({ ...head, files: SLOT });
  const marker = `${JSON.stringify(SLOT)}`;
  const at = skeleton.indexOf(marker);
  const before = Buffer.from(skeleton.slice(0, at));
  const after = Buffer.from(skeleton.slice(at + marker.length) + "\n");
  const order = table2.paths.map((_, i) => i).sort((a, b) => table2.paths[a] < table2.paths[b] ? -1 : 1);
  const last = order.length - 1;
  const entry = /* @__PURE__ */ __name((i, k) => [`    ${JSON.stringify(table2.paths[i])}: {
      "digest": "sha256:`, `",
      "size": ${table2.sizes[i]}
    }${k === last ? "\n  }" : ",\n"}`], "entry");
  let size = before.length + 2 + after.length;
  order.forEach((i, k) => {
    const [open5, close] = entry(i, k);
    size += Buffer.byteLength(open5) + 64 + close.length;
  });
  function* parts() {
    yield before;
    if (order.length === 0) yield Buffer.from("{}");
    else {
      let text = "{\n";
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        const [open5, close] = entry(i, k);
        text += open5 + table2.digests.toString("hex", 32 * i, 32 * i + 32) + close;
        if (text.length > 1 << 16) {
          yield Buffer.from(text);
          text = "";
        }
      }
      yield Buffer.from(text);
    }
    yield after;
  }
  __name(parts, "parts");
  return { size, parts };
}
__name(manifestBytes, "manifestBytes");

// packages/kit/src/archive-manifest.ts
var MAX_MANIFEST = 256 * 2 ** 20;
var FirstEntryRead = class extends Error {
  static {
    __name(this, "FirstEntryRead");
  }
};
async function readKitManifestFromArchive(file) {
  const head = [];
  for await (const c of createReadStream2(file, { start: 0, end: 3 })) head.push(c);
  const parts = [];
  let first;
  const reader = new TarReader({
    entry: /* @__PURE__ */ __name((h) => {
      if (first) throw new FirstEntryRead();
      first = { name: h.name, size: h.size, complete: false };
      if (h.name !== KIT_MANIFEST_PATH || h.type !== "file" || h.size > MAX_MANIFEST) throw new FirstEntryRead();
      return { data: /* @__PURE__ */ __name((b) => void parts.push(Buffer.from(b)), "data"), end: /* @__PURE__ */ __name(() => void (first.complete = true), "end") };
    }, "entry")
  });
  const sink = new Writable2({
    write(chunk, _enc, cb) {
      try {
        reader.push(chunk);
        cb(first?.complete ? new FirstEntryRead() : null);
      } catch (e) {
        cb(e);
      }
    }
  });
  try {
    await pipeline2([createReadStream2(file, { highWaterMark: 1 << 20 }), ...decompressors(sniffCompression(Buffer.concat(head))), sink]);
  } catch (e) {
    if (!(e instanceof FirstEntryRead)) throw e;
  }
  if (first?.name === KIT_MANIFEST_PATH && first.complete) return parseKitManifest(Buffer.concat(parts), file);
  throw new KitError(`${file} does not start with ${KIT_MANIFEST_PATH}`, { code: "MANIFEST", hint: "pass a kit built by `stella kit build`" });
}
__name(readKitManifestFromArchive, "readKitManifestFromArchive");

// packages/kit/src/archive-sink.ts
import { createHash as createHash2 } from "node:crypto";
import { createGzip } from "node:zlib";

// packages/kit/src/zstd-compressor.ts
import { availableParallelism } from "node:os";
import { constants, createZstdCompress } from "node:zlib";

// packages/kit/src/block-pool.ts
var BlockPool = class {
  constructor(blockSize, capacity) {
    this.blockSize = blockSize;
    this.capacity = capacity;
  }
  blockSize;
  capacity;
  static {
    __name(this, "BlockPool");
  }
  free = [];
  out = /* @__PURE__ */ new Map();
  waiting = [];
  created = 0;
  disposed = false;
  /** A whole block (its previous content is garbage); waits while every block is out. */
  acquire() {
    const b = this.free.pop() ?? (this.created < this.capacity ? this.create() : void 0);
    if (b) return Promise.resolve(this.lend(b));
    return new Promise((resolve2) => this.waiting.push((x) => resolve2(this.lend(x))));
  }
  /** Gives back the block `view` is part of; views of buffers that are not ours are ignored. */
  release(view) {
    const b = this.out.get(view.buffer);
    if (!b) return;
    this.out.delete(view.buffer);
    if (this.disposed) return void free(b);
    const next = this.waiting.shift();
    if (next) next(b);
    else this.free.push(b);
  }
  /**
   * Frees every block now (and each block still lent out when it comes back) instead of at
   * some later garbage collection: a kit build's dead 4 MiB blocks were tens of MB of its peak RSS.
   */
  dispose() {
    this.disposed = true;
    for (const b of this.free.splice(0)) free(b);
  }
  create() {
    this.created++;
    return Buffer.from(new ArrayBuffer(this.blockSize));
  }
  lend(b) {
    this.out.set(b.buffer, b);
    return b;
  }
};
function free(b) {
  b.buffer.transfer(0);
}
__name(free, "free");

// packages/kit/src/zstd-compressor.ts
var ZSTD_BLOCK = 4 * 2 ** 20;
var OUTPUT_CHUNK = 1024 * 1024;
var FRAME_WINDOW_LOG = 22;
var zstdParams = { [constants.ZSTD_c_compressionLevel]: 3, [constants.ZSTD_c_checksumFlag]: 1, [constants.ZSTD_c_windowLog]: FRAME_WINDOW_LOG };
var FrameContext = class {
  static {
    __name(this, "FrameContext");
  }
  stream = createZstdCompress({ params: zstdParams, chunkSize: OUTPUT_CHUNK });
  parts = [];
  /** Slices not yet released, per output buffer. */
  unreleased = /* @__PURE__ */ new Map();
  constructor() {
    this.stream.on("data", (chunk) => {
      this.parts.push(chunk);
      this.unreleased.set(chunk.buffer, (this.unreleased.get(chunk.buffer) ?? 0) + 1);
    });
  }
  frame(input) {
    return new Promise((resolve2, reject) => {
      this.stream.once("error", reject);
      this.stream.write(input);
      this.stream.flush(constants.ZSTD_e_end, () => {
        this.stream.off("error", reject);
        const parts = this.parts;
        this.parts = [];
        resolve2({ parts, release: /* @__PURE__ */ __name(() => this.release(parts), "release") });
      });
    });
  }
  close() {
    this.stream.destroy();
  }
  release(parts) {
    const current = this.stream._outBuffer?.buffer;
    for (const p of parts) {
      const left = (this.unreleased.get(p.buffer) ?? 1) - 1;
      if (left > 0) {
        this.unreleased.set(p.buffer, left);
        continue;
      }
      this.unreleased.delete(p.buffer);
      if (p.buffer !== current && p.buffer.byteLength === OUTPUT_CHUNK) free(p);
    }
  }
};
function defaultFrameSlots() {
  return Math.max(2, Math.min(4, availableParallelism()));
}
__name(defaultFrameSlots, "defaultFrameSlots");
var ZstdFrameCompressor = class {
  constructor(slots = defaultFrameSlots()) {
    this.slots = slots;
  }
  slots;
  static {
    __name(this, "ZstdFrameCompressor");
  }
  idle = [];
  contexts = [];
  urgentWaiters = [];
  waiters = [];
  running = 0;
  async compress(input, urgent = false) {
    if (this.running < this.slots) this.running++;
    else await new Promise((resolve2) => (urgent ? this.urgentWaiters : this.waiters).push(resolve2));
    const ctx = this.idle.pop() ?? this.newContext();
    try {
      return await ctx.frame(input);
    } finally {
      this.idle.push(ctx);
      const next = this.urgentWaiters.shift() ?? this.waiters.shift();
      if (next) next();
      else this.running--;
    }
  }
  close() {
    for (const c of this.contexts) c.close();
    this.contexts.length = 0;
    this.idle.length = 0;
  }
  newContext() {
    const ctx = new FrameContext();
    this.contexts.push(ctx);
    return ctx;
  }
};

// packages/kit/src/archive-sink.ts
function archiveSink(kind, out, compressor) {
  if (kind === "zstd") return new ZstdFramesSink(out, compressor);
  if (kind === "gzip") return gzipSink(out);
  return {
    write: /* @__PURE__ */ __name(async (block, done) => {
      await out.write(block);
      done();
    }, "write"),
    finish: /* @__PURE__ */ __name(() => Promise.resolve(), "finish")
  };
}
__name(archiveSink, "archiveSink");
async function writeAll(file, bytes) {
  for (let at = 0; at < bytes.length; ) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
}
__name(writeAll, "writeAll");
var HashingWriter = class {
  /** `also`: told the same bytes in the same order (a signature computed while writing). */
  constructor(file, also) {
    this.file = file;
    this.also = also;
  }
  file;
  also;
  static {
    __name(this, "HashingWriter");
  }
  hash = createHash2("sha256");
  size = 0;
  async write(bytes) {
    this.hash.update(bytes);
    this.also?.(bytes);
    this.size += bytes.length;
    await writeAll(this.file, bytes);
  }
  /** Digest and size of everything written (call once, at the end). */
  result() {
    return { digest: `sha256:${this.hash.digest("hex")}`, size: this.size };
  }
};
var ZstdFramesSink = class {
  constructor(out, compressor) {
    this.out = out;
    this.owned = !compressor;
    this.compressor = compressor ?? new ZstdFrameCompressor();
    this.inFlight = this.compressor.slots;
  }
  out;
  static {
    __name(this, "ZstdFramesSink");
  }
  queue = [];
  compressor;
  inFlight;
  owned;
  /** Collects input that does not arrive as whole blocks (the last block, foreign chunks). */
  partial;
  filled = 0;
  frames = 0;
  async write(block, done) {
    try {
      if (this.filled === 0 && block.length === ZSTD_BLOCK) {
        this.submit(block, done);
        await this.makeRoom();
        return;
      }
      for (let at = 0; at < block.length; ) {
        this.partial ??= Buffer.allocUnsafe(ZSTD_BLOCK);
        const n = block.copy(this.partial, this.filled, at, Math.min(block.length, at + ZSTD_BLOCK - this.filled));
        at += n;
        this.filled += n;
        if (this.filled === ZSTD_BLOCK) {
          this.submitPartial();
          await this.makeRoom();
        }
      }
      done();
    } catch (e) {
      this.close();
      throw e;
    }
  }
  async splice(lane) {
    if (this.filled !== 0) throw new Error("internal: a lane region that does not start at a frame boundary");
    if (!this.out.splice) throw new Error("internal: a lane region for a sink that cannot splice");
    while (this.queue.length) await this.drainOne();
    this.out.splice(lane);
  }
  async finish() {
    try {
      if (this.filled > 0 || this.frames === 0) this.submitPartial();
      while (this.queue.length) await this.drainOne();
    } finally {
      this.close();
    }
  }
  submitPartial() {
    const frame = (this.partial ?? Buffer.alloc(0)).subarray(0, this.filled);
    this.partial = void 0;
    this.filled = 0;
    this.submit(frame, () => void 0);
  }
  submit(input, done) {
    this.frames++;
    const job = this.compressor.compress(input, true).finally(done);
    job.catch(() => void 0);
    this.queue.push(job);
  }
  async makeRoom() {
    while (this.queue.length >= this.inFlight) await this.drainOne();
  }
  async drainOne() {
    const next = this.queue.shift();
    if (!next) return;
    const frame = await next;
    for (const part of frame.parts) await this.out.write(part);
    frame.release();
  }
  close() {
    if (this.owned) this.compressor.close();
  }
};
function gzipSink(out) {
  const gz = createGzip({ level: 6 });
  let failure;
  let writing = Promise.resolve();
  gz.on("data", (chunk) => {
    gz.pause();
    writing = writing.then(() => out.write(chunk)).then(() => void gz.resume(), (e) => void gz.destroy(e));
  });
  const ended = new Promise((resolve2, reject) => {
    gz.on("end", resolve2);
    gz.on("error", (e) => {
      failure = e;
      reject(e);
    });
  });
  ended.catch(() => void 0);
  return {
    write: /* @__PURE__ */ __name(async (block, done) => {
      if (failure) throw failure;
      if (!gz.write(block, () => done())) await new Promise((resolve2, reject) => {
        gz.once("drain", resolve2);
        ended.catch(reject);
      });
    }, "write"),
    finish: /* @__PURE__ */ __name(async () => {
      gz.end();
      await ended;
      await writing;
    }, "finish")
  };
}
__name(gzipSink, "gzipSink");

// packages/kit/src/file-digest.ts
import { Worker } from "node:worker_threads";
var SOURCE = `
const { openSync, readSync, fstatSync, closeSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { parentPort, workerData } = require("node:worker_threads");
const fd = openSync(workerData, "r");
try {
  const before = fstatSync(fd, { bigint: true });
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  const after = fstatSync(fd, { bigint: true });
  const same = after.size === before.size && after.mtimeNs === before.mtimeNs && after.ctimeNs === before.ctimeNs;
  parentPort.postMessage(same ? { sha256: hash.digest(), size: before.size, mtimeNs: before.mtimeNs, ctimeNs: before.ctimeNs } : { changed: true });
} finally {
  closeSync(fd);
}
`;
var MAX_DIGEST_THREADS = 2;
var running = 0;
var waiting = [];
function digestBeside(file, path) {
  let cancelled = false;
  let worker;
  const digest = (async () => {
    if (running >= MAX_DIGEST_THREADS) await new Promise((resolve2) => waiting.push(resolve2));
    running++;
    try {
      if (cancelled) throw new Error(`reading ${path} was stopped`);
      return await hashOnThread(file, path, (w) => worker = w);
    } finally {
      running--;
      waiting.shift()?.();
    }
  })();
  digest.catch(() => void 0);
  return {
    digest,
    cancel: /* @__PURE__ */ __name(() => {
      cancelled = true;
      void worker?.terminate();
    }, "cancel")
  };
}
__name(digestBeside, "digestBeside");
function hashOnThread(file, path, started) {
  const worker = new Worker(SOURCE, { eval: true, workerData: file, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 } });
  started(worker);
  let settled = false;
  const digest = new Promise((resolve2, reject) => {
    worker.once("message", (m) => {
      settled = true;
      if ("changed" in m) reject(changedWhileArchiving(path));
      else resolve2({ ...m, sha256: Buffer.from(m.sha256) });
    });
    worker.once("error", (e) => {
      settled = true;
      reject(new KitError(`cannot read ${path}: ${e.message}`, { code: "IO", cause: e }));
    });
    worker.once("exit", () => {
      if (!settled) reject(new Error(`reading ${path} was stopped`));
    });
  });
  const stop = /* @__PURE__ */ __name(() => void worker.terminate(), "stop");
  digest.then(stop, stop);
  return digest;
}
__name(hashOnThread, "hashOnThread");

// packages/kit/src/tar-lane.ts
import { createHash as createHash3 } from "node:crypto";
import { open, rm as rm2 } from "node:fs/promises";

// packages/kit/src/tar-header.ts
var BLOCK2 = 512;
var USTAR_MAX_SIZE = 8589934591;
var TYPEFLAG = { file: "0", directory: "5", symlink: "2" };
function normaliseMode(type, mode) {
  if (type === "directory") return 493;
  if (type === "symlink") return 511;
  return mode & 73 ? 493 : 420;
}
__name(normaliseMode, "normaliseMode");
function writeString(buf, value, offset, length) {
  buf.write(value, offset, length, "utf8");
}
__name(writeString, "writeString");
function writeOctal(buf, value, offset, length) {
  const s = value.toString(8).padStart(length - 1, "0");
  buf.write(s + "\0", offset, length, "ascii");
}
__name(writeOctal, "writeOctal");
function fitsUstar(s, max = 100) {
  if (s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}
__name(fitsUstar, "fitsUstar");
function paxRecord(key, value) {
  const body = ` ${key}=${value}
`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + 1;
  while (bodyLen + String(len).length !== len) len = bodyLen + String(len).length;
  return `${len}${body}`;
}
__name(paxRecord, "paxRecord");
function rawHeader(name, typeflag, mode, size, mtime, linkname) {
  const buf = Buffer.allocUnsafe(BLOCK2);
  writeRawHeader(buf, 0, name, typeflag, mode, size, mtime, linkname);
  return buf;
}
__name(rawHeader, "rawHeader");
function writeRawHeader(target, at, name, typeflag, mode, size, mtime, linkname) {
  const buf = target.subarray(at, at + BLOCK2);
  buf.fill(0);
  writeString(buf, name, 0, 100);
  writeOctal(buf, mode, 100, 8);
  writeOctal(buf, 0, 108, 8);
  writeOctal(buf, 0, 116, 8);
  writeOctal(buf, size, 124, 12);
  writeOctal(buf, mtime, 136, 12);
  buf.fill(32, 148, 156);
  buf.write(typeflag, 156, 1, "ascii");
  writeString(buf, linkname, 157, 100);
  buf.write("ustar\0", 257, 6, "ascii");
  buf.write("00", 263, 2, "ascii");
  writeOctal(buf, 0, 329, 8);
  writeOctal(buf, 0, 337, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK2; i++) sum += buf[i];
  buf.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
}
__name(writeRawHeader, "writeRawHeader");
function paddingFor(size) {
  const rest = size % BLOCK2;
  return rest === 0 ? 0 : BLOCK2 - rest;
}
__name(paddingFor, "paddingFor");
function headerFacts(fields) {
  const isDir = fields.type === "directory";
  const name = isDir && !fields.path.endsWith("/") ? `${fields.path}/` : fields.path;
  const link = fields.linkTarget ?? "";
  const size = fields.type === "file" ? fields.size : 0;
  const pax = [];
  if (!fitsUstar(name)) pax.push(paxRecord("path", name));
  if (!fitsUstar(link)) pax.push(paxRecord("linkpath", link));
  if (size > USTAR_MAX_SIZE) pax.push(paxRecord("size", String(size)));
  return { name, link, size, pax };
}
__name(headerFacts, "headerFacts");
function plainUstar(fields) {
  const slash = fields.type === "directory" && !fields.path.endsWith("/") ? 1 : 0;
  return fitsUstar(fields.path, 100 - slash) && fitsUstar(fields.linkTarget ?? "") && (fields.type !== "file" || fields.size <= USTAR_MAX_SIZE);
}
__name(plainUstar, "plainUstar");
function encodeHeaderInto(target, at, fields) {
  if (!plainUstar(fields)) return 0;
  writeFromTemplate(target, at, fields);
  return BLOCK2;
}
__name(encodeHeaderInto, "encodeHeaderInto");
function headerLength(fields) {
  return plainUstar(fields) ? BLOCK2 : encodeHeader(fields).length;
}
__name(headerLength, "headerLength");
var template;
function templateFor(mtime) {
  if (template?.mtime === mtime) return template.t;
  const bytes = Buffer.alloc(BLOCK2);
  writeRawHeader(bytes, 0, "", "0", 0, 0, mtime, "");
  bytes.fill(0, 100, 108);
  bytes.fill(0, 124, 136);
  bytes[156] = 0;
  bytes.fill(32, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK2; i++) sum += bytes[i];
  template = { mtime, t: { bytes, sum } };
  return template.t;
}
__name(templateFor, "templateFor");
function writeFromTemplate(target, at, fields) {
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
    target[at + path.length] = 47;
    sum += 47;
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
  octalDigits(target, at + 148, 6, sum);
  target[at + 154] = 0;
}
__name(writeFromTemplate, "writeFromTemplate");
function octalDigits(target, pos, digits, value) {
  let sum = 0;
  for (let i = digits - 1; i >= 0; i--) {
    const c = 48 + value % 8;
    target[pos + i] = c;
    sum += c;
    value = Math.floor(value / 8);
  }
  return sum;
}
__name(octalDigits, "octalDigits");
function encodeHeader(fields) {
  const { name, link, size, pax } = headerFacts(fields);
  const mode = normaliseMode(fields.type, fields.mode);
  const header = rawHeader(asciiPrefix(name), TYPEFLAG[fields.type], mode, size > USTAR_MAX_SIZE ? 0 : size, fields.mtime, asciiPrefix(link));
  if (pax.length === 0) return header;
  const paxData = Buffer.from(pax.join(""), "utf8");
  const paxName = asciiPrefix(`PaxHeaders/${name.replace(/\/$/, "").split("/").pop() ?? "entry"}`);
  const paxHeader = rawHeader(paxName, "x", 420, paxData.length, fields.mtime, "");
  return Buffer.concat([paxHeader, paxData, Buffer.alloc(paddingFor(paxData.length)), header]);
}
__name(encodeHeader, "encodeHeader");
function asciiPrefix(s) {
  return s.replace(/[^\x20-\x7e]/g, "_").slice(0, 100);
}
__name(asciiPrefix, "asciiPrefix");
var END_OF_ARCHIVE = Buffer.alloc(BLOCK2 * 2);

// packages/kit/src/tar-lane.ts
var LANE_MIN_BYTES = 16 * ZSTD_BLOCK;
var FileLane = class {
  constructor(path, file, size, headLength, regionLength, dataOffset, compressor, framesPath, fileDigest) {
    this.path = path;
    this.file = file;
    this.size = size;
    this.headLength = headLength;
    this.regionLength = regionLength;
    this.dataOffset = dataOffset;
    this.compressor = compressor;
    this.framesPath = framesPath;
    this.fileDigest = fileDigest;
    this.width = threadPoolLowered() ? compressor.slots : Math.max(1, compressor.slots - 1);
    this.headDigest = new Promise((resolve2, reject) => {
      this.resolveHead = resolve2;
      this.rejectHead = reject;
    });
    this.headDigest.catch(() => void 0);
    this.digest = new Promise((resolve2, reject) => {
      this.resolveDigest = resolve2;
      this.rejectDigest = reject;
    });
    this.digest.catch(() => void 0);
    this.tail = new Promise((resolve2, reject) => {
      this.resolveTail = resolve2;
      this.rejectTail = reject;
    });
    this.tail.catch(() => void 0);
    this.done = this.run();
    this.done.catch(() => void 0);
  }
  path;
  file;
  size;
  headLength;
  regionLength;
  dataOffset;
  compressor;
  framesPath;
  fileDigest;
  static {
    __name(this, "FileLane");
  }
  /** sha256 of the head as the lane read and hashed it: the writer checks its own read against it. */
  headDigest;
  /** sha256 of the whole file (known once the writer has handed over the tail; the frames may still be on their way). */
  digest;
  /** The frames are all written to `framesPath` (and the file did not change meanwhile): their size. */
  done;
  resolveHead;
  rejectHead;
  resolveDigest;
  rejectDigest;
  written = 0;
  finished = false;
  waiters = [];
  resolveTail;
  rejectTail;
  tail;
  aborted = false;
  width;
  wake;
  /** Where the tail (the bytes after the region, archived by the writer) starts in the file. */
  get tailStart() {
    return this.headLength + this.regionLength;
  }
  /** The writer hands over the tail it archived (it is done reading the file). */
  finish(tail) {
    this.resolveTail(tail);
  }
  /** The writer is done: from now on the lane may use every slot of the compressor. */
  widen() {
    this.width = this.compressor.slots;
    this.wake?.();
  }
  /** Stops the lane (the archive failed elsewhere); `done` then rejects. */
  abort() {
    this.aborted = true;
    this.rejectTail(new Error("archive aborted"));
    this.wake?.();
  }
  /** Frames bytes in the frames file so far, and whether the lane is through (`done` says how). */
  progress() {
    return { written: this.written, finished: this.finished };
  }
  /** Resolves once more than `written` bytes of frames are in the file or the lane has ended. */
  more(written) {
    if (this.written > written || this.finished) return Promise.resolve();
    return new Promise((resolve2) => this.waiters.push(resolve2));
  }
  advanced() {
    for (const w of this.waiters.splice(0)) w();
  }
  async run() {
    let fh;
    let out;
    try {
      fh = await open(this.file, "r");
      out = await open(this.framesPath, "wx", 384);
      const before = await fh.stat({ bigint: true });
      const head = Buffer.allocUnsafe(this.headLength);
      await this.readExactly(fh, head, 0);
      this.resolveHead(createHash3("sha256").update(head).digest());
      const digested = (async () => {
        const [d] = await Promise.all([this.fileDigest, this.tail]);
        if (!sameFile(d, before)) throw changedWhileArchiving(this.path);
        this.resolveDigest(d.sha256);
        return d;
      })();
      const [digest] = await Promise.all([digested, this.framePass(fh, out)]);
      if (!sameFile(digest, await fh.stat({ bigint: true }))) throw changedWhileArchiving(this.path);
      return this.written;
    } catch (e) {
      this.rejectHead(e);
      this.rejectDigest(e);
      throw e;
    } finally {
      this.finished = true;
      this.advanced();
      await fh?.close();
      await out?.close();
    }
  }
  /** The region's frames, back to back: a block is read while one compresses, a frame written while the next compresses. */
  async framePass(fh, out) {
    const blocks = new BlockPool(ZSTD_BLOCK, this.compressor.slots);
    try {
      const queue = [];
      let writing = Promise.resolve();
      const drainOne = /* @__PURE__ */ __name(async () => {
        const frame = await queue.shift();
        await writing;
        writing = (async () => {
          for (const part of frame.parts) {
            await writeAll(out, part);
            this.written += part.length;
          }
          frame.release();
          this.advanced();
        })();
        writing.catch(() => void 0);
      }, "drainOne");
      const readBlock = /* @__PURE__ */ __name(async (at) => {
        const block = await blocks.acquire();
        await this.readExactly(fh, block, at);
        return block;
      }, "readBlock");
      let next;
      for (let at = this.headLength; at < this.tailStart; at += ZSTD_BLOCK) {
        if (this.aborted) throw new Error("archive aborted");
        const block = await (next ?? readBlock(at));
        next = at + ZSTD_BLOCK < this.tailStart ? readBlock(at + ZSTD_BLOCK) : void 0;
        next?.catch(() => void 0);
        const job = this.compressor.compress(block).finally(() => blocks.release(block));
        job.catch(() => void 0);
        queue.push(job);
        while (queue.length >= this.width) {
          const widened = new Promise((resolve2) => this.wake = resolve2);
          await Promise.race([queue[0].then(() => void 0, () => void 0), widened]);
          this.wake = void 0;
          if (queue.length >= this.width) await drainOne();
        }
      }
      while (queue.length) await drainOne();
      await writing;
    } finally {
      blocks.dispose();
    }
  }
  async readExactly(fh, buf, position) {
    for (let got = 0; got < buf.length; ) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
      if (bytesRead === 0) throw changedWhileArchiving(this.path, `expected ${this.size} bytes, it ends at ${position + got}`);
      got += bytesRead;
    }
  }
};
function sameFile(d, s) {
  return d.size === s.size && d.mtimeNs === s.mtimeNs && d.ctimeNs === s.ctimeNs;
}
__name(sameFile, "sameFile");
function wantsLane(size, minBytes = LANE_MIN_BYTES) {
  return size >= Math.max(minBytes, 3 * ZSTD_BLOCK);
}
__name(wantsLane, "wantsLane");
function startLanes(plan, mtime, compressor, framesBeside, digests) {
  const lanes = /* @__PURE__ */ new Map();
  const seconds = Math.floor(mtime.getTime() / 1e3);
  let offset = 0;
  for (let i = 0; i < plan.length; i++) {
    const e = plan.fields(i);
    offset += headerLength({ path: e.path, type: e.type, mode: e.mode, size: e.size, mtime: seconds, linkTarget: e.linkTarget });
    const digest = digests.get(e.path);
    if (e.type === "file" && digest) {
      const regionStart = Math.ceil(offset / ZSTD_BLOCK) * ZSTD_BLOCK;
      const regionEnd = Math.floor((offset + e.size) / ZSTD_BLOCK) * ZSTD_BLOCK;
      if (regionEnd - regionStart < 2 * ZSTD_BLOCK) throw new Error(`internal: ${e.path} (${e.size} bytes) has fewer than two whole blocks for its lane`);
      lanes.set(e.path, new FileLane(e.path, plan.entry(i).file, e.size, regionStart - offset, regionEnd - regionStart, offset, compressor, tempPathFor(`${framesBeside}.lane`), digest));
    }
    offset += e.size + paddingFor(e.size);
  }
  return lanes;
}
__name(startLanes, "startLanes");
async function closeLanes(lanes) {
  const all = [...lanes];
  for (const lane of all) lane.abort();
  for (const lane of all) {
    await lane.done.catch(() => void 0);
    await rm2(lane.framesPath, { force: true });
  }
}
__name(closeLanes, "closeLanes");

// packages/kit/src/tar-writer.ts
import { createHash as createHash4, hash as hashOnce } from "node:crypto";
import { closeSync as closeSync2, openSync as openSync2, readSync } from "node:fs";
import { mkdir as mkdir2, open as open2, rename as rename2, rm as rm3 } from "node:fs/promises";
import { dirname as dirname2 } from "node:path";

// packages/kit/src/tree-plan.ts
import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { resolve } from "node:path";
var KIND = ["file", "directory", "symlink"];
function under(dir, rel) {
  return `${dir === "/" ? "" : dir}/${rel}`;
}
__name(under, "under");
function namesInByteOrder(dir) {
  const names = readdirSync(dir);
  if (!names.some((n) => /[\ud800-\uffff]/.test(n))) return names.sort();
  return names.map((n) => Buffer.from(n, "utf8")).sort((a, b) => Buffer.compare(a, b)).map((b) => b.toString("utf8"));
}
__name(namesInByteOrder, "namesInByteOrder");
var TreePlan = class _TreePlan {
  constructor(root) {
    this.root = root;
  }
  root;
  static {
    __name(this, "TreePlan");
  }
  paths = [];
  sizes = [];
  kinds = [];
  modes = [];
  links = /* @__PURE__ */ new Map();
  /** Walks `root`; `skip` leaves out entries by archive path (and, for a directory, what is under it). */
  static walk(root, skip = () => false, onFile) {
    const plan = new _TreePlan(resolve(root));
    const found = new _TreePlan(plan.root);
    const listed = /* @__PURE__ */ new Map();
    for (let level = [-1]; level.length; ) {
      const next = [];
      for (const dir of level) {
        const start = found.length;
        found.list(dir < 0 ? "" : found.paths[dir], skip, onFile);
        listed.set(dir, [start, found.length]);
        for (let i = start; i < found.length; i++) if (found.kinds[i] === 1) next.push(i);
      }
      level = next;
    }
    for (const a of [plan.paths, plan.sizes, plan.kinds, plan.modes]) a.length = found.length;
    let k = 0;
    const depthFirst = /* @__PURE__ */ __name((dir) => {
      const [start, end] = listed.get(dir);
      for (let i = start; i < end; i++) {
        const link = found.links.get(i);
        if (link !== void 0) plan.links.set(k, link);
        plan.paths[k] = found.paths[i];
        plan.kinds[k] = found.kinds[i];
        plan.modes[k] = found.modes[i];
        plan.sizes[k++] = found.sizes[i];
        if (found.kinds[i] === 1) depthFirst(i);
      }
    }, "depthFirst");
    depthFirst(-1);
    return plan;
  }
  get length() {
    return this.paths.length;
  }
  /** Entry `i` without its file's absolute path (for planning offsets). */
  fields(i) {
    const e = { path: this.paths[i], type: KIND[this.kinds[i]], mode: this.modes[i], size: this.sizes[i] };
    const link = this.links.get(i);
    if (link !== void 0) e.linkTarget = link;
    return e;
  }
  /** Entry `i` as the tar writer takes it (a fresh object: the plan holds none). */
  entry(i) {
    const e = this.fields(i);
    if (e.type === "file") e.file = under(this.root, e.path);
    return e;
  }
  /** Every entry in order; `extra` may add to each (a lane). */
  *entries(extra) {
    for (let i = 0; i < this.paths.length; i++) {
      const e = this.entry(i);
      extra?.(e);
      yield e;
    }
  }
  /** Adds the entries of directory `dir` (a path in the tree, "" for the root), in byte order. */
  list(dir, skip, onFile) {
    for (const name of namesInByteOrder(dir ? under(this.root, dir) : this.root)) {
      const path = dir ? `${dir}/${name}` : name;
      if (skip(path)) continue;
      const abs = under(this.root, path);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        this.push(path, 1, st.mode, 0);
      } else if (st.isFile()) {
        this.push(path, 0, st.mode, st.size);
        onFile?.(path, abs, st.size);
      } else if (st.isSymbolicLink()) {
        this.links.set(this.length, readlinkSync(abs));
        this.push(path, 2, 511, 0);
      } else {
        throw new KitError(`${abs} is neither file, directory nor symlink`, { code: "UNSAFE_ENTRY", hint: "remove devices, sockets and fifos from the tree" });
      }
    }
  }
  push(path, kind, mode, size) {
    this.paths.push(path);
    this.kinds.push(kind);
    this.modes.push(mode);
    this.sizes.push(size);
  }
};

// packages/kit/src/tar-writer.ts
function bytesReader(parts) {
  const it = parts[Symbol.iterator]();
  let part;
  let at = 0;
  return {
    read: /* @__PURE__ */ __name((buf, offset, length) => {
      let n = 0;
      while (n < length) {
        if (part === void 0 || at === part.length) {
          const next = it.next();
          if (next.done) break;
          part = next.value;
          at = 0;
          continue;
        }
        const take = Math.min(length - n, part.length - at);
        buf.set(part.subarray(at, at + take), offset + n);
        n += take;
        at += take;
      }
      return n;
    }, "read"),
    close: /* @__PURE__ */ __name(() => void 0, "close")
  };
}
__name(bytesReader, "bytesReader");
function fileReader(path, from = 0) {
  const fd = openSync2(path, "r");
  let position = from;
  return {
    read: /* @__PURE__ */ __name((buf, offset, length) => {
      const n = readSync(fd, buf, offset, length, position);
      position += n;
      return n;
    }, "read"),
    close: /* @__PURE__ */ __name(() => closeSync2(fd), "close")
  };
}
__name(fileReader, "fileReader");
var OUT_BLOCK = ZSTD_BLOCK;
var HEADER_BLOCK = 512;
async function* tarChunks(entries, mtime, options2 = {}) {
  for await (const part of tarParts(entries, mtime, options2)) {
    if (!Buffer.isBuffer(part)) throw new Error(`internal: ${part.lane.path} has a lane; compressTar writes lanes`);
    yield part;
  }
}
__name(tarChunks, "tarChunks");
async function* tarParts(entries, mtime, options2 = {}) {
  const { pool, onFile } = options2;
  const seconds = Math.floor(mtime.getTime() / 1e3);
  const allocate = /* @__PURE__ */ __name(() => pool ? pool.acquire() : Promise.resolve(Buffer.allocUnsafe(OUT_BLOCK)), "allocate");
  let block = await allocate();
  let off = 0;
  let emitted = 0;
  const take = /* @__PURE__ */ __name(async () => {
    const out = block.subarray(0, off);
    emitted += off;
    block = await allocate();
    off = 0;
    return out;
  }, "take");
  async function* put(bytes) {
    for (let at = 0; at < bytes.length; ) {
      if (off === OUT_BLOCK) yield await take();
      const n = Math.min(bytes.length - at, OUT_BLOCK - off);
      block.set(bytes.subarray(at, at + n), off);
      off += n;
      at += n;
    }
  }
  __name(put, "put");
  async function* zeros(count) {
    for (let left = count; left > 0; ) {
      if (off === OUT_BLOCK) yield await take();
      const n = Math.min(left, OUT_BLOCK - off);
      block.fill(0, off, off + n);
      off += n;
      left -= n;
    }
  }
  __name(zeros, "zeros");
  async function* laneFile(entry, lane) {
    if (emitted + off !== lane.dataOffset) throw new Error(`internal: ${entry.path} starts at ${emitted + off} of the tar stream, its lane planned ${lane.dataOffset}`);
    if (off + lane.headLength !== OUT_BLOCK) throw new Error(`internal: the lane region of ${entry.path} does not start at a block boundary`);
    const readInto = /* @__PURE__ */ __name((from, length) => {
      const start = off;
      const r = fileReader(entry.file ?? lane.file, from);
      try {
        for (let got = 0; got < length; ) {
          const n = r.read(block, off, length - got);
          if (n === 0) throw changed(entry, from + got);
          got += n;
          off += n;
        }
      } finally {
        r.close();
      }
      return block.subarray(start, off);
    }, "readInto");
    const head = readInto(0, lane.headLength);
    if (!oneShotSha256(head).equals(await lane.headDigest)) throw changedWhileArchiving(entry.path, `its first ${lane.headLength} bytes differ between two reads`);
    yield await take();
    yield { lane };
    emitted += lane.regionLength;
    lane.finish(Buffer.from(readInto(lane.tailStart, entry.size - lane.tailStart)));
    const pad = paddingFor(entry.size);
    block.fill(0, off, off + pad);
    off += pad;
  }
  __name(laneFile, "laneFile");
  const scratch = Buffer.allocUnsafe(HEADER_BLOCK);
  let sinceTurn = 0;
  for (const entry of entries) {
    if (options2.lanes && ++sinceTurn === 32) {
      sinceTurn = 0;
      await new Promise((resolve2) => setImmediate(resolve2));
    }
    const fields = { path: entry.path, type: entry.type, mode: entry.mode, size: entry.size, mtime: seconds, linkTarget: entry.linkTarget };
    if (off === OUT_BLOCK) yield await take();
    const inPlace = off + HEADER_BLOCK <= OUT_BLOCK ? encodeHeaderInto(block, off, fields) : 0;
    if (inPlace) off += inPlace;
    else if (encodeHeaderInto(scratch, 0, fields)) yield* put(scratch);
    else yield* put(encodeHeader(fields));
    if (entry.type !== "file") continue;
    if (entry.lane) {
      yield* laneFile(entry, entry.lane);
      continue;
    }
    let hash;
    let sha256;
    let got = 0;
    if (entry.reader || entry.file) {
      const r = entry.reader ? entry.reader() : fileReader(entry.file);
      try {
        const start = off;
        while (got < entry.size) {
          if (off === OUT_BLOCK) {
            if (onFile && !hash) (hash = createHash4("sha256")).update(block.subarray(start, off));
            yield await take();
          }
          const n = r.read(block, off, Math.min(OUT_BLOCK - off, entry.size - got));
          if (n === 0) break;
          hash?.update(block.subarray(off, off + n));
          got += n;
          off += n;
        }
        if (onFile && !hash) sha256 = oneShotSha256(block.subarray(start, off));
      } finally {
        r.close();
      }
    } else {
      if (onFile) hash = createHash4("sha256");
      const source = entry.open ? await entry.open() : new Uint8Array(0);
      for await (const chunk of source instanceof Uint8Array ? [source] : source) {
        got += chunk.length;
        if (got > entry.size) break;
        hash?.update(chunk);
        yield* put(chunk);
      }
    }
    if (got !== entry.size) throw changed(entry, got);
    if (onFile) onFile(entry.path, got, sha256 ?? hash.digest());
    const pad = paddingFor(entry.size);
    if (off + pad <= OUT_BLOCK) {
      block.fill(0, off, off + pad);
      off += pad;
    } else yield* zeros(pad);
  }
  if (options2.endOfArchive ?? true) yield* put(END_OF_ARCHIVE);
  if (off > 0) yield block.subarray(0, off);
  else pool?.release(block);
}
__name(tarParts, "tarParts");
function oneShotSha256(bytes) {
  return hashOnce("sha256", bytes, "buffer");
}
__name(oneShotSha256, "oneShotSha256");
function changed(entry, read) {
  return changedWhileArchiving(entry.path, `expected ${entry.size} bytes, read ${read}`);
}
__name(changed, "changed");
async function compressTar(entries, out, options2) {
  const pool = options2.pool ?? tarBlockPool(options2.compressor);
  try {
    const sink = archiveSink(options2.compression, out, options2.compressor);
    for await (const part of tarParts(entries, options2.mtime, { ...options2, pool })) {
      if (Buffer.isBuffer(part)) await sink.write(part, () => pool.release(part));
      else if (sink.splice) await sink.splice(part.lane);
      else throw new Error(`internal: ${part.lane.path} has a lane, which only zstd parts take`);
    }
    await sink.finish();
  } finally {
    if (!options2.pool) pool.dispose();
  }
}
__name(compressTar, "compressTar");
function tarBlockPool(compressor) {
  return new BlockPool(OUT_BLOCK, (compressor?.slots ?? defaultFrameSlots()) + 1);
}
__name(tarBlockPool, "tarBlockPool");
async function writeAtomically(output, fill, also) {
  await mkdir2(dirname2(output), { recursive: true });
  const tmp = tempPathFor(output);
  const file = await open2(tmp, "wx", 420);
  try {
    const out = new HashingWriter(file, also);
    await fill(out);
    await file.close();
    await rename2(tmp, output);
    return { path: output, ...out.result() };
  } catch (e) {
    await file.close().catch(() => void 0);
    await rm3(tmp, { force: true });
    throw e;
  }
}
__name(writeAtomically, "writeAtomically");
function writeTarball(entries, output, options2) {
  return writeAtomically(output, (out) => compressTar(entries, out, options2));
}
__name(writeTarball, "writeTarball");

// packages/kit/src/pack.ts
function sidecarsOf(kit) {
  return { checksum: `${kit}.sha256`, signature: `${kit}.sig`, bundle: `${kit}.sigstore.json` };
}
__name(sidecarsOf, "sidecarsOf");
async function packTree(tree, output, o) {
  const compression = compressionForPath(output);
  const mtime = o.created;
  const files = new FileTableBuilder();
  await mkdir3(dirname3(output), { recursive: true });
  const compressor = compression === "zstd" ? new ZstdFrameCompressor() : void 0;
  const laneMin = o.laneMinBytes ?? LANE_MIN_BYTES;
  const digests = /* @__PURE__ */ new Map();
  let lanes = /* @__PURE__ */ new Map();
  const body = new BodyFile(tempPathFor(`${output}.body`));
  const pool = tarBlockPool(compressor);
  try {
    const plan = TreePlan.walk(tree, (path) => path === KIT_MANIFEST_PATH, (path, file, size) => {
      if (compressor && wantsLane(size, laneMin)) digests.set(path, digestBeside(file, path));
    });
    if (compressor && digests.size) {
      lanes = startLanes(plan, mtime, compressor, output, new Map([...digests].map(([path, d]) => [path, d.digest])));
      o.logger.debug(`compressing ${[...lanes.keys()].join(", ")} beside the writer (lanes)`);
    }
    try {
      await compressTar(
        plan.entries((e) => {
          const lane = lanes.get(e.path);
          if (lane) e.lane = lane;
        }),
        body,
        { mtime, compression, ...compressor ? { compressor } : {}, pool, lanes: lanes.size > 0, onFile: /* @__PURE__ */ __name((path, size, sha256) => files.add(path, size, sha256), "onFile") }
      );
    } finally {
      await body.close();
    }
    for (const lane of lanes.values()) lane.widen();
    for (const lane of lanes.values()) files.add(lane.path, lane.size, await lane.digest);
    const table2 = files.table();
    const head = { schemaVersion: 1, kind: o.kind, created: mtime.toISOString().replace(/\.\d{3}Z$/, "Z"), tool: o.tool, meta: o.meta };
    const manifest = manifestBytes(head, table2);
    const fileCount = table2.paths.length;
    const manifestEntry = { path: KIT_MANIFEST_PATH, type: "file", mode: 420, size: manifest.size, reader: /* @__PURE__ */ __name(() => bytesReader(manifest.parts()), "reader") };
    const streaming = o.signer?.streaming?.();
    const written = await writeAtomically(
      output,
      async (out) => {
        await compressTar([manifestEntry], out, { mtime, compression, ...compressor ? { compressor } : {}, pool, endOfArchive: false });
        const copy = [await pool.acquire(), await pool.acquire()];
        try {
          await body.copyInto(out, copy);
        } finally {
          for (const b of copy) pool.release(b);
        }
      },
      streaming && ((bytes) => streaming.update(bytes))
    );
    const side = sidecarsOf(output);
    await writeFile(side.checksum, `${written.digest.slice(7)}  ${basename2(output)}
`);
    o.logger.info(`packed ${fileCount} files into ${output} (${written.size} bytes, ${written.digest})`);
    let signedBy;
    if (o.signer) {
      const sig2 = streaming ? await streaming.finish(written.digest) : await o.signer.sign(output, written.digest);
      await writeFile(side.signature, sig2.signature + "\n");
      await writeFile(side.bundle, sig2.bundleJson);
      signedBy = sig2.identity;
    }
    return {
      path: output,
      digest: written.digest,
      size: written.size,
      manifest: head,
      fileCount,
      files: /* @__PURE__ */ __name(async () => Object.keys((await readKitManifestFromArchive(output)).files), "files"),
      checksumFile: side.checksum,
      signatureFile: o.signer ? side.signature : void 0,
      bundleFile: o.signer ? side.bundle : void 0,
      signedBy
    };
  } finally {
    pool.dispose();
    compressor?.close();
    for (const d of digests.values()) d.cancel();
    await closeLanes(lanes.values());
    await rm4(body.path, { force: true });
  }
}
__name(packTree, "packTree");
var BodyFile = class {
  constructor(path) {
    this.path = path;
  }
  path;
  static {
    __name(this, "BodyFile");
  }
  file;
  written = 0;
  cuts = [];
  async write(bytes) {
    this.file ??= await open3(this.path, "wx", 384);
    await writeAll(this.file, bytes);
    this.written += bytes.length;
  }
  splice(lane) {
    this.cuts.push({ at: this.written, lane });
  }
  async close() {
    await this.file?.close();
    this.file = void 0;
  }
  /** `buffers`: two buffers to copy through (blocks of the tar writer's pool, idle by then). */
  async copyInto(out, buffers) {
    let from = 0;
    for (const cut of this.cuts) {
      await copyRange(this.path, from, cut.at, out, buffers);
      await followLane(cut.lane, out, buffers);
      from = cut.at;
    }
    await copyRange(this.path, from, this.written, out, buffers);
  }
};
async function followLane(lane, out, buffers) {
  for (let copied = 0; ; ) {
    const { written, finished } = lane.progress();
    if (copied < written) {
      await copyRange(lane.framesPath, copied, written, out, buffers);
      copied = written;
    } else if (finished) {
      const size = await lane.done;
      if (size !== copied) throw new Error(`internal: ${lane.path}: ${copied} of ${size} frame bytes copied`);
      return;
    } else await lane.more(copied);
  }
}
__name(followLane, "followLane");
async function copyRange(path, from, to, out, buffers) {
  if (to <= from) return;
  const fh = await open3(path, "r");
  try {
    const readAt = /* @__PURE__ */ __name(async (at, buf) => {
      const want = Math.min(buf.length, to - at);
      for (let got = 0; got < want; ) {
        const { bytesRead } = await fh.read(buf, got, want - got, at + got);
        if (bytesRead === 0) throw new Error(`internal: ${path} ends at ${at + got}, expected ${to} bytes`);
        got += bytesRead;
      }
      return buf.subarray(0, want);
    }, "readAt");
    let next = readAt(from, buffers[0]);
    for (let at = from, i = 0; at < to; i ^= 1) {
      const chunk = await next;
      at += chunk.length;
      if (at < to) next = readAt(at, buffers[i ^ 1]);
      await out.write(chunk);
    }
  } finally {
    await fh.close();
  }
}
__name(copyRange, "copyRange");

// packages/kit/src/ouk/nvd.ts
import { mkdir as mkdir4, writeFile as writeFile2 } from "node:fs/promises";
import { join as join3 } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

// packages/kit/src/ouk/feed-types.ts
function parseFeedTime(value) {
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
}
__name(parseFeedTime, "parseFeedTime");
function newer(a, b) {
  if (a === void 0) return b;
  return parseFeedTime(b) > parseFeedTime(a) ? b : a;
}
__name(newer, "newer");

// packages/kit/src/ouk/nvd.ts
var MAX_WINDOW_MS = 120 * 864e5;
function nvdWindows(since, until) {
  const out = [];
  for (let t = since.getTime(); t < until.getTime(); t += MAX_WINDOW_MS) {
    out.push({ start: new Date(t), end: new Date(Math.min(t + MAX_WINDOW_MS, until.getTime())) });
  }
  return out;
}
__name(nvdWindows, "nvdWindows");
function isNvdPage(v) {
  if (typeof v !== "object" || v === null) return false;
  const p = v;
  return typeof p.totalResults === "number" && Array.isArray(p.vulnerabilities) && p.vulnerabilities.every((x) => {
    const cve = typeof x === "object" && x !== null ? x.cve : void 0;
    return typeof cve === "object" && cve !== null && typeof cve.id === "string" && typeof cve.lastModified === "string";
  });
}
__name(isNvdPage, "isNvdPage");
function nvdDate(d) {
  return d.toISOString().replace("Z", "+00:00");
}
__name(nvdDate, "nvdDate");
async function fetchNvd(options2, ctx) {
  const sleep = ctx.sleep ?? ((ms) => delay(ms));
  const pageSize = Math.min(options2.pageSize ?? 2e3, 2e3);
  const pageDelay = options2.pageDelayMs ?? (options2.apiKey ? 600 : 6e3);
  const endpoint = `${options2.baseUrl.replace(/\/$/, "")}/rest/json/cves/2.0`;
  const windows = options2.since ? nvdWindows(options2.since, ctx.cutoff) : [void 0];
  let records = 0;
  let newest;
  let first = true;
  for (const window of windows) {
    for (let startIndex = 0; ; ) {
      if (!first) await sleep(pageDelay);
      first = false;
      const url = new URL(endpoint);
      url.searchParams.set("startIndex", String(startIndex));
      url.searchParams.set("resultsPerPage", String(pageSize));
      if (window) {
        url.searchParams.set("lastModStartDate", nvdDate(window.start));
        url.searchParams.set("lastModEndDate", nvdDate(window.end));
      }
      const page = await getPage(url.toString(), options2, ctx, sleep);
      for (const { cve } of page.vulnerabilities) {
        if (parseFeedTime(cve.lastModified) > ctx.cutoff.getTime()) continue;
        if (!/^CVE-\d{4}-\d+$/.test(cve.id)) throw new KitError(`NVD returned a record with id ${JSON.stringify(cve.id)}`, { code: "FEED_SCHEMA" });
        const dir = join3(options2.outDir, cve.id.slice(4, 8));
        await mkdir4(dir, { recursive: true });
        await writeFile2(join3(dir, `${cve.id}.json`), JSON.stringify(cve));
        records++;
        newest = newer(newest, cve.lastModified);
      }
      startIndex += page.vulnerabilities.length;
      ctx.logger.debug(`nvd: ${startIndex}/${page.totalResults}${window ? ` (${isoSeconds(window.start)}..${isoSeconds(window.end)})` : ""}`);
      if (page.vulnerabilities.length === 0 || startIndex >= page.totalResults) break;
    }
  }
  ctx.logger.info(`nvd: ${records} CVE records`);
  return { name: "nvd", dir: "feeds/nvd", source: safeUrl(endpoint), records, newest: newest === void 0 ? void 0 : isoSeconds(new Date(parseFeedTime(newest))), version: "2.0", ...options2.since ? { details: { since: isoSeconds(options2.since) } } : {} };
}
__name(fetchNvd, "fetchNvd");
async function getPage(url, options2, ctx, sleep) {
  const maxRetries = options2.maxRateLimitRetries ?? 6;
  let backoff = options2.rateLimitBackoffMs ?? 3e4;
  for (let attempt = 0; ; attempt++) {
    const res = await httpRequest({ url, headers: options2.apiKey ? { apiKey: options2.apiKey } : {}, acceptStatus: [403, 429], retry: { retries: 4 }, timeoutMs: 12e4 });
    if (res.status === 403 || res.status === 429) {
      const body2 = await res.text();
      if (attempt >= maxRetries) {
        throw new KitError(`NVD kept refusing with ${res.status} after ${attempt + 1} tries: ${body2.slice(0, 200)}`, { code: "FEED", hint: options2.apiKey ? "check the NVD API key (nvd-api-key) and the mirror's rate limit" : "set an NVD API key (--nvd-api-key) for higher rate limits" });
      }
      const retryAfter = Number(res.headers.get("retry-after"));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(retryAfter * 1e3, backoff) : backoff;
      ctx.logger.warn(`nvd: rate limited (${res.status}), waiting ${Math.round(wait / 1e3)} s`);
      await sleep(wait);
      backoff *= 2;
      continue;
    }
    const body = await res.json();
    if (!isNvdPage(body)) throw new KitError(`NVD answer from ${safeUrl(url)} is not a CVE API 2.0 page`, { code: "FEED_SCHEMA", hint: "check --nvd-url points at an NVD 2.0 mirror" });
    return body;
  }
}
__name(getPage, "getPage");

// packages/kit/src/ouk/osv.ts
import { mkdir as mkdir5, rm as rm5, writeFile as writeFile3 } from "node:fs/promises";
import { join as join4 } from "node:path";
var import_yauzl = __toESM(require_yauzl(), 1);

// packages/kit/src/ouk/download.ts
import { createHash as createHash5 } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open as open4, stat as stat3, truncate } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline as pipeline3 } from "node:stream/promises";
import { setTimeout as delay2 } from "node:timers/promises";
function googMd5(header) {
  if (!header) return void 0;
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split(/=(.*)/s);
    if (k === "md5" && v) return v;
  }
  return void 0;
}
__name(googMd5, "googMd5");
async function fileHashes(path) {
  const md5 = createHash5("md5");
  const sha = createHash5("sha256");
  const size = await readThrough(path, (c) => {
    md5.update(c);
    sha.update(c);
  });
  return { md5: md5.digest("base64"), sha256: sha.digest("hex"), size };
}
__name(fileHashes, "fileHashes");
async function downloadResumable(url, dest, options2) {
  const attempts = options2.attempts ?? 5;
  let have = 0;
  let etag = null;
  let total;
  let md5;
  await truncateOrCreate(dest);
  for (let attempt = 1; ; attempt++) {
    const headers = { ...options2.headers };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      if (etag) headers["if-range"] = etag;
    }
    try {
      const res = await httpRequest({ url, headers, timeoutMs: 12e4 });
      if (res.status === 206 && have > 0) {
        const m = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
        if (m) total = Number(m[1]);
      } else {
        have = 0;
        await truncate(dest, 0);
        const len = res.headers.get("content-length");
        total = len === null ? void 0 : Number(len);
        etag = res.headers.get("etag");
      }
      md5 = googMd5(res.headers.get("x-goog-hash")) ?? md5;
      if (!res.body) throw new KitError(`${safeUrl(url)} answered without a body`, { code: "FEED" });
      const fh = await open4(dest, "a");
      try {
        for await (const chunk of res.body) {
          await fh.write(chunk);
          have += chunk.length;
        }
      } finally {
        await fh.close();
      }
      break;
    } catch (e) {
      if (e instanceof KitError || attempt >= attempts || !isRetryableNetworkError(e)) {
        if (e instanceof KitError) throw e;
        throw new KitError(`download of ${safeUrl(url)} failed after ${attempt} attempt(s) at byte ${have}`, { code: "FEED", cause: e, hint: "check the mirror URL and the network; the download resumes where it stopped" });
      }
      options2.logger.warn(`download of ${safeUrl(url)} broke at byte ${have}; resuming (attempt ${attempt + 1}/${attempts})`);
      have = (await stat3(dest)).size;
      await delay2(200 * attempt);
    }
  }
  const got = await fileHashes(dest);
  const checked = [];
  if (total !== void 0) {
    if (got.size !== total) throw new KitError(`${safeUrl(url)}: got ${got.size} bytes, the server stated ${total}`, { code: "SIZE_MISMATCH", hint: "the mirror served a truncated file; fetch again" });
    checked.push(`size=${total}`);
  }
  if (md5 !== void 0) {
    if (got.md5 !== md5) throw new KitError(`${safeUrl(url)}: md5 ${got.md5} differs from the stated x-goog-hash md5=${md5}`, { code: "DIGEST_MISMATCH", hint: "the mirror served a damaged file; fetch again" });
    checked.push(`md5=${md5}`);
  }
  return { size: got.size, digest: `sha256:${got.sha256}`, checked };
}
__name(downloadResumable, "downloadResumable");
async function truncateOrCreate(path) {
  await pipeline3(Readable.from([]), createWriteStream(path, { flags: "w" }));
}
__name(truncateOrCreate, "truncateOrCreate");

// packages/kit/src/ouk/osv.ts
var SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:+-]*$/;
function isOsvRecord(v) {
  return typeof v === "object" && v !== null && typeof v.id === "string" && typeof v.modified === "string";
}
__name(isOsvRecord, "isOsvRecord");
async function fetchOsv(options2, ctx) {
  let records = 0;
  let newest;
  const details = {};
  for (const eco of [...options2.ecosystems].sort()) {
    if (!SAFE_NAME.test(eco)) throw new KitError(`OSV ecosystem ${JSON.stringify(eco)} is not a plain name`, { code: "FEED", hint: "use names such as npm, PyPI, Go, Maven, Debian" });
    const url = `${options2.baseUrl.replace(/\/$/, "")}/${encodeURIComponent(eco)}/all.zip`;
    await mkdir5(options2.workDir, { recursive: true });
    const zipPath = join4(options2.workDir, `osv-${eco}.zip`);
    const got = await downloadResumable(url, zipPath, { logger: ctx.logger });
    const dir = join4(options2.outDir, eco);
    await mkdir5(dir, { recursive: true });
    let count = 0;
    await forEachZipEntry(zipPath, options2.maxRecordBytes ?? 64 * 2 ** 20, async (name, bytes) => {
      let record;
      try {
        record = JSON.parse(bytes.toString("utf8"));
      } catch (e) {
        throw new KitError(`OSV ${eco}/all.zip: ${name} is not JSON`, { code: "FEED_SCHEMA", cause: e });
      }
      if (!isOsvRecord(record) || !SAFE_NAME.test(record.id)) throw new KitError(`OSV ${eco}/all.zip: ${name} is not an OSV record (needs id and modified)`, { code: "FEED_SCHEMA" });
      if (parseFeedTime(record.modified) > ctx.cutoff.getTime()) return;
      await writeFile3(join4(dir, `${record.id}.json`), bytes);
      count++;
      newest = newer(newest, record.modified);
    });
    await rm5(zipPath, { force: true });
    details[eco] = `${count} records, ${got.digest}${got.checked.length ? `, checked ${got.checked.join(" ")}` : ""}`;
    records += count;
    ctx.logger.info(`osv: ${eco}: ${count} records`);
  }
  return { name: "osv", dir: "feeds/osv", source: safeUrl(options2.baseUrl), records, newest: newest === void 0 ? void 0 : isoSeconds(new Date(parseFeedTime(newest))), version: "osv-schema-1", details };
}
__name(fetchOsv, "fetchOsv");
function forEachZipEntry(path, maxBytes, each) {
  return new Promise((resolve2, reject) => {
    import_yauzl.default.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(new KitError(`${path} is not a readable zip: ${err.message}`, { code: "FEED", cause: err }));
      const fail = /* @__PURE__ */ __name((e) => {
        zip.close();
        reject(e instanceof Error ? e : new Error(String(e)));
      }, "fail");
      zip.on("error", fail);
      zip.on("end", () => resolve2());
      zip.on("entry", (entry) => {
        const name = entry.fileName;
        if (name.endsWith("/") || !name.endsWith(".json")) return zip.readEntry();
        if (name.includes("/") || name.includes("\\")) return fail(new KitError(`zip entry ${JSON.stringify(name)} is not a top-level record`, { code: "UNSAFE_ENTRY" }));
        if (entry.uncompressedSize > maxBytes) return fail(new KitError(`zip entry ${name} inflates to ${entry.uncompressedSize} bytes`, { code: "BOMB" }));
        zip.openReadStream(entry, (e2, stream) => {
          if (e2) return fail(e2);
          const chunks = [];
          stream.on("data", (c) => chunks.push(c));
          stream.on("error", fail);
          stream.on("end", () => {
            each(name, Buffer.concat(chunks)).then(() => zip.readEntry(), fail);
          });
        });
      });
      zip.readEntry();
    });
  });
}
__name(forEachZipEntry, "forEachZipEntry");

// packages/kit/src/ouk/build.ts
var OUK_KIND = "stella-ouk";
function parseKitDate(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const created = m ? /* @__PURE__ */ new Date(`${date}T00:00:00Z`) : /* @__PURE__ */ new Date(NaN);
  if (!m || Number.isNaN(created.getTime()) || created.toISOString().slice(0, 10) !== date) {
    throw new KitError(`--date ${JSON.stringify(date)} is not a calendar date`, { code: "FEED", hint: "use YYYY-MM-DD, e.g. --date $(date -I)" });
  }
  return { created, cutoff: new Date(created.getTime() + 864e5 - 1) };
}
__name(parseKitDate, "parseKitDate");
async function buildOuk(o) {
  const { created, cutoff } = parseKitDate(o.date);
  const token = checkClientToken(o.clientJwt.trim(), o.now);
  if (!o.nvd && !o.osv && !o.trivy?.length) throw new KitError("no feed chosen", { code: "FEED", hint: "pass at least one of --nvd, --osv, --trivy-db" });
  const tree = join5(o.workDir, "tree");
  await rm6(tree, { recursive: true, force: true });
  await mkdir6(join5(tree, "root"), { recursive: true });
  const ctx = { cutoff, logger: o.logger, ...o.sleep ? { sleep: o.sleep } : {} };
  const feeds = [];
  try {
    if (o.nvd) feeds.push(await fetchNvd({ ...o.nvd, outDir: join5(tree, "feeds", "nvd") }, ctx));
    if (o.osv) feeds.push(await fetchOsv({ ...o.osv, outDir: join5(tree, "feeds", "osv"), workDir: join5(o.workDir, "downloads") }, ctx));
    for (const t of o.trivy ?? []) {
      if (!o.openStore) throw new KitError(`${t.name} needs a registry to pull from`, { code: "FEED" });
      feeds.push(await fetchTrivyDb({ ...t, outDir: join5(tree, "feeds", t.name), openStore: o.openStore }, ctx));
    }
    await writeFile4(join5(tree, "root", "client.jwt"), o.clientJwt.trim() + "\n");
    const packed = await packTree(tree, o.output, {
      kind: OUK_KIND,
      created,
      tool: { name: "stella", version: o.toolVersion },
      meta: { date: o.date, cutoff: cutoff.toISOString(), feeds, token: { file: "root/client.jwt", ...token } },
      ...o.signer ? { signer: o.signer } : {},
      logger: o.logger
    });
    return { ...packed, feeds, token };
  } finally {
    await rm6(tree, { recursive: true, force: true });
    await rm6(join5(o.workDir, "downloads"), { recursive: true, force: true });
  }
}
__name(buildOuk, "buildOuk");

// packages/kit/src/ouk/import.ts
import { appendFile, mkdir as mkdir7, readFile as readFile2, writeFile as writeFile5 } from "node:fs/promises";
import { basename as basename3, dirname as dirname4, join as join6 } from "node:path";

// packages/kit/src/ouk/redis-contract.ts
var FEED_CACHE_PATTERN = "stella:feeds:*";
var FEED_UPDATED_CHANNEL = "stella:feeds:updated";
var AUDIT_STREAM = "stella:audit";
var OUK_UPDATE_EVENT = "ouk_update";

// packages/kit/src/ouk/import.ts
var IMPORT_RECORD = ".stella-ouk.json";
function feedAges(manifest, now) {
  const feeds = Array.isArray(manifest.meta.feeds) ? manifest.meta.feeds : [];
  return feeds.map((f) => ({ name: String(f.name), newest: f.newest, ageHours: f.newest ? Math.floor((now.getTime() - Date.parse(f.newest)) / 36e5) : void 0 }));
}
__name(feedAges, "feedAges");
async function readRecord(target) {
  const text = await readFile2(join6(target, IMPORT_RECORD), "utf8").catch(() => void 0);
  if (!text) return void 0;
  const doc = JSON.parse(text);
  return typeof doc === "object" && doc !== null && typeof doc.digest === "string" ? doc.digest : void 0;
}
__name(readRecord, "readRecord");
async function importOuk(o) {
  const side = sidecarsOf(o.file);
  const bundleFile = o.bundleFile ?? side.bundle;
  const bundle = await readFile2(bundleFile).catch((e) => {
    throw new KitError(`no signature bundle for ${o.file} (looked for ${bundleFile})`, { code: "SIGNATURE", cause: e, hint: "copy the .sigstore.json published beside the kit, or pass --bundle" });
  });
  const detached = await readFile2(o.signatureFile ?? side.signature, "utf8").catch(() => void 0);
  const { identity, digest } = await o.verifier.verify(o.file, bundle, detached);
  const checksum = await readFile2(side.checksum, "utf8").catch(() => void 0);
  if (checksum !== void 0 && checksum.split(/\s+/)[0] !== digest.slice(7)) {
    throw new KitError(`${side.checksum} says ${checksum.split(/\s+/)[0] ?? ""}, the kit is ${digest}`, { code: "DIGEST_MISMATCH", hint: "the kit or its .sha256 was altered; fetch both again" });
  }
  o.logger.info(`signature verified (${identity}), ${digest}`);
  if (await readRecord(o.target) === digest) {
    const manifest2 = parseKitManifest(await readFile2(join6(o.target, KIT_MANIFEST_PATH)), o.target);
    o.logger.info(`${basename3(o.file)} is already active in ${o.target}: nothing to do`);
    return { status: "unchanged", digest, signedBy: identity, feeds: feedAges(manifest2, o.now), previous: void 0, event: void 0 };
  }
  let manifest;
  const extracted = await extractSafely(o.file, o.target, {
    ...o.limits ? { limits: o.limits } : {},
    manifestEntry: {
      path: KIT_MANIFEST_PATH,
      parse: /* @__PURE__ */ __name((bytes) => {
        manifest = parseKitManifest(bytes, o.file);
        if (manifest.kind !== OUK_KIND) throw new KitError(`${o.file} is a ${manifest.kind}, not an Offline Update Kit`, { code: "MANIFEST" });
        return expectedFiles(manifest);
      }, "parse")
    },
    beforeSwap: /* @__PURE__ */ __name((staging) => writeFile5(join6(staging, IMPORT_RECORD), JSON.stringify({ digest, file: basename3(o.file), signedBy: identity, importedAt: isoSeconds(o.now) }) + "\n"), "beforeSwap")
  });
  if (!manifest) throw new KitError(`${o.file} has no manifest.json`, { code: "MANIFEST" });
  const feeds = feedAges(manifest, o.now);
  let cacheKeysDeleted = 0;
  if (o.bus) cacheKeysDeleted = await o.bus.invalidateCaches();
  const event = {
    type: OUK_UPDATE_EVENT,
    time: isoSeconds(o.now),
    kit: { file: basename3(o.file), digest, date: typeof manifest.meta.date === "string" ? manifest.meta.date : "", created: manifest.created },
    signedBy: identity,
    target: o.target,
    previous: extracted.previous ?? null,
    feeds,
    cacheKeysDeleted
  };
  const auditLog = o.auditLog ?? join6(dirname4(o.target), "audit.jsonl");
  await mkdir7(dirname4(auditLog), { recursive: true });
  await appendFile(auditLog, JSON.stringify(event) + "\n");
  if (o.bus) await o.bus.announce(event);
  for (const f of feeds) o.logger.info(`feed ${f.name}: newest ${f.newest ?? "none"}, age ${f.ageHours === void 0 ? "unknown" : `${f.ageHours} h`}`);
  return { status: "imported", digest, signedBy: identity, feeds, previous: extracted.previous, event };
}
__name(importOuk, "importOuk");

// packages/kit/src/ouk/redis-bus.ts
var import_redis = __toESM(require_dist(), 1);
async function redisFeedBus(url) {
  const client = (0, import_redis.createClient)({ url, socket: { connectTimeout: 1e4, reconnectStrategy: false } });
  client.on("error", () => void 0);
  try {
    await client.connect();
  } catch (e) {
    throw new KitError(`cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, "//***@")}: ${errorMessage(e)}`, { code: "IO", cause: e, hint: "check --redis, or leave it out to skip cache invalidation" });
  }
  return {
    async invalidateCaches() {
      let deleted = 0;
      for await (const keys of client.scanIterator({ MATCH: FEED_CACHE_PATTERN, COUNT: 500 })) {
        if (keys.length) deleted += await client.unlink(keys);
      }
      return deleted;
    },
    async announce(event) {
      const json = JSON.stringify(event);
      await client.publish(FEED_UPDATED_CHANNEL, json);
      await client.xAdd(AUDIT_STREAM, "*", { type: OUK_UPDATE_EVENT, event: json });
    },
    async close() {
      await client.close();
    }
  };
}
__name(redisFeedBus, "redisFeedBus");

// packages/kit/src/blob-signature.ts
import { createSign } from "node:crypto";
import { readFile as readFile3 } from "node:fs/promises";
async function fileSha256(file) {
  return `sha256:${(await sha256Of(fileChunks(file))).toString("hex")}`;
}
__name(fileSha256, "fileSha256");
function keyKitSigner(key) {
  const bundleOf = /* @__PURE__ */ __name((digest, signature) => {
    const bundle = {
      mediaType: BUNDLE_MEDIA_TYPE,
      verificationMaterial: { publicKey: { hint: keyHint(key.publicKey) }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
      messageSignature: { messageDigest: { algorithm: "SHA2_256", digest: Buffer.from(digest.slice(7), "hex").toString("base64") }, signature: signature.toString("base64") }
    };
    return { bundleJson: Buffer.from(JSON.stringify(bundle)), signature: signature.toString("base64"), identity: `key sha256:${keyHint(key.publicKey).slice(0, 16)}` };
  }, "bundleOf");
  return {
    async sign(file, digest) {
      const hash = streamHash(key.privateKey);
      if (hash === void 0) {
        return bundleOf(digest, signBytes(key, await readFile3(file)));
      }
      const signed = await digestAndSign(fileChunks(file), key.privateKey, hash);
      const streamed = `sha256:${signed.digest.toString("hex")}`;
      if (streamed !== digest) throw new KitError(`${file} changed after it was written (${streamed} \u2260 ${digest})`, { code: "DIGEST_MISMATCH" });
      return bundleOf(digest, signed.signature);
    },
    streaming() {
      const hash = streamHash(key.privateKey);
      if (hash === void 0) return void 0;
      const signing = createSign(hash);
      return {
        update: /* @__PURE__ */ __name((bytes) => void signing.update(bytes), "update"),
        finish: /* @__PURE__ */ __name((digest) => Promise.resolve(bundleOf(digest, signing.sign({ key: key.privateKey, dsaEncoding: "der" }))), "finish")
      };
    }
  };
}
__name(keyKitSigner, "keyKitSigner");
function signerKitSigner(signer) {
  return {
    async sign(file) {
      const sig2 = await signBlob(file, signer);
      return { bundleJson: sig2.bundleJson, signature: sig2.signature, identity: sig2.identity };
    }
  };
}
__name(signerKitSigner, "signerKitSigner");
function keyKitVerifier(publicKey) {
  return {
    async verify(file, bundleJson, detached) {
      let bundle;
      try {
        bundle = parseBundle(bundleJson, `${file} bundle`);
      } catch (e) {
        throw new KitError(`the signature bundle of ${file} is unreadable: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
      }
      if (bundle.content.$case !== "messageSignature") throw new KitError(`the bundle of ${file} is not a sign-blob message signature`, { code: "SIGNATURE" });
      const sig2 = Buffer.from(bundle.content.messageSignature.signature);
      if (detached !== void 0 && detached.trim() !== sig2.toString("base64")) throw new KitError(`the detached signature of ${file} differs from its bundle's`, { code: "SIGNATURE", hint: "the .sig or the bundle was replaced" });
      const hash = streamHash(publicKey);
      if (hash === void 0) {
        await verifyBlob(file, { bundle, publicKey }).catch((e) => {
          throw new KitError(`signature of ${file} does not verify: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
        });
        return { identity: `key sha256:${keyHint(publicKey).slice(0, 16)}`, digest: await fileSha256(file) };
      }
      const checked = await digestAndVerify(fileChunks(file), publicKey, hash, sig2);
      const digest = `sha256:${checked.digest.toString("hex")}`;
      const stated = bundle.content.messageSignature.messageDigest;
      if (stated && `sha256:${Buffer.from(stated.digest).toString("hex")}` !== digest) {
        throw new KitError(`${file} has digest ${digest}, its signature bundle was made for sha256:${Buffer.from(stated.digest).toString("hex")}`, { code: "DIGEST_MISMATCH", hint: "the kit was altered after signing; fetch it again" });
      }
      if (!checked.ok) {
        throw new KitError(`the signature of ${file} does not verify with the given key`, { code: "SIGNATURE", hint: "wrong cosign.pub, or the kit or its signature was altered" });
      }
      return { identity: `key sha256:${keyHint(publicKey).slice(0, 16)}`, digest };
    }
  };
}
__name(keyKitVerifier, "keyKitVerifier");
function identityKitVerifier(identity, trustedRoot) {
  return {
    async verify(file, bundleJson, detached) {
      try {
        const v = await verifyBlob(file, { bundle: bundleJson, identity, trustedRoot, ...detached === void 0 ? {} : { signature: detached } });
        return { identity: v.subject, digest: await fileSha256(file) };
      } catch (e) {
        throw new KitError(`signature of ${file} does not verify: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
      }
    }
  };
}
__name(identityKitVerifier, "identityKitVerifier");

// packages/kit/src/signing-spec.ts
async function kitSignerFromSpec(spec) {
  if (spec.keyPem !== void 0 && spec.keyPem.trim() !== "" && !spec.keyless && !spec.tlogUpload) {
    return keyKitSigner(await loadPrivateKey(spec.keyPem, spec.keyPassword, spec.keySource ?? "--key"));
  }
  return signerKitSigner(await signerFromSpec(spec));
}
__name(kitSignerFromSpec, "kitSignerFromSpec");
function kitVerifierFrom(material) {
  if (material.publicKey) return keyKitVerifier(material.publicKey);
  if (material.identity && material.trustedRoot) return identityKitVerifier(material.identity, material.trustedRoot);
  throw new KitError("say whose signature to accept", { code: "SIGNATURE", hint: "pass --key cosign.pub, or --certificate-identity with --certificate-oidc-issuer and --trusted-root" });
}
__name(kitVerifierFrom, "kitVerifierFrom");

// packages/kit/src/offline/build.ts
import { cp, mkdir as mkdir8, readFile as readFile5, rm as rm7, stat as stat5, writeFile as writeFile6 } from "node:fs/promises";
import { join as join8 } from "node:path";

// packages/kit/src/offline/layout-blobs.ts
import { readdir, readFile as readFile4, stat as stat4 } from "node:fs/promises";
import { join as join7 } from "node:path";
async function layerBlobsOf(layoutDir) {
  const dir = join7(layoutDir, "blobs", "sha256");
  const layers = /* @__PURE__ */ new Set();
  for (const hex of await readdir(dir).catch(() => [])) {
    const path = join7(dir, hex);
    if ((await stat4(path)).size > 4 * 2 ** 20) continue;
    const text = await readFile4(path, "utf8");
    if (!text.startsWith("{")) continue;
    let doc;
    try {
      doc = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof doc !== "object" || doc === null) continue;
    const m = doc;
    if (m.subject !== void 0 || !Array.isArray(m.layers)) continue;
    for (const l of m.layers) {
      const d = typeof l === "object" && l !== null ? l.digest : void 0;
      if (typeof d === "string") layers.add(d);
    }
  }
  return layers;
}
__name(layerBlobsOf, "layerBlobsOf");
function blobPath(digest) {
  return `images/blobs/sha256/${digest.replace(/^sha256:/, "")}`;
}
__name(blobPath, "blobPath");

// packages/kit/src/offline/build.ts
var OFFLINE_KIT_KIND = "stella-offline-kit";
function offlineKitName(channel, version) {
  return `stellaops-kit-${channel}-${version}.tar.zst`;
}
__name(offlineKitName, "offlineKitName");
async function referrerFiles(layout, s, tree) {
  const refs = [...await layout.referrers(s.digest)].sort((a, b) => a.digest < b.digest ? -1 : 1);
  for (const r of refs) {
    const type = r.artifactType ?? "";
    const isSbom = SBOM_ARTIFACT_TYPES.includes(type);
    const isBundle = type.startsWith("application/vnd.dev.sigstore.bundle");
    if (!isSbom && !isBundle) continue;
    const m = JSON.parse(Buffer.from((await layout.getManifest(r.digest)).bytes).toString("utf8"));
    const layers = typeof m === "object" && m !== null && Array.isArray(m.layers) ? m.layers : [];
    for (const [i, l] of layers.entries()) {
      const bytes = await layout.getBlobBytes(l);
      const short = r.digest.slice(7, 19);
      const name = isSbom ? join8("sboms", `${s.service_id}-${short}${i ? `-${i}` : ""}.${type.includes("spdx") ? "spdx" : "cdx"}.${type.endsWith("protobuf") ? "pb" : type.endsWith("xml") ? "xml" : "json"}`) : join8("attest", `${s.service_id}-${short}${i ? `-${i}` : ""}.sigstore.json`);
      await mkdir8(join8(tree, name, ".."), { recursive: true });
      await writeFile6(join8(tree, name), bytes);
    }
  }
}
__name(referrerFiles, "referrerFiles");
async function buildOfflineKit(o) {
  const release = await loadReleaseManifest(o.manifestPath);
  const tree = join8(o.workDir, "tree");
  await rm7(tree, { recursive: true, force: true });
  await mkdir8(join8(tree, "manifest"), { recursive: true });
  try {
    await writeFile6(join8(tree, "manifest", "release.json"), await readFile5(o.manifestPath));
    const bundlePath = o.bundlePath ?? `${o.manifestPath}.sigstore.json`;
    const hasBundle = await stat5(bundlePath).then(() => true, () => false);
    if (hasBundle) await writeFile6(join8(tree, "manifest", "release.json.sigstore.json"), await readFile5(bundlePath));
    else if (o.bundlePath) throw new KitError(`no bundle at ${o.bundlePath}`, { code: "MANIFEST" });
    else o.logger.warn(`no ${bundlePath}: the kit carries release.json without its bundle (import then verifies the signatures[] entries)`);
    await writeFile6(join8(tree, "manifest", "release.yaml"), writeReleaseYaml(releaseYamlOf(release, { train: o.channel })));
    const layout = await OciLayoutStore.open(join8(tree, "images"), { create: true, scratch: true });
    const services = [...release.manifest.services].sort((a, b) => a.service_id < b.service_id ? -1 : 1);
    const images = await mapLimit(services, o.concurrency ?? 4, async (s) => {
      const src = await openImage(o.source ? o.source(s.image, s.digest) : `docker://${s.image}@${s.digest}`, { ...o.open, mode: "read" });
      try {
        const r = await copyImage({ store: src.store, reference: s.digest }, { store: layout, tag: s.service_id, digest: s.digest }, { all: true, logger: o.logger });
        o.logger.info(`${s.service_id}: ${s.image}@${s.digest} (${r.manifests} manifests, ${r.referrers} referrers)`);
      } finally {
        await src.close();
      }
      await referrerFiles(layout, s, tree);
      return { service: s.service_id, image: s.image, digest: s.digest, tag: s.tag };
    });
    const pruned = await pruneLayout(layout);
    if (pruned.removed.length) o.logger.debug(`images/: ${pruned.removed.length} unreferenced blob(s) left out`);
    const include = typeof o.include === "function" ? await o.include() : o.include;
    for (const name of ["charts", "compose", "plugins", "policy"]) {
      const from = include?.[name];
      if (from) await cp(from, join8(tree, name), { recursive: true, dereference: true });
    }
    let delta;
    if (o.delta) {
      const base = await readKitManifestFromArchive(o.delta);
      const layers = await layerBlobsOf(join8(tree, "images"));
      const omitted = [];
      for (const digest of [...layers].sort()) {
        const path = blobPath(digest);
        const had = base.files[path];
        if (had?.digest !== digest) continue;
        omitted.push({ path, digest, size: had.size });
        await rm7(join8(tree, path));
      }
      delta = { base: { file: o.delta.split("/").pop() ?? o.delta, digest: await fileSha256(o.delta), version: typeof base.meta.version === "string" ? base.meta.version : "" }, omitted };
      o.logger.info(`delta: ${omitted.length} layer blob(s) left out, carried by ${delta.base.file}`);
    }
    const created = o.created ?? new Date(release.manifest.released_at ?? "1970-01-01T00:00:00Z");
    const packed = await packTree(tree, o.output, {
      kind: OFFLINE_KIT_KIND,
      created,
      tool: { name: "stella", version: o.toolVersion },
      meta: { channel: o.channel, version: release.manifest.version, release_id: release.manifest.release_id, manifest_digest: release.manifest.manifest_digest ?? null, images, ...delta ? { delta } : {} },
      ...o.signer ? { signer: o.signer } : {},
      logger: o.logger
    });
    return { ...packed, images, delta };
  } finally {
    await rm7(tree, { recursive: true, force: true });
  }
}
__name(buildOfflineKit, "buildOfflineKit");

// packages/kit/src/offline/import.ts
import { mkdir as mkdir9, readFile as readFile6, rm as rm8 } from "node:fs/promises";
import { join as join9 } from "node:path";
function destinationOf(registry, image) {
  const { repository } = parseDockerReference(image);
  if (registry.startsWith("oci:")) return `oci:${registry.slice(4).replace(/\/+$/, "")}/${repository}`;
  const base = registry.replace(/^docker:\/\//, "").replace(/\/+$/, "");
  return `docker://${base}/${repository}`;
}
__name(destinationOf, "destinationOf");
async function importOfflineKit(o) {
  const side = sidecarsOf(o.file);
  const bundle = await readFile6(side.bundle).catch((e) => {
    throw new KitError(`no signature bundle for ${o.file} (looked for ${side.bundle})`, { code: "SIGNATURE", cause: e, hint: "copy the .sigstore.json published beside the kit" });
  });
  const detached = await readFile6(side.signature, "utf8").catch(() => void 0);
  const { digest, identity } = await o.verifier.verify(o.file, bundle, detached);
  o.logger.info(`kit signature verified (${identity}), ${digest}`);
  const dir = join9(o.workDir, "kit");
  await mkdir9(o.workDir, { recursive: true });
  await rm8(dir, { recursive: true, force: true });
  let manifest;
  await extractSafely(o.file, dir, {
    manifestEntry: {
      path: KIT_MANIFEST_PATH,
      parse: /* @__PURE__ */ __name((bytes) => {
        manifest = parseKitManifest(bytes, o.file);
        if (manifest.kind !== OFFLINE_KIT_KIND) throw new KitError(`${o.file} is a ${manifest.kind}, not an offline kit`, { code: "MANIFEST" });
        return expectedFiles(manifest);
      }, "parse")
    }
  });
  if (!manifest) throw new KitError(`${o.file} has no manifest.json`, { code: "MANIFEST" });
  const files = manifest.files;
  for (const [path, f] of Object.entries(files)) {
    const m = /^images\/blobs\/sha256\/([a-f0-9]{64})$/.exec(path);
    if (m && f.digest !== `sha256:${m[1] ?? ""}`) throw new KitError(`${path} holds ${f.digest}: a blob stored under another digest`, { code: "DIGEST_MISMATCH", hint: "the kit's image layout was altered" });
  }
  const releaseBytes = await readFile6(join9(dir, "manifest", "release.json"), "utf8");
  const release = parseReleaseManifest(releaseBytes, { source: "manifest/release.json" });
  const releaseBundle = await readFile6(join9(dir, "manifest", "release.json.sigstore.json"), "utf8").then((t) => [JSON.parse(t)], () => []);
  try {
    await verifyManifest(release, sigstoreManifestVerifier({ ...o.material.publicKey ? { publicKey: o.material.publicKey } : {}, ...o.material.identity ? { identity: o.material.identity } : {}, ...o.material.trustedRoot ? { trustedRoot: o.material.trustedRoot } : {} }), releaseBundle);
  } catch (e) {
    throw new KitError(`manifest/release.json does not verify: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
  }
  o.logger.info(`release ${release.manifest.version} verified (${release.manifest.manifest_digest ?? ""})`);
  const layoutDir = join9(dir, "images");
  const layout = await OciLayoutStore.open(layoutDir, { scratch: true });
  const problems = [];
  for (const s of release.manifest.services) {
    const got = await layout.resolve(s.service_id).then((d) => d.digest, () => void 0);
    if (got !== s.digest) problems.push(`${s.service_id}: the kit holds ${got ?? "nothing"}, release.json says ${s.digest}`);
  }
  if (problems.length) throw new KitError(`the kit's images differ from the release:
  ${problems.join("\n  ")}`, { code: "IMAGE", hint: "the kit was built from another release or altered" });
  const reports = await verifyImages(release.manifest.services.map((s) => `oci:${layoutDir}@${s.digest}`), o.material, { logger: o.logger, ...o.concurrency ? { concurrency: o.concurrency } : {} }).catch((e) => {
    throw new KitError(`image signatures do not verify: ${errorMessage(e)}`, { code: "IMAGE", cause: e });
  });
  if (!reports.every((r) => r.verified)) throw new KitError(`image signatures do not verify:
${formatVerifyReport(reports)}`, { code: "IMAGE", hint: "nothing was pushed; the kit's images were altered or signed by someone else" });
  const images = Array.isArray(manifest.meta.images) ? manifest.meta.images : [];
  const delta = manifest.meta.delta;
  if (delta) {
    const missing = [];
    for (const om of delta.omitted) {
      let found = false;
      for (const img of images) {
        const dst = await openImage(destinationOf(o.registry, img.image), { ...o.open, mode: "read" }).catch(() => void 0);
        if (dst && await dst.store.hasBlob(om.digest).catch(() => false)) found = true;
        await dst?.close();
        if (found) break;
      }
      if (!found) missing.push(om.digest);
    }
    if (missing.length) {
      throw new KitError(`this delta kit leaves out ${missing.length} blob(s) the registry does not have (e.g. ${missing[0] ?? ""}): import the base kit ${delta.base.file} (${delta.base.digest}, release ${delta.base.version}) first`, { code: "DELTA_BASE_MISSING", hint: "nothing was pushed" });
    }
    for (const om of delta.omitted) if (files[blobPath(om.digest)]) throw new KitError(`delta lists ${om.digest} as left out but carries it`, { code: "MANIFEST" });
  }
  const services = [...release.manifest.services].sort((a, b) => a.service_id < b.service_id ? -1 : 1);
  const pushed = await mapLimit(services, o.concurrency ?? 4, async (s) => {
    const dst = await openImage(`${destinationOf(o.registry, s.image)}@${s.digest}`, { ...o.open, mode: "write" });
    try {
      const tag2 = s.tag ?? (o.registry.startsWith("oci:") ? s.version ?? "latest" : void 0);
      const r = await copyImage({ store: layout, reference: s.digest }, { store: dst.store, digest: s.digest, ...tag2 ? { tag: tag2 } : {} }, { all: true, logger: o.logger });
      await dst.commit();
      return { service: s.service_id, reference: `${destinationOf(o.registry, s.image)}@${s.digest}`, digest: r.digest, referrers: r.referrers };
    } finally {
      await dst.close();
    }
  });
  await rm8(dir, { recursive: true, force: true });
  return { digest, release: { version: release.manifest.version, manifest_digest: release.manifest.manifest_digest ?? "" }, pushed };
}
__name(importOfflineKit, "importOfflineKit");

export {
  tarChunks,
  writeTarball,
  rollback,
  keyKitSigner,
  keyKitVerifier,
  issueClientToken,
  defaultOpenStore,
  buildOuk,
  importOuk,
  redisFeedBus,
  kitSignerFromSpec,
  kitVerifierFrom,
  offlineKitName,
  buildOfflineKit,
  importOfflineKit
};
