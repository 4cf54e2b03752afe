#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import "./chunk-GT7O54H4.js";

// packages/cli/src/commands/version.ts
var command = {
  name: "version",
  summary: "print the suite's version",
  usage: "usage: stella version",
  run(ctx) {
    ctx.stdout("0.1.0");
    return Promise.resolve(0);
  }
};
var version_default = command;
export {
  version_default as default
};
