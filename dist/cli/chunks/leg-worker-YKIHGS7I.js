#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-PC5VEFN6.js";
import "./chunk-47A4RBKS.js";
import "./chunk-E7CW2RBO.js";
import "./chunk-5J6EQRAD.js";
import "./chunk-YV23UBQE.js";
import "./chunk-JZM4K72U.js";
import "./chunk-5KNX72NS.js";
import "./chunk-FAP34LDS.js";
import "./chunk-HQP2XZWX.js";
import "./chunk-RC2T7VV6.js";
import "./chunk-HZXJRLQK.js";
import "./chunk-Q7HQF5MC.js";
import "./chunk-KXGPZKXF.js";
import {
  __name
} from "./chunk-XK6OAO7Z.js";

// packages/cli/src/leg-worker.ts
import { parentPort } from "node:worker_threads";
function isLegWorker(data) {
  return typeof data === "object" && data !== null && data.stellaWorker === LEG_WORKER;
}
__name(isLegWorker, "isLegWorker");
function serveImageLegs() {
  parentPort?.on("message", (m) => {
    runImageLeg(m.input).then(
      (value) => parentPort?.postMessage({ id: m.id, ok: true, value }),
      (e) => parentPort?.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) })
    );
  });
}
__name(serveImageLegs, "serveImageLegs");
export {
  isLegWorker,
  serveImageLegs
};
