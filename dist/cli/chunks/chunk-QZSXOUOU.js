#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  EMPTY_JSON_DIGEST,
  MediaType,
  childrenOf,
  isOciError,
  openImage,
  parseManifest
} from "./chunk-YWMM5RF6.js";
import {
  require_dist,
  require_dist2 as require_dist3,
  require_v2
} from "./chunk-BV5GL567.js";
import {
  require_dist as require_dist2
} from "./chunk-VTH3QEHI.js";
import {
  httpRequest
} from "./chunk-SIZMBGD5.js";
import {
  StellaError,
  errorMessage,
  fileChunks,
  isSha256Digest,
  isoSeconds,
  mapLimit,
  sha256Digest,
  silentLogger
} from "./chunk-BBNKGYBP.js";
import {
  __commonJS,
  __name,
  __require,
  __toESM
} from "./chunk-GT7O54H4.js";

// node_modules/tweetnacl/nacl-fast.js
var require_nacl_fast = __commonJS({
  "node_modules/tweetnacl/nacl-fast.js"(exports, module) {
    "use strict";
    (function(nacl2) {
      "use strict";
      var gf = /* @__PURE__ */ __name(function(init) {
        var i, r = new Float64Array(16);
        if (init) for (i = 0; i < init.length; i++) r[i] = init[i];
        return r;
      }, "gf");
      var randombytes = /* @__PURE__ */ __name(function() {
        throw new Error("no PRNG");
      }, "randombytes");
      var _0 = new Uint8Array(16);
      var _9 = new Uint8Array(32);
      _9[0] = 9;
      var gf0 = gf(), gf1 = gf([1]), _121665 = gf([56129, 1]), D = gf([30883, 4953, 19914, 30187, 55467, 16705, 2637, 112, 59544, 30585, 16505, 36039, 65139, 11119, 27886, 20995]), D2 = gf([61785, 9906, 39828, 60374, 45398, 33411, 5274, 224, 53552, 61171, 33010, 6542, 64743, 22239, 55772, 9222]), X = gf([54554, 36645, 11616, 51542, 42930, 38181, 51040, 26924, 56412, 64982, 57905, 49316, 21502, 52590, 14035, 8553]), Y = gf([26200, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214, 26214]), I = gf([41136, 18958, 6951, 50414, 58488, 44335, 6150, 12099, 55207, 15867, 153, 11085, 57099, 20417, 9344, 11139]);
      function ts64(x, i, h, l) {
        x[i] = h >> 24 & 255;
        x[i + 1] = h >> 16 & 255;
        x[i + 2] = h >> 8 & 255;
        x[i + 3] = h & 255;
        x[i + 4] = l >> 24 & 255;
        x[i + 5] = l >> 16 & 255;
        x[i + 6] = l >> 8 & 255;
        x[i + 7] = l & 255;
      }
      __name(ts64, "ts64");
      function vn(x, xi, y, yi, n) {
        var i, d = 0;
        for (i = 0; i < n; i++) d |= x[xi + i] ^ y[yi + i];
        return (1 & d - 1 >>> 8) - 1;
      }
      __name(vn, "vn");
      function crypto_verify_16(x, xi, y, yi) {
        return vn(x, xi, y, yi, 16);
      }
      __name(crypto_verify_16, "crypto_verify_16");
      function crypto_verify_32(x, xi, y, yi) {
        return vn(x, xi, y, yi, 32);
      }
      __name(crypto_verify_32, "crypto_verify_32");
      function core_salsa20(o, p, k, c) {
        var j0 = c[0] & 255 | (c[1] & 255) << 8 | (c[2] & 255) << 16 | (c[3] & 255) << 24, j1 = k[0] & 255 | (k[1] & 255) << 8 | (k[2] & 255) << 16 | (k[3] & 255) << 24, j2 = k[4] & 255 | (k[5] & 255) << 8 | (k[6] & 255) << 16 | (k[7] & 255) << 24, j3 = k[8] & 255 | (k[9] & 255) << 8 | (k[10] & 255) << 16 | (k[11] & 255) << 24, j4 = k[12] & 255 | (k[13] & 255) << 8 | (k[14] & 255) << 16 | (k[15] & 255) << 24, j5 = c[4] & 255 | (c[5] & 255) << 8 | (c[6] & 255) << 16 | (c[7] & 255) << 24, j6 = p[0] & 255 | (p[1] & 255) << 8 | (p[2] & 255) << 16 | (p[3] & 255) << 24, j7 = p[4] & 255 | (p[5] & 255) << 8 | (p[6] & 255) << 16 | (p[7] & 255) << 24, j8 = p[8] & 255 | (p[9] & 255) << 8 | (p[10] & 255) << 16 | (p[11] & 255) << 24, j9 = p[12] & 255 | (p[13] & 255) << 8 | (p[14] & 255) << 16 | (p[15] & 255) << 24, j10 = c[8] & 255 | (c[9] & 255) << 8 | (c[10] & 255) << 16 | (c[11] & 255) << 24, j11 = k[16] & 255 | (k[17] & 255) << 8 | (k[18] & 255) << 16 | (k[19] & 255) << 24, j12 = k[20] & 255 | (k[21] & 255) << 8 | (k[22] & 255) << 16 | (k[23] & 255) << 24, j13 = k[24] & 255 | (k[25] & 255) << 8 | (k[26] & 255) << 16 | (k[27] & 255) << 24, j14 = k[28] & 255 | (k[29] & 255) << 8 | (k[30] & 255) << 16 | (k[31] & 255) << 24, j15 = c[12] & 255 | (c[13] & 255) << 8 | (c[14] & 255) << 16 | (c[15] & 255) << 24;
        var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7, x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15, u;
        for (var i = 0; i < 20; i += 2) {
          u = x0 + x12 | 0;
          x4 ^= u << 7 | u >>> 32 - 7;
          u = x4 + x0 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x4 | 0;
          x12 ^= u << 13 | u >>> 32 - 13;
          u = x12 + x8 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x1 | 0;
          x9 ^= u << 7 | u >>> 32 - 7;
          u = x9 + x5 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x9 | 0;
          x1 ^= u << 13 | u >>> 32 - 13;
          u = x1 + x13 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x6 | 0;
          x14 ^= u << 7 | u >>> 32 - 7;
          u = x14 + x10 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x14 | 0;
          x6 ^= u << 13 | u >>> 32 - 13;
          u = x6 + x2 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x11 | 0;
          x3 ^= u << 7 | u >>> 32 - 7;
          u = x3 + x15 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x3 | 0;
          x11 ^= u << 13 | u >>> 32 - 13;
          u = x11 + x7 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
          u = x0 + x3 | 0;
          x1 ^= u << 7 | u >>> 32 - 7;
          u = x1 + x0 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x1 | 0;
          x3 ^= u << 13 | u >>> 32 - 13;
          u = x3 + x2 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x4 | 0;
          x6 ^= u << 7 | u >>> 32 - 7;
          u = x6 + x5 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x6 | 0;
          x4 ^= u << 13 | u >>> 32 - 13;
          u = x4 + x7 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x9 | 0;
          x11 ^= u << 7 | u >>> 32 - 7;
          u = x11 + x10 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x11 | 0;
          x9 ^= u << 13 | u >>> 32 - 13;
          u = x9 + x8 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x14 | 0;
          x12 ^= u << 7 | u >>> 32 - 7;
          u = x12 + x15 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x12 | 0;
          x14 ^= u << 13 | u >>> 32 - 13;
          u = x14 + x13 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
        }
        x0 = x0 + j0 | 0;
        x1 = x1 + j1 | 0;
        x2 = x2 + j2 | 0;
        x3 = x3 + j3 | 0;
        x4 = x4 + j4 | 0;
        x5 = x5 + j5 | 0;
        x6 = x6 + j6 | 0;
        x7 = x7 + j7 | 0;
        x8 = x8 + j8 | 0;
        x9 = x9 + j9 | 0;
        x10 = x10 + j10 | 0;
        x11 = x11 + j11 | 0;
        x12 = x12 + j12 | 0;
        x13 = x13 + j13 | 0;
        x14 = x14 + j14 | 0;
        x15 = x15 + j15 | 0;
        o[0] = x0 >>> 0 & 255;
        o[1] = x0 >>> 8 & 255;
        o[2] = x0 >>> 16 & 255;
        o[3] = x0 >>> 24 & 255;
        o[4] = x1 >>> 0 & 255;
        o[5] = x1 >>> 8 & 255;
        o[6] = x1 >>> 16 & 255;
        o[7] = x1 >>> 24 & 255;
        o[8] = x2 >>> 0 & 255;
        o[9] = x2 >>> 8 & 255;
        o[10] = x2 >>> 16 & 255;
        o[11] = x2 >>> 24 & 255;
        o[12] = x3 >>> 0 & 255;
        o[13] = x3 >>> 8 & 255;
        o[14] = x3 >>> 16 & 255;
        o[15] = x3 >>> 24 & 255;
        o[16] = x4 >>> 0 & 255;
        o[17] = x4 >>> 8 & 255;
        o[18] = x4 >>> 16 & 255;
        o[19] = x4 >>> 24 & 255;
        o[20] = x5 >>> 0 & 255;
        o[21] = x5 >>> 8 & 255;
        o[22] = x5 >>> 16 & 255;
        o[23] = x5 >>> 24 & 255;
        o[24] = x6 >>> 0 & 255;
        o[25] = x6 >>> 8 & 255;
        o[26] = x6 >>> 16 & 255;
        o[27] = x6 >>> 24 & 255;
        o[28] = x7 >>> 0 & 255;
        o[29] = x7 >>> 8 & 255;
        o[30] = x7 >>> 16 & 255;
        o[31] = x7 >>> 24 & 255;
        o[32] = x8 >>> 0 & 255;
        o[33] = x8 >>> 8 & 255;
        o[34] = x8 >>> 16 & 255;
        o[35] = x8 >>> 24 & 255;
        o[36] = x9 >>> 0 & 255;
        o[37] = x9 >>> 8 & 255;
        o[38] = x9 >>> 16 & 255;
        o[39] = x9 >>> 24 & 255;
        o[40] = x10 >>> 0 & 255;
        o[41] = x10 >>> 8 & 255;
        o[42] = x10 >>> 16 & 255;
        o[43] = x10 >>> 24 & 255;
        o[44] = x11 >>> 0 & 255;
        o[45] = x11 >>> 8 & 255;
        o[46] = x11 >>> 16 & 255;
        o[47] = x11 >>> 24 & 255;
        o[48] = x12 >>> 0 & 255;
        o[49] = x12 >>> 8 & 255;
        o[50] = x12 >>> 16 & 255;
        o[51] = x12 >>> 24 & 255;
        o[52] = x13 >>> 0 & 255;
        o[53] = x13 >>> 8 & 255;
        o[54] = x13 >>> 16 & 255;
        o[55] = x13 >>> 24 & 255;
        o[56] = x14 >>> 0 & 255;
        o[57] = x14 >>> 8 & 255;
        o[58] = x14 >>> 16 & 255;
        o[59] = x14 >>> 24 & 255;
        o[60] = x15 >>> 0 & 255;
        o[61] = x15 >>> 8 & 255;
        o[62] = x15 >>> 16 & 255;
        o[63] = x15 >>> 24 & 255;
      }
      __name(core_salsa20, "core_salsa20");
      function core_hsalsa20(o, p, k, c) {
        var j0 = c[0] & 255 | (c[1] & 255) << 8 | (c[2] & 255) << 16 | (c[3] & 255) << 24, j1 = k[0] & 255 | (k[1] & 255) << 8 | (k[2] & 255) << 16 | (k[3] & 255) << 24, j2 = k[4] & 255 | (k[5] & 255) << 8 | (k[6] & 255) << 16 | (k[7] & 255) << 24, j3 = k[8] & 255 | (k[9] & 255) << 8 | (k[10] & 255) << 16 | (k[11] & 255) << 24, j4 = k[12] & 255 | (k[13] & 255) << 8 | (k[14] & 255) << 16 | (k[15] & 255) << 24, j5 = c[4] & 255 | (c[5] & 255) << 8 | (c[6] & 255) << 16 | (c[7] & 255) << 24, j6 = p[0] & 255 | (p[1] & 255) << 8 | (p[2] & 255) << 16 | (p[3] & 255) << 24, j7 = p[4] & 255 | (p[5] & 255) << 8 | (p[6] & 255) << 16 | (p[7] & 255) << 24, j8 = p[8] & 255 | (p[9] & 255) << 8 | (p[10] & 255) << 16 | (p[11] & 255) << 24, j9 = p[12] & 255 | (p[13] & 255) << 8 | (p[14] & 255) << 16 | (p[15] & 255) << 24, j10 = c[8] & 255 | (c[9] & 255) << 8 | (c[10] & 255) << 16 | (c[11] & 255) << 24, j11 = k[16] & 255 | (k[17] & 255) << 8 | (k[18] & 255) << 16 | (k[19] & 255) << 24, j12 = k[20] & 255 | (k[21] & 255) << 8 | (k[22] & 255) << 16 | (k[23] & 255) << 24, j13 = k[24] & 255 | (k[25] & 255) << 8 | (k[26] & 255) << 16 | (k[27] & 255) << 24, j14 = k[28] & 255 | (k[29] & 255) << 8 | (k[30] & 255) << 16 | (k[31] & 255) << 24, j15 = c[12] & 255 | (c[13] & 255) << 8 | (c[14] & 255) << 16 | (c[15] & 255) << 24;
        var x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7, x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15, u;
        for (var i = 0; i < 20; i += 2) {
          u = x0 + x12 | 0;
          x4 ^= u << 7 | u >>> 32 - 7;
          u = x4 + x0 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x4 | 0;
          x12 ^= u << 13 | u >>> 32 - 13;
          u = x12 + x8 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x1 | 0;
          x9 ^= u << 7 | u >>> 32 - 7;
          u = x9 + x5 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x9 | 0;
          x1 ^= u << 13 | u >>> 32 - 13;
          u = x1 + x13 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x6 | 0;
          x14 ^= u << 7 | u >>> 32 - 7;
          u = x14 + x10 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x14 | 0;
          x6 ^= u << 13 | u >>> 32 - 13;
          u = x6 + x2 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x11 | 0;
          x3 ^= u << 7 | u >>> 32 - 7;
          u = x3 + x15 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x3 | 0;
          x11 ^= u << 13 | u >>> 32 - 13;
          u = x11 + x7 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
          u = x0 + x3 | 0;
          x1 ^= u << 7 | u >>> 32 - 7;
          u = x1 + x0 | 0;
          x2 ^= u << 9 | u >>> 32 - 9;
          u = x2 + x1 | 0;
          x3 ^= u << 13 | u >>> 32 - 13;
          u = x3 + x2 | 0;
          x0 ^= u << 18 | u >>> 32 - 18;
          u = x5 + x4 | 0;
          x6 ^= u << 7 | u >>> 32 - 7;
          u = x6 + x5 | 0;
          x7 ^= u << 9 | u >>> 32 - 9;
          u = x7 + x6 | 0;
          x4 ^= u << 13 | u >>> 32 - 13;
          u = x4 + x7 | 0;
          x5 ^= u << 18 | u >>> 32 - 18;
          u = x10 + x9 | 0;
          x11 ^= u << 7 | u >>> 32 - 7;
          u = x11 + x10 | 0;
          x8 ^= u << 9 | u >>> 32 - 9;
          u = x8 + x11 | 0;
          x9 ^= u << 13 | u >>> 32 - 13;
          u = x9 + x8 | 0;
          x10 ^= u << 18 | u >>> 32 - 18;
          u = x15 + x14 | 0;
          x12 ^= u << 7 | u >>> 32 - 7;
          u = x12 + x15 | 0;
          x13 ^= u << 9 | u >>> 32 - 9;
          u = x13 + x12 | 0;
          x14 ^= u << 13 | u >>> 32 - 13;
          u = x14 + x13 | 0;
          x15 ^= u << 18 | u >>> 32 - 18;
        }
        o[0] = x0 >>> 0 & 255;
        o[1] = x0 >>> 8 & 255;
        o[2] = x0 >>> 16 & 255;
        o[3] = x0 >>> 24 & 255;
        o[4] = x5 >>> 0 & 255;
        o[5] = x5 >>> 8 & 255;
        o[6] = x5 >>> 16 & 255;
        o[7] = x5 >>> 24 & 255;
        o[8] = x10 >>> 0 & 255;
        o[9] = x10 >>> 8 & 255;
        o[10] = x10 >>> 16 & 255;
        o[11] = x10 >>> 24 & 255;
        o[12] = x15 >>> 0 & 255;
        o[13] = x15 >>> 8 & 255;
        o[14] = x15 >>> 16 & 255;
        o[15] = x15 >>> 24 & 255;
        o[16] = x6 >>> 0 & 255;
        o[17] = x6 >>> 8 & 255;
        o[18] = x6 >>> 16 & 255;
        o[19] = x6 >>> 24 & 255;
        o[20] = x7 >>> 0 & 255;
        o[21] = x7 >>> 8 & 255;
        o[22] = x7 >>> 16 & 255;
        o[23] = x7 >>> 24 & 255;
        o[24] = x8 >>> 0 & 255;
        o[25] = x8 >>> 8 & 255;
        o[26] = x8 >>> 16 & 255;
        o[27] = x8 >>> 24 & 255;
        o[28] = x9 >>> 0 & 255;
        o[29] = x9 >>> 8 & 255;
        o[30] = x9 >>> 16 & 255;
        o[31] = x9 >>> 24 & 255;
      }
      __name(core_hsalsa20, "core_hsalsa20");
      function crypto_core_salsa20(out, inp, k, c) {
        core_salsa20(out, inp, k, c);
      }
      __name(crypto_core_salsa20, "crypto_core_salsa20");
      function crypto_core_hsalsa20(out, inp, k, c) {
        core_hsalsa20(out, inp, k, c);
      }
      __name(crypto_core_hsalsa20, "crypto_core_hsalsa20");
      var sigma = new Uint8Array([101, 120, 112, 97, 110, 100, 32, 51, 50, 45, 98, 121, 116, 101, 32, 107]);
      function crypto_stream_salsa20_xor(c, cpos, m, mpos, b, n, k) {
        var z = new Uint8Array(16), x = new Uint8Array(64);
        var u, i;
        for (i = 0; i < 16; i++) z[i] = 0;
        for (i = 0; i < 8; i++) z[i] = n[i];
        while (b >= 64) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < 64; i++) c[cpos + i] = m[mpos + i] ^ x[i];
          u = 1;
          for (i = 8; i < 16; i++) {
            u = u + (z[i] & 255) | 0;
            z[i] = u & 255;
            u >>>= 8;
          }
          b -= 64;
          cpos += 64;
          mpos += 64;
        }
        if (b > 0) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < b; i++) c[cpos + i] = m[mpos + i] ^ x[i];
        }
        return 0;
      }
      __name(crypto_stream_salsa20_xor, "crypto_stream_salsa20_xor");
      function crypto_stream_salsa20(c, cpos, b, n, k) {
        var z = new Uint8Array(16), x = new Uint8Array(64);
        var u, i;
        for (i = 0; i < 16; i++) z[i] = 0;
        for (i = 0; i < 8; i++) z[i] = n[i];
        while (b >= 64) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < 64; i++) c[cpos + i] = x[i];
          u = 1;
          for (i = 8; i < 16; i++) {
            u = u + (z[i] & 255) | 0;
            z[i] = u & 255;
            u >>>= 8;
          }
          b -= 64;
          cpos += 64;
        }
        if (b > 0) {
          crypto_core_salsa20(x, z, k, sigma);
          for (i = 0; i < b; i++) c[cpos + i] = x[i];
        }
        return 0;
      }
      __name(crypto_stream_salsa20, "crypto_stream_salsa20");
      function crypto_stream(c, cpos, d, n, k) {
        var s = new Uint8Array(32);
        crypto_core_hsalsa20(s, n, k, sigma);
        var sn = new Uint8Array(8);
        for (var i = 0; i < 8; i++) sn[i] = n[i + 16];
        return crypto_stream_salsa20(c, cpos, d, sn, s);
      }
      __name(crypto_stream, "crypto_stream");
      function crypto_stream_xor(c, cpos, m, mpos, d, n, k) {
        var s = new Uint8Array(32);
        crypto_core_hsalsa20(s, n, k, sigma);
        var sn = new Uint8Array(8);
        for (var i = 0; i < 8; i++) sn[i] = n[i + 16];
        return crypto_stream_salsa20_xor(c, cpos, m, mpos, d, sn, s);
      }
      __name(crypto_stream_xor, "crypto_stream_xor");
      var poly1305 = /* @__PURE__ */ __name(function(key) {
        this.buffer = new Uint8Array(16);
        this.r = new Uint16Array(10);
        this.h = new Uint16Array(10);
        this.pad = new Uint16Array(8);
        this.leftover = 0;
        this.fin = 0;
        var t0, t1, t2, t3, t4, t5, t6, t7;
        t0 = key[0] & 255 | (key[1] & 255) << 8;
        this.r[0] = t0 & 8191;
        t1 = key[2] & 255 | (key[3] & 255) << 8;
        this.r[1] = (t0 >>> 13 | t1 << 3) & 8191;
        t2 = key[4] & 255 | (key[5] & 255) << 8;
        this.r[2] = (t1 >>> 10 | t2 << 6) & 7939;
        t3 = key[6] & 255 | (key[7] & 255) << 8;
        this.r[3] = (t2 >>> 7 | t3 << 9) & 8191;
        t4 = key[8] & 255 | (key[9] & 255) << 8;
        this.r[4] = (t3 >>> 4 | t4 << 12) & 255;
        this.r[5] = t4 >>> 1 & 8190;
        t5 = key[10] & 255 | (key[11] & 255) << 8;
        this.r[6] = (t4 >>> 14 | t5 << 2) & 8191;
        t6 = key[12] & 255 | (key[13] & 255) << 8;
        this.r[7] = (t5 >>> 11 | t6 << 5) & 8065;
        t7 = key[14] & 255 | (key[15] & 255) << 8;
        this.r[8] = (t6 >>> 8 | t7 << 8) & 8191;
        this.r[9] = t7 >>> 5 & 127;
        this.pad[0] = key[16] & 255 | (key[17] & 255) << 8;
        this.pad[1] = key[18] & 255 | (key[19] & 255) << 8;
        this.pad[2] = key[20] & 255 | (key[21] & 255) << 8;
        this.pad[3] = key[22] & 255 | (key[23] & 255) << 8;
        this.pad[4] = key[24] & 255 | (key[25] & 255) << 8;
        this.pad[5] = key[26] & 255 | (key[27] & 255) << 8;
        this.pad[6] = key[28] & 255 | (key[29] & 255) << 8;
        this.pad[7] = key[30] & 255 | (key[31] & 255) << 8;
      }, "poly1305");
      poly1305.prototype.blocks = function(m, mpos, bytes) {
        var hibit = this.fin ? 0 : 1 << 11;
        var t0, t1, t2, t3, t4, t5, t6, t7, c;
        var d0, d1, d2, d3, d4, d5, d6, d7, d8, d9;
        var h0 = this.h[0], h1 = this.h[1], h2 = this.h[2], h3 = this.h[3], h4 = this.h[4], h5 = this.h[5], h6 = this.h[6], h7 = this.h[7], h8 = this.h[8], h9 = this.h[9];
        var r0 = this.r[0], r1 = this.r[1], r2 = this.r[2], r3 = this.r[3], r4 = this.r[4], r5 = this.r[5], r6 = this.r[6], r7 = this.r[7], r8 = this.r[8], r9 = this.r[9];
        while (bytes >= 16) {
          t0 = m[mpos + 0] & 255 | (m[mpos + 1] & 255) << 8;
          h0 += t0 & 8191;
          t1 = m[mpos + 2] & 255 | (m[mpos + 3] & 255) << 8;
          h1 += (t0 >>> 13 | t1 << 3) & 8191;
          t2 = m[mpos + 4] & 255 | (m[mpos + 5] & 255) << 8;
          h2 += (t1 >>> 10 | t2 << 6) & 8191;
          t3 = m[mpos + 6] & 255 | (m[mpos + 7] & 255) << 8;
          h3 += (t2 >>> 7 | t3 << 9) & 8191;
          t4 = m[mpos + 8] & 255 | (m[mpos + 9] & 255) << 8;
          h4 += (t3 >>> 4 | t4 << 12) & 8191;
          h5 += t4 >>> 1 & 8191;
          t5 = m[mpos + 10] & 255 | (m[mpos + 11] & 255) << 8;
          h6 += (t4 >>> 14 | t5 << 2) & 8191;
          t6 = m[mpos + 12] & 255 | (m[mpos + 13] & 255) << 8;
          h7 += (t5 >>> 11 | t6 << 5) & 8191;
          t7 = m[mpos + 14] & 255 | (m[mpos + 15] & 255) << 8;
          h8 += (t6 >>> 8 | t7 << 8) & 8191;
          h9 += t7 >>> 5 | hibit;
          c = 0;
          d0 = c;
          d0 += h0 * r0;
          d0 += h1 * (5 * r9);
          d0 += h2 * (5 * r8);
          d0 += h3 * (5 * r7);
          d0 += h4 * (5 * r6);
          c = d0 >>> 13;
          d0 &= 8191;
          d0 += h5 * (5 * r5);
          d0 += h6 * (5 * r4);
          d0 += h7 * (5 * r3);
          d0 += h8 * (5 * r2);
          d0 += h9 * (5 * r1);
          c += d0 >>> 13;
          d0 &= 8191;
          d1 = c;
          d1 += h0 * r1;
          d1 += h1 * r0;
          d1 += h2 * (5 * r9);
          d1 += h3 * (5 * r8);
          d1 += h4 * (5 * r7);
          c = d1 >>> 13;
          d1 &= 8191;
          d1 += h5 * (5 * r6);
          d1 += h6 * (5 * r5);
          d1 += h7 * (5 * r4);
          d1 += h8 * (5 * r3);
          d1 += h9 * (5 * r2);
          c += d1 >>> 13;
          d1 &= 8191;
          d2 = c;
          d2 += h0 * r2;
          d2 += h1 * r1;
          d2 += h2 * r0;
          d2 += h3 * (5 * r9);
          d2 += h4 * (5 * r8);
          c = d2 >>> 13;
          d2 &= 8191;
          d2 += h5 * (5 * r7);
          d2 += h6 * (5 * r6);
          d2 += h7 * (5 * r5);
          d2 += h8 * (5 * r4);
          d2 += h9 * (5 * r3);
          c += d2 >>> 13;
          d2 &= 8191;
          d3 = c;
          d3 += h0 * r3;
          d3 += h1 * r2;
          d3 += h2 * r1;
          d3 += h3 * r0;
          d3 += h4 * (5 * r9);
          c = d3 >>> 13;
          d3 &= 8191;
          d3 += h5 * (5 * r8);
          d3 += h6 * (5 * r7);
          d3 += h7 * (5 * r6);
          d3 += h8 * (5 * r5);
          d3 += h9 * (5 * r4);
          c += d3 >>> 13;
          d3 &= 8191;
          d4 = c;
          d4 += h0 * r4;
          d4 += h1 * r3;
          d4 += h2 * r2;
          d4 += h3 * r1;
          d4 += h4 * r0;
          c = d4 >>> 13;
          d4 &= 8191;
          d4 += h5 * (5 * r9);
          d4 += h6 * (5 * r8);
          d4 += h7 * (5 * r7);
          d4 += h8 * (5 * r6);
          d4 += h9 * (5 * r5);
          c += d4 >>> 13;
          d4 &= 8191;
          d5 = c;
          d5 += h0 * r5;
          d5 += h1 * r4;
          d5 += h2 * r3;
          d5 += h3 * r2;
          d5 += h4 * r1;
          c = d5 >>> 13;
          d5 &= 8191;
          d5 += h5 * r0;
          d5 += h6 * (5 * r9);
          d5 += h7 * (5 * r8);
          d5 += h8 * (5 * r7);
          d5 += h9 * (5 * r6);
          c += d5 >>> 13;
          d5 &= 8191;
          d6 = c;
          d6 += h0 * r6;
          d6 += h1 * r5;
          d6 += h2 * r4;
          d6 += h3 * r3;
          d6 += h4 * r2;
          c = d6 >>> 13;
          d6 &= 8191;
          d6 += h5 * r1;
          d6 += h6 * r0;
          d6 += h7 * (5 * r9);
          d6 += h8 * (5 * r8);
          d6 += h9 * (5 * r7);
          c += d6 >>> 13;
          d6 &= 8191;
          d7 = c;
          d7 += h0 * r7;
          d7 += h1 * r6;
          d7 += h2 * r5;
          d7 += h3 * r4;
          d7 += h4 * r3;
          c = d7 >>> 13;
          d7 &= 8191;
          d7 += h5 * r2;
          d7 += h6 * r1;
          d7 += h7 * r0;
          d7 += h8 * (5 * r9);
          d7 += h9 * (5 * r8);
          c += d7 >>> 13;
          d7 &= 8191;
          d8 = c;
          d8 += h0 * r8;
          d8 += h1 * r7;
          d8 += h2 * r6;
          d8 += h3 * r5;
          d8 += h4 * r4;
          c = d8 >>> 13;
          d8 &= 8191;
          d8 += h5 * r3;
          d8 += h6 * r2;
          d8 += h7 * r1;
          d8 += h8 * r0;
          d8 += h9 * (5 * r9);
          c += d8 >>> 13;
          d8 &= 8191;
          d9 = c;
          d9 += h0 * r9;
          d9 += h1 * r8;
          d9 += h2 * r7;
          d9 += h3 * r6;
          d9 += h4 * r5;
          c = d9 >>> 13;
          d9 &= 8191;
          d9 += h5 * r4;
          d9 += h6 * r3;
          d9 += h7 * r2;
          d9 += h8 * r1;
          d9 += h9 * r0;
          c += d9 >>> 13;
          d9 &= 8191;
          c = (c << 2) + c | 0;
          c = c + d0 | 0;
          d0 = c & 8191;
          c = c >>> 13;
          d1 += c;
          h0 = d0;
          h1 = d1;
          h2 = d2;
          h3 = d3;
          h4 = d4;
          h5 = d5;
          h6 = d6;
          h7 = d7;
          h8 = d8;
          h9 = d9;
          mpos += 16;
          bytes -= 16;
        }
        this.h[0] = h0;
        this.h[1] = h1;
        this.h[2] = h2;
        this.h[3] = h3;
        this.h[4] = h4;
        this.h[5] = h5;
        this.h[6] = h6;
        this.h[7] = h7;
        this.h[8] = h8;
        this.h[9] = h9;
      };
      poly1305.prototype.finish = function(mac, macpos) {
        var g = new Uint16Array(10);
        var c, mask, f, i;
        if (this.leftover) {
          i = this.leftover;
          this.buffer[i++] = 1;
          for (; i < 16; i++) this.buffer[i] = 0;
          this.fin = 1;
          this.blocks(this.buffer, 0, 16);
        }
        c = this.h[1] >>> 13;
        this.h[1] &= 8191;
        for (i = 2; i < 10; i++) {
          this.h[i] += c;
          c = this.h[i] >>> 13;
          this.h[i] &= 8191;
        }
        this.h[0] += c * 5;
        c = this.h[0] >>> 13;
        this.h[0] &= 8191;
        this.h[1] += c;
        c = this.h[1] >>> 13;
        this.h[1] &= 8191;
        this.h[2] += c;
        g[0] = this.h[0] + 5;
        c = g[0] >>> 13;
        g[0] &= 8191;
        for (i = 1; i < 10; i++) {
          g[i] = this.h[i] + c;
          c = g[i] >>> 13;
          g[i] &= 8191;
        }
        g[9] -= 1 << 13;
        mask = (c ^ 1) - 1;
        for (i = 0; i < 10; i++) g[i] &= mask;
        mask = ~mask;
        for (i = 0; i < 10; i++) this.h[i] = this.h[i] & mask | g[i];
        this.h[0] = (this.h[0] | this.h[1] << 13) & 65535;
        this.h[1] = (this.h[1] >>> 3 | this.h[2] << 10) & 65535;
        this.h[2] = (this.h[2] >>> 6 | this.h[3] << 7) & 65535;
        this.h[3] = (this.h[3] >>> 9 | this.h[4] << 4) & 65535;
        this.h[4] = (this.h[4] >>> 12 | this.h[5] << 1 | this.h[6] << 14) & 65535;
        this.h[5] = (this.h[6] >>> 2 | this.h[7] << 11) & 65535;
        this.h[6] = (this.h[7] >>> 5 | this.h[8] << 8) & 65535;
        this.h[7] = (this.h[8] >>> 8 | this.h[9] << 5) & 65535;
        f = this.h[0] + this.pad[0];
        this.h[0] = f & 65535;
        for (i = 1; i < 8; i++) {
          f = (this.h[i] + this.pad[i] | 0) + (f >>> 16) | 0;
          this.h[i] = f & 65535;
        }
        mac[macpos + 0] = this.h[0] >>> 0 & 255;
        mac[macpos + 1] = this.h[0] >>> 8 & 255;
        mac[macpos + 2] = this.h[1] >>> 0 & 255;
        mac[macpos + 3] = this.h[1] >>> 8 & 255;
        mac[macpos + 4] = this.h[2] >>> 0 & 255;
        mac[macpos + 5] = this.h[2] >>> 8 & 255;
        mac[macpos + 6] = this.h[3] >>> 0 & 255;
        mac[macpos + 7] = this.h[3] >>> 8 & 255;
        mac[macpos + 8] = this.h[4] >>> 0 & 255;
        mac[macpos + 9] = this.h[4] >>> 8 & 255;
        mac[macpos + 10] = this.h[5] >>> 0 & 255;
        mac[macpos + 11] = this.h[5] >>> 8 & 255;
        mac[macpos + 12] = this.h[6] >>> 0 & 255;
        mac[macpos + 13] = this.h[6] >>> 8 & 255;
        mac[macpos + 14] = this.h[7] >>> 0 & 255;
        mac[macpos + 15] = this.h[7] >>> 8 & 255;
      };
      poly1305.prototype.update = function(m, mpos, bytes) {
        var i, want;
        if (this.leftover) {
          want = 16 - this.leftover;
          if (want > bytes)
            want = bytes;
          for (i = 0; i < want; i++)
            this.buffer[this.leftover + i] = m[mpos + i];
          bytes -= want;
          mpos += want;
          this.leftover += want;
          if (this.leftover < 16)
            return;
          this.blocks(this.buffer, 0, 16);
          this.leftover = 0;
        }
        if (bytes >= 16) {
          want = bytes - bytes % 16;
          this.blocks(m, mpos, want);
          mpos += want;
          bytes -= want;
        }
        if (bytes) {
          for (i = 0; i < bytes; i++)
            this.buffer[this.leftover + i] = m[mpos + i];
          this.leftover += bytes;
        }
      };
      function crypto_onetimeauth(out, outpos, m, mpos, n, k) {
        var s = new poly1305(k);
        s.update(m, mpos, n);
        s.finish(out, outpos);
        return 0;
      }
      __name(crypto_onetimeauth, "crypto_onetimeauth");
      function crypto_onetimeauth_verify(h, hpos, m, mpos, n, k) {
        var x = new Uint8Array(16);
        crypto_onetimeauth(x, 0, m, mpos, n, k);
        return crypto_verify_16(h, hpos, x, 0);
      }
      __name(crypto_onetimeauth_verify, "crypto_onetimeauth_verify");
      function crypto_secretbox(c, m, d, n, k) {
        var i;
        if (d < 32) return -1;
        crypto_stream_xor(c, 0, m, 0, d, n, k);
        crypto_onetimeauth(c, 16, c, 32, d - 32, c);
        for (i = 0; i < 16; i++) c[i] = 0;
        return 0;
      }
      __name(crypto_secretbox, "crypto_secretbox");
      function crypto_secretbox_open(m, c, d, n, k) {
        var i;
        var x = new Uint8Array(32);
        if (d < 32) return -1;
        crypto_stream(x, 0, 32, n, k);
        if (crypto_onetimeauth_verify(c, 16, c, 32, d - 32, x) !== 0) return -1;
        crypto_stream_xor(m, 0, c, 0, d, n, k);
        for (i = 0; i < 32; i++) m[i] = 0;
        return 0;
      }
      __name(crypto_secretbox_open, "crypto_secretbox_open");
      function set25519(r, a) {
        var i;
        for (i = 0; i < 16; i++) r[i] = a[i] | 0;
      }
      __name(set25519, "set25519");
      function car25519(o) {
        var i, v, c = 1;
        for (i = 0; i < 16; i++) {
          v = o[i] + c + 65535;
          c = Math.floor(v / 65536);
          o[i] = v - c * 65536;
        }
        o[0] += c - 1 + 37 * (c - 1);
      }
      __name(car25519, "car25519");
      function sel25519(p, q, b) {
        var t, c = ~(b - 1);
        for (var i = 0; i < 16; i++) {
          t = c & (p[i] ^ q[i]);
          p[i] ^= t;
          q[i] ^= t;
        }
      }
      __name(sel25519, "sel25519");
      function pack25519(o, n) {
        var i, j, b;
        var m = gf(), t = gf();
        for (i = 0; i < 16; i++) t[i] = n[i];
        car25519(t);
        car25519(t);
        car25519(t);
        for (j = 0; j < 2; j++) {
          m[0] = t[0] - 65517;
          for (i = 1; i < 15; i++) {
            m[i] = t[i] - 65535 - (m[i - 1] >> 16 & 1);
            m[i - 1] &= 65535;
          }
          m[15] = t[15] - 32767 - (m[14] >> 16 & 1);
          b = m[15] >> 16 & 1;
          m[14] &= 65535;
          sel25519(t, m, 1 - b);
        }
        for (i = 0; i < 16; i++) {
          o[2 * i] = t[i] & 255;
          o[2 * i + 1] = t[i] >> 8;
        }
      }
      __name(pack25519, "pack25519");
      function neq25519(a, b) {
        var c = new Uint8Array(32), d = new Uint8Array(32);
        pack25519(c, a);
        pack25519(d, b);
        return crypto_verify_32(c, 0, d, 0);
      }
      __name(neq25519, "neq25519");
      function par25519(a) {
        var d = new Uint8Array(32);
        pack25519(d, a);
        return d[0] & 1;
      }
      __name(par25519, "par25519");
      function unpack25519(o, n) {
        var i;
        for (i = 0; i < 16; i++) o[i] = n[2 * i] + (n[2 * i + 1] << 8);
        o[15] &= 32767;
      }
      __name(unpack25519, "unpack25519");
      function A(o, a, b) {
        for (var i = 0; i < 16; i++) o[i] = a[i] + b[i];
      }
      __name(A, "A");
      function Z(o, a, b) {
        for (var i = 0; i < 16; i++) o[i] = a[i] - b[i];
      }
      __name(Z, "Z");
      function M(o, a, b) {
        var v, c, t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, t8 = 0, t9 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0, t14 = 0, t15 = 0, t16 = 0, t17 = 0, t18 = 0, t19 = 0, t20 = 0, t21 = 0, t22 = 0, t23 = 0, t24 = 0, t25 = 0, t26 = 0, t27 = 0, t28 = 0, t29 = 0, t30 = 0, b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4], b5 = b[5], b6 = b[6], b7 = b[7], b8 = b[8], b9 = b[9], b10 = b[10], b11 = b[11], b12 = b[12], b13 = b[13], b14 = b[14], b15 = b[15];
        v = a[0];
        t0 += v * b0;
        t1 += v * b1;
        t2 += v * b2;
        t3 += v * b3;
        t4 += v * b4;
        t5 += v * b5;
        t6 += v * b6;
        t7 += v * b7;
        t8 += v * b8;
        t9 += v * b9;
        t10 += v * b10;
        t11 += v * b11;
        t12 += v * b12;
        t13 += v * b13;
        t14 += v * b14;
        t15 += v * b15;
        v = a[1];
        t1 += v * b0;
        t2 += v * b1;
        t3 += v * b2;
        t4 += v * b3;
        t5 += v * b4;
        t6 += v * b5;
        t7 += v * b6;
        t8 += v * b7;
        t9 += v * b8;
        t10 += v * b9;
        t11 += v * b10;
        t12 += v * b11;
        t13 += v * b12;
        t14 += v * b13;
        t15 += v * b14;
        t16 += v * b15;
        v = a[2];
        t2 += v * b0;
        t3 += v * b1;
        t4 += v * b2;
        t5 += v * b3;
        t6 += v * b4;
        t7 += v * b5;
        t8 += v * b6;
        t9 += v * b7;
        t10 += v * b8;
        t11 += v * b9;
        t12 += v * b10;
        t13 += v * b11;
        t14 += v * b12;
        t15 += v * b13;
        t16 += v * b14;
        t17 += v * b15;
        v = a[3];
        t3 += v * b0;
        t4 += v * b1;
        t5 += v * b2;
        t6 += v * b3;
        t7 += v * b4;
        t8 += v * b5;
        t9 += v * b6;
        t10 += v * b7;
        t11 += v * b8;
        t12 += v * b9;
        t13 += v * b10;
        t14 += v * b11;
        t15 += v * b12;
        t16 += v * b13;
        t17 += v * b14;
        t18 += v * b15;
        v = a[4];
        t4 += v * b0;
        t5 += v * b1;
        t6 += v * b2;
        t7 += v * b3;
        t8 += v * b4;
        t9 += v * b5;
        t10 += v * b6;
        t11 += v * b7;
        t12 += v * b8;
        t13 += v * b9;
        t14 += v * b10;
        t15 += v * b11;
        t16 += v * b12;
        t17 += v * b13;
        t18 += v * b14;
        t19 += v * b15;
        v = a[5];
        t5 += v * b0;
        t6 += v * b1;
        t7 += v * b2;
        t8 += v * b3;
        t9 += v * b4;
        t10 += v * b5;
        t11 += v * b6;
        t12 += v * b7;
        t13 += v * b8;
        t14 += v * b9;
        t15 += v * b10;
        t16 += v * b11;
        t17 += v * b12;
        t18 += v * b13;
        t19 += v * b14;
        t20 += v * b15;
        v = a[6];
        t6 += v * b0;
        t7 += v * b1;
        t8 += v * b2;
        t9 += v * b3;
        t10 += v * b4;
        t11 += v * b5;
        t12 += v * b6;
        t13 += v * b7;
        t14 += v * b8;
        t15 += v * b9;
        t16 += v * b10;
        t17 += v * b11;
        t18 += v * b12;
        t19 += v * b13;
        t20 += v * b14;
        t21 += v * b15;
        v = a[7];
        t7 += v * b0;
        t8 += v * b1;
        t9 += v * b2;
        t10 += v * b3;
        t11 += v * b4;
        t12 += v * b5;
        t13 += v * b6;
        t14 += v * b7;
        t15 += v * b8;
        t16 += v * b9;
        t17 += v * b10;
        t18 += v * b11;
        t19 += v * b12;
        t20 += v * b13;
        t21 += v * b14;
        t22 += v * b15;
        v = a[8];
        t8 += v * b0;
        t9 += v * b1;
        t10 += v * b2;
        t11 += v * b3;
        t12 += v * b4;
        t13 += v * b5;
        t14 += v * b6;
        t15 += v * b7;
        t16 += v * b8;
        t17 += v * b9;
        t18 += v * b10;
        t19 += v * b11;
        t20 += v * b12;
        t21 += v * b13;
        t22 += v * b14;
        t23 += v * b15;
        v = a[9];
        t9 += v * b0;
        t10 += v * b1;
        t11 += v * b2;
        t12 += v * b3;
        t13 += v * b4;
        t14 += v * b5;
        t15 += v * b6;
        t16 += v * b7;
        t17 += v * b8;
        t18 += v * b9;
        t19 += v * b10;
        t20 += v * b11;
        t21 += v * b12;
        t22 += v * b13;
        t23 += v * b14;
        t24 += v * b15;
        v = a[10];
        t10 += v * b0;
        t11 += v * b1;
        t12 += v * b2;
        t13 += v * b3;
        t14 += v * b4;
        t15 += v * b5;
        t16 += v * b6;
        t17 += v * b7;
        t18 += v * b8;
        t19 += v * b9;
        t20 += v * b10;
        t21 += v * b11;
        t22 += v * b12;
        t23 += v * b13;
        t24 += v * b14;
        t25 += v * b15;
        v = a[11];
        t11 += v * b0;
        t12 += v * b1;
        t13 += v * b2;
        t14 += v * b3;
        t15 += v * b4;
        t16 += v * b5;
        t17 += v * b6;
        t18 += v * b7;
        t19 += v * b8;
        t20 += v * b9;
        t21 += v * b10;
        t22 += v * b11;
        t23 += v * b12;
        t24 += v * b13;
        t25 += v * b14;
        t26 += v * b15;
        v = a[12];
        t12 += v * b0;
        t13 += v * b1;
        t14 += v * b2;
        t15 += v * b3;
        t16 += v * b4;
        t17 += v * b5;
        t18 += v * b6;
        t19 += v * b7;
        t20 += v * b8;
        t21 += v * b9;
        t22 += v * b10;
        t23 += v * b11;
        t24 += v * b12;
        t25 += v * b13;
        t26 += v * b14;
        t27 += v * b15;
        v = a[13];
        t13 += v * b0;
        t14 += v * b1;
        t15 += v * b2;
        t16 += v * b3;
        t17 += v * b4;
        t18 += v * b5;
        t19 += v * b6;
        t20 += v * b7;
        t21 += v * b8;
        t22 += v * b9;
        t23 += v * b10;
        t24 += v * b11;
        t25 += v * b12;
        t26 += v * b13;
        t27 += v * b14;
        t28 += v * b15;
        v = a[14];
        t14 += v * b0;
        t15 += v * b1;
        t16 += v * b2;
        t17 += v * b3;
        t18 += v * b4;
        t19 += v * b5;
        t20 += v * b6;
        t21 += v * b7;
        t22 += v * b8;
        t23 += v * b9;
        t24 += v * b10;
        t25 += v * b11;
        t26 += v * b12;
        t27 += v * b13;
        t28 += v * b14;
        t29 += v * b15;
        v = a[15];
        t15 += v * b0;
        t16 += v * b1;
        t17 += v * b2;
        t18 += v * b3;
        t19 += v * b4;
        t20 += v * b5;
        t21 += v * b6;
        t22 += v * b7;
        t23 += v * b8;
        t24 += v * b9;
        t25 += v * b10;
        t26 += v * b11;
        t27 += v * b12;
        t28 += v * b13;
        t29 += v * b14;
        t30 += v * b15;
        t0 += 38 * t16;
        t1 += 38 * t17;
        t2 += 38 * t18;
        t3 += 38 * t19;
        t4 += 38 * t20;
        t5 += 38 * t21;
        t6 += 38 * t22;
        t7 += 38 * t23;
        t8 += 38 * t24;
        t9 += 38 * t25;
        t10 += 38 * t26;
        t11 += 38 * t27;
        t12 += 38 * t28;
        t13 += 38 * t29;
        t14 += 38 * t30;
        c = 1;
        v = t0 + c + 65535;
        c = Math.floor(v / 65536);
        t0 = v - c * 65536;
        v = t1 + c + 65535;
        c = Math.floor(v / 65536);
        t1 = v - c * 65536;
        v = t2 + c + 65535;
        c = Math.floor(v / 65536);
        t2 = v - c * 65536;
        v = t3 + c + 65535;
        c = Math.floor(v / 65536);
        t3 = v - c * 65536;
        v = t4 + c + 65535;
        c = Math.floor(v / 65536);
        t4 = v - c * 65536;
        v = t5 + c + 65535;
        c = Math.floor(v / 65536);
        t5 = v - c * 65536;
        v = t6 + c + 65535;
        c = Math.floor(v / 65536);
        t6 = v - c * 65536;
        v = t7 + c + 65535;
        c = Math.floor(v / 65536);
        t7 = v - c * 65536;
        v = t8 + c + 65535;
        c = Math.floor(v / 65536);
        t8 = v - c * 65536;
        v = t9 + c + 65535;
        c = Math.floor(v / 65536);
        t9 = v - c * 65536;
        v = t10 + c + 65535;
        c = Math.floor(v / 65536);
        t10 = v - c * 65536;
        v = t11 + c + 65535;
        c = Math.floor(v / 65536);
        t11 = v - c * 65536;
        v = t12 + c + 65535;
        c = Math.floor(v / 65536);
        t12 = v - c * 65536;
        v = t13 + c + 65535;
        c = Math.floor(v / 65536);
        t13 = v - c * 65536;
        v = t14 + c + 65535;
        c = Math.floor(v / 65536);
        t14 = v - c * 65536;
        v = t15 + c + 65535;
        c = Math.floor(v / 65536);
        t15 = v - c * 65536;
        t0 += c - 1 + 37 * (c - 1);
        c = 1;
        v = t0 + c + 65535;
        c = Math.floor(v / 65536);
        t0 = v - c * 65536;
        v = t1 + c + 65535;
        c = Math.floor(v / 65536);
        t1 = v - c * 65536;
        v = t2 + c + 65535;
        c = Math.floor(v / 65536);
        t2 = v - c * 65536;
        v = t3 + c + 65535;
        c = Math.floor(v / 65536);
        t3 = v - c * 65536;
        v = t4 + c + 65535;
        c = Math.floor(v / 65536);
        t4 = v - c * 65536;
        v = t5 + c + 65535;
        c = Math.floor(v / 65536);
        t5 = v - c * 65536;
        v = t6 + c + 65535;
        c = Math.floor(v / 65536);
        t6 = v - c * 65536;
        v = t7 + c + 65535;
        c = Math.floor(v / 65536);
        t7 = v - c * 65536;
        v = t8 + c + 65535;
        c = Math.floor(v / 65536);
        t8 = v - c * 65536;
        v = t9 + c + 65535;
        c = Math.floor(v / 65536);
        t9 = v - c * 65536;
        v = t10 + c + 65535;
        c = Math.floor(v / 65536);
        t10 = v - c * 65536;
        v = t11 + c + 65535;
        c = Math.floor(v / 65536);
        t11 = v - c * 65536;
        v = t12 + c + 65535;
        c = Math.floor(v / 65536);
        t12 = v - c * 65536;
        v = t13 + c + 65535;
        c = Math.floor(v / 65536);
        t13 = v - c * 65536;
        v = t14 + c + 65535;
        c = Math.floor(v / 65536);
        t14 = v - c * 65536;
        v = t15 + c + 65535;
        c = Math.floor(v / 65536);
        t15 = v - c * 65536;
        t0 += c - 1 + 37 * (c - 1);
        o[0] = t0;
        o[1] = t1;
        o[2] = t2;
        o[3] = t3;
        o[4] = t4;
        o[5] = t5;
        o[6] = t6;
        o[7] = t7;
        o[8] = t8;
        o[9] = t9;
        o[10] = t10;
        o[11] = t11;
        o[12] = t12;
        o[13] = t13;
        o[14] = t14;
        o[15] = t15;
      }
      __name(M, "M");
      function S(o, a) {
        M(o, a, a);
      }
      __name(S, "S");
      function inv25519(o, i) {
        var c = gf();
        var a;
        for (a = 0; a < 16; a++) c[a] = i[a];
        for (a = 253; a >= 0; a--) {
          S(c, c);
          if (a !== 2 && a !== 4) M(c, c, i);
        }
        for (a = 0; a < 16; a++) o[a] = c[a];
      }
      __name(inv25519, "inv25519");
      function pow2523(o, i) {
        var c = gf();
        var a;
        for (a = 0; a < 16; a++) c[a] = i[a];
        for (a = 250; a >= 0; a--) {
          S(c, c);
          if (a !== 1) M(c, c, i);
        }
        for (a = 0; a < 16; a++) o[a] = c[a];
      }
      __name(pow2523, "pow2523");
      function crypto_scalarmult(q, n, p) {
        var z = new Uint8Array(32);
        var x = new Float64Array(80), r, i;
        var a = gf(), b = gf(), c = gf(), d = gf(), e = gf(), f = gf();
        for (i = 0; i < 31; i++) z[i] = n[i];
        z[31] = n[31] & 127 | 64;
        z[0] &= 248;
        unpack25519(x, p);
        for (i = 0; i < 16; i++) {
          b[i] = x[i];
          d[i] = a[i] = c[i] = 0;
        }
        a[0] = d[0] = 1;
        for (i = 254; i >= 0; --i) {
          r = z[i >>> 3] >>> (i & 7) & 1;
          sel25519(a, b, r);
          sel25519(c, d, r);
          A(e, a, c);
          Z(a, a, c);
          A(c, b, d);
          Z(b, b, d);
          S(d, e);
          S(f, a);
          M(a, c, a);
          M(c, b, e);
          A(e, a, c);
          Z(a, a, c);
          S(b, a);
          Z(c, d, f);
          M(a, c, _121665);
          A(a, a, d);
          M(c, c, a);
          M(a, d, f);
          M(d, b, x);
          S(b, e);
          sel25519(a, b, r);
          sel25519(c, d, r);
        }
        for (i = 0; i < 16; i++) {
          x[i + 16] = a[i];
          x[i + 32] = c[i];
          x[i + 48] = b[i];
          x[i + 64] = d[i];
        }
        var x32 = x.subarray(32);
        var x16 = x.subarray(16);
        inv25519(x32, x32);
        M(x16, x16, x32);
        pack25519(q, x16);
        return 0;
      }
      __name(crypto_scalarmult, "crypto_scalarmult");
      function crypto_scalarmult_base(q, n) {
        return crypto_scalarmult(q, n, _9);
      }
      __name(crypto_scalarmult_base, "crypto_scalarmult_base");
      function crypto_box_keypair(y, x) {
        randombytes(x, 32);
        return crypto_scalarmult_base(y, x);
      }
      __name(crypto_box_keypair, "crypto_box_keypair");
      function crypto_box_beforenm(k, y, x) {
        var s = new Uint8Array(32);
        crypto_scalarmult(s, x, y);
        return crypto_core_hsalsa20(k, _0, s, sigma);
      }
      __name(crypto_box_beforenm, "crypto_box_beforenm");
      var crypto_box_afternm = crypto_secretbox;
      var crypto_box_open_afternm = crypto_secretbox_open;
      function crypto_box(c, m, d, n, y, x) {
        var k = new Uint8Array(32);
        crypto_box_beforenm(k, y, x);
        return crypto_box_afternm(c, m, d, n, k);
      }
      __name(crypto_box, "crypto_box");
      function crypto_box_open(m, c, d, n, y, x) {
        var k = new Uint8Array(32);
        crypto_box_beforenm(k, y, x);
        return crypto_box_open_afternm(m, c, d, n, k);
      }
      __name(crypto_box_open, "crypto_box_open");
      var K = [
        1116352408,
        3609767458,
        1899447441,
        602891725,
        3049323471,
        3964484399,
        3921009573,
        2173295548,
        961987163,
        4081628472,
        1508970993,
        3053834265,
        2453635748,
        2937671579,
        2870763221,
        3664609560,
        3624381080,
        2734883394,
        310598401,
        1164996542,
        607225278,
        1323610764,
        1426881987,
        3590304994,
        1925078388,
        4068182383,
        2162078206,
        991336113,
        2614888103,
        633803317,
        3248222580,
        3479774868,
        3835390401,
        2666613458,
        4022224774,
        944711139,
        264347078,
        2341262773,
        604807628,
        2007800933,
        770255983,
        1495990901,
        1249150122,
        1856431235,
        1555081692,
        3175218132,
        1996064986,
        2198950837,
        2554220882,
        3999719339,
        2821834349,
        766784016,
        2952996808,
        2566594879,
        3210313671,
        3203337956,
        3336571891,
        1034457026,
        3584528711,
        2466948901,
        113926993,
        3758326383,
        338241895,
        168717936,
        666307205,
        1188179964,
        773529912,
        1546045734,
        1294757372,
        1522805485,
        1396182291,
        2643833823,
        1695183700,
        2343527390,
        1986661051,
        1014477480,
        2177026350,
        1206759142,
        2456956037,
        344077627,
        2730485921,
        1290863460,
        2820302411,
        3158454273,
        3259730800,
        3505952657,
        3345764771,
        106217008,
        3516065817,
        3606008344,
        3600352804,
        1432725776,
        4094571909,
        1467031594,
        275423344,
        851169720,
        430227734,
        3100823752,
        506948616,
        1363258195,
        659060556,
        3750685593,
        883997877,
        3785050280,
        958139571,
        3318307427,
        1322822218,
        3812723403,
        1537002063,
        2003034995,
        1747873779,
        3602036899,
        1955562222,
        1575990012,
        2024104815,
        1125592928,
        2227730452,
        2716904306,
        2361852424,
        442776044,
        2428436474,
        593698344,
        2756734187,
        3733110249,
        3204031479,
        2999351573,
        3329325298,
        3815920427,
        3391569614,
        3928383900,
        3515267271,
        566280711,
        3940187606,
        3454069534,
        4118630271,
        4000239992,
        116418474,
        1914138554,
        174292421,
        2731055270,
        289380356,
        3203993006,
        460393269,
        320620315,
        685471733,
        587496836,
        852142971,
        1086792851,
        1017036298,
        365543100,
        1126000580,
        2618297676,
        1288033470,
        3409855158,
        1501505948,
        4234509866,
        1607167915,
        987167468,
        1816402316,
        1246189591
      ];
      function crypto_hashblocks_hl(hh, hl, m, n) {
        var wh = new Int32Array(16), wl = new Int32Array(16), bh0, bh1, bh2, bh3, bh4, bh5, bh6, bh7, bl0, bl1, bl2, bl3, bl4, bl5, bl6, bl7, th, tl, i, j, h, l, a, b, c, d;
        var ah0 = hh[0], ah1 = hh[1], ah2 = hh[2], ah3 = hh[3], ah4 = hh[4], ah5 = hh[5], ah6 = hh[6], ah7 = hh[7], al0 = hl[0], al1 = hl[1], al2 = hl[2], al3 = hl[3], al4 = hl[4], al5 = hl[5], al6 = hl[6], al7 = hl[7];
        var pos = 0;
        while (n >= 128) {
          for (i = 0; i < 16; i++) {
            j = 8 * i + pos;
            wh[i] = m[j + 0] << 24 | m[j + 1] << 16 | m[j + 2] << 8 | m[j + 3];
            wl[i] = m[j + 4] << 24 | m[j + 5] << 16 | m[j + 6] << 8 | m[j + 7];
          }
          for (i = 0; i < 80; i++) {
            bh0 = ah0;
            bh1 = ah1;
            bh2 = ah2;
            bh3 = ah3;
            bh4 = ah4;
            bh5 = ah5;
            bh6 = ah6;
            bh7 = ah7;
            bl0 = al0;
            bl1 = al1;
            bl2 = al2;
            bl3 = al3;
            bl4 = al4;
            bl5 = al5;
            bl6 = al6;
            bl7 = al7;
            h = ah7;
            l = al7;
            a = l & 65535;
            b = l >>> 16;
            c = h & 65535;
            d = h >>> 16;
            h = (ah4 >>> 14 | al4 << 32 - 14) ^ (ah4 >>> 18 | al4 << 32 - 18) ^ (al4 >>> 41 - 32 | ah4 << 32 - (41 - 32));
            l = (al4 >>> 14 | ah4 << 32 - 14) ^ (al4 >>> 18 | ah4 << 32 - 18) ^ (ah4 >>> 41 - 32 | al4 << 32 - (41 - 32));
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = ah4 & ah5 ^ ~ah4 & ah6;
            l = al4 & al5 ^ ~al4 & al6;
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = K[i * 2];
            l = K[i * 2 + 1];
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = wh[i % 16];
            l = wl[i % 16];
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            b += a >>> 16;
            c += b >>> 16;
            d += c >>> 16;
            th = c & 65535 | d << 16;
            tl = a & 65535 | b << 16;
            h = th;
            l = tl;
            a = l & 65535;
            b = l >>> 16;
            c = h & 65535;
            d = h >>> 16;
            h = (ah0 >>> 28 | al0 << 32 - 28) ^ (al0 >>> 34 - 32 | ah0 << 32 - (34 - 32)) ^ (al0 >>> 39 - 32 | ah0 << 32 - (39 - 32));
            l = (al0 >>> 28 | ah0 << 32 - 28) ^ (ah0 >>> 34 - 32 | al0 << 32 - (34 - 32)) ^ (ah0 >>> 39 - 32 | al0 << 32 - (39 - 32));
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            h = ah0 & ah1 ^ ah0 & ah2 ^ ah1 & ah2;
            l = al0 & al1 ^ al0 & al2 ^ al1 & al2;
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            b += a >>> 16;
            c += b >>> 16;
            d += c >>> 16;
            bh7 = c & 65535 | d << 16;
            bl7 = a & 65535 | b << 16;
            h = bh3;
            l = bl3;
            a = l & 65535;
            b = l >>> 16;
            c = h & 65535;
            d = h >>> 16;
            h = th;
            l = tl;
            a += l & 65535;
            b += l >>> 16;
            c += h & 65535;
            d += h >>> 16;
            b += a >>> 16;
            c += b >>> 16;
            d += c >>> 16;
            bh3 = c & 65535 | d << 16;
            bl3 = a & 65535 | b << 16;
            ah1 = bh0;
            ah2 = bh1;
            ah3 = bh2;
            ah4 = bh3;
            ah5 = bh4;
            ah6 = bh5;
            ah7 = bh6;
            ah0 = bh7;
            al1 = bl0;
            al2 = bl1;
            al3 = bl2;
            al4 = bl3;
            al5 = bl4;
            al6 = bl5;
            al7 = bl6;
            al0 = bl7;
            if (i % 16 === 15) {
              for (j = 0; j < 16; j++) {
                h = wh[j];
                l = wl[j];
                a = l & 65535;
                b = l >>> 16;
                c = h & 65535;
                d = h >>> 16;
                h = wh[(j + 9) % 16];
                l = wl[(j + 9) % 16];
                a += l & 65535;
                b += l >>> 16;
                c += h & 65535;
                d += h >>> 16;
                th = wh[(j + 1) % 16];
                tl = wl[(j + 1) % 16];
                h = (th >>> 1 | tl << 32 - 1) ^ (th >>> 8 | tl << 32 - 8) ^ th >>> 7;
                l = (tl >>> 1 | th << 32 - 1) ^ (tl >>> 8 | th << 32 - 8) ^ (tl >>> 7 | th << 32 - 7);
                a += l & 65535;
                b += l >>> 16;
                c += h & 65535;
                d += h >>> 16;
                th = wh[(j + 14) % 16];
                tl = wl[(j + 14) % 16];
                h = (th >>> 19 | tl << 32 - 19) ^ (tl >>> 61 - 32 | th << 32 - (61 - 32)) ^ th >>> 6;
                l = (tl >>> 19 | th << 32 - 19) ^ (th >>> 61 - 32 | tl << 32 - (61 - 32)) ^ (tl >>> 6 | th << 32 - 6);
                a += l & 65535;
                b += l >>> 16;
                c += h & 65535;
                d += h >>> 16;
                b += a >>> 16;
                c += b >>> 16;
                d += c >>> 16;
                wh[j] = c & 65535 | d << 16;
                wl[j] = a & 65535 | b << 16;
              }
            }
          }
          h = ah0;
          l = al0;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[0];
          l = hl[0];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[0] = ah0 = c & 65535 | d << 16;
          hl[0] = al0 = a & 65535 | b << 16;
          h = ah1;
          l = al1;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[1];
          l = hl[1];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[1] = ah1 = c & 65535 | d << 16;
          hl[1] = al1 = a & 65535 | b << 16;
          h = ah2;
          l = al2;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[2];
          l = hl[2];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[2] = ah2 = c & 65535 | d << 16;
          hl[2] = al2 = a & 65535 | b << 16;
          h = ah3;
          l = al3;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[3];
          l = hl[3];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[3] = ah3 = c & 65535 | d << 16;
          hl[3] = al3 = a & 65535 | b << 16;
          h = ah4;
          l = al4;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[4];
          l = hl[4];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[4] = ah4 = c & 65535 | d << 16;
          hl[4] = al4 = a & 65535 | b << 16;
          h = ah5;
          l = al5;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[5];
          l = hl[5];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[5] = ah5 = c & 65535 | d << 16;
          hl[5] = al5 = a & 65535 | b << 16;
          h = ah6;
          l = al6;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[6];
          l = hl[6];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[6] = ah6 = c & 65535 | d << 16;
          hl[6] = al6 = a & 65535 | b << 16;
          h = ah7;
          l = al7;
          a = l & 65535;
          b = l >>> 16;
          c = h & 65535;
          d = h >>> 16;
          h = hh[7];
          l = hl[7];
          a += l & 65535;
          b += l >>> 16;
          c += h & 65535;
          d += h >>> 16;
          b += a >>> 16;
          c += b >>> 16;
          d += c >>> 16;
          hh[7] = ah7 = c & 65535 | d << 16;
          hl[7] = al7 = a & 65535 | b << 16;
          pos += 128;
          n -= 128;
        }
        return n;
      }
      __name(crypto_hashblocks_hl, "crypto_hashblocks_hl");
      function crypto_hash(out, m, n) {
        var hh = new Int32Array(8), hl = new Int32Array(8), x = new Uint8Array(256), i, b = n;
        hh[0] = 1779033703;
        hh[1] = 3144134277;
        hh[2] = 1013904242;
        hh[3] = 2773480762;
        hh[4] = 1359893119;
        hh[5] = 2600822924;
        hh[6] = 528734635;
        hh[7] = 1541459225;
        hl[0] = 4089235720;
        hl[1] = 2227873595;
        hl[2] = 4271175723;
        hl[3] = 1595750129;
        hl[4] = 2917565137;
        hl[5] = 725511199;
        hl[6] = 4215389547;
        hl[7] = 327033209;
        crypto_hashblocks_hl(hh, hl, m, n);
        n %= 128;
        for (i = 0; i < n; i++) x[i] = m[b - n + i];
        x[n] = 128;
        n = 256 - 128 * (n < 112 ? 1 : 0);
        x[n - 9] = 0;
        ts64(x, n - 8, b / 536870912 | 0, b << 3);
        crypto_hashblocks_hl(hh, hl, x, n);
        for (i = 0; i < 8; i++) ts64(out, 8 * i, hh[i], hl[i]);
        return 0;
      }
      __name(crypto_hash, "crypto_hash");
      function add(p, q) {
        var a = gf(), b = gf(), c = gf(), d = gf(), e = gf(), f = gf(), g = gf(), h = gf(), t = gf();
        Z(a, p[1], p[0]);
        Z(t, q[1], q[0]);
        M(a, a, t);
        A(b, p[0], p[1]);
        A(t, q[0], q[1]);
        M(b, b, t);
        M(c, p[3], q[3]);
        M(c, c, D2);
        M(d, p[2], q[2]);
        A(d, d, d);
        Z(e, b, a);
        Z(f, d, c);
        A(g, d, c);
        A(h, b, a);
        M(p[0], e, f);
        M(p[1], h, g);
        M(p[2], g, f);
        M(p[3], e, h);
      }
      __name(add, "add");
      function cswap(p, q, b) {
        var i;
        for (i = 0; i < 4; i++) {
          sel25519(p[i], q[i], b);
        }
      }
      __name(cswap, "cswap");
      function pack(r, p) {
        var tx = gf(), ty = gf(), zi = gf();
        inv25519(zi, p[2]);
        M(tx, p[0], zi);
        M(ty, p[1], zi);
        pack25519(r, ty);
        r[31] ^= par25519(tx) << 7;
      }
      __name(pack, "pack");
      function scalarmult(p, q, s) {
        var b, i;
        set25519(p[0], gf0);
        set25519(p[1], gf1);
        set25519(p[2], gf1);
        set25519(p[3], gf0);
        for (i = 255; i >= 0; --i) {
          b = s[i / 8 | 0] >> (i & 7) & 1;
          cswap(p, q, b);
          add(q, p);
          add(p, p);
          cswap(p, q, b);
        }
      }
      __name(scalarmult, "scalarmult");
      function scalarbase(p, s) {
        var q = [gf(), gf(), gf(), gf()];
        set25519(q[0], X);
        set25519(q[1], Y);
        set25519(q[2], gf1);
        M(q[3], X, Y);
        scalarmult(p, q, s);
      }
      __name(scalarbase, "scalarbase");
      function crypto_sign_keypair(pk, sk, seeded) {
        var d = new Uint8Array(64);
        var p = [gf(), gf(), gf(), gf()];
        var i;
        if (!seeded) randombytes(sk, 32);
        crypto_hash(d, sk, 32);
        d[0] &= 248;
        d[31] &= 127;
        d[31] |= 64;
        scalarbase(p, d);
        pack(pk, p);
        for (i = 0; i < 32; i++) sk[i + 32] = pk[i];
        return 0;
      }
      __name(crypto_sign_keypair, "crypto_sign_keypair");
      var L = new Float64Array([237, 211, 245, 92, 26, 99, 18, 88, 214, 156, 247, 162, 222, 249, 222, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16]);
      function modL(r, x) {
        var carry, i, j, k;
        for (i = 63; i >= 32; --i) {
          carry = 0;
          for (j = i - 32, k = i - 12; j < k; ++j) {
            x[j] += carry - 16 * x[i] * L[j - (i - 32)];
            carry = Math.floor((x[j] + 128) / 256);
            x[j] -= carry * 256;
          }
          x[j] += carry;
          x[i] = 0;
        }
        carry = 0;
        for (j = 0; j < 32; j++) {
          x[j] += carry - (x[31] >> 4) * L[j];
          carry = x[j] >> 8;
          x[j] &= 255;
        }
        for (j = 0; j < 32; j++) x[j] -= carry * L[j];
        for (i = 0; i < 32; i++) {
          x[i + 1] += x[i] >> 8;
          r[i] = x[i] & 255;
        }
      }
      __name(modL, "modL");
      function reduce(r) {
        var x = new Float64Array(64), i;
        for (i = 0; i < 64; i++) x[i] = r[i];
        for (i = 0; i < 64; i++) r[i] = 0;
        modL(r, x);
      }
      __name(reduce, "reduce");
      function crypto_sign(sm, m, n, sk) {
        var d = new Uint8Array(64), h = new Uint8Array(64), r = new Uint8Array(64);
        var i, j, x = new Float64Array(64);
        var p = [gf(), gf(), gf(), gf()];
        crypto_hash(d, sk, 32);
        d[0] &= 248;
        d[31] &= 127;
        d[31] |= 64;
        var smlen = n + 64;
        for (i = 0; i < n; i++) sm[64 + i] = m[i];
        for (i = 0; i < 32; i++) sm[32 + i] = d[32 + i];
        crypto_hash(r, sm.subarray(32), n + 32);
        reduce(r);
        scalarbase(p, r);
        pack(sm, p);
        for (i = 32; i < 64; i++) sm[i] = sk[i];
        crypto_hash(h, sm, n + 64);
        reduce(h);
        for (i = 0; i < 64; i++) x[i] = 0;
        for (i = 0; i < 32; i++) x[i] = r[i];
        for (i = 0; i < 32; i++) {
          for (j = 0; j < 32; j++) {
            x[i + j] += h[i] * d[j];
          }
        }
        modL(sm.subarray(32), x);
        return smlen;
      }
      __name(crypto_sign, "crypto_sign");
      function unpackneg(r, p) {
        var t = gf(), chk = gf(), num = gf(), den = gf(), den2 = gf(), den4 = gf(), den6 = gf();
        set25519(r[2], gf1);
        unpack25519(r[1], p);
        S(num, r[1]);
        M(den, num, D);
        Z(num, num, r[2]);
        A(den, r[2], den);
        S(den2, den);
        S(den4, den2);
        M(den6, den4, den2);
        M(t, den6, num);
        M(t, t, den);
        pow2523(t, t);
        M(t, t, num);
        M(t, t, den);
        M(t, t, den);
        M(r[0], t, den);
        S(chk, r[0]);
        M(chk, chk, den);
        if (neq25519(chk, num)) M(r[0], r[0], I);
        S(chk, r[0]);
        M(chk, chk, den);
        if (neq25519(chk, num)) return -1;
        if (par25519(r[0]) === p[31] >> 7) Z(r[0], gf0, r[0]);
        M(r[3], r[0], r[1]);
        return 0;
      }
      __name(unpackneg, "unpackneg");
      function crypto_sign_open(m, sm, n, pk) {
        var i;
        var t = new Uint8Array(32), h = new Uint8Array(64);
        var p = [gf(), gf(), gf(), gf()], q = [gf(), gf(), gf(), gf()];
        if (n < 64) return -1;
        if (unpackneg(q, pk)) return -1;
        for (i = 0; i < n; i++) m[i] = sm[i];
        for (i = 0; i < 32; i++) m[i + 32] = pk[i];
        crypto_hash(h, m, n);
        reduce(h);
        scalarmult(p, q, h);
        scalarbase(q, sm.subarray(32));
        add(p, q);
        pack(t, p);
        n -= 64;
        if (crypto_verify_32(sm, 0, t, 0)) {
          for (i = 0; i < n; i++) m[i] = 0;
          return -1;
        }
        for (i = 0; i < n; i++) m[i] = sm[i + 64];
        return n;
      }
      __name(crypto_sign_open, "crypto_sign_open");
      var crypto_secretbox_KEYBYTES = 32, crypto_secretbox_NONCEBYTES = 24, crypto_secretbox_ZEROBYTES = 32, crypto_secretbox_BOXZEROBYTES = 16, crypto_scalarmult_BYTES = 32, crypto_scalarmult_SCALARBYTES = 32, crypto_box_PUBLICKEYBYTES = 32, crypto_box_SECRETKEYBYTES = 32, crypto_box_BEFORENMBYTES = 32, crypto_box_NONCEBYTES = crypto_secretbox_NONCEBYTES, crypto_box_ZEROBYTES = crypto_secretbox_ZEROBYTES, crypto_box_BOXZEROBYTES = crypto_secretbox_BOXZEROBYTES, crypto_sign_BYTES = 64, crypto_sign_PUBLICKEYBYTES = 32, crypto_sign_SECRETKEYBYTES = 64, crypto_sign_SEEDBYTES = 32, crypto_hash_BYTES = 64;
      nacl2.lowlevel = {
        crypto_core_hsalsa20,
        crypto_stream_xor,
        crypto_stream,
        crypto_stream_salsa20_xor,
        crypto_stream_salsa20,
        crypto_onetimeauth,
        crypto_onetimeauth_verify,
        crypto_verify_16,
        crypto_verify_32,
        crypto_secretbox,
        crypto_secretbox_open,
        crypto_scalarmult,
        crypto_scalarmult_base,
        crypto_box_beforenm,
        crypto_box_afternm,
        crypto_box,
        crypto_box_open,
        crypto_box_keypair,
        crypto_hash,
        crypto_sign,
        crypto_sign_keypair,
        crypto_sign_open,
        crypto_secretbox_KEYBYTES,
        crypto_secretbox_NONCEBYTES,
        crypto_secretbox_ZEROBYTES,
        crypto_secretbox_BOXZEROBYTES,
        crypto_scalarmult_BYTES,
        crypto_scalarmult_SCALARBYTES,
        crypto_box_PUBLICKEYBYTES,
        crypto_box_SECRETKEYBYTES,
        crypto_box_BEFORENMBYTES,
        crypto_box_NONCEBYTES,
        crypto_box_ZEROBYTES,
        crypto_box_BOXZEROBYTES,
        crypto_sign_BYTES,
        crypto_sign_PUBLICKEYBYTES,
        crypto_sign_SECRETKEYBYTES,
        crypto_sign_SEEDBYTES,
        crypto_hash_BYTES,
        gf,
        D,
        L,
        pack25519,
        unpack25519,
        M,
        A,
        S,
        Z,
        pow2523,
        add,
        set25519,
        modL,
        scalarmult,
        scalarbase
      };
      function checkLengths(k, n) {
        if (k.length !== crypto_secretbox_KEYBYTES) throw new Error("bad key size");
        if (n.length !== crypto_secretbox_NONCEBYTES) throw new Error("bad nonce size");
      }
      __name(checkLengths, "checkLengths");
      function checkBoxLengths(pk, sk) {
        if (pk.length !== crypto_box_PUBLICKEYBYTES) throw new Error("bad public key size");
        if (sk.length !== crypto_box_SECRETKEYBYTES) throw new Error("bad secret key size");
      }
      __name(checkBoxLengths, "checkBoxLengths");
      function checkArrayTypes() {
        for (var i = 0; i < arguments.length; i++) {
          if (!(arguments[i] instanceof Uint8Array))
            throw new TypeError("unexpected type, use Uint8Array");
        }
      }
      __name(checkArrayTypes, "checkArrayTypes");
      function cleanup(arr) {
        for (var i = 0; i < arr.length; i++) arr[i] = 0;
      }
      __name(cleanup, "cleanup");
      nacl2.randomBytes = function(n) {
        var b = new Uint8Array(n);
        randombytes(b, n);
        return b;
      };
      nacl2.secretbox = function(msg, nonce, key) {
        checkArrayTypes(msg, nonce, key);
        checkLengths(key, nonce);
        var m = new Uint8Array(crypto_secretbox_ZEROBYTES + msg.length);
        var c = new Uint8Array(m.length);
        for (var i = 0; i < msg.length; i++) m[i + crypto_secretbox_ZEROBYTES] = msg[i];
        crypto_secretbox(c, m, m.length, nonce, key);
        return c.subarray(crypto_secretbox_BOXZEROBYTES);
      };
      nacl2.secretbox.open = function(box, nonce, key) {
        checkArrayTypes(box, nonce, key);
        checkLengths(key, nonce);
        var c = new Uint8Array(crypto_secretbox_BOXZEROBYTES + box.length);
        var m = new Uint8Array(c.length);
        for (var i = 0; i < box.length; i++) c[i + crypto_secretbox_BOXZEROBYTES] = box[i];
        if (c.length < 32) return null;
        if (crypto_secretbox_open(m, c, c.length, nonce, key) !== 0) return null;
        return m.subarray(crypto_secretbox_ZEROBYTES);
      };
      nacl2.secretbox.keyLength = crypto_secretbox_KEYBYTES;
      nacl2.secretbox.nonceLength = crypto_secretbox_NONCEBYTES;
      nacl2.secretbox.overheadLength = crypto_secretbox_BOXZEROBYTES;
      nacl2.scalarMult = function(n, p) {
        checkArrayTypes(n, p);
        if (n.length !== crypto_scalarmult_SCALARBYTES) throw new Error("bad n size");
        if (p.length !== crypto_scalarmult_BYTES) throw new Error("bad p size");
        var q = new Uint8Array(crypto_scalarmult_BYTES);
        crypto_scalarmult(q, n, p);
        return q;
      };
      nacl2.scalarMult.base = function(n) {
        checkArrayTypes(n);
        if (n.length !== crypto_scalarmult_SCALARBYTES) throw new Error("bad n size");
        var q = new Uint8Array(crypto_scalarmult_BYTES);
        crypto_scalarmult_base(q, n);
        return q;
      };
      nacl2.scalarMult.scalarLength = crypto_scalarmult_SCALARBYTES;
      nacl2.scalarMult.groupElementLength = crypto_scalarmult_BYTES;
      nacl2.box = function(msg, nonce, publicKey, secretKey) {
        var k = nacl2.box.before(publicKey, secretKey);
        return nacl2.secretbox(msg, nonce, k);
      };
      nacl2.box.before = function(publicKey, secretKey) {
        checkArrayTypes(publicKey, secretKey);
        checkBoxLengths(publicKey, secretKey);
        var k = new Uint8Array(crypto_box_BEFORENMBYTES);
        crypto_box_beforenm(k, publicKey, secretKey);
        return k;
      };
      nacl2.box.after = nacl2.secretbox;
      nacl2.box.open = function(msg, nonce, publicKey, secretKey) {
        var k = nacl2.box.before(publicKey, secretKey);
        return nacl2.secretbox.open(msg, nonce, k);
      };
      nacl2.box.open.after = nacl2.secretbox.open;
      nacl2.box.keyPair = function() {
        var pk = new Uint8Array(crypto_box_PUBLICKEYBYTES);
        var sk = new Uint8Array(crypto_box_SECRETKEYBYTES);
        crypto_box_keypair(pk, sk);
        return { publicKey: pk, secretKey: sk };
      };
      nacl2.box.keyPair.fromSecretKey = function(secretKey) {
        checkArrayTypes(secretKey);
        if (secretKey.length !== crypto_box_SECRETKEYBYTES)
          throw new Error("bad secret key size");
        var pk = new Uint8Array(crypto_box_PUBLICKEYBYTES);
        crypto_scalarmult_base(pk, secretKey);
        return { publicKey: pk, secretKey: new Uint8Array(secretKey) };
      };
      nacl2.box.publicKeyLength = crypto_box_PUBLICKEYBYTES;
      nacl2.box.secretKeyLength = crypto_box_SECRETKEYBYTES;
      nacl2.box.sharedKeyLength = crypto_box_BEFORENMBYTES;
      nacl2.box.nonceLength = crypto_box_NONCEBYTES;
      nacl2.box.overheadLength = nacl2.secretbox.overheadLength;
      nacl2.sign = function(msg, secretKey) {
        checkArrayTypes(msg, secretKey);
        if (secretKey.length !== crypto_sign_SECRETKEYBYTES)
          throw new Error("bad secret key size");
        var signedMsg = new Uint8Array(crypto_sign_BYTES + msg.length);
        crypto_sign(signedMsg, msg, msg.length, secretKey);
        return signedMsg;
      };
      nacl2.sign.open = function(signedMsg, publicKey) {
        checkArrayTypes(signedMsg, publicKey);
        if (publicKey.length !== crypto_sign_PUBLICKEYBYTES)
          throw new Error("bad public key size");
        var tmp = new Uint8Array(signedMsg.length);
        var mlen = crypto_sign_open(tmp, signedMsg, signedMsg.length, publicKey);
        if (mlen < 0) return null;
        var m = new Uint8Array(mlen);
        for (var i = 0; i < m.length; i++) m[i] = tmp[i];
        return m;
      };
      nacl2.sign.detached = function(msg, secretKey) {
        var signedMsg = nacl2.sign(msg, secretKey);
        var sig = new Uint8Array(crypto_sign_BYTES);
        for (var i = 0; i < sig.length; i++) sig[i] = signedMsg[i];
        return sig;
      };
      nacl2.sign.detached.verify = function(msg, sig, publicKey) {
        checkArrayTypes(msg, sig, publicKey);
        if (sig.length !== crypto_sign_BYTES)
          throw new Error("bad signature size");
        if (publicKey.length !== crypto_sign_PUBLICKEYBYTES)
          throw new Error("bad public key size");
        var sm = new Uint8Array(crypto_sign_BYTES + msg.length);
        var m = new Uint8Array(crypto_sign_BYTES + msg.length);
        var i;
        for (i = 0; i < crypto_sign_BYTES; i++) sm[i] = sig[i];
        for (i = 0; i < msg.length; i++) sm[i + crypto_sign_BYTES] = msg[i];
        return crypto_sign_open(m, sm, sm.length, publicKey) >= 0;
      };
      nacl2.sign.keyPair = function() {
        var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
        var sk = new Uint8Array(crypto_sign_SECRETKEYBYTES);
        crypto_sign_keypair(pk, sk);
        return { publicKey: pk, secretKey: sk };
      };
      nacl2.sign.keyPair.fromSecretKey = function(secretKey) {
        checkArrayTypes(secretKey);
        if (secretKey.length !== crypto_sign_SECRETKEYBYTES)
          throw new Error("bad secret key size");
        var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
        for (var i = 0; i < pk.length; i++) pk[i] = secretKey[32 + i];
        return { publicKey: pk, secretKey: new Uint8Array(secretKey) };
      };
      nacl2.sign.keyPair.fromSeed = function(seed) {
        checkArrayTypes(seed);
        if (seed.length !== crypto_sign_SEEDBYTES)
          throw new Error("bad seed size");
        var pk = new Uint8Array(crypto_sign_PUBLICKEYBYTES);
        var sk = new Uint8Array(crypto_sign_SECRETKEYBYTES);
        for (var i = 0; i < 32; i++) sk[i] = seed[i];
        crypto_sign_keypair(pk, sk, true);
        return { publicKey: pk, secretKey: sk };
      };
      nacl2.sign.publicKeyLength = crypto_sign_PUBLICKEYBYTES;
      nacl2.sign.secretKeyLength = crypto_sign_SECRETKEYBYTES;
      nacl2.sign.seedLength = crypto_sign_SEEDBYTES;
      nacl2.sign.signatureLength = crypto_sign_BYTES;
      nacl2.hash = function(msg) {
        checkArrayTypes(msg);
        var h = new Uint8Array(crypto_hash_BYTES);
        crypto_hash(h, msg, msg.length);
        return h;
      };
      nacl2.hash.hashLength = crypto_hash_BYTES;
      nacl2.verify = function(x, y) {
        checkArrayTypes(x, y);
        if (x.length === 0 || y.length === 0) return false;
        if (x.length !== y.length) return false;
        return vn(x, 0, y, 0, x.length) === 0 ? true : false;
      };
      nacl2.setPRNG = function(fn) {
        randombytes = fn;
      };
      (function() {
        var crypto = typeof self !== "undefined" ? self.crypto || self.msCrypto : null;
        if (crypto && crypto.getRandomValues) {
          var QUOTA = 65536;
          nacl2.setPRNG(function(x, n) {
            var i, v = new Uint8Array(n);
            for (i = 0; i < n; i += QUOTA) {
              crypto.getRandomValues(v.subarray(i, i + Math.min(n - i, QUOTA)));
            }
            for (i = 0; i < n; i++) x[i] = v[i];
            cleanup(v);
          });
        } else if (typeof __require !== "undefined") {
          crypto = __require("crypto");
          if (crypto && crypto.randomBytes) {
            nacl2.setPRNG(function(x, n) {
              var i, v = crypto.randomBytes(n);
              for (i = 0; i < n; i++) x[i] = v[i];
              cleanup(v);
            });
          }
        }
      })();
    })(typeof module !== "undefined" && module.exports ? module.exports : self.nacl = self.nacl || {});
  }
});

