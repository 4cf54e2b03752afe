#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage,
  verify_default
} from "./chunk-C777X4OO.js";
import "./chunk-P7OOIWIU.js";
import "./chunk-FHZ2VG3S.js";
import "./chunk-IG44KWR4.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-ZAX7H7O6.js";
import "./chunk-LBYC2V7B.js";
import "./chunk-HDTJ7EIJ.js";
import "./chunk-GT7O54H4.js";
export {
  verify_default as default,
  verifyFlags,
  verifySpecFrom,
  verifyUsage
};
