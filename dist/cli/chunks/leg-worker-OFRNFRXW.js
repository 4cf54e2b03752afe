#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-4L66AHM4.js";
import "./chunk-EXWSQFBN.js";
import "./chunk-IA66ZG4L.js";
import "./chunk-QAH4KBDJ.js";
import "./chunk-PNQPVGN2.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-GGKUX4QM.js";
import "./chunk-R6JA3KG7.js";
import "./chunk-YBFBGQML.js";
import "./chunk-X4NVCLS3.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-X5ESKT3T.js";
import "./chunk-VD5MSNRG.js";
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