// node_modules/@sigstore/verify/dist/bundle/dsse.js
var require_dsse = __commonJS({
  "node_modules/@sigstore/verify/dist/bundle/dsse.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DSSESignatureContent = void 0;
    var core_1 = require_dist();
    var DSSESignatureContent = class {
      static {
        __name(this, "DSSESignatureContent");
      }
      env;
      constructor(env) {
        this.env = env;
      }
      compareDigest(digest) {
        return core_1.crypto.bufferEqual(digest, core_1.crypto.digest("sha256", this.env.payload));
      }
      compareSignature(signature) {
        return core_1.crypto.bufferEqual(signature, this.signature);
      }
      verifySignature(key) {
        return core_1.crypto.verify(this.preAuthEncoding, key, this.signature);
      }
      get signature() {
        return this.env.signatures.length > 0 ? this.env.signatures[0].sig : Buffer.from("");
      }
      // DSSE Pre-Authentication Encoding
      get preAuthEncoding() {
        return core_1.dsse.preAuthEncoding(this.env.payloadType, this.env.payload);
      }
    };
    exports.DSSESignatureContent = DSSESignatureContent;
  }
});

// node_modules/@sigstore/verify/dist/bundle/message.js
var require_message = __commonJS({
  "node_modules/@sigstore/verify/dist/bundle/message.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.MessageSignatureContent = void 0;
    var core_1 = require_dist();
    var protobuf_specs_1 = require_dist2();
    var HASH_ALGORITHM_MAP = {
      [protobuf_specs_1.HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: "sha256",
      [protobuf_specs_1.HashAlgorithm.SHA2_256]: "sha256",
      [protobuf_specs_1.HashAlgorithm.SHA2_384]: "sha384",
      [protobuf_specs_1.HashAlgorithm.SHA2_512]: "sha512",
      [protobuf_specs_1.HashAlgorithm.SHA3_256]: "sha3-256",
      [protobuf_specs_1.HashAlgorithm.SHA3_384]: "sha3-384"
    };
    var MessageSignatureContent = class {
      static {
        __name(this, "MessageSignatureContent");
      }
      signature;
      messageDigest;
      artifact;
      hashAlgorithm;
      constructor(messageSignature, artifact) {
        this.signature = messageSignature.signature;
        this.messageDigest = messageSignature.messageDigest.digest;
        this.artifact = artifact;
        this.hashAlgorithm = HASH_ALGORITHM_MAP[messageSignature.messageDigest.algorithm] ?? /* istanbul ignore next */
        "sha256";
      }
      compareSignature(signature) {
        return core_1.crypto.bufferEqual(signature, this.signature);
      }
      compareDigest(digest) {
        return core_1.crypto.bufferEqual(digest, this.messageDigest);
      }
      verifySignature(key) {
        return core_1.crypto.verify(this.artifact, key, this.signature, this.hashAlgorithm);
      }
    };
    exports.MessageSignatureContent = MessageSignatureContent;
  }
});

