#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  StellaError
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/args.ts
import { parseArgs } from "node:util";
var UsageError = class extends StellaError {
  static {
    __name(this, "UsageError");
  }
  constructor(message, usage) {
    super(message, { code: "USAGE", hint: usage });
  }
};
function parseCommandArgs(argv, options, usage) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), usage);
  }
}
__name(parseCommandArgs, "parseCommandArgs");
function requirePositionals(positionals, names, usage) {
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names.slice(positionals.length).join(", ")}`, usage);
  }
  return positionals;
}
__name(requirePositionals, "requirePositionals");

export {
  UsageError,
  parseCommandArgs,
  requirePositionals
};
