#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  sign_blob_default,
  signerFlags,
  signerSpecFrom
} from "./chunk-T6YFUGQP.js";
import "./chunk-F6CWVBMG.js";
import "./chunk-EYUOEL2G.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-S4BCR7GC.js";
import "./chunk-QDP6B5E4.js";
import "./chunk-S5JMSH7T.js";
import "./chunk-GT7O54H4.js";
export {
  sign_blob_default as default,
  signerFlags,
  signerSpecFrom
};