// node_modules/@sigstore/verify/dist/bundle/index.js
var require_bundle = __commonJS({
  "node_modules/@sigstore/verify/dist/bundle/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.toSignedEntity = toSignedEntity2;
    exports.signatureContent = signatureContent;
    var core_1 = require_dist();
    var dsse_1 = require_dsse();
    var message_1 = require_message();
    function toSignedEntity2(bundle, artifact) {
      const { tlogEntries, timestampVerificationData } = bundle.verificationMaterial;
      const timestamps = [];
      for (const entry of tlogEntries) {
        if (entry.integratedTime && entry.integratedTime !== "0") {
          timestamps.push({
            $case: "transparency-log",
            tlogEntry: entry
          });
        }
      }
      for (const ts of timestampVerificationData?.rfc3161Timestamps ?? []) {
        timestamps.push({
          $case: "timestamp-authority",
          timestamp: core_1.RFC3161Timestamp.parse(Buffer.from(ts.signedTimestamp))
        });
      }
      return {
        signature: signatureContent(bundle, artifact),
        key: key(bundle),
        tlogEntries,
        timestamps
      };
    }
    __name(toSignedEntity2, "toSignedEntity");
    function signatureContent(bundle, artifact) {
      switch (bundle.content.$case) {
        case "dsseEnvelope":
          return new dsse_1.DSSESignatureContent(bundle.content.dsseEnvelope);
        case "messageSignature":
          return new message_1.MessageSignatureContent(bundle.content.messageSignature, artifact);
      }
    }
    __name(signatureContent, "signatureContent");
    function key(bundle) {
      switch (bundle.verificationMaterial.content.$case) {
        case "publicKey":
          return {
            $case: "public-key",
            hint: bundle.verificationMaterial.content.publicKey.hint
          };
        case "x509CertificateChain":
          return {
            $case: "certificate",
            certificate: core_1.X509Certificate.parse(Buffer.from(bundle.verificationMaterial.content.x509CertificateChain.certificates[0].rawBytes))
          };
        case "certificate":
          return {
            $case: "certificate",
            certificate: core_1.X509Certificate.parse(Buffer.from(bundle.verificationMaterial.content.certificate.rawBytes))
          };
      }
    }
    __name(key, "key");
  }
});

