#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  sign_blob_default,
  signerFlags,
  signerSpecFrom
} from "./chunk-45S24LQE.js";
import "./chunk-NED6FZVV.js";
import "./chunk-CEPVY2W4.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-JXREE5G7.js";
import "./chunk-VWUBKOAZ.js";
import "./chunk-FM7JGNBN.js";
import "./chunk-GT7O54H4.js";
export {
  sign_blob_default as default,
  signerFlags,
  signerSpecFrom
};
