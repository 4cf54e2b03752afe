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
import { dirname, basename, join } from "node:path";
function tempPathFor(target) {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
}
__name(tempPathFor, "tempPathFor");
async function writeFileAtomic(target, data, mode = 420) {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    const fh = await open(tmp, "wx", mode);
    try {
      await fh.writeFile(data);
      await fh.sync();
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

export {
  StellaError,
  ValidationError,
  isStellaError,
  errorMessage,
  silentLogger,
  redact,
  tempPathFor,
  writeFileAtomic,
  sha256Digest,
  sha256Hex,
  isSha256Digest,
  timestampFrom,
  isoSeconds
};