// node_modules/@sigstore/verify/dist/error.js
var require_error = __commonJS({
  "node_modules/@sigstore/verify/dist/error.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.PolicyError = exports.VerificationError = void 0;
    var BaseError = class extends Error {
      static {
        __name(this, "BaseError");
      }
      code;
      cause;
      /* eslint-disable-line @typescript-eslint/no-explicit-any */
      constructor({ code, message, cause }) {
        super(message);
        this.code = code;
        this.cause = cause;
        this.name = this.constructor.name;
      }
    };
    var VerificationError2 = class extends BaseError {
      static {
        __name(this, "VerificationError");
      }
    };
    exports.VerificationError = VerificationError2;
    var PolicyError2 = class extends BaseError {
      static {
        __name(this, "PolicyError");
      }
    };
    exports.PolicyError = PolicyError2;
  }
});

// node_modules/@sigstore/verify/dist/trust/filter.js
var require_filter = __commonJS({
  "node_modules/@sigstore/verify/dist/trust/filter.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.filterCertAuthorities = filterCertAuthorities;
    exports.filterTLogAuthorities = filterTLogAuthorities;
    function filterCertAuthorities(certAuthorities, timestamp) {
      return certAuthorities.filter((ca) => {
        return ca.validFor.start <= timestamp && ca.validFor.end >= timestamp;
      });
    }
    __name(filterCertAuthorities, "filterCertAuthorities");
    function filterTLogAuthorities(tlogAuthorities, criteria) {
      return tlogAuthorities.filter((tlog) => {
        if (criteria.logID && !tlog.logID.equals(criteria.logID)) {
          return false;
        }
        return tlog.validFor.start <= criteria.targetDate && criteria.targetDate <= tlog.validFor.end;
      });
    }
    __name(filterTLogAuthorities, "filterTLogAuthorities");
  }
});

// node_modules/@sigstore/verify/dist/trust/index.js
var require_trust = __commonJS({
  "node_modules/@sigstore/verify/dist/trust/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.filterTLogAuthorities = exports.filterCertAuthorities = void 0;
    exports.toTrustMaterial = toTrustMaterial2;
    var core_1 = require_dist();
    var protobuf_specs_1 = require_dist2();
    var error_1 = require_error();
    var BEGINNING_OF_TIME = /* @__PURE__ */ new Date(0);
    var END_OF_TIME = /* @__PURE__ */ new Date(864e13);
    var filter_1 = require_filter();
    Object.defineProperty(exports, "filterCertAuthorities", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return filter_1.filterCertAuthorities;
    }, "get") });
    Object.defineProperty(exports, "filterTLogAuthorities", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return filter_1.filterTLogAuthorities;
    }, "get") });
    function toTrustMaterial2(root, keys) {
      const keyFinder = typeof keys === "function" ? keys : keyLocator(keys);
      return {
        certificateAuthorities: root.certificateAuthorities.map(createCertAuthority),
        timestampAuthorities: root.timestampAuthorities.map(createCertAuthority),
        tlogs: root.tlogs.map(createTLogAuthority),
        ctlogs: root.ctlogs.map(createTLogAuthority),
        publicKey: keyFinder
      };
    }
    __name(toTrustMaterial2, "toTrustMaterial");
    function createTLogAuthority(tlogInstance) {
      const keyDetails = tlogInstance.publicKey.keyDetails;
      const keyType = keyDetails === protobuf_specs_1.PublicKeyDetails.PKCS1_RSA_PKCS1V5 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V5 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V15_2048_SHA256 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V15_3072_SHA256 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V15_4096_SHA256 ? "pkcs1" : "spki";
      return {
        baseURL: tlogInstance.baseUrl,
        logID: tlogInstance.checkpointKeyId ? tlogInstance.checkpointKeyId.keyId : tlogInstance.logId.keyId,
        publicKey: core_1.crypto.createPublicKey(tlogInstance.publicKey.rawBytes, keyType),
        validFor: {
          start: tlogInstance.publicKey.validFor?.start || BEGINNING_OF_TIME,
          end: tlogInstance.publicKey.validFor?.end || END_OF_TIME
        }
      };
    }
    __name(createTLogAuthority, "createTLogAuthority");
    function createCertAuthority(ca) {
      return {
        certChain: ca.certChain.certificates.map((cert) => {
          return core_1.X509Certificate.parse(Buffer.from(cert.rawBytes));
        }),
        validFor: {
          start: ca.validFor?.start || BEGINNING_OF_TIME,
          end: ca.validFor?.end || END_OF_TIME
        }
      };
    }
    __name(createCertAuthority, "createCertAuthority");
    function keyLocator(keys) {
      return (hint) => {
        const key = (keys || {})[hint];
        if (!key) {
          throw new error_1.VerificationError({
            code: "PUBLIC_KEY_ERROR",
            message: `key not found: ${hint}`
          });
        }
        return {
          publicKey: core_1.crypto.createPublicKey(key.rawBytes),
          validFor: /* @__PURE__ */ __name((date) => {
            return (key.validFor?.start || BEGINNING_OF_TIME) <= date && (key.validFor?.end || END_OF_TIME) >= date;
          }, "validFor")
        };
      };
    }
    __name(keyLocator, "keyLocator");
  }
});

// node_modules/@sigstore/verify/dist/key/certificate.js
var require_certificate = __commonJS({
  "node_modules/@sigstore/verify/dist/key/certificate.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CertificateChainVerifier = void 0;
    exports.verifyCertificateChain = verifyCertificateChain;
    var error_1 = require_error();
    var trust_1 = require_trust();
    function verifyCertificateChain(timestamp, leaf, certificateAuthorities) {
      const cas = (0, trust_1.filterCertAuthorities)(certificateAuthorities, timestamp);
      let error;
      for (const ca of cas) {
        try {
          const verifier = new CertificateChainVerifier({
            trustedCerts: ca.certChain,
            untrustedCert: leaf,
            timestamp
          });
          return verifier.verify();
        } catch (err) {
          error = err;
        }
      }
      throw new error_1.VerificationError({
        code: "CERTIFICATE_ERROR",
        message: "Failed to verify certificate chain",
        cause: error
      });
    }
    __name(verifyCertificateChain, "verifyCertificateChain");
    var CertificateChainVerifier = class {
      static {
        __name(this, "CertificateChainVerifier");
      }
      untrustedCert;
      trustedCerts;
      localCerts;
      timestamp;
      constructor(opts) {
        this.untrustedCert = opts.untrustedCert;
        this.trustedCerts = opts.trustedCerts;
        this.localCerts = dedupeCertificates([
          ...opts.trustedCerts,
          opts.untrustedCert
        ]);
        this.timestamp = opts.timestamp;
      }
      verify() {
        const certificatePath = this.sort();
        this.checkPath(certificatePath);
        const validForDate = certificatePath.every((cert) => cert.validForDate(this.timestamp));
        if (!validForDate) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "certificate is not valid or expired at the specified date"
          });
        }
        return certificatePath;
      }
      sort() {
        const leafCert = this.untrustedCert;
        let paths = this.buildPaths(leafCert);
        paths = paths.filter((path2) => path2.some((cert) => this.trustedCerts.includes(cert)));
        if (paths.length === 0) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "no trusted certificate path found"
          });
        }
        const path = paths.reduce((prev, curr) => prev.length < curr.length ? prev : curr);
        return [leafCert, ...path].slice(0, -1);
      }
      // Recursively build all possible paths from the leaf to the root
      buildPaths(certificate) {
        const paths = [];
        const issuers = this.findIssuer(certificate);
        if (issuers.length === 0) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "no valid certificate path found"
          });
        }
        for (let i = 0; i < issuers.length; i++) {
          const issuer = issuers[i];
          if (issuer.equals(certificate)) {
            paths.push([certificate]);
            continue;
          }
          const subPaths = this.buildPaths(issuer);
          for (let j = 0; j < subPaths.length; j++) {
            paths.push([issuer, ...subPaths[j]]);
          }
        }
        return paths;
      }
      // Return all possible issuers for the given certificate
      findIssuer(certificate) {
        let issuers = [];
        let keyIdentifier;
        if (certificate.subject.equals(certificate.issuer)) {
          if (certificate.verify()) {
            return [certificate];
          }
        }
        if (certificate.extAuthorityKeyID) {
          keyIdentifier = certificate.extAuthorityKeyID.keyIdentifier;
        }
        this.localCerts.forEach((possibleIssuer) => {
          if (keyIdentifier) {
            if (possibleIssuer.extSubjectKeyID) {
              if (possibleIssuer.extSubjectKeyID.keyIdentifier.equals(keyIdentifier)) {
                issuers.push(possibleIssuer);
              }
              return;
            }
          }
          if (possibleIssuer.subject.equals(certificate.issuer)) {
            issuers.push(possibleIssuer);
          }
        });
        issuers = issuers.filter((issuer) => {
          try {
            return certificate.verify(issuer);
          } catch (ex) {
            return false;
          }
        });
        return issuers;
      }
      checkPath(path) {
        if (path.length < 1) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "certificate chain must contain at least one certificate"
          });
        }
        const validCAs = path.slice(1).every((cert) => cert.isCA);
        if (!validCAs) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "intermediate certificate is not a CA"
          });
        }
        for (let i = path.length - 2; i >= 0; i--) {
          if (!path[i].issuer.equals(path[i + 1].subject)) {
            throw new error_1.VerificationError({
              code: "CERTIFICATE_ERROR",
              message: "incorrect certificate name chaining"
            });
          }
        }
        for (let i = 0; i < path.length; i++) {
          const cert = path[i];
          if (cert.extBasicConstraints?.isCA) {
            const pathLength = cert.extBasicConstraints.pathLenConstraint;
            if (pathLength !== void 0 && pathLength < i - 1) {
              throw new error_1.VerificationError({
                code: "CERTIFICATE_ERROR",
                message: "path length constraint exceeded"
              });
            }
          }
        }
      }
    };
    exports.CertificateChainVerifier = CertificateChainVerifier;
    function dedupeCertificates(certs) {
      for (let i = 0; i < certs.length; i++) {
        for (let j = i + 1; j < certs.length; j++) {
          if (certs[i].equals(certs[j])) {
            certs.splice(j, 1);
            j--;
          }
        }
      }
      return certs;
    }
    __name(dedupeCertificates, "dedupeCertificates");
  }
});

// node_modules/@sigstore/verify/dist/key/sct.js
var require_sct = __commonJS({
  "node_modules/@sigstore/verify/dist/key/sct.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifySCTs = verifySCTs;
    var core_1 = require_dist();
    var error_1 = require_error();
    var trust_1 = require_trust();
    function verifySCTs(cert, issuer, ctlogs) {
      let extSCT;
      const clone = cert.clone();
      for (let i = 0; i < clone.extensions.length; i++) {
        const ext = clone.extensions[i];
        if (ext.subs[0].toOID() === core_1.EXTENSION_OID_SCT) {
          extSCT = new core_1.X509SCTExtension(ext);
          clone.extensions.splice(i, 1);
          break;
        }
      }
      if (!extSCT) {
        return [];
      }
      if (extSCT.signedCertificateTimestamps.length === 0) {
        return [];
      }
      const preCert = new core_1.ByteStream();
      const issuerId = core_1.crypto.digest("sha256", issuer.publicKey);
      preCert.appendView(issuerId);
      const tbs = clone.tbsCertificate.toDER();
      preCert.appendUint24(tbs.length);
      preCert.appendView(tbs);
      return extSCT.signedCertificateTimestamps.map((sct) => {
        const validCTLogs = (0, trust_1.filterTLogAuthorities)(ctlogs, {
          logID: sct.logID,
          targetDate: sct.datetime
        });
        const verified = validCTLogs.some((log) => sct.verify(preCert.buffer, log.publicKey));
        if (!verified) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "SCT verification failed"
          });
        }
        return sct.logID;
      });
    }
    __name(verifySCTs, "verifySCTs");
  }
});

// node_modules/@sigstore/verify/dist/key/index.js
var require_key = __commonJS({
  "node_modules/@sigstore/verify/dist/key/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyPublicKey = verifyPublicKey;
    exports.verifyCertificate = verifyCertificate;
    var core_1 = require_dist();
    var error_1 = require_error();
    var certificate_1 = require_certificate();
    var sct_1 = require_sct();
    var OID_FULCIO_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    var OID_FULCIO_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    function verifyPublicKey(hint, timestamps, trustMaterial2) {
      const key = trustMaterial2.publicKey(hint);
      timestamps.forEach((timestamp) => {
        if (!key.validFor(timestamp)) {
          throw new error_1.VerificationError({
            code: "PUBLIC_KEY_ERROR",
            message: `Public key is not valid for timestamp: ${timestamp.toISOString()}`
          });
        }
      });
      return { key: key.publicKey };
    }
    __name(verifyPublicKey, "verifyPublicKey");
    function verifyCertificate(leaf, timestamps, trustMaterial2) {
      let path = [];
      timestamps.forEach((timestamp) => {
        path = (0, certificate_1.verifyCertificateChain)(timestamp, leaf, trustMaterial2.certificateAuthorities);
      });
      return {
        scts: (0, sct_1.verifySCTs)(path[0], path[1], trustMaterial2.ctlogs),
        signer: getSigner(path[0])
      };
    }
    __name(verifyCertificate, "verifyCertificate");
    function getSigner(cert) {
      let issuer;
      const issuerExtension = cert.extension(OID_FULCIO_ISSUER_V2);
      if (issuerExtension) {
        issuer = issuerExtension.valueObj.subs?.[0]?.value.toString("ascii");
      } else {
        issuer = cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString("ascii");
      }
      const oids = cert.extensions.map((ext) => {
        const oid = ext.subs[0].toOID();
        return {
          oid: { id: oid.split(".").map(Number) },
          value: ext.subs[ext.subs.length - 1].value
        };
      });
      const identity = {
        extensions: { issuer },
        subjectAlternativeName: cert.subjectAltName,
        oids
      };
      return {
        key: core_1.crypto.createPublicKey(cert.publicKey),
        identity
      };
    }
    __name(getSigner, "getSigner");
  }
});

// node_modules/@sigstore/verify/dist/policy.js
var require_policy = __commonJS({
  "node_modules/@sigstore/verify/dist/policy.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifySubjectAlternativeName = verifySubjectAlternativeName;
    exports.verifyExtensions = verifyExtensions;
    exports.verifyOIDs = verifyOIDs;
    var error_1 = require_error();
    function verifySubjectAlternativeName(policyIdentity, signerIdentity) {
      if (signerIdentity === void 0 || !signerIdentity.match(policyIdentity)) {
        throw new error_1.PolicyError({
          code: "UNTRUSTED_SIGNER_ERROR",
          message: `certificate identity error - expected ${policyIdentity}, got ${signerIdentity}`
        });
      }
    }
    __name(verifySubjectAlternativeName, "verifySubjectAlternativeName");
    function verifyExtensions(policyExtensions, signerExtensions = {}) {
      let key;
      for (key in policyExtensions) {
        if (signerExtensions[key] !== policyExtensions[key]) {
          throw new error_1.PolicyError({
            code: "UNTRUSTED_SIGNER_ERROR",
            message: `invalid certificate extension - expected ${key}=${policyExtensions[key]}, got ${key}=${signerExtensions[key]}`
          });
        }
      }
    }
    __name(verifyExtensions, "verifyExtensions");
    function verifyOIDs(policyOIDs, signerOIDs = []) {
      for (const policyOID of policyOIDs) {
        const match = signerOIDs.find((signerOID) => oidEquals(policyOID.oid?.id, signerOID.oid?.id) && policyOID.value.equals(signerOID.value));
        if (!match) {
          const oid = policyOID.oid?.id.join(".") ?? "<unknown>";
          throw new error_1.PolicyError({
            code: "UNTRUSTED_SIGNER_ERROR",
            message: `invalid certificate extension - missing OID ${oid}`
          });
        }
      }
    }
    __name(verifyOIDs, "verifyOIDs");
    function oidEquals(a, b) {
      if (a === void 0 || b === void 0) {
        return false;
      }
      return a.length === b.length && a.every((v, i) => v === b[i]);
    }
    __name(oidEquals, "oidEquals");
  }
});

// node_modules/@sigstore/verify/dist/timestamp/tsa.js
var require_tsa = __commonJS({
  "node_modules/@sigstore/verify/dist/timestamp/tsa.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyRFC3161Timestamp = verifyRFC3161Timestamp;
    var core_1 = require_dist();
    var error_1 = require_error();
    var certificate_1 = require_certificate();
    var trust_1 = require_trust();
    function verifyRFC3161Timestamp(timestamp, data, timestampAuthorities) {
      const signingTime = timestamp.signingTime;
      timestampAuthorities = (0, trust_1.filterCertAuthorities)(timestampAuthorities, signingTime);
      timestampAuthorities = filterCAsBySerialAndIssuer(timestampAuthorities, {
        serialNumber: timestamp.signerSerialNumber,
        issuer: timestamp.signerIssuer
      });
      const verified = timestampAuthorities.some((ca) => {
        try {
          verifyTimestampForCA(timestamp, data, ca);
          return true;
        } catch (e) {
          return false;
        }
      });
      if (!verified) {
        throw new error_1.VerificationError({
          code: "TIMESTAMP_ERROR",
          message: "timestamp could not be verified"
        });
      }
    }
    __name(verifyRFC3161Timestamp, "verifyRFC3161Timestamp");
    function verifyTimestampForCA(timestamp, data, ca) {
      const [leaf, ...cas] = ca.certChain;
      const signingKey2 = core_1.crypto.createPublicKey(leaf.publicKey);
      const signingTime = timestamp.signingTime;
      try {
        new certificate_1.CertificateChainVerifier({
          untrustedCert: leaf,
          trustedCerts: cas,
          timestamp: signingTime
        }).verify();
      } catch (e) {
        throw new error_1.VerificationError({
          code: "TIMESTAMP_ERROR",
          message: "invalid certificate chain"
        });
      }
      timestamp.verify(data, signingKey2);
    }
    __name(verifyTimestampForCA, "verifyTimestampForCA");
    function filterCAsBySerialAndIssuer(timestampAuthorities, criteria) {
      return timestampAuthorities.filter((ca) => ca.certChain.length > 0 && core_1.crypto.bufferEqual(ca.certChain[0].serialNumber, criteria.serialNumber) && core_1.crypto.bufferEqual(ca.certChain[0].issuer, criteria.issuer));
    }
    __name(filterCAsBySerialAndIssuer, "filterCAsBySerialAndIssuer");
  }
});

