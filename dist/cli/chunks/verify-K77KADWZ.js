#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage,
  verify_default
} from "./chunk-PNCH3IFF.js";
import "./chunk-A56CNZDJ.js";
import "./chunk-HQP2XZWX.js";
import "./chunk-RC2T7VV6.js";
import "./chunk-HZXJRLQK.js";
import "./chunk-Q7HQF5MC.js";
import "./chunk-PLCK5PWQ.js";
import "./chunk-KXGPZKXF.js";
import "./chunk-XK6OAO7Z.js";
export {
  verify_default as default,
  verifyFlags,
  verifySpecFrom,
  verifyUsage
};
