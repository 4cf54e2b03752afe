#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-3AIUY2GO.js";
import "./chunk-S52ULI3F.js";
import "./chunk-P3UEV7B6.js";
import "./chunk-2ZILT2CV.js";
import "./chunk-625LDYOS.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-JY4OL7KF.js";
import "./chunk-2CSZHMBC.js";
import "./chunk-NED6FZVV.js";
import "./chunk-CEPVY2W4.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-VWUBKOAZ.js";
import "./chunk-FM7JGNBN.js";
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