// node_modules/@sigstore/verify/dist/timestamp/index.js
var require_timestamp = __commonJS({
  "node_modules/@sigstore/verify/dist/timestamp/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getTSATimestamp = getTSATimestamp;
    exports.getTLogTimestamp = getTLogTimestamp;
    var tsa_1 = require_tsa();
    function getTSATimestamp(timestamp, data, timestampAuthorities) {
      (0, tsa_1.verifyRFC3161Timestamp)(timestamp, data, timestampAuthorities);
      return {
        type: "timestamp-authority",
        logID: timestamp.signerSerialNumber,
        timestamp: timestamp.signingTime
      };
    }
    __name(getTSATimestamp, "getTSATimestamp");
    function getTLogTimestamp(entry) {
      if (!entry.inclusionPromise) {
        return void 0;
      }
      return {
        type: "transparency-log",
        logID: entry.logId.keyId,
        timestamp: new Date(Number(entry.integratedTime) * 1e3)
      };
    }
    __name(getTLogTimestamp, "getTLogTimestamp");
  }
});

// node_modules/@sigstore/verify/dist/tlog/dsse.js
var require_dsse2 = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/dsse.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DSSE_API_VERSION_V1 = void 0;
    exports.verifyDSSETLogBody = verifyDSSETLogBody;
    exports.verifyDSSETLogBodyV2 = verifyDSSETLogBodyV2;
    var error_1 = require_error();
    exports.DSSE_API_VERSION_V1 = "0.0.1";
    function verifyDSSETLogBody(tlogEntry, content) {
      switch (tlogEntry.apiVersion) {
        case exports.DSSE_API_VERSION_V1:
          return verifyDSSE001TLogBody(tlogEntry, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported dsse version: ${tlogEntry.apiVersion}`
          });
      }
    }
    __name(verifyDSSETLogBody, "verifyDSSETLogBody");
    function verifyDSSETLogBodyV2(tlogEntry, content) {
      const spec = tlogEntry.spec?.spec;
      if (!spec) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: `missing dsse spec`
        });
      }
      switch (spec.$case) {
        case "dsseV002":
          return verifyDSSE002TLogBody(spec.dsseV002, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported version: ${spec.$case}`
          });
      }
    }
    __name(verifyDSSETLogBodyV2, "verifyDSSETLogBodyV2");
    function verifyDSSE001TLogBody(tlogEntry, content) {
      if (tlogEntry.spec.signatures?.length !== 1) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature count mismatch"
        });
      }
      const tlogSig = tlogEntry.spec.signatures[0].signature;
      if (!content.compareSignature(Buffer.from(tlogSig, "base64")))
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "tlog entry signature mismatch"
        });
      const tlogHash = tlogEntry.spec.payloadHash?.value || "";
      if (!content.compareDigest(Buffer.from(tlogHash, "hex"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "DSSE payload hash mismatch"
        });
      }
    }
    __name(verifyDSSE001TLogBody, "verifyDSSE001TLogBody");
    function verifyDSSE002TLogBody(spec, content) {
      if (spec.signatures?.length !== 1) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature count mismatch"
        });
      }
      const tlogSig = spec.signatures[0].content;
      if (!content.compareSignature(tlogSig))
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "tlog entry signature mismatch"
        });
      const tlogHash = spec.payloadHash?.digest || Buffer.from("");
      if (!content.compareDigest(tlogHash)) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "DSSE payload hash mismatch"
        });
      }
    }
    __name(verifyDSSE002TLogBody, "verifyDSSE002TLogBody");
  }
});

// node_modules/@sigstore/verify/dist/tlog/hashedrekord.js
var require_hashedrekord = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/hashedrekord.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.HASHEDREKORD_API_VERSION_V1 = void 0;
    exports.verifyHashedRekordTLogBody = verifyHashedRekordTLogBody;
    exports.verifyHashedRekordTLogBodyV2 = verifyHashedRekordTLogBodyV2;
    var error_1 = require_error();
    exports.HASHEDREKORD_API_VERSION_V1 = "0.0.1";
    function verifyHashedRekordTLogBody(tlogEntry, content) {
      switch (tlogEntry.apiVersion) {
        case exports.HASHEDREKORD_API_VERSION_V1:
          return verifyHashedrekord001TLogBody(tlogEntry, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported hashedrekord version: ${tlogEntry.apiVersion}`
          });
      }
    }
    __name(verifyHashedRekordTLogBody, "verifyHashedRekordTLogBody");
    function verifyHashedRekordTLogBodyV2(tlogEntry, content) {
      const spec = tlogEntry.spec?.spec;
      if (!spec) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: `missing dsse spec`
        });
      }
      switch (spec.$case) {
        case "hashedRekordV002":
          return verifyHashedrekord002TLogBody(spec.hashedRekordV002, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported version: ${spec.$case}`
          });
      }
    }
    __name(verifyHashedRekordTLogBodyV2, "verifyHashedRekordTLogBodyV2");
    function verifyHashedrekord001TLogBody(tlogEntry, content) {
      const tlogSig = tlogEntry.spec.signature.content || "";
      if (!content.compareSignature(Buffer.from(tlogSig, "base64"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature mismatch"
        });
      }
      const tlogDigest = tlogEntry.spec.data.hash?.value || "";
      if (!content.compareDigest(Buffer.from(tlogDigest, "hex"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "digest mismatch"
        });
      }
    }
    __name(verifyHashedrekord001TLogBody, "verifyHashedrekord001TLogBody");
    function verifyHashedrekord002TLogBody(spec, content) {
      const tlogSig = spec.signature?.content || Buffer.from("");
      if (!content.compareSignature(tlogSig)) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature mismatch"
        });
      }
      const tlogHash = spec.data?.digest || Buffer.from("");
      if (!content.compareDigest(tlogHash)) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "digest mismatch"
        });
      }
    }
    __name(verifyHashedrekord002TLogBody, "verifyHashedrekord002TLogBody");
  }
});

// node_modules/@sigstore/verify/dist/tlog/intoto.js
var require_intoto = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/intoto.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyIntotoTLogBody = verifyIntotoTLogBody;
    var error_1 = require_error();
    function verifyIntotoTLogBody(tlogEntry, content) {
      switch (tlogEntry.apiVersion) {
        case "0.0.2":
          return verifyIntoto002TLogBody(tlogEntry, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported intoto version: ${tlogEntry.apiVersion}`
          });
      }
    }
    __name(verifyIntotoTLogBody, "verifyIntotoTLogBody");
    function verifyIntoto002TLogBody(tlogEntry, content) {
      if (tlogEntry.spec.content.envelope.signatures?.length !== 1) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature count mismatch"
        });
      }
      const tlogSig = base64Decode(tlogEntry.spec.content.envelope.signatures[0].sig);
      if (!content.compareSignature(Buffer.from(tlogSig, "base64"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "tlog entry signature mismatch"
        });
      }
      const tlogHash = tlogEntry.spec.content.payloadHash?.value || "";
      if (!content.compareDigest(Buffer.from(tlogHash, "hex"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "DSSE payload hash mismatch"
        });
      }
    }
    __name(verifyIntoto002TLogBody, "verifyIntoto002TLogBody");
    function base64Decode(str) {
      return Buffer.from(str, "base64").toString("utf-8");
    }
    __name(base64Decode, "base64Decode");
  }
});

// node_modules/@sigstore/verify/dist/tlog/checkpoint.js
var require_checkpoint = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/checkpoint.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.LogCheckpoint = void 0;
    exports.verifyCheckpoint = verifyCheckpoint;
    var core_1 = require_dist();
    var error_1 = require_error();
    var CHECKPOINT_SEPARATOR = "\n\n";
    var SIGNATURE_REGEX = /\u2014 (\S+) (\S+)\n/g;
    function verifyCheckpoint(entry, tlogs) {
      const inclusionProof = entry.inclusionProof;
      const signedNote = SignedNote.fromString(inclusionProof.checkpoint.envelope);
      const checkpoint = LogCheckpoint.fromString(signedNote.note);
      if (!verifySignedNote(signedNote, tlogs)) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: "invalid checkpoint signature"
        });
      }
      return checkpoint;
    }
    __name(verifyCheckpoint, "verifyCheckpoint");
    function verifySignedNote(signedNote, tlogs) {
      const data = Buffer.from(signedNote.note, "utf-8");
      return signedNote.signatures.some((signature) => {
        const tlog = tlogs.find(
          (tlog2) => core_1.crypto.bufferEqual(tlog2.logID.subarray(0, 4), signature.keyHint) && tlog2.baseURL.match(signature.name)
          // Match the name to the base URL of the tlog
        );
        if (!tlog) {
          return false;
        }
        return core_1.crypto.verify(data, tlog.publicKey, signature.signature);
      });
    }
    __name(verifySignedNote, "verifySignedNote");
    var SignedNote = class _SignedNote {
      static {
        __name(this, "SignedNote");
      }
      note;
      signatures;
      constructor(note, signatures) {
        this.note = note;
        this.signatures = signatures;
      }
      // Deserialize a SignedNote from a string
      static fromString(envelope) {
        if (!envelope.includes(CHECKPOINT_SEPARATOR)) {
          throw new error_1.VerificationError({
            code: "TLOG_INCLUSION_PROOF_ERROR",
            message: "missing checkpoint separator"
          });
        }
        const split = envelope.indexOf(CHECKPOINT_SEPARATOR);
        const header = envelope.slice(0, split + 1);
        const data = envelope.slice(split + CHECKPOINT_SEPARATOR.length);
        const matches2 = data.matchAll(SIGNATURE_REGEX);
        const signatures = Array.from(matches2, (match) => {
          const [, name, signature] = match;
          const sigBytes = Buffer.from(signature, "base64");
          if (sigBytes.length < 5) {
            throw new error_1.VerificationError({
              code: "TLOG_INCLUSION_PROOF_ERROR",
              message: "malformed checkpoint signature"
            });
          }
          return {
            name,
            keyHint: sigBytes.subarray(0, 4),
            signature: sigBytes.subarray(4)
          };
        });
        if (signatures.length === 0) {
          throw new error_1.VerificationError({
            code: "TLOG_INCLUSION_PROOF_ERROR",
            message: "no signatures found in checkpoint"
          });
        }
        return new _SignedNote(header, signatures);
      }
    };
    var LogCheckpoint = class _LogCheckpoint {
      static {
        __name(this, "LogCheckpoint");
      }
      origin;
      logSize;
      logHash;
      rest;
      constructor(origin, logSize, logHash, rest) {
        this.origin = origin;
        this.logSize = logSize;
        this.logHash = logHash;
        this.rest = rest;
      }
      static fromString(note) {
        const lines = note.trimEnd().split("\n");
        if (lines.length < 3) {
          throw new error_1.VerificationError({
            code: "TLOG_INCLUSION_PROOF_ERROR",
            message: "too few lines in checkpoint header"
          });
        }
        const origin = lines[0];
        const logSize = BigInt(lines[1]);
        const rootHash = Buffer.from(lines[2], "base64");
        const rest = lines.slice(3);
        return new _LogCheckpoint(origin, logSize, rootHash, rest);
      }
    };
    exports.LogCheckpoint = LogCheckpoint;
  }
});

// node_modules/@sigstore/verify/dist/tlog/merkle.js
var require_merkle = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/merkle.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyMerkleInclusion = verifyMerkleInclusion;
    var core_1 = require_dist();
    var error_1 = require_error();
    var RFC6962_LEAF_HASH_PREFIX = Buffer.from([0]);
    var RFC6962_NODE_HASH_PREFIX = Buffer.from([1]);
    function verifyMerkleInclusion(entry, checkpoint) {
      const inclusionProof = entry.inclusionProof;
      const logIndex = BigInt(inclusionProof.logIndex);
      const treeSize = BigInt(checkpoint.logSize);
      if (logIndex < 0n || logIndex >= treeSize) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: `invalid index: ${logIndex}`
        });
      }
      const { inner, border } = decompInclProof(logIndex, treeSize);
      if (inclusionProof.hashes.length !== inner + border) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: "invalid hash count"
        });
      }
      const innerHashes = inclusionProof.hashes.slice(0, inner);
      const borderHashes = inclusionProof.hashes.slice(inner);
      const leafHash = hashLeaf(entry.canonicalizedBody);
      const calculatedHash = chainBorderRight(chainInner(leafHash, innerHashes, logIndex), borderHashes);
      if (!core_1.crypto.bufferEqual(calculatedHash, checkpoint.logHash)) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: "calculated root hash does not match inclusion proof"
        });
      }
    }
    __name(verifyMerkleInclusion, "verifyMerkleInclusion");
    function decompInclProof(index, size) {
      const inner = innerProofSize(index, size);
      const border = onesCount(index >> BigInt(inner));
      return { inner, border };
    }
    __name(decompInclProof, "decompInclProof");
    function chainInner(seed, hashes, index) {
      return hashes.reduce((acc, h, i) => {
        if (index >> BigInt(i) & BigInt(1)) {
          return hashChildren(h, acc);
        } else {
          return hashChildren(acc, h);
        }
      }, seed);
    }
    __name(chainInner, "chainInner");
    function chainBorderRight(seed, hashes) {
      return hashes.reduce((acc, h) => hashChildren(h, acc), seed);
    }
    __name(chainBorderRight, "chainBorderRight");
    function innerProofSize(index, size) {
      return bitLength(index ^ size - BigInt(1));
    }
    __name(innerProofSize, "innerProofSize");
    function onesCount(num) {
      return num.toString(2).split("1").length - 1;
    }
    __name(onesCount, "onesCount");
    function bitLength(n) {
      if (n === 0n) {
        return 0;
      }
      return n.toString(2).length;
    }
    __name(bitLength, "bitLength");
    function hashChildren(left, right) {
      return core_1.crypto.digest("sha256", RFC6962_NODE_HASH_PREFIX, left, right);
    }
    __name(hashChildren, "hashChildren");
    function hashLeaf(leaf) {
      return core_1.crypto.digest("sha256", RFC6962_LEAF_HASH_PREFIX, leaf);
    }
    __name(hashLeaf, "hashLeaf");
  }
});

// node_modules/@sigstore/verify/dist/tlog/set.js
var require_set = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/set.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyTLogSET = verifyTLogSET;
    var core_1 = require_dist();
    var error_1 = require_error();
    var trust_1 = require_trust();
    function verifyTLogSET(entry, tlogs) {
      const validTLogs = (0, trust_1.filterTLogAuthorities)(tlogs, {
        logID: entry.logId.keyId,
        targetDate: new Date(Number(entry.integratedTime) * 1e3)
      });
      const verified = validTLogs.some((tlog) => {
        const payload = toVerificationPayload(entry);
        const data = Buffer.from(core_1.json.canonicalize(payload), "utf8");
        const signature = entry.inclusionPromise.signedEntryTimestamp;
        return core_1.crypto.verify(data, tlog.publicKey, signature);
      });
      if (!verified) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROMISE_ERROR",
          message: "inclusion promise could not be verified"
        });
      }
    }
    __name(verifyTLogSET, "verifyTLogSET");
    function toVerificationPayload(entry) {
      const { integratedTime, logIndex, logId, canonicalizedBody } = entry;
      return {
        body: canonicalizedBody.toString("base64"),
        integratedTime: Number(integratedTime),
        logIndex: Number(logIndex),
        logID: logId.keyId.toString("hex")
      };
    }
    __name(toVerificationPayload, "toVerificationPayload");
  }
});

// node_modules/@sigstore/verify/dist/tlog/index.js
var require_tlog = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyTLogBody = verifyTLogBody;
    exports.verifyTLogInclusion = verifyTLogInclusion;
    var v2_1 = require_v2();
    var error_1 = require_error();
    var dsse_1 = require_dsse2();
    var hashedrekord_1 = require_hashedrekord();
    var intoto_1 = require_intoto();
    var checkpoint_1 = require_checkpoint();
    var merkle_1 = require_merkle();
    var set_1 = require_set();
    function verifyTLogBody(entry, sigContent) {
      const { kind, version } = entry.kindVersion;
      const body = JSON.parse(entry.canonicalizedBody.toString("utf8"));
      if (kind !== body.kind || version !== body.apiVersion) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: `kind/version mismatch - expected: ${kind}/${version}, received: ${body.kind}/${body.apiVersion}`
        });
      }
      switch (kind) {
        case "dsse":
          if (version == dsse_1.DSSE_API_VERSION_V1) {
            return (0, dsse_1.verifyDSSETLogBody)(body, sigContent);
          } else {
            const entryRekorV2 = v2_1.Entry.fromJSON(body);
            return (0, dsse_1.verifyDSSETLogBodyV2)(entryRekorV2, sigContent);
          }
        case "intoto":
          return (0, intoto_1.verifyIntotoTLogBody)(body, sigContent);
        case "hashedrekord":
          if (version == hashedrekord_1.HASHEDREKORD_API_VERSION_V1) {
            return (0, hashedrekord_1.verifyHashedRekordTLogBody)(body, sigContent);
          } else {
            const entryRekorV2 = v2_1.Entry.fromJSON(body);
            return (0, hashedrekord_1.verifyHashedRekordTLogBodyV2)(entryRekorV2, sigContent);
          }
        /* istanbul ignore next */
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported kind: ${kind}`
          });
      }
    }
    __name(verifyTLogBody, "verifyTLogBody");
    function verifyTLogInclusion(entry, tlogAuthorities) {
      let inclusionVerified = false;
      if (isTLogEntryWithInclusionPromise(entry)) {
        (0, set_1.verifyTLogSET)(entry, tlogAuthorities);
        inclusionVerified = true;
      }
      if (isTLogEntryWithInclusionProof(entry)) {
        const checkpoint = (0, checkpoint_1.verifyCheckpoint)(entry, tlogAuthorities);
        (0, merkle_1.verifyMerkleInclusion)(entry, checkpoint);
        inclusionVerified = true;
      }
      if (!inclusionVerified) {
        throw new error_1.VerificationError({
          code: "TLOG_MISSING_INCLUSION_ERROR",
          message: "inclusion could not be verified"
        });
      }
      return;
    }
    __name(verifyTLogInclusion, "verifyTLogInclusion");
    function isTLogEntryWithInclusionPromise(entry) {
      return entry.inclusionPromise !== void 0;
    }
    __name(isTLogEntryWithInclusionPromise, "isTLogEntryWithInclusionPromise");
    function isTLogEntryWithInclusionProof(entry) {
      return entry.inclusionProof !== void 0;
    }
    __name(isTLogEntryWithInclusionProof, "isTLogEntryWithInclusionProof");
  }
});

// node_modules/@sigstore/verify/dist/verifier.js
var require_verifier = __commonJS({
  "node_modules/@sigstore/verify/dist/verifier.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Verifier = void 0;
    var util_1 = __require("util");
    var error_1 = require_error();
    var key_1 = require_key();
    var policy_1 = require_policy();
    var timestamp_1 = require_timestamp();
    var tlog_1 = require_tlog();
    var Verifier2 = class {
      static {
        __name(this, "Verifier");
      }
      trustMaterial;
      options;
      constructor(trustMaterial2, options = {}) {
        this.trustMaterial = trustMaterial2;
        this.options = {
          ctlogThreshold: options.ctlogThreshold ?? 1,
          tlogThreshold: options.tlogThreshold ?? 1,
          timestampThreshold: options.timestampThreshold ?? options.tsaThreshold ?? 1,
          tsaThreshold: 0
        };
      }
      verify(entity, policy) {
        const timestamps = this.verifyTimestamps(entity);
        const signer = this.verifySigningKey(entity, timestamps);
        this.verifyTLogs(entity);
        this.verifySignature(entity, signer);
        if (policy) {
          this.verifyPolicy(policy, signer.identity || {});
        }
        return signer;
      }
      // Checks that all of the timestamps in the entity are valid and returns them
      verifyTimestamps(entity) {
        const timestamps = [];
        for (const timestamp of entity.timestamps) {
          switch (timestamp.$case) {
            case "timestamp-authority":
              timestamps.push((0, timestamp_1.getTSATimestamp)(timestamp.timestamp, entity.signature.signature, this.trustMaterial.timestampAuthorities));
              break;
            case "transparency-log": {
              const result = (0, timestamp_1.getTLogTimestamp)(timestamp.tlogEntry);
              if (result) {
                timestamps.push(result);
              }
              break;
            }
          }
        }
        if (containsDupes(timestamps)) {
          throw new error_1.VerificationError({
            code: "TIMESTAMP_ERROR",
            message: "duplicate timestamp"
          });
        }
        if (timestamps.length < this.options.timestampThreshold) {
          throw new error_1.VerificationError({
            code: "TIMESTAMP_ERROR",
            message: `expected ${this.options.timestampThreshold} timestamps, got ${timestamps.length}`
          });
        }
        return timestamps.map((t) => t.timestamp);
      }
      // Checks that the signing key is valid for all of the the supplied timestamps
      // and returns the signer.
      verifySigningKey({ key }, timestamps) {
        switch (key.$case) {
          case "public-key": {
            return (0, key_1.verifyPublicKey)(key.hint, timestamps, this.trustMaterial);
          }
          case "certificate": {
            const result = (0, key_1.verifyCertificate)(key.certificate, timestamps, this.trustMaterial);
            if (containsDupes(result.scts)) {
              throw new error_1.VerificationError({
                code: "CERTIFICATE_ERROR",
                message: "duplicate SCT"
              });
            }
            if (result.scts.length < this.options.ctlogThreshold) {
              throw new error_1.VerificationError({
                code: "CERTIFICATE_ERROR",
                message: `expected ${this.options.ctlogThreshold} SCTs, got ${result.scts.length}`
              });
            }
            return result.signer;
          }
        }
      }
      // Checks that the tlog entries are valid for the supplied content
      verifyTLogs({ signature: content, tlogEntries }) {
        let tlogCount = 0;
        tlogEntries.forEach((entry) => {
          tlogCount++;
          (0, tlog_1.verifyTLogInclusion)(entry, this.trustMaterial.tlogs);
          (0, tlog_1.verifyTLogBody)(entry, content);
        });
        if (tlogCount < this.options.tlogThreshold) {
          throw new error_1.VerificationError({
            code: "TLOG_ERROR",
            message: `expected ${this.options.tlogThreshold} tlog entries, got ${tlogCount}`
          });
        }
      }
      // Checks that the signature is valid for the supplied content
      verifySignature(entity, signer) {
        if (!entity.signature.verifySignature(signer.key)) {
          throw new error_1.VerificationError({
            code: "SIGNATURE_ERROR",
            message: "signature verification failed"
          });
        }
      }
      verifyPolicy(policy, identity) {
        if (policy.subjectAlternativeName) {
          (0, policy_1.verifySubjectAlternativeName)(policy.subjectAlternativeName, identity.subjectAlternativeName);
        }
        if (policy.extensions) {
          (0, policy_1.verifyExtensions)(policy.extensions, identity.extensions);
        }
        if (policy.oids) {
          (0, policy_1.verifyOIDs)(policy.oids, identity.oids);
        }
      }
    };
    exports.Verifier = Verifier2;
    function containsDupes(arr) {
      for (let i = 0; i < arr.length; i++) {
        for (let j = i + 1; j < arr.length; j++) {
          if ((0, util_1.isDeepStrictEqual)(arr[i], arr[j])) {
            return true;
          }
        }
      }
      return false;
    }
    __name(containsDupes, "containsDupes");
  }
});

// node_modules/@sigstore/verify/dist/index.js
var require_dist4 = __commonJS({
  "node_modules/@sigstore/verify/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Verifier = exports.toTrustMaterial = exports.VerificationError = exports.PolicyError = exports.toSignedEntity = void 0;
    var bundle_1 = require_bundle();
    Object.defineProperty(exports, "toSignedEntity", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return bundle_1.toSignedEntity;
    }, "get") });
    var error_1 = require_error();
    Object.defineProperty(exports, "PolicyError", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return error_1.PolicyError;
    }, "get") });
    Object.defineProperty(exports, "VerificationError", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return error_1.VerificationError;
    }, "get") });
    var trust_1 = require_trust();
    Object.defineProperty(exports, "toTrustMaterial", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return trust_1.toTrustMaterial;
    }, "get") });
    var verifier_1 = require_verifier();
    Object.defineProperty(exports, "Verifier", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return verifier_1.Verifier;
    }, "get") });
  }
});

// packages/signing/src/errors.ts
var SigningError = class extends StellaError {
  static {
    __name(this, "SigningError");
  }
};

// packages/signing/src/keys.ts
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify } from "node:crypto";

// packages/signing/src/cosign-key.ts
var import_tweetnacl = __toESM(require_nacl_fast(), 1);
import { randomBytes, scrypt as scryptCb } from "node:crypto";
var SIGSTORE_KEY_LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY";
var COSIGN_KEY_LABEL = "ENCRYPTED COSIGN PRIVATE KEY";
var DEFAULT_SCRYPT = { N: 32768, r: 8, p: 1 };
function scrypt(password, salt, params) {
  const options = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password, salt, 32, options, (err, key) => err ? reject(err) : resolve(key)));
}
__name(scrypt, "scrypt");
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord, "isRecord");
function checkParams(params, where) {
  const ok = isRecord(params) && Number.isInteger(params.N) && Number.isInteger(params.r) && Number.isInteger(params.p) && params.N >= 2 && params.N <= 2 ** 20 && (params.N & params.N - 1) === 0 && params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= 16;
  if (!ok) {
    throw new SigningError(`${where}: unsupported scrypt parameters ${JSON.stringify(params)}`, {
      code: "KEY_FORMAT",
      hint: "N must be a power of two up to 2^20, r 1..32, p 1..16 (cosign writes N=32768 r=8 p=1)"
    });
  }
  return { N: params.N, r: params.r, p: params.p };
}
__name(checkParams, "checkParams");
function parseDocument(json, where) {
  let doc;
  try {
    doc = JSON.parse(Buffer.from(json).toString("utf8"));
  } catch (e) {
    throw new SigningError(`${where}: the encrypted key body is not JSON`, { code: "KEY_FORMAT", cause: e });
  }
  const problems = [];
  if (!isRecord(doc)) throw new SigningError(`${where}: the encrypted key body is not a JSON object`, { code: "KEY_FORMAT" });
  const { kdf, cipher, ciphertext } = doc;
  if (!isRecord(kdf) || kdf.name !== "scrypt") problems.push(`kdf.name must be "scrypt"`);
  if (!isRecord(cipher) || cipher.name !== "nacl/secretbox") problems.push(`cipher.name must be "nacl/secretbox"`);
  if (!isRecord(kdf) || typeof kdf.salt !== "string") problems.push("kdf.salt must be a base64 string");
  if (!isRecord(cipher) || typeof cipher.nonce !== "string") problems.push("cipher.nonce must be a base64 string");
  if (typeof ciphertext !== "string") problems.push("ciphertext must be a base64 string");
  if (problems.length > 0 || !isRecord(kdf) || !isRecord(cipher) || typeof ciphertext !== "string") {
    throw new SigningError(`${where}: not a cosign encrypted key: ${problems.join("; ")}`, { code: "KEY_FORMAT" });
  }
  const nonce = Buffer.from(cipher.nonce, "base64");
  if (nonce.length !== import_tweetnacl.default.secretbox.nonceLength) {
    throw new SigningError(`${where}: cipher.nonce must be 24 bytes, got ${nonce.length}`, { code: "KEY_FORMAT" });
  }
  return { params: checkParams(kdf.params, where), salt: Buffer.from(kdf.salt, "base64"), nonce, ciphertext: Buffer.from(ciphertext, "base64") };
}
__name(parseDocument, "parseDocument");
async function encryptKeyDocument(plaintext, password, params = DEFAULT_SCRYPT) {
  const salt = randomBytes(32);
  const nonce = randomBytes(import_tweetnacl.default.secretbox.nonceLength);
  const key = await scrypt(Buffer.from(password, "utf8"), salt, params);
  const box = import_tweetnacl.default.secretbox(plaintext, nonce, key);
  const doc = {
    kdf: { name: "scrypt", params: { N: params.N, r: params.r, p: params.p }, salt: salt.toString("base64") },
    cipher: { name: "nacl/secretbox", nonce: nonce.toString("base64") },
    ciphertext: Buffer.from(box).toString("base64")
  };
  return Buffer.from(JSON.stringify(doc), "utf8");
}
__name(encryptKeyDocument, "encryptKeyDocument");
async function decryptKeyDocument(json, password, where) {
  const { params, salt, nonce, ciphertext } = parseDocument(json, where);
  const key = await scrypt(Buffer.from(password, "utf8"), salt, params);
  const opened = import_tweetnacl.default.secretbox.open(ciphertext, nonce, key);
  if (!opened) {
    throw new SigningError(`${where}: cannot decrypt the private key: wrong password`, {
      code: "KEY_PASSWORD",
      hint: "give the password the key was created with (COSIGN_PASSWORD for the CLI, the key-password input for the actions)"
    });
  }
  return Buffer.from(opened);
}
__name(decryptKeyDocument, "decryptKeyDocument");
function pemEncode(label, der) {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}
__name(pemEncode, "pemEncode");
function pemDecodeAll(text) {
  const out = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = (m[2] ?? "").split(/\r?\n/).filter((l) => !l.includes(":")).join("");
    out.push({ label: m[1] ?? "", body: Buffer.from(body, "base64") });
  }
  return out;
}
__name(pemDecodeAll, "pemDecodeAll");

