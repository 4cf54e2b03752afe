#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage,
  verify_default
} from "./chunk-FJ423O4Z.js";
import "./chunk-7I4ETNQB.js";
import "./chunk-MJMRK2CC.js";
import "./chunk-QPF2YJIH.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-LTGE2TS3.js";
import "./chunk-6F6BV65U.js";
import "./chunk-NYEGEEPY.js";
import "./chunk-GT7O54H4.js";
export {
  verify_default as default,
  verifyFlags,
  verifySpecFrom,
  verifyUsage
};
