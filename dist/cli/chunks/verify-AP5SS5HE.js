#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage,
  verify_default
} from "./chunk-62OHEECH.js";
import "./chunk-LV2DMD6F.js";
import "./chunk-7CQMAOFO.js";
import "./chunk-I3WJLPFT.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import "./chunk-VBRM223A.js";
import "./chunk-JM7NVV4C.js";
import "./chunk-S2BWCTEJ.js";
import "./chunk-GT7O54H4.js";
export {
  verify_default as default,
  verifyFlags,
  verifySpecFrom,
  verifyUsage
};
