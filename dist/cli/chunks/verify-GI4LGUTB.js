#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage,
  verify_default
} from "./chunk-2LUB2ZAO.js";
import "./chunk-FHVNQOQK.js";
import "./chunk-YBFBGQML.js";
import "./chunk-X4NVCLS3.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-BDI2YYZA.js";
import "./chunk-X5ESKT3T.js";
import "./chunk-VD5MSNRG.js";
import "./chunk-GT7O54H4.js";
export {
  verify_default as default,
  verifyFlags,
  verifySpecFrom,
  verifyUsage
};