// packages/signing/src/keys.ts
function algorithmOf(key, where) {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return "ed25519";
  if (type === "rsa") return "rsa";
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return "ecdsa-p256";
    if (curve === "secp384r1") return "ecdsa-p384";
    if (curve === "secp521r1") return "ecdsa-p521";
    throw new SigningError(`${where}: ECDSA curve ${curve ?? "?"} is not allowed`, { code: "KEY_FORMAT", hint: "use P-256 (stella key generate)" });
  }
  throw new SigningError(`${where}: ${type ?? "unknown"} keys are not supported`, { code: "KEY_FORMAT", hint: "use ECDSA P-256 (stella key generate) or Ed25519" });
}
__name(algorithmOf, "algorithmOf");
function hashFor(algorithm) {
  if (algorithm === "ed25519") return null;
  if (algorithm === "ecdsa-p384") return "sha384";
  if (algorithm === "ecdsa-p521") return "sha512";
  return "sha256";
}
__name(hashFor, "hashFor");
function publicKeyPem(key) {
  return key.export({ type: "spki", format: "pem" }).toString();
}
__name(publicKeyPem, "publicKeyPem");
function keyHint(key) {
  return createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
}
__name(keyHint, "keyHint");
async function generateKeyPair(options) {
  const pair = options.algorithm === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const der = pair.privateKey.export({ type: "pkcs8", format: "der" });
  const body = await encryptKeyDocument(der, options.password, options.scrypt ?? DEFAULT_SCRYPT);
  return { privatePem: pemEncode(SIGSTORE_KEY_LABEL, body), publicPem: publicKeyPem(pair.publicKey), privateKey: pair.privateKey };
}
__name(generateKeyPair, "generateKeyPair");
async function encryptPrivateKey(key, password, scrypt2 = DEFAULT_SCRYPT) {
  return pemEncode(SIGSTORE_KEY_LABEL, await encryptKeyDocument(key.export({ type: "pkcs8", format: "der" }), password, scrypt2));
}
__name(encryptPrivateKey, "encryptPrivateKey");
function privateFromDer(der, where) {
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    try {
      return createPrivateKey({ key: der, format: "der", type: "sec1" });
    } catch (e) {
      throw new SigningError(`${where}: the decrypted key is not a PKCS#8 private key`, { code: "KEY_FORMAT", cause: e });
    }
  }
}
__name(privateFromDer, "privateFromDer");
function privateKeyFrom(privateKey, where) {
  return wrap(privateKey, where);
}
__name(privateKeyFrom, "privateKeyFrom");
function wrap(privateKey, where) {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, algorithm: algorithmOf(privateKey, where), publicPem: publicKeyPem(publicKey) };
}
__name(wrap, "wrap");
async function loadPrivateKey(pemText, password, where) {
  const blocks = pemDecodeAll(pemText);
  const block = blocks.find((b) => b.label.endsWith("PRIVATE KEY"));
  if (!block) {
    throw new SigningError(`${where}: no PEM private key found`, {
      code: "KEY_FORMAT",
      hint: "expected -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY----- (stella key generate / cosign generate-key-pair) or an unencrypted PKCS#8 PEM"
    });
  }
  if (block.label === SIGSTORE_KEY_LABEL || block.label === COSIGN_KEY_LABEL) {
    const der = await decryptKeyDocument(block.body, password ?? "", where);
    return wrap(privateFromDer(der, where), where);
  }
  const type = block.label === "PRIVATE KEY" ? "pkcs8" : block.label === "EC PRIVATE KEY" ? "sec1" : block.label === "RSA PRIVATE KEY" ? "pkcs1" : null;
  if (!type) {
    throw new SigningError(`${where}: unsupported PEM block "${block.label}"`, { code: "KEY_FORMAT", hint: "encrypted keys must come from cosign or stella key generate" });
  }
  try {
    return wrap(createPrivateKey({ key: block.body, format: "der", type }), where);
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`${where}: cannot parse the ${block.label}`, { code: "KEY_FORMAT", cause: e });
  }
}
__name(loadPrivateKey, "loadPrivateKey");
function loadPublicKey(pemText, where) {
  const block = pemDecodeAll(pemText).find((b) => b.label === "PUBLIC KEY" || b.label === "CERTIFICATE");
  if (!block) {
    throw new SigningError(`${where}: no PUBLIC KEY PEM block found`, { code: "KEY_FORMAT", hint: "pass cosign.pub (stella key generate writes it)" });
  }
  try {
    const key = block.label === "PUBLIC KEY" ? createPublicKey({ key: block.body, format: "der", type: "spki" }) : createPublicKey(pemText);
    algorithmOf(key, where);
    return key;
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`${where}: cannot parse the public key`, { code: "KEY_FORMAT", cause: e });
  }
}
__name(loadPublicKey, "loadPublicKey");
function signBytes(key, data) {
  return cryptoSign(hashFor(key.algorithm), data, { key: key.privateKey, dsaEncoding: "der" });
}
__name(signBytes, "signBytes");
function verifyBytes(publicKey, data, signature) {
  try {
    const algorithm = algorithmOf(publicKey, "public key");
    return cryptoVerify(hashFor(algorithm), data, { key: publicKey, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}
__name(verifyBytes, "verifyBytes");

// packages/signing/src/stable-json.ts
function stableStringify(value) {
  return JSON.stringify(sortDeep(value));
}
__name(stableStringify, "stableStringify");
function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (typeof value === "object" && value !== null) {
    const src = value;
    const out = {};
    for (const k of Object.keys(src).sort()) {
      if (src[k] !== void 0) out[k] = sortDeep(src[k]);
    }
    return out;
  }
  return value;
}
__name(sortDeep, "sortDeep");
function isRecord2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord2, "isRecord");
function parseJson(bytes, where, onError) {
  try {
    return JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw onError(`${where}: not valid JSON`, e);
  }
}
__name(parseJson, "parseJson");

// packages/signing/src/oidc.ts
function actionsTokenProvider(source, audience = "sigstore") {
  const { requestUrl, requestToken } = source;
  if (!requestUrl || !requestToken) {
    const where = source.gitea ? "this Gitea runner provides no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are unset; Gitea's act_runner has none, Forgejo's has them)" : "ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are unset (the job lacks `permissions: id-token: write`)";
    throw new SigningError(`keyless signing is not possible: ${where}`, {
      code: "KEYLESS_UNAVAILABLE",
      hint: "sign with a key instead: set the `key` input (the cosign.key PEM, a secret) and `key-password` (its password, a secret), and `keyless: false`; or grant `id-token: write` on GitHub/Forgejo"
    });
  }
  let cached;
  return () => {
    cached ??= (async () => {
      const url = new URL(requestUrl);
      url.searchParams.set("audience", audience);
      const res = await httpRequest({ url: url.toString(), headers: { authorization: `bearer ${requestToken}`, accept: "application/json" }, timeoutMs: 3e4 });
      const body = await res.json();
      if (!isRecord2(body) || typeof body.value !== "string") {
        throw new SigningError("the runner's OIDC token endpoint answered without a `value`", { code: "KEYLESS_UNAVAILABLE" });
      }
      return body.value;
    })();
    return cached;
  };
}
__name(actionsTokenProvider, "actionsTokenProvider");
function tokenClaims(token) {
  const part = token.split(".")[1];
  if (!part) return {};
  try {
    const claims = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (!isRecord2(claims)) return {};
    return {
      ...typeof claims.iss === "string" ? { iss: claims.iss } : {},
      ...typeof claims.sub === "string" ? { sub: claims.sub } : {},
      ...typeof claims.email === "string" ? { email: claims.email } : {},
      ...typeof claims.email_verified === "boolean" ? { email_verified: claims.email_verified } : {}
    };
  } catch {
    return {};
  }
}
__name(tokenClaims, "tokenClaims");

// packages/signing/src/signer.ts
var import_core5 = __toESM(require_dist(), 1);
import { generateKeyPairSync as generateKeyPairSync2, sign as cryptoSign2 } from "node:crypto";

// packages/signing/src/cosign-oci.ts
var ANNOTATION_SIGNATURE = "dev.cosignproject.cosign/signature";
var ANNOTATION_CERTIFICATE = "dev.sigstore.cosign/certificate";
var ANNOTATION_CHAIN = "dev.sigstore.cosign/chain";
var ANNOTATION_BUNDLE = "dev.sigstore.cosign/bundle";
var ANNOTATION_RFC3161 = "dev.sigstore.cosign/rfc3161timestamp";
var ANNOTATION_PREDICATE_TYPE = "predicateType";
function cosignTag(digest, suffix) {
  return `${digest.replace(":", "-")}.${suffix}`;
}
__name(cosignTag, "cosignTag");
var ZERO_TIME = "0001-01-01T00:00:00Z";
function signatureConfig(layerDigests) {
  return Buffer.from(
    JSON.stringify({
      architecture: "",
      created: ZERO_TIME,
      history: [{ created: ZERO_TIME }],
      os: "",
      rootfs: { type: "layers", diff_ids: layerDigests },
      config: {}
    })
  );
}
__name(signatureConfig, "signatureConfig");
function signatureManifest(layers) {
  const config = signatureConfig(layers.map((l) => l.descriptor.digest));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, size: config.length, digest: sha256Digest(config) },
    layers: layers.map((l) => ({ mediaType: l.descriptor.mediaType, size: l.descriptor.size, digest: l.descriptor.digest, annotations: l.annotations }))
  };
  return { manifest: Buffer.from(JSON.stringify(manifest)), config };
}
__name(signatureManifest, "signatureManifest");
function parseSignatureManifest(bytes, where) {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  if (!isRecord2(doc) || !Array.isArray(doc.layers)) throw new SigningError(`${where}: not an image manifest with layers`, { code: "FORMAT" });
  return doc.layers.map((l, i) => {
    if (!isRecord2(l) || typeof l.digest !== "string" || typeof l.mediaType !== "string" || typeof l.size !== "number") {
      throw new SigningError(`${where}: layers[${i}] is not a descriptor`, { code: "FORMAT" });
    }
    const annotations = {};
    if (isRecord2(l.annotations)) {
      for (const [k, v] of Object.entries(l.annotations)) if (typeof v === "string") annotations[k] = v;
    }
    return { descriptor: { mediaType: l.mediaType, digest: l.digest, size: l.size }, annotations };
  });
}
__name(parseSignatureManifest, "parseSignatureManifest");
function rekorBundleAnnotation(entry) {
  const set = entry.inclusionPromise?.signedEntryTimestamp;
  if (!set) return void 0;
  return JSON.stringify({
    SignedEntryTimestamp: Buffer.from(set).toString("base64"),
    Payload: {
      body: Buffer.from(entry.canonicalizedBody).toString("base64"),
      integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex),
      logID: Buffer.from(entry.logId?.keyId ?? Buffer.alloc(0)).toString("hex")
    }
  });
}
__name(rekorBundleAnnotation, "rekorBundleAnnotation");
function tlogEntryFromAnnotation(text, where) {
  const doc = parseJson(text, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const payload = isRecord2(doc) ? doc.Payload : void 0;
  if (!isRecord2(doc) || typeof doc.SignedEntryTimestamp !== "string" || !isRecord2(payload) || typeof payload.body !== "string") {
    throw new SigningError(`${where}: not a cosign Rekor bundle`, { code: "FORMAT" });
  }
  const body = Buffer.from(payload.body, "base64");
  const parsed = parseJson(body, `${where} body`, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const kind = isRecord2(parsed) && typeof parsed.kind === "string" ? parsed.kind : "hashedrekord";
  const version = isRecord2(parsed) && typeof parsed.apiVersion === "string" ? parsed.apiVersion : "0.0.1";
  return {
    logIndex: String(payload.logIndex),
    logId: { keyId: Buffer.from(String(payload.logID), "hex") },
    kindVersion: { kind, version },
    integratedTime: String(payload.integratedTime),
    inclusionPromise: { signedEntryTimestamp: Buffer.from(doc.SignedEntryTimestamp, "base64") },
    inclusionProof: void 0,
    canonicalizedBody: body
  };
}
__name(tlogEntryFromAnnotation, "tlogEntryFromAnnotation");
function layerAnnotations(bundle, chainPem) {
  const out = {};
  const c = bundle.content;
  out[ANNOTATION_SIGNATURE] = c.$case === "messageSignature" ? Buffer.from(c.messageSignature.signature).toString("base64") : "";
  const vm = bundle.verificationMaterial.content;
  const der = vm.$case === "certificate" ? vm.certificate.rawBytes : vm.$case === "x509CertificateChain" ? vm.x509CertificateChain.certificates[0]?.rawBytes : void 0;
  if (der) out[ANNOTATION_CERTIFICATE] = certPem(der);
  if (der && chainPem) out[ANNOTATION_CHAIN] = chainPem;
  else if (vm.$case === "x509CertificateChain" && vm.x509CertificateChain.certificates.length > 1) {
    out[ANNOTATION_CHAIN] = vm.x509CertificateChain.certificates.slice(1).map((x) => certPem(x.rawBytes)).join("");
  }
  const entry = bundle.verificationMaterial.tlogEntries[0];
  const rekor = entry ? rekorBundleAnnotation(entry) : void 0;
  if (rekor) out[ANNOTATION_BUNDLE] = rekor;
  const ts = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
  if (ts) out[ANNOTATION_RFC3161] = JSON.stringify({ SignedRFC3161Timestamp: Buffer.from(ts.signedTimestamp).toString("base64") });
  return out;
}
__name(layerAnnotations, "layerAnnotations");
function certPem(der) {
  return `-----BEGIN CERTIFICATE-----
${(Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? []).join("\n")}
-----END CERTIFICATE-----
`;
}
__name(certPem, "certPem");

// packages/signing/src/fulcio.ts
function proofSubject(token) {
  const claims = tokenClaims(token);
  if (claims.email !== void 0) {
    if (claims.email_verified !== true) throw new SigningError("the OIDC token's email is not verified by its issuer", { code: "KEYLESS_UNAVAILABLE", hint: "use a token whose issuer verifies the email, or sign with a key" });
    return claims.email;
  }
  if (claims.sub === void 0) throw new SigningError("the OIDC token has no `sub` claim", { code: "KEYLESS_UNAVAILABLE", hint: "check the runner's token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL)" });
  return claims.sub;
}
__name(proofSubject, "proofSubject");
function certificateRequest(token, publicKeyPem2, proof) {
  return {
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: { publicKey: { algorithm: "ECDSA", content: publicKeyPem2 }, proofOfPossession: Buffer.from(proof).toString("base64") }
  };
}
__name(certificateRequest, "certificateRequest");
function parseCertificateResponse(doc, where) {
  const signed = isRecord2(doc) ? doc.signedCertificateEmbeddedSct ?? doc.signedCertificateDetachedSct : void 0;
  const chain = isRecord2(signed) ? signed.chain : void 0;
  const certs = isRecord2(chain) ? chain.certificates : void 0;
  if (!Array.isArray(certs) || certs.length === 0 || !certs.every((c) => typeof c === "string" && c.includes("-----BEGIN CERTIFICATE-----"))) {
    throw new SigningError(`${where}: not a Fulcio signing-certificate response (expected signedCertificateEmbeddedSct.chain.certificates, PEM strings)`, {
      code: "KEYLESS_UNAVAILABLE",
      hint: "check that the Fulcio URL points at a Fulcio v2 API"
    });
  }
  const [leaf, ...rest] = certs.map((c, i) => {
    const der = pemDecodeAll(c).find((b) => b.label === "CERTIFICATE")?.body;
    if (!der) throw new SigningError(`${where}: certificate ${i} of the chain is not PEM`, { code: "KEYLESS_UNAVAILABLE" });
    return certPem(der);
  });
  return { leaf: leaf ?? "", chain: rest };
}
__name(parseCertificateResponse, "parseCertificateResponse");
async function requestCertificate(o) {
  const url = `${o.fulcioUrl.replace(/\/+$/, "")}/api/v2/signingCert`;
  const proof = o.prove(Buffer.from(proofSubject(o.token)));
  let doc;
  try {
    const res = await httpRequest({
      method: "POST",
      url,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(certificateRequest(o.token, o.publicKeyPem, proof)),
      timeoutMs: o.timeoutMs ?? 3e4
    });
    doc = await res.json();
  } catch (e) {
    throw new SigningError(`Fulcio at ${url}: ${errorMessage(e)}`, { code: "KEYLESS_UNAVAILABLE", cause: e, hint: "check the Fulcio URL and the workflow's id-token permission, or sign with `key`" });
  }
  return parseCertificateResponse(doc, url);
}
__name(requestCertificate, "requestCertificate");

// packages/signing/src/stream-crypto.ts
import { createHash as createHash2, createSign, createVerify } from "node:crypto";
async function* fileChunks2(path) {
  try {
    yield* fileChunks(path);
  } catch (e) {
    throw new SigningError(`cannot read ${path}`, { code: "FORMAT", cause: e, hint: "check the path and its permissions" });
  }
}
__name(fileChunks2, "fileChunks");
function streamHash(key) {
  return hashFor(algorithmOf(key, "key")) ?? void 0;
}
__name(streamHash, "streamHash");
async function sha256Of(chunks) {
  const h = createHash2("sha256");
  for await (const c of chunks) h.update(c);
  return h.digest();
}
__name(sha256Of, "sha256Of");
async function digestAndSign(chunks, privateKey, hash) {
  const h = createHash2("sha256");
  const s = createSign(hash);
  for await (const c of chunks) {
    h.update(c);
    s.update(c);
  }
  return { digest: h.digest(), signature: s.sign({ key: privateKey, dsaEncoding: "der" }) };
}
__name(digestAndSign, "digestAndSign");
async function digestAndVerify(chunks, publicKey, hash, signature) {
  const h = createHash2("sha256");
  const v = createVerify(hash);
  for await (const c of chunks) {
    h.update(c);
    v.update(c);
  }
  let ok;
  try {
    ok = v.verify({ key: publicKey, dsaEncoding: "der" }, signature);
  } catch {
    ok = false;
  }
  return { digest: h.digest(), ok };
}
__name(digestAndVerify, "digestAndVerify");

// packages/signing/src/signer.ts
var DEFAULT_FULCIO_URL = "https://fulcio.sigstore.dev";
var DEFAULT_REKOR_URL = "https://rekor.sigstore.dev";
async function loadSigstoreSign() {
  const m = await import("./dist-HH2NKFKE.js");
  return m.default ?? m;
}
__name(loadSigstoreSign, "loadSigstoreSign");
function lazyWitness(make) {
  let witness;
  return {
    async testify(content, publicKey) {
      witness ??= loadSigstoreSign().then(make);
      return (await witness).testify(content, publicKey);
    }
  };
}
__name(lazyWitness, "lazyWitness");
function witnessesFor(o, rekorDefault) {
  const out = [];
  const rekor = o.rekorUrl ?? rekorDefault;
  if (rekor) out.push(lazyWitness((s) => new s.RekorWitness({ rekorBaseURL: rekor, entryType: "intoto", majorApiVersion: o.rekorApiVersion ?? 1, fetchOnConflict: true, timeout: o.timeoutMs ?? 3e4, retry: 2 })));
  const tsa = o.tsaUrl;
  if (tsa) out.push(lazyWitness((s) => new s.TSAWitness({ tsaBaseURL: tsa, timeout: o.timeoutMs ?? 3e4, retry: 2 })));
  return out;
}
__name(witnessesFor, "witnessesFor");
function keySigner(key, options = {}) {
  const hint = keyHint(key.publicKey);
  const material = { $case: "publicKey", publicKey: key.publicPem, hint };
  const hash = streamHash(key.publicKey);
  return {
    kind: "key",
    witnesses: witnessesFor(options, void 0),
    publicKeyPem: key.publicPem,
    identity: /* @__PURE__ */ __name(() => `key sha256:${hint.slice(0, 16)}`, "identity"),
    sign: /* @__PURE__ */ __name((data) => Promise.resolve({ signature: signBytes(key, data), key: material }), "sign"),
    ...hash ? {
      async signStream(chunks) {
        const { digest, signature } = await digestAndSign(chunks, key.privateKey, hash);
        return { digest, signature: { signature, key: material } };
      }
    } : {}
  };
}
__name(keySigner, "keySigner");
function keylessSigner(options) {
  const ephemeral = generateKeyPairSync2("ec", { namedCurve: "prime256v1" });
  const publicPem = ephemeral.publicKey.export({ type: "spki", format: "pem" }).toString();
  let certificates;
  let chain;
  let who = "keyless (no certificate yet)";
  const certificate = /* @__PURE__ */ __name(async () => {
    certificates ??= options.token().then(
      async (token) => {
        const certs = await requestCertificate({
          fulcioUrl: options.fulcioUrl ?? DEFAULT_FULCIO_URL,
          token,
          publicKeyPem: publicPem,
          prove: /* @__PURE__ */ __name((challenge) => cryptoSign2("sha256", challenge, { key: ephemeral.privateKey, dsaEncoding: "der" }), "prove"),
          ...options.timeoutMs !== void 0 ? { timeoutMs: options.timeoutMs } : {}
        });
        const cert = import_core5.X509Certificate.parse(certs.leaf);
        const san = cert.subjectAltName ?? "?";
        const issuer = certificateIssuer(cert);
        who = issuer ? `${san} (issuer ${issuer})` : san;
        chain = certs.chain.length > 0 ? certs.chain.join("") : void 0;
        return certs;
      },
      (e) => {
        if (e instanceof SigningError) throw e;
        throw new SigningError(`keyless signing failed: no OIDC token: ${errorMessage(e)}`, { code: "KEYLESS_UNAVAILABLE", cause: e, hint: "check the workflow's id-token permission, or sign with `key`" });
      }
    );
    certificates.catch(() => certificates = void 0);
    return (await certificates).leaf;
  }, "certificate");
  return {
    kind: "keyless",
    witnesses: witnessesFor(options, DEFAULT_REKOR_URL),
    identity: /* @__PURE__ */ __name(() => who, "identity"),
    chainPem: /* @__PURE__ */ __name(() => chain, "chainPem"),
    async sign(data) {
      const pem2 = await certificate();
      return { signature: cryptoSign2("sha256", data, { key: ephemeral.privateKey, dsaEncoding: "der" }), key: { $case: "x509Certificate", certificate: pem2 } };
    },
    async signStream(chunks) {
      const pem2 = await certificate();
      const { digest, signature } = await digestAndSign(chunks, ephemeral.privateKey, "sha256");
      return { digest, signature: { signature, key: { $case: "x509Certificate", certificate: pem2 } } };
    }
  };
}
__name(keylessSigner, "keylessSigner");
function certificateIssuer(cert) {
  const v2 = cert.extension("1.3.6.1.4.1.57264.1.8");
  if (v2) {
    const raw = v2.value;
    const len = raw[1] ?? 0;
    if (len < 128) return raw.subarray(2, 2 + len).toString("utf8");
    const n = len & 127;
    let l = 0;
    for (let i = 0; i < n; i++) l = l << 8 | (raw[2 + i] ?? 0);
    return raw.subarray(2 + n, 2 + n + l).toString("utf8");
  }
  const v1 = cert.extension("1.3.6.1.4.1.57264.1.1");
  return v1 ? v1.value.toString("utf8") : void 0;
}
__name(certificateIssuer, "certificateIssuer");

// packages/signing/src/intoto.ts
var STATEMENT_V1 = "https://in-toto.io/Statement/v1";
var STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
var PREDICATE_TYPES = {
  slsaprovenance1: "https://slsa.dev/provenance/v1",
  slsaprovenance02: "https://slsa.dev/provenance/v0.2",
  slsaprovenance: "https://slsa.dev/provenance/v0.2",
  cyclonedx: "https://cyclonedx.org/bom",
  spdx: "https://spdx.dev/Document",
  spdxjson: "https://spdx.dev/Document",
  openvex: "https://openvex.dev/ns",
  vuln: "https://cosign.sigstore.dev/attestation/vuln/v1",
  link: "https://in-toto.io/Link/v1",
  custom: "https://cosign.sigstore.dev/attestation/v1"
};
function predicateTypeFor(type) {
  const known = PREDICATE_TYPES[type];
  if (known) return known;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(type)) return type;
  throw new SigningError(`unknown attestation type "${type}"`, {
    code: "FORMAT",
    hint: `use one of ${Object.keys(PREDICATE_TYPES).join(", ")} or a predicate type URI (https://\u2026)`
  });
}
__name(predicateTypeFor, "predicateTypeFor");
function subjectFor(name, digest) {
  if (!isSha256Digest(digest)) throw new SigningError(`subject ${name}: digest "${digest}" is not sha256:<64 hex>`, { code: "FORMAT" });
  return { name, digest: { sha256: digest.slice("sha256:".length) } };
}
__name(subjectFor, "subjectFor");
function buildStatement(subjects, predicateType, predicate) {
  if (subjects.length === 0) throw new SigningError("in-toto statement needs at least one subject", { code: "FORMAT" });
  const statement = { _type: STATEMENT_V1, subject: subjects, predicateType, predicate };
  return Buffer.from(stableStringify(statement), "utf8");
}
__name(buildStatement, "buildStatement");
function parseStatement(bytes, where = "in-toto statement") {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const problems = [];
  if (!isRecord2(doc)) throw new SigningError(`${where}: not a JSON object`, { code: "FORMAT" });
  if (doc._type !== STATEMENT_V1 && doc._type !== STATEMENT_V01) problems.push(`_type is ${JSON.stringify(doc._type)}, expected "${STATEMENT_V1}"`);
  if (typeof doc.predicateType !== "string") problems.push("predicateType must be a string");
  const subjects = [];
  if (!Array.isArray(doc.subject) || doc.subject.length === 0) problems.push("subject must be a non-empty array");
  else
    doc.subject.forEach((s, i) => {
      if (!isRecord2(s) || typeof s.name !== "string" || !isRecord2(s.digest)) problems.push(`subject[${i}] needs name and digest`);
      else subjects.push({ name: s.name, digest: Object.fromEntries(Object.entries(s.digest).filter((e) => typeof e[1] === "string")) });
    });
  if (problems.length > 0) throw new SigningError(`${where}: ${problems.join("; ")}`, { code: "FORMAT" });
  return { _type: doc._type, subject: subjects, predicateType: doc.predicateType, predicate: doc.predicate };
}
__name(parseStatement, "parseStatement");
function statementCovers(statement, digest) {
  const hex = digest.replace(/^sha256:/, "");
  return statement.subject.some((s) => s.digest.sha256 === hex);
}
__name(statementCovers, "statementCovers");

// packages/signing/src/trust.ts
var import_protobuf_specs = __toESM(require_dist2(), 1);
var import_verify = __toESM(require_dist4(), 1);
var TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
function emptyTrustedRoot() {
  return import_protobuf_specs.TrustedRoot.fromJSON({ mediaType: TRUSTED_ROOT_MEDIA_TYPE, tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] });
}
__name(emptyTrustedRoot, "emptyTrustedRoot");
function parseTrustedRoot(bytes, where) {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  if (!isRecord2(doc) || typeof doc.mediaType !== "string" || !doc.mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
    throw new SigningError(`${where}: not a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot+json)`, {
      code: "FORMAT",
      hint: "get one with `cosign trusted-root create` or from the TUF repository's trusted_root.json"
    });
  }
  try {
    return import_protobuf_specs.TrustedRoot.fromJSON(doc);
  } catch (e) {
    throw new SigningError(`${where}: cannot read the trusted root`, { code: "FORMAT", cause: e });
  }
}
__name(parseTrustedRoot, "parseTrustedRoot");
async function publicGoodTrustedRoot(cachePath) {
  const { getTrustedRoot } = await import("./dist-PIIK3G2O.js");
  try {
    return await getTrustedRoot(cachePath ? { cachePath } : {});
  } catch (e) {
    throw new SigningError("cannot fetch Sigstore's trusted root over TUF", {
      code: "CERTIFICATE_INVALID",
      cause: e,
      hint: "offline? pass --trusted-root trusted_root.json (the `trusted-root` input of the actions)"
    });
  }
}
__name(publicGoodTrustedRoot, "publicGoodTrustedRoot");
function trustMaterial(root, publicKey) {
  return (0, import_verify.toTrustMaterial)(root, (hint) => {
    if (!publicKey) throw new SigningError(`the bundle is signed by a key (hint ${hint || "none"}) and no --key was given`, { code: "SIGNATURE_INVALID", hint: "pass --key cosign.pub" });
    return { publicKey, validFor: /* @__PURE__ */ __name(() => true, "validFor") };
  });
}
__name(trustMaterial, "trustMaterial");

