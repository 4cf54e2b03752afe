#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-IKOW3LFB.js";
import "./chunk-G5GERQP3.js";
import "./chunk-TL5UZALD.js";
import "./chunk-Y6N4ILJE.js";
import "./chunk-Z3G3LDD7.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-AWYNQTCX.js";
import "./chunk-US5C4DLU.js";
import "./chunk-F6CWVBMG.js";
import "./chunk-EYUOEL2G.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-QDP6B5E4.js";
import "./chunk-S5JMSH7T.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

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
