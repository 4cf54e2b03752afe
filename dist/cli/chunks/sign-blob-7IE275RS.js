#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  sign_blob_default,
  signerFlags,
  signerSpecFrom
} from "./chunk-X2IMJVQX.js";
import "./chunk-4KUMJ5ZA.js";
import "./chunk-PV763VJR.js";
import "./chunk-HZXJRLQK.js";
import "./chunk-PLCK5PWQ.js";
import "./chunk-Q7HQF5MC.js";
import "./chunk-KXGPZKXF.js";
import "./chunk-XK6OAO7Z.js";
export {
  sign_blob_default as default,
  signerFlags,
  signerSpecFrom
};
