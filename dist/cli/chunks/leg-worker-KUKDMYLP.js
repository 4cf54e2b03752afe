#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-5QBISUEA.js";
import "./chunk-MDU6XKOH.js";
import "./chunk-YVVNNMCG.js";
import "./chunk-TFS3IEEL.js";
import "./chunk-4FV7G4AI.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-U4V56ILU.js";
import "./chunk-SW5PQ4JQ.js";
import "./chunk-SXGKWUIJ.js";
import "./chunk-QMV2FOPP.js";
import "./chunk-44KAMOKU.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import "./chunk-UACPAALM.js";
import "./chunk-WCI3P3AT.js";
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