// packages/signing/src/blob.ts
import { createHash as createHash4, X509Certificate as X509Certificate2 } from "node:crypto";
import { readFile } from "node:fs/promises";

// packages/signing/src/bundle.ts
var import_bundle = __toESM(require_dist3(), 1);
import { createHash as createHash3 } from "node:crypto";
var BUNDLE_MEDIA_TYPE = import_bundle.BUNDLE_V03_MEDIA_TYPE;
function toV03(bundle) {
  const content = bundle.verificationMaterial.content;
  if (content.$case === "x509CertificateChain") {
    const leaf = content.x509CertificateChain.certificates[0];
    if (leaf) bundle.verificationMaterial.content = { $case: "certificate", certificate: leaf };
  }
  bundle.mediaType = import_bundle.BUNDLE_V03_MEDIA_TYPE;
  return bundle;
}
__name(toV03, "toV03");
async function witnessed(what, run) {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`${what}: ${errorMessage(e)}`, {
      code: "KEYLESS_UNAVAILABLE",
      cause: e,
      hint: "check the Fulcio/Rekor/TSA URLs and the network, or sign with a key and no transparency log"
    });
  }
}
__name(witnessed, "witnessed");
async function bundleFromDigest(digest, signature, signer) {
  const bundle = (0, import_bundle.toMessageSignatureBundle)({
    digest,
    signature: signature.signature,
    ...signature.key.$case === "x509Certificate" ? { certificate: derOf(signature.key.certificate) } : { keyHint: signature.key.hint ?? "" },
    certificateChain: false
  });
  const publicKey = signature.key.$case === "x509Certificate" ? signature.key.certificate : signature.key.publicKey;
  const material = await witnessed("signing", () => Promise.all(signer.witnesses.map((w) => w.testify(bundle.content, publicKey))));
  bundle.verificationMaterial.tlogEntries = material.flatMap((m) => m.tlogEntries ?? []);
  bundle.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: material.flatMap((m) => m.rfc3161Timestamps ?? []) };
  return bundle;
}
__name(bundleFromDigest, "bundleFromDigest");
function derOf(pem2) {
  const der = pemDecodeAll(pem2).find((b) => b.label === "CERTIFICATE")?.body;
  if (!der) throw new SigningError("the signer's certificate is not a PEM CERTIFICATE", { code: "FORMAT" });
  return der;
}
__name(derOf, "derOf");
async function messageSignatureBundle(data, signer) {
  const signature = await witnessed("signing", () => signer.sign(data));
  return bundleFromDigest(createHash3("sha256").update(data).digest(), signature, signer);
}
__name(messageSignatureBundle, "messageSignatureBundle");
async function messageSignatureBundleOfStream(chunks, signer) {
  const signStream = signer.signStream?.bind(signer);
  if (!signStream) return void 0;
  const { digest, signature } = await witnessed("signing", () => signStream(chunks));
  return bundleFromDigest(digest, signature, signer);
}
__name(messageSignatureBundleOfStream, "messageSignatureBundleOfStream");
async function dsseBundle(payload, payloadType, signer) {
  const { DSSEBundleBuilder } = await loadSigstoreSign();
  const builder = new DSSEBundleBuilder({ signer, witnesses: [...signer.witnesses], certificateChain: false });
  return toV03(await witnessed("signing", () => builder.create({ data: payload, type: payloadType })));
}
__name(dsseBundle, "dsseBundle");
function serializeBundle(bundle) {
  return Buffer.from(JSON.stringify((0, import_bundle.bundleToJSON)(bundle)), "utf8");
}
__name(serializeBundle, "serializeBundle");
function parseBundle(bytes, where) {
  let doc;
  try {
    doc = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new SigningError(`${where}: not valid JSON`, { code: "FORMAT", cause: e });
  }
  try {
    return (0, import_bundle.bundleFromJSON)(doc);
  } catch (e) {
    throw new SigningError(`${where}: not a Sigstore bundle: ${errorMessage(e)}`, { code: "FORMAT", cause: e });
  }
}
__name(parseBundle, "parseBundle");
function logIndexes(bundle) {
  return bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex);
}
__name(logIndexes, "logIndexes");

// packages/signing/src/blob.ts
var import_protobuf_specs2 = __toESM(require_dist2(), 1);

// packages/signing/src/verify-bundle.ts
var import_verify2 = __toESM(require_dist4(), 1);

// packages/signing/src/rekor-proof.ts
function checkpointHeader(envelope) {
  const [origin, size, root] = envelope.split("\n");
  if (origin === void 0 || size === void 0 || root === void 0 || !/^\d+$/.test(size) || !/^[A-Za-z0-9+/]+=*$/.test(root)) return void 0;
  return { origin, size, rootHash: Buffer.from(root, "base64") };
}
__name(checkpointHeader, "checkpointHeader");
function checkProofMatchesCheckpoint(entry) {
  const proof = entry.inclusionProof;
  if (!proof) return;
  const where = `Rekor entry ${entry.logIndex}`;
  const header = checkpointHeader(proof.checkpoint?.envelope ?? "");
  if (!header) throw new SigningError(`${where}: the inclusion proof's checkpoint is not a signed note (origin, tree size, root hash)`, { code: "TLOG_INVALID" });
  if (proof.treeSize !== header.size) {
    throw new SigningError(`${where}: the inclusion proof is for tree size ${proof.treeSize}, its signed checkpoint for ${header.size}`, { code: "TLOG_INVALID", hint: "the proof was altered or mixed with another checkpoint" });
  }
  if (proof.rootHash.length > 0 && !Buffer.from(proof.rootHash).equals(header.rootHash)) {
    throw new SigningError(`${where}: the inclusion proof's root hash ${Buffer.from(proof.rootHash).toString("hex")} differs from its signed checkpoint's ${header.rootHash.toString("hex")}`, {
      code: "TLOG_INVALID",
      hint: "the proof was altered or mixed with another checkpoint"
    });
  }
}
__name(checkProofMatchesCheckpoint, "checkProofMatchesCheckpoint");

// packages/signing/src/verify-bundle.ts
var CODE_MAP = {
  SIGNATURE_ERROR: "SIGNATURE_INVALID",
  PUBLIC_KEY_ERROR: "SIGNATURE_INVALID",
  CERTIFICATE_ERROR: "CERTIFICATE_INVALID",
  TIMESTAMP_ERROR: "CERTIFICATE_INVALID",
  TLOG_ERROR: "TLOG_INVALID",
  TLOG_BODY_ERROR: "TLOG_INVALID",
  TLOG_INCLUSION_PROOF_ERROR: "TLOG_INVALID",
  TLOG_INCLUSION_PROMISE_ERROR: "TLOG_INVALID",
  TLOG_MISSING_INCLUSION_ERROR: "TLOG_INVALID",
  UNTRUSTED_SIGNER_ERROR: "IDENTITY_MISMATCH"
};
function describe(code, message) {
  switch (code) {
    case "SIGNATURE_ERROR":
      return `signature does not verify (${message})`;
    case "TLOG_BODY_ERROR":
      return `the Rekor entry is for another artifact or signature (${message})`;
    case "CERTIFICATE_ERROR":
      return `certificate not trusted (${message})`;
    case "TLOG_INCLUSION_PROOF_ERROR":
      return `the Rekor inclusion proof or its checkpoint does not verify against the trusted root's log (${message})`;
    default:
      return message;
  }
}
__name(describe, "describe");
function matches(value, exact, re) {
  if (exact !== void 0 && value !== exact) return false;
  if (re !== void 0 && (value === void 0 || !new RegExp(re).test(value))) return false;
  return true;
}
__name(matches, "matches");
function signedEntity(bundle, artifact) {
  if (artifact === void 0 || Buffer.isBuffer(artifact)) return (0, import_verify2.toSignedEntity)(bundle, artifact);
  const entity = (0, import_verify2.toSignedEntity)(bundle, Buffer.alloc(0));
  const content = entity.signature;
  return {
    ...entity,
    signature: {
      signature: content.signature,
      compareSignature: /* @__PURE__ */ __name((s) => content.compareSignature(s), "compareSignature"),
      compareDigest: /* @__PURE__ */ __name((d) => content.compareDigest(d), "compareDigest"),
      verifySignature: /* @__PURE__ */ __name((key) => artifact.verifiedWith(key), "verifySignature")
    }
  };
}
__name(signedEntity, "signedEntity");
function verifyBundle(bundle, artifact, o) {
  const isCert = bundle.verificationMaterial.content.$case !== "publicKey";
  if (isCert && !o.identity) {
    throw new SigningError("the signature carries a certificate: say whose it must be", {
      code: "IDENTITY_MISMATCH",
      hint: "pass --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer (or -regexp)"
    });
  }
  if (!isCert && !o.publicKey) {
    throw new SigningError("the signature was made with a key and no public key was given", { code: "SIGNATURE_INVALID", hint: "pass --key cosign.pub" });
  }
  const verifier = new import_verify2.Verifier(trustMaterial(o.trustedRoot, o.publicKey), {
    tlogThreshold: o.tlogThreshold ?? (isCert ? 1 : 0),
    ctlogThreshold: o.ctlogThreshold ?? (isCert && o.trustedRoot.ctlogs.length > 0 ? 1 : 0),
    timestampThreshold: isCert ? 1 : 0
  });
  for (const entry of bundle.verificationMaterial.tlogEntries) checkProofMatchesCheckpoint(entry);
  let signer;
  try {
    signer = verifier.verify(signedEntity(bundle, artifact));
  } catch (e) {
    if (e instanceof import_verify2.VerificationError || e instanceof import_verify2.PolicyError) {
      throw new SigningError(describe(e.code, e.message), { code: CODE_MAP[e.code] ?? "SIGNATURE_INVALID", cause: e });
    }
    throw new SigningError(`verification failed: ${errorMessage(e)}`, { code: "SIGNATURE_INVALID", cause: e });
  }
  if (!isCert) return { kind: "key", subject: "key", logIndexes: logIndexes(bundle) };
  const subject = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const id = o.identity ?? {};
  if (!matches(subject, id.subject, id.subjectRegExp)) {
    throw new SigningError(`certificate identity is "${subject ?? "(none)"}", expected ${id.subject !== void 0 ? `"${id.subject}"` : `/${id.subjectRegExp ?? ""}/`}`, {
      code: "IDENTITY_MISMATCH"
    });
  }
  if (!matches(issuer, id.issuer, id.issuerRegExp)) {
    throw new SigningError(`certificate OIDC issuer is "${issuer ?? "(none)"}", expected ${id.issuer !== void 0 ? `"${id.issuer}"` : `/${id.issuerRegExp ?? ""}/`}`, {
      code: "IDENTITY_MISMATCH"
    });
  }
  return { kind: "certificate", subject: subject ?? "", ...issuer ? { issuer } : {}, logIndexes: logIndexes(bundle) };
}
__name(verifyBundle, "verifyBundle");

// packages/signing/src/blob.ts
async function bytesOf(input) {
  if (typeof input !== "string") return Buffer.from(input);
  try {
    return await readFile(input);
  } catch (e) {
    throw new SigningError(`cannot read ${input}`, { code: "FORMAT", cause: e });
  }
}
__name(bytesOf, "bytesOf");
async function signBlob(input, signer) {
  if (typeof input === "string") {
    const streamed = await messageSignatureBundleOfStream(fileChunks2(input), signer);
    if (streamed) return describeBundle(streamed, signer);
  }
  const bundle = await messageSignatureBundle(await bytesOf(input), signer);
  return describeBundle(bundle, signer);
}
__name(signBlob, "signBlob");
async function signDsse(payload, payloadType, signer) {
  const bundle = await dsseBundle(Buffer.from(payload), payloadType, signer);
  return describeBundle(bundle, signer);
}
__name(signDsse, "signDsse");
function describeBundle(bundle, signer) {
  const content = bundle.content;
  const sig = content.$case === "messageSignature" ? content.messageSignature.signature : content.dsseEnvelope.signatures[0]?.sig ?? Buffer.alloc(0);
  const vm = bundle.verificationMaterial.content;
  const certificate = vm.$case === "certificate" ? pem(vm.certificate.rawBytes) : void 0;
  return {
    bundle,
    bundleJson: serializeBundle(bundle),
    signature: Buffer.from(sig).toString("base64"),
    ...certificate ? { certificate } : {},
    identity: signer.identity(),
    logIndexes: bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex)
  };
}
__name(describeBundle, "describeBundle");
function pem(der) {
  return `-----BEGIN CERTIFICATE-----
${(Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? []).join("\n")}
-----END CERTIFICATE-----
`;
}
__name(pem, "pem");
async function verifyBlob(input, o) {
  if (o.bundle === void 0) {
    if (o.signature === void 0 || !o.publicKey) {
      throw new SigningError("nothing to verify with", { code: "NO_SIGNATURES", hint: "pass --bundle FILE, or --signature FILE.sig with --key cosign.pub" });
    }
    if (!await detachedVerifies(input, o.publicKey, Buffer.from(o.signature.trim(), "base64"))) {
      throw new SigningError("signature does not verify with the given key (wrong key, or the file or signature was changed)", { code: "SIGNATURE_INVALID" });
    }
    return { kind: "key", subject: "key", logIndexes: [] };
  }
  const bundle = typeof o.bundle === "string" || o.bundle instanceof Uint8Array ? parseBundle(o.bundle, o.where ?? "bundle") : o.bundle;
  if (bundle.verificationMaterial.content.$case !== "publicKey" && !o.trustedRoot) {
    throw new SigningError("a certificate-signed bundle needs a trusted root", { code: "CERTIFICATE_INVALID", hint: "pass --trusted-root trusted_root.json" });
  }
  const options = {
    trustedRoot: o.trustedRoot ?? emptyTrustedRoot(),
    ...o.publicKey ? { publicKey: o.publicKey } : {},
    ...o.identity ? { identity: o.identity } : {},
    ...o.tlogThreshold !== void 0 ? { tlogThreshold: o.tlogThreshold } : {}
  };
  if (bundle.content.$case === "dsseEnvelope") {
    const verified2 = verifyBundle(bundle, void 0, options);
    const statement = parseStatement(bundle.content.dsseEnvelope.payload, "the bundle's in-toto statement");
    const digest = `sha256:${(await fileDigest(input)).toString("hex")}`;
    if (!statementCovers(statement, digest)) {
      throw new SigningError(`the bundle's statement is about ${statement.subject.map((s) => `sha256:${s.digest.sha256 ?? "?"}`).join(", ")}, not this file (${digest})`, {
        code: "PAYLOAD_MISMATCH"
      });
    }
    return verified2;
  }
  const message = bundle.content.messageSignature;
  if (o.signature !== void 0 && Buffer.from(message.signature).toString("base64") !== o.signature.trim()) {
    throw new SigningError("the detached signature differs from the bundle's", { code: "SIGNATURE_INVALID" });
  }
  const artifact = await messageArtifact(input, bundle, o.publicKey);
  const verified = verifyBundle(bundle, artifact.bytes ?? artifact.streamed, options);
  if (message.messageDigest.algorithm === import_protobuf_specs2.HashAlgorithm.SHA2_256 && !artifact.digest.equals(Buffer.from(message.messageDigest.digest))) {
    throw new SigningError(`the bundle records the digest sha256:${Buffer.from(message.messageDigest.digest).toString("hex")}, this file is sha256:${artifact.digest.toString("hex")}`, {
      code: "PAYLOAD_MISMATCH",
      hint: "the bundle belongs to another file"
    });
  }
  return verified;
}
__name(verifyBlob, "verifyBlob");
async function detachedVerifies(input, publicKey, signature) {
  const hash = streamHash(publicKey);
  if (typeof input === "string" && hash) return (await digestAndVerify(fileChunks2(input), publicKey, hash, signature)).ok;
  return verifyBytes(publicKey, await bytesOf(input), signature);
}
__name(detachedVerifies, "detachedVerifies");
async function fileDigest(input) {
  return typeof input === "string" ? sha256Of(fileChunks2(input)) : createHash4("sha256").update(input).digest();
}
__name(fileDigest, "fileDigest");
function signingKey(bundle, publicKey) {
  const vm = bundle.verificationMaterial.content;
  const der = vm.$case === "certificate" ? vm.certificate.rawBytes : vm.$case === "x509CertificateChain" ? vm.x509CertificateChain.certificates[0]?.rawBytes : void 0;
  if (!der) return publicKey;
  try {
    return new X509Certificate2(Buffer.from(der)).publicKey;
  } catch {
    return void 0;
  }
}
__name(signingKey, "signingKey");
var NODE_HASH = { [import_protobuf_specs2.HashAlgorithm.SHA2_256]: "sha256", [import_protobuf_specs2.HashAlgorithm.SHA2_384]: "sha384", [import_protobuf_specs2.HashAlgorithm.SHA2_512]: "sha512" };
async function messageArtifact(input, bundle, publicKey) {
  const key = signingKey(bundle, publicKey);
  const content = bundle.content.$case === "messageSignature" ? bundle.content.messageSignature : void 0;
  const hash = content ? NODE_HASH[content.messageDigest.algorithm] ?? "sha256" : "sha256";
  if (!key && typeof input === "string") return { digest: Buffer.alloc(0), streamed: { verifiedWith: /* @__PURE__ */ __name(() => false, "verifiedWith") } };
  if (typeof input !== "string" || !key || !streamHash(key) || !content) {
    const bytes = await bytesOf(input);
    const digest2 = createHash4("sha256").update(bytes).digest();
    if (key && content && !streamHash(key)) {
      const ok2 = verifyBytes(key, bytes, content.signature);
      return { digest: digest2, streamed: { verifiedWith: /* @__PURE__ */ __name((k) => ok2 && k.equals(key), "verifiedWith") } };
    }
    return { digest: digest2, bytes };
  }
  const { digest, ok } = await digestAndVerify(fileChunks2(input), key, hash, content.signature);
  return { digest, streamed: { verifiedWith: /* @__PURE__ */ __name((k) => ok && k.equals(key), "verifiedWith") } };
}
__name(messageArtifact, "messageArtifact");

// packages/signing/src/entry.ts
import { readFile as readFile2 } from "node:fs/promises";

// packages/signing/src/dsse.ts
var DSSE_ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
var IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
function pae(payloadType, payload) {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}
__name(pae, "pae");
function parseEnvelope(bytes, where = "DSSE envelope") {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const problems = [];
  if (!isRecord2(doc)) throw new SigningError(`${where}: not a JSON object`, { code: "FORMAT" });
  if (typeof doc.payloadType !== "string") problems.push("payloadType must be a string");
  if (typeof doc.payload !== "string") problems.push("payload must be a base64 string");
  const sigs = Array.isArray(doc.signatures) ? doc.signatures : [];
  if (!Array.isArray(doc.signatures) || sigs.length === 0) problems.push("signatures must be a non-empty array");
  const signatures = [];
  sigs.forEach((s, i) => {
    if (!isRecord2(s) || typeof s.sig !== "string") problems.push(`signatures[${i}].sig must be a base64 string`);
    else signatures.push({ keyid: typeof s.keyid === "string" ? s.keyid : "", sig: s.sig });
  });
  if (problems.length > 0) throw new SigningError(`${where}: ${problems.join("; ")}`, { code: "FORMAT" });
  return { payloadType: doc.payloadType, payload: doc.payload, signatures };
}
__name(parseEnvelope, "parseEnvelope");

// packages/signing/src/simple-signing.ts
var SIMPLE_SIGNING_TYPE = "cosign container image signature";
var SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
function buildSimpleSigningPayload(p) {
  if (!isSha256Digest(p.manifestDigest)) {
    throw new SigningError(`simple-signing payload: manifest digest "${p.manifestDigest}" is not sha256:<64 hex>`, { code: "FORMAT" });
  }
  const optional = p.optional && Object.keys(p.optional).length > 0 ? stableStringify(p.optional) : "null";
  const critical = JSON.stringify({
    identity: { "docker-reference": p.dockerReference },
    image: { "docker-manifest-digest": p.manifestDigest },
    type: SIMPLE_SIGNING_TYPE
  });
  return Buffer.from(`{"critical":${critical},"optional":${optional}}`, "utf8");
}
__name(buildSimpleSigningPayload, "buildSimpleSigningPayload");
function parseSimpleSigningPayload(bytes, where = "simple-signing payload") {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const problems = [];
  const critical = isRecord2(doc) ? doc.critical : void 0;
  const identity = isRecord2(critical) ? critical.identity : void 0;
  const image = isRecord2(critical) ? critical.image : void 0;
  const ref = isRecord2(identity) ? identity["docker-reference"] : void 0;
  const digest = isRecord2(image) ? image["docker-manifest-digest"] : void 0;
  if (!isRecord2(critical)) problems.push("missing critical");
  else if (critical.type !== SIMPLE_SIGNING_TYPE) problems.push(`critical.type is ${JSON.stringify(critical.type)}, expected "${SIMPLE_SIGNING_TYPE}"`);
  if (typeof ref !== "string") problems.push("missing critical.identity.docker-reference");
  if (typeof digest !== "string" || !isSha256Digest(digest)) problems.push("critical.image.docker-manifest-digest is not sha256:<64 hex>");
  const optional = isRecord2(doc) ? doc.optional : void 0;
  if (problems.length > 0 || typeof ref !== "string" || typeof digest !== "string") {
    throw new SigningError(`${where}: ${problems.join("; ")}`, { code: "FORMAT" });
  }
  return { dockerReference: ref, manifestDigest: digest, optional: isRecord2(optional) ? optional : null };
}
__name(parseSimpleSigningPayload, "parseSimpleSigningPayload");

