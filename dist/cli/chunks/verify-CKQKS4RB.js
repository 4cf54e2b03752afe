#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage,
  verify_default
} from "./chunk-3UZCTAJX.js";
import "./chunk-AE6SWRMW.js";
import "./chunk-QMV2FOPP.js";
import "./chunk-44KAMOKU.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import "./chunk-EUAFUYAX.js";
import "./chunk-UACPAALM.js";
import "./chunk-WCI3P3AT.js";
import "./chunk-GT7O54H4.js";
export {
  verify_default as default,
  verifyFlags,
  verifySpecFrom,
  verifyUsage
};
