#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  sign_blob_default,
  signerFlags,
  signerSpecFrom
} from "./chunk-H4FN3D25.js";
import "./chunk-7QGJQPIK.js";
import "./chunk-TI2QQY6O.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-L3IX4CNC.js";
import "./chunk-JTP4AUCZ.js";
import "./chunk-5MW6GHCV.js";
import "./chunk-GT7O54H4.js";
export {
  sign_blob_default as default,
  signerFlags,
  signerSpecFrom
};