// packages/signing/src/image-sign.ts
var COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
var ANNOTATION_BUNDLE_CONTENT = "dev.sigstore.bundle.content";
var ANNOTATION_BUNDLE_PREDICATE = "dev.sigstore.bundle.predicateType";
async function manifestDigests(store, digest, recursive) {
  const out = [digest];
  if (!recursive) return out;
  const blob = await store.getManifest(digest);
  const parsed = parseManifest(blob.bytes, `${store.location}@${digest}`, blob.descriptor.mediaType);
  for (const child of childrenOf(parsed).manifests) {
    for (const d of await manifestDigests(store, child.digest, true)) if (!out.includes(d)) out.push(d);
  }
  return out;
}
__name(manifestDigests, "manifestDigests");
async function existingLayers(store, tag) {
  try {
    const m = await store.getManifest(tag);
    return parseSignatureManifest(m.bytes, `${store.location}:${tag}`);
  } catch (e) {
    if (isOciError(e, "NOT_FOUND")) return [];
    throw e;
  }
}
__name(existingLayers, "existingLayers");
async function isDuplicate(store, layers, payloadDigest, signer, certificate) {
  for (const l of layers) {
    if (l.descriptor.digest !== payloadDigest) continue;
    if (certificate !== void 0 && l.annotations[ANNOTATION_CERTIFICATE] === certificate) return true;
    if (signer.publicKeyPem) {
      const sig = l.annotations[ANNOTATION_SIGNATURE];
      const payload = await store.getBlobBytes(l.descriptor);
      if (sig && verifyBytes(loadPublicKey(signer.publicKeyPem, "signer"), payload, Buffer.from(sig, "base64"))) return true;
    }
  }
  return false;
}
__name(isDuplicate, "isDuplicate");
async function putLayer(store, tag, existing, payload, mediaType, annotations) {
  const descriptor = { mediaType, digest: sha256Digest(payload), size: payload.length };
  const { manifest, config } = signatureManifest([...existing, { descriptor, annotations }]);
  await Promise.all([store.putBlob(descriptor, () => payload), store.putBlob({ digest: sha256Digest(config), size: config.length }, () => config)]);
  return (await store.putManifest(manifest, MediaType.ociManifest, tag)).digest;
}
__name(putLayer, "putLayer");
var inFlight = /* @__PURE__ */ new Map();
function putSharedBlob(store, blob, bytes) {
  const key = `${store.location}\0${blob.digest}`;
  let p = inFlight.get(key);
  if (!p) {
    p = store.putBlob(blob, () => bytes).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}
__name(putSharedBlob, "putSharedBlob");
async function putBundleReferrer(store, subject, bundle, predicateType) {
  const json = serializeBundle(bundle);
  const layer = { mediaType: BUNDLE_MEDIA_TYPE, digest: sha256Digest(json), size: json.length };
  await store.putBlob(layer, () => json);
  await putSharedBlob(store, { digest: EMPTY_JSON_DIGEST, size: 2 }, Buffer.from("{}"));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: BUNDLE_MEDIA_TYPE,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2, data: "e30=" },
      layers: [layer],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations: {
        [ANNOTATION_BUNDLE_CONTENT]: bundle.content.$case === "dsseEnvelope" ? "dsse-envelope" : "message-signature",
        [ANNOTATION_BUNDLE_PREDICATE]: predicateType
      }
    })
  );
  return (await store.putReferrer(manifest, MediaType.ociManifest)).digest;
}
__name(putBundleReferrer, "putBundleReferrer");
function certificateOf(bundle) {
  return layerAnnotations(bundle)[ANNOTATION_CERTIFICATE];
}
__name(certificateOf, "certificateOf");
async function signOne(o, digest, prefetched) {
  const { store, signer } = o;
  const tag = cosignTag(digest, "sig");
  const payload = buildSimpleSigningPayload({ dockerReference: o.dockerReference, manifestDigest: digest, optional: o.annotations ?? null });
  const [existing, bundle] = await Promise.all([prefetched ?? existingLayers(store, tag), messageSignatureBundle(payload, signer)]);
  const logIndexes2 = bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex);
  if (await isDuplicate(store, existing, sha256Digest(payload), signer, certificateOf(bundle))) {
    o.logger?.info(`${o.dockerReference}@${digest}: already signed by ${signer.identity()}, nothing appended`);
    return { digest, tag, tagManifest: (await store.resolve(tag)).digest, duplicate: true, logIndexes: [], identity: signer.identity() };
  }
  const tagManifest = await putLayer(store, tag, existing, payload, SIMPLE_SIGNING_MEDIA_TYPE, layerAnnotations(bundle, signer.chainPem?.()));
  let referrer;
  if (o.referrer !== false) {
    const subject = await store.resolve(digest);
    const statement = buildStatement([subjectFor(o.dockerReference, digest)], COSIGN_SIGN_PREDICATE, {});
    const dsse = await dsseBundle(statement, IN_TOTO_PAYLOAD_TYPE, signer);
    referrer = await putBundleReferrer(store, subject, dsse, COSIGN_SIGN_PREDICATE);
    logIndexes2.push(...dsse.verificationMaterial.tlogEntries.map((e) => e.logIndex));
  }
  o.logger?.info(`${o.dockerReference}@${digest}: signed by ${signer.identity()} (${tag})`);
  return { digest, tag, tagManifest, ...referrer ? { referrer } : {}, duplicate: false, logIndexes: logIndexes2, identity: signer.identity() };
}
__name(signOne, "signOne");
async function signImage(o) {
  const top = existingLayers(o.store, cosignTag(o.digest, "sig"));
  top.catch(() => void 0);
  const digests = o.recursive === false ? [o.digest] : await manifestDigests(o.store, o.digest, true);
  const out = [];
  for (const d of digests) out.push(await signOne({ ...o, logger: o.logger ?? silentLogger }, d, d === o.digest ? top : void 0));
  return out;
}
__name(signImage, "signImage");
function envelopeJson(bundle) {
  if (bundle.content.$case !== "dsseEnvelope") throw new Error("not a DSSE bundle");
  const env = bundle.content.dsseEnvelope;
  return Buffer.from(
    JSON.stringify({
      payloadType: env.payloadType,
      payload: Buffer.from(env.payload).toString("base64"),
      signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig).toString("base64") }))
    })
  );
}
__name(envelopeJson, "envelopeJson");
async function attestOne(o, digest) {
  const { store, signer } = o;
  const tag = cosignTag(digest, "att");
  const statement = buildStatement([subjectFor(o.dockerReference, digest)], o.predicateType, o.predicate);
  const bundle = await dsseBundle(statement, IN_TOTO_PAYLOAD_TYPE, signer);
  const existing = await existingLayers(store, tag);
  const annotations = { ...layerAnnotations(bundle, signer.chainPem?.()), [ANNOTATION_PREDICATE_TYPE]: o.predicateType };
  const tagManifest = await putLayer(store, tag, existing, envelopeJson(bundle), DSSE_ENVELOPE_MEDIA_TYPE, annotations);
  const referrer = o.referrer === false ? void 0 : await putBundleReferrer(store, await store.resolve(digest), bundle, o.predicateType);
  o.logger?.info(`${o.dockerReference}@${digest}: attested ${o.predicateType} by ${signer.identity()}`);
  const logIndexes2 = bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex);
  return { digest, tag, tagManifest, ...referrer ? { referrer } : {}, duplicate: false, logIndexes: logIndexes2, identity: signer.identity(), predicateType: o.predicateType };
}
__name(attestOne, "attestOne");
async function attestImage(o) {
  const digests = await manifestDigests(o.store, o.digest, o.recursive === true);
  const out = [];
  for (const d of digests) out.push(await attestOne(o, d));
  return out;
}
__name(attestImage, "attestImage");

// packages/signing/src/entry.ts
async function signerFromSpec(spec) {
  const names = spec.names ?? { key: "--key", keyless: "--keyless" };
  const hasKey = spec.keyPem !== void 0 && spec.keyPem.trim() !== "";
  if (hasKey && spec.keyless) throw new SigningError(`${names.key} and ${names.keyless} exclude each other`, { code: "FORMAT", hint: `give one of ${names.key} or ${names.keyless}` });
  if (!hasKey && !spec.keyless) throw new SigningError(`nothing to sign with`, { code: "FORMAT", hint: `give ${names.key} (a cosign.key) or ${names.keyless} (a Fulcio certificate for the workflow identity)` });
  if (spec.keyless) {
    const token = actionsTokenProvider(spec.oidc ?? { requestUrl: void 0, requestToken: void 0 });
    return keylessSigner({ token, ...spec.fulcioUrl ? { fulcioUrl: spec.fulcioUrl } : {}, ...spec.rekorUrl ? { rekorUrl: spec.rekorUrl } : {}, ...spec.tsaUrl ? { tsaUrl: spec.tsaUrl } : {} });
  }
  let pem2 = spec.keyPem ?? "";
  let source = spec.keySource ?? names.key;
  if (!pem2.includes("-----BEGIN") && !pem2.includes("\n")) {
    source = pem2.trim();
    pem2 = await readFile2(source, "utf8").catch((e) => {
      throw new SigningError(`${names.key}: "${source}" is neither a PEM key nor a readable file`, { code: "KEY_FORMAT", cause: e, hint: "pass the cosign.key contents (a secret) or its path" });
    });
  }
  const key = await loadPrivateKey(pem2, spec.keyPassword, source);
  const rekorUrl = spec.tlogUpload ? spec.rekorUrl ?? "https://rekor.sigstore.dev" : void 0;
  return keySigner(key, { ...rekorUrl ? { rekorUrl } : {}, ...spec.tsaUrl ? { tsaUrl: spec.tsaUrl } : {} });
}
__name(signerFromSpec, "signerFromSpec");
function dockerReferenceOf(image) {
  const at = image.display.search(/[@]sha256:/);
  let base = at >= 0 ? image.display.slice(0, at) : image.display;
  if (image.tag && base.endsWith(`:${image.tag}`)) base = base.slice(0, -image.tag.length - 1);
  return base.replace(/^docker:\/\//, "");
}
__name(dockerReferenceOf, "dockerReferenceOf");
async function resolveDigest(image, requireDigest, logger) {
  if (image.digest) return image.digest;
  if (requireDigest) {
    throw new SigningError(`${image.display} names a tag, not a digest`, { code: "FORMAT", hint: "sign by digest (\u2026@sha256:<hex>, e.g. the digest output of the build step): a tag can move" });
  }
  const d = (await image.store.resolve(image.reference)).digest;
  logger.warn(`${image.display} is a tag; signing the digest it names now, ${d}`);
  return d;
}
__name(resolveDigest, "resolveDigest");
async function signImages(refs, o) {
  const logger = o.logger ?? silentLogger;
  const unique = [...new Set(refs)];
  return mapLimit(unique, o.concurrency ?? 8, async (ref) => {
    const image = await openImage(ref, { ...o.open, mode: "write" });
    try {
      const digest = await resolveDigest(image, o.requireDigest, logger);
      const target = { store: image.store, dockerReference: dockerReferenceOf(image), digest };
      const signatures = o.sign === false ? [] : await signImage({ ...target, signer: o.signer, logger, ...o.recursive !== void 0 ? { recursive: o.recursive } : {}, ...o.referrer !== void 0 ? { referrer: o.referrer } : {}, ...o.annotations ? { annotations: o.annotations } : {} });
      const attestations = [];
      for (const a of o.attestations?.(ref, digest) ?? []) {
        attestations.push(...await attestImage({ ...target, signer: o.signer, logger, predicateType: a.predicateType, predicate: a.predicate, recursive: o.attestRecursive === true, ...o.referrer !== void 0 ? { referrer: o.referrer } : {} }));
      }
      await image.commit();
      return { image: image.display, digest, signatures, attestations };
    } catch (e) {
      await image.abort().catch(() => void 0);
      throw e;
    } finally {
      await image.close();
    }
  });
}
__name(signImages, "signImages");

// packages/signing/src/image-verify.ts
import { createHash as createHash5 } from "node:crypto";
var import_bundle5 = __toESM(require_dist3(), 1);
var import_protobuf_specs3 = __toESM(require_dist2(), 1);

// packages/signing/src/cert-chain.ts
import { X509Certificate as X509Certificate3 } from "node:crypto";
function parse(der, what, where) {
  try {
    return new X509Certificate3(der);
  } catch (e) {
    throw new SigningError(`${where}: ${what} is not an X.509 certificate`, { code: "FORMAT", cause: e });
  }
}
__name(parse, "parse");
function issued(issuer, child) {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
__name(issued, "issued");
function rootCertificates(root) {
  return root.certificateAuthorities.flatMap((ca) => (ca.certChain?.certificates ?? []).map((c) => Buffer.from(c.rawBytes)));
}
__name(rootCertificates, "rootCertificates");
function checkChainAnnotation(leafDer, chainPem, root, where) {
  const blocks = pemDecodeAll(chainPem).filter((b) => b.label === "CERTIFICATE");
  if (blocks.length === 0) {
    throw new SigningError(`${where}: the chain annotation holds no PEM certificate`, { code: "FORMAT", hint: "dev.sigstore.cosign/chain must be the PEM certificates above the signing certificate" });
  }
  let child = parse(Buffer.from(leafDer), "the certificate annotation", where);
  for (const [i, block] of blocks.entries()) {
    const cert = parse(block.body, `certificate ${i + 1} of the chain annotation`, where);
    if (!issued(cert, child)) {
      throw new SigningError(`${where}: the chain annotation does not chain: certificate ${i + 1} (${cert.subject.replace(/\n/g, ", ")}) did not issue ${i === 0 ? "the signing certificate" : `certificate ${i}`} (issuer ${child.issuer.replace(/\n/g, ", ")})`, {
        code: "CERTIFICATE_INVALID",
        hint: "the chain was replaced or belongs to another certificate; re-sign the image"
      });
    }
    child = cert;
  }
  const last = blocks[blocks.length - 1]?.body ?? Buffer.alloc(0);
  if (!rootCertificates(root).some((c) => c.equals(last))) {
    throw new SigningError(`${where}: the chain annotation ends at ${child.subject.replace(/\n/g, ", ")}, which is no certificate authority of the trusted root`, {
      code: "CERTIFICATE_INVALID",
      hint: "pass the trusted root of the Fulcio that issued the certificate (--trusted-root)"
    });
  }
}
__name(checkChainAnnotation, "checkChainAnnotation");

// packages/signing/src/image-verify.ts
function certDer(pem2) {
  return pem2 ? pemDecodeAll(pem2).find((b) => b.label === "CERTIFICATE")?.body : void 0;
}
__name(certDer, "certDer");
function bundleFromLayer(annotations, content, where) {
  const der = certDer(annotations[ANNOTATION_CERTIFICATE]);
  const rekor = annotations[ANNOTATION_BUNDLE];
  return {
    mediaType: import_bundle5.BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      content: der ? { $case: "certificate", certificate: { rawBytes: der } } : { $case: "publicKey", publicKey: { hint: "" } },
      tlogEntries: rekor ? [tlogEntryFromAnnotation(rekor, `${where} Rekor bundle`)] : [],
      timestampVerificationData: { rfc3161Timestamps: rfc3161From(annotations[ANNOTATION_RFC3161], where) }
    },
    content
  };
}
__name(bundleFromLayer, "bundleFromLayer");
function rfc3161From(text, where) {
  if (text === void 0) return [];
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SigningError(`${where}: the RFC 3161 timestamp annotation is not JSON`, { code: "FORMAT", cause: e });
  }
  if (!isRecord2(doc) || typeof doc.SignedRFC3161Timestamp !== "string") throw new SigningError(`${where}: the RFC 3161 timestamp annotation lacks SignedRFC3161Timestamp`, { code: "FORMAT" });
  return [{ signedTimestamp: Buffer.from(doc.SignedRFC3161Timestamp, "base64") }];
}
__name(rfc3161From, "rfc3161From");
function checkLayerChain(annotations, o, where) {
  const chain = annotations[ANNOTATION_CHAIN];
  const der = certDer(annotations[ANNOTATION_CERTIFICATE]);
  if (chain === void 0) return;
  if (!der) throw new SigningError(`${where}: a chain annotation without a certificate annotation`, { code: "FORMAT" });
  checkChainAnnotation(der, chain, o.trustedRoot ?? emptyTrustedRoot(), where);
}
__name(checkLayerChain, "checkLayerChain");
function describeOk(v) {
  return { identity: v.subject === "key" ? "key" : v.subject, ...v.issuer ? { issuer: v.issuer } : {}, logIndexes: v.logIndexes };
}
__name(describeOk, "describeOk");
async function layersOf(store, tag) {
  try {
    const m = await store.getManifest(tag);
    return parseSignatureManifest(m.bytes, `${store.location}:${tag}`);
  } catch (e) {
    if (isOciError(e, "NOT_FOUND")) return [];
    throw e;
  }
}
__name(layersOf, "layersOf");
async function checkCandidate(source, run) {
  try {
    return await run();
  } catch (e) {
    return { source, ok: false, reason: e instanceof SigningError ? e.message : errorMessage(e) };
  }
}
__name(checkCandidate, "checkCandidate");
function bundleOptions(o) {
  return {
    trustedRoot: o.trustedRoot ?? emptyTrustedRoot(),
    ...o.publicKey ? { publicKey: o.publicKey } : {},
    ...o.identity ? { identity: o.identity } : {},
    ...o.tlogThreshold !== void 0 ? { tlogThreshold: o.tlogThreshold } : {}
  };
}
__name(bundleOptions, "bundleOptions");
function checkStatement(o, digest, payload, wantType) {
  const statement = parseStatement(payload);
  if (!statementCovers(statement, digest)) {
    throw new SigningError(`statement is about ${statement.subject.map((s) => `sha256:${s.digest.sha256 ?? "?"}`).join(", ")}, not ${digest} (replayed from another image?)`, { code: "PAYLOAD_MISMATCH" });
  }
  if (statement.predicateType !== wantType) throw new SigningError(`predicate type is ${statement.predicateType}, not ${wantType}`, { code: "PAYLOAD_MISMATCH" });
  const problems = o.policy ? o.policy(statement) : [];
  if (problems.length > 0) throw new SigningError(`policy: ${problems.join("; ")}`, { code: "POLICY" });
  return statement;
}
__name(checkStatement, "checkStatement");
async function verifyManifest(o, digest) {
  const { store } = o;
  const candidates = [];
  const attest = o.predicateType !== void 0;
  const wantType = o.predicateType ?? COSIGN_SIGN_PREDICATE;
  const tag = cosignTag(digest, attest ? "att" : "sig");
  const layers = await layersOf(store, tag);
  for (const [i, layer] of layers.entries()) {
    const source = `${tag} layer ${i}`;
    candidates.push(
      await checkCandidate(source, async () => {
        const payload = Buffer.from(await store.getBlobBytes(layer.descriptor));
        if (!attest) {
          const sig = Buffer.from(layer.annotations[ANNOTATION_SIGNATURE] ?? "", "base64");
          const bundle2 = bundleFromLayer(layer.annotations, { $case: "messageSignature", messageSignature: { messageDigest: { algorithm: import_protobuf_specs3.HashAlgorithm.SHA2_256, digest: createHash5("sha256").update(payload).digest() }, signature: sig } }, source);
          const v2 = verifyBundle(bundle2, payload, bundleOptions(o));
          checkLayerChain(layer.annotations, o, source);
          const p = parseSimpleSigningPayload(payload, `${source} payload`);
          if (p.manifestDigest !== digest) {
            throw new SigningError(`payload signs ${p.manifestDigest}, not ${digest} (replayed from another image?)`, { code: "PAYLOAD_MISMATCH" });
          }
          return { source, ok: true, ...describeOk(v2) };
        }
        if (layer.annotations[ANNOTATION_PREDICATE_TYPE] !== void 0 && layer.annotations[ANNOTATION_PREDICATE_TYPE] !== wantType) {
          throw new SigningError(`predicate type is ${layer.annotations[ANNOTATION_PREDICATE_TYPE]}, not ${wantType}`, { code: "PAYLOAD_MISMATCH" });
        }
        const env = parseEnvelope(payload, `${source} envelope`);
        const bundle = bundleFromLayer(
          layer.annotations,
          { $case: "dsseEnvelope", dsseEnvelope: { payloadType: env.payloadType, payload: Buffer.from(env.payload, "base64"), signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig, "base64") })) } },
          source
        );
        const v = verifyBundle(bundle, void 0, bundleOptions(o));
        checkLayerChain(layer.annotations, o, source);
        const statement = checkStatement(o, digest, Buffer.from(env.payload, "base64"), wantType);
        return { source, ok: true, ...describeOk(v), statement };
      })
    );
  }
  const referrers = await store.referrers(digest, BUNDLE_MEDIA_TYPE).catch((e) => {
    candidates.push({ source: "referrers", ok: false, reason: `cannot list referrers: ${errorMessage(e)}` });
    return [];
  });
  for (const r of referrers) {
    const source = `referrer ${r.digest}`;
    if (r.annotations?.["dev.sigstore.bundle.predicateType"] !== void 0 && r.annotations["dev.sigstore.bundle.predicateType"] !== wantType) continue;
    candidates.push(
      await checkCandidate(source, async () => {
        const m = await store.getManifest(r.digest);
        const parsed = parseManifest(m.bytes, source, m.descriptor.mediaType);
        if (parsed.kind !== "manifest" || !parsed.manifest.layers[0]) throw new SigningError(`${source}: no bundle layer`, { code: "FORMAT" });
        const bundle = parseBundle(await store.getBlobBytes(parsed.manifest.layers[0]), `${source} bundle`);
        if (bundle.content.$case !== "dsseEnvelope") throw new SigningError(`${source}: message-signature bundles cannot name an image; expected a DSSE statement`, { code: "FORMAT" });
        const v = verifyBundle(bundle, void 0, bundleOptions(o));
        const statement = checkStatement(o, digest, Buffer.from(bundle.content.dsseEnvelope.payload), wantType);
        return { source, ok: true, ...describeOk(v), ...attest ? { statement } : {} };
      })
    );
  }
  if (candidates.length === 0) candidates.push({ source: tag, ok: false, reason: `no ${attest ? "attestations" : "signatures"} found for ${digest} (neither ${tag} nor referrers)` });
  return { digest, verified: candidates.some((c) => c.ok), candidates };
}
__name(verifyManifest, "verifyManifest");
async function verifyImage(o) {
  const digests = await manifestDigests(o.store, o.digest, o.recursive !== false);
  const out = [];
  for (const d of digests) out.push(await verifyManifest(o, d));
  return out;
}
__name(verifyImage, "verifyImage");
function assertImageVerified(results, what) {
  const failed = results.filter((r) => !r.verified);
  if (failed.length === 0) return;
  const lines = failed.flatMap((r) => [`${r.digest}:`, ...r.candidates.map((c) => `  ${c.source}: ${c.reason ?? "ok"}`)]);
  throw new SigningError(`${what}: ${failed.length} of ${results.length} manifest(s) not verified
${lines.join("\n")}`, {
    code: failed.every((r) => r.candidates.every((c) => c.reason?.startsWith("no "))) ? "NO_SIGNATURES" : "SIGNATURE_INVALID"
  });
}
__name(assertImageVerified, "assertImageVerified");

// packages/signing/src/verify-images.ts
async function verifyMaterialFrom(spec) {
  const id = spec.identity;
  const hasIdentity = id !== void 0 && (id.subject !== void 0 || id.subjectRegExp !== void 0);
  if (!spec.publicKeyPem && !hasIdentity) {
    throw new SigningError("say whose signature to accept", { code: "FORMAT", hint: "pass --key cosign.pub, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp]" });
  }
  if (hasIdentity && id.issuer === void 0 && id.issuerRegExp === void 0) {
    throw new SigningError("--certificate-identity needs --certificate-oidc-issuer (or -regexp)", { code: "FORMAT", hint: "GitHub Actions: --certificate-oidc-issuer https://token.actions.githubusercontent.com" });
  }
  for (const re of [id?.subjectRegExp, id?.issuerRegExp]) {
    if (re === void 0) continue;
    try {
      new RegExp(re);
    } catch (e) {
      throw new SigningError(`invalid regular expression /${re}/`, { code: "FORMAT", cause: e });
    }
  }
  let trustedRoot;
  if (spec.trustedRootJson !== void 0) trustedRoot = parseTrustedRoot(spec.trustedRootJson, spec.trustedRootSource ?? "trusted root");
  else if (hasIdentity && spec.allowNetworkRoot !== false) trustedRoot = await publicGoodTrustedRoot();
  return {
    ...spec.publicKeyPem ? { publicKey: loadPublicKey(spec.publicKeyPem, spec.publicKeySource ?? "--key") } : {},
    ...hasIdentity ? { identity: id } : {},
    ...trustedRoot ? { trustedRoot } : {},
    ...spec.tlogThreshold !== void 0 ? { tlogThreshold: spec.tlogThreshold } : {}
  };
}
__name(verifyMaterialFrom, "verifyMaterialFrom");
async function verifyImages(refs, material, o = {}) {
  const logger = o.logger ?? silentLogger;
  return mapLimit(refs, o.concurrency ?? 8, async (ref) => {
    const image = await openImage(ref, { ...o.open, mode: "read" });
    try {
      const digest = image.digest ?? (await image.store.resolve(image.reference)).digest;
      if (!image.digest) logger.info(`${image.display} resolves to ${digest}`);
      const manifests = await verifyImage({ store: image.store, digest, ...material, ...o.recursive !== void 0 ? { recursive: o.recursive } : {}, ...o.predicateType ? { predicateType: o.predicateType } : {}, ...o.policy ? { policy: o.policy } : {} });
      return { image: image.display, digest, manifests, verified: manifests.every((m) => m.verified) };
    } finally {
      await image.close();
    }
  });
}
__name(verifyImages, "verifyImages");
function formatVerifyReport(reports) {
  const lines = [];
  for (const r of reports) {
    lines.push(`${r.verified ? "verified" : "NOT VERIFIED"}: ${r.image} (${r.digest})`);
    for (const m of r.manifests) {
      lines.push(`  ${m.digest}: ${m.verified ? "ok" : "no valid signature"}`);
      for (const c of m.candidates) {
        if (c.ok) lines.push(`    \u2713 ${c.source}: signed by ${c.identity ?? "?"}${c.issuer ? ` (issuer ${c.issuer})` : ""}${c.logIndexes?.length ? `, Rekor log index ${c.logIndexes.join(", ")}` : ""}`);
        else lines.push(`    \u2717 ${c.source}: ${c.reason ?? "rejected"}`);
      }
    }
  }
  return lines.join("\n");
}
__name(formatVerifyReport, "formatVerifyReport");
function policyFromJson(text, where) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SigningError(`${where}: not valid JSON`, { code: "FORMAT", cause: e });
  }
  if (!isRecord2(doc) || !isRecord2(doc.predicate)) throw new SigningError(`${where}: expected {"predicate": {"/json/pointer": expected, \u2026}}`, { code: "FORMAT" });
  const rules = Object.entries(doc.predicate);
  return (statement) => {
    const problems = [];
    for (const [pointer, expected] of rules) {
      const actual = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((v, k) => isRecord2(v) ? v[k] : Array.isArray(v) ? v[Number(k)] : void 0, statement.predicate);
      if (isRecord2(expected) && typeof expected.regexp === "string") {
        if (typeof actual !== "string" || !new RegExp(expected.regexp).test(actual)) problems.push(`${pointer} is ${JSON.stringify(actual)}, does not match /${expected.regexp}/`);
      } else if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        problems.push(`${pointer} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    }
    return problems;
  };
}
__name(policyFromJson, "policyFromJson");

// packages/signing/src/provenance.ts
var GITHUB_WORKFLOW_BUILD_TYPE = "https://actions.github.io/buildtypes/workflow/v1";
function slsaProvenancePredicate(ctx) {
  const repoUrl = `${ctx.serverUrl}/${ctx.repository}`;
  const workflowRef = ctx.workflowRef ?? ctx.ref;
  const deps = [
    { uri: `git+${repoUrl}@${ctx.ref}`, digest: { gitCommit: ctx.sha } },
    ...[...ctx.resolvedDependencies ?? []].sort((a, b) => a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)
  ];
  const internal = { event_name: ctx.eventName, platform: ctx.platform };
  if (ctx.repositoryId) internal.repository_id = ctx.repositoryId;
  if (ctx.repositoryOwnerId) internal.repository_owner_id = ctx.repositoryOwnerId;
  if (ctx.runnerEnvironment) internal.runner_environment = ctx.runnerEnvironment;
  if (ctx.runnerOs) internal.runner_os = ctx.runnerOs;
  if (ctx.runnerArch) internal.runner_arch = ctx.runnerArch;
  const metadata = { invocationId: `${repoUrl}/actions/runs/${ctx.runId}/attempts/${ctx.runAttempt}` };
  if (ctx.startedOn) metadata.startedOn = isoSeconds(ctx.startedOn);
  if (ctx.finishedOn) metadata.finishedOn = isoSeconds(ctx.finishedOn);
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: { workflow: { ref: workflowRef, repository: repoUrl, path: ctx.workflowPath } },
      internalParameters: { github: internal },
      resolvedDependencies: deps
    },
    runDetails: {
      builder: { id: `${repoUrl}/${ctx.workflowPath}@${workflowRef}` },
      metadata
    }
  };
}
__name(slsaProvenancePredicate, "slsaProvenancePredicate");

export {
  SigningError,
  publicKeyPem,
  keyHint,
  generateKeyPair,
  encryptPrivateKey,
  privateKeyFrom,
  loadPrivateKey,
  loadPublicKey,
  signBytes,
  verifyBytes,
  actionsTokenProvider,
  fileChunks2 as fileChunks,
  streamHash,
  sha256Of,
  digestAndSign,
  digestAndVerify,
  loadSigstoreSign,
  keySigner,
  keylessSigner,
  pae,
  PREDICATE_TYPES,
  predicateTypeFor,
  subjectFor,
  buildStatement,
  parseStatement,
  slsaProvenancePredicate,
  BUNDLE_MEDIA_TYPE,
  parseBundle,
  emptyTrustedRoot,
  parseTrustedRoot,
  signBlob,
  signDsse,
  verifyBlob,
  signImage,
  attestImage,
  verifyImage,
  assertImageVerified,
  signerFromSpec,
  signImages,
  verifyMaterialFrom,
  verifyImages,
  formatVerifyReport,
  policyFromJson
};
