#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-5IHU6SZW.js";
import "./chunk-5TUKWIGU.js";
import "./chunk-3ZTGULQU.js";
import "./chunk-GPFP2243.js";
import "./chunk-D72RQX26.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-UCL7O7ES.js";
import "./chunk-LHOOODZ2.js";
import "./chunk-FHZ2VG3S.js";
import "./chunk-IG44KWR4.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-LBYC2V7B.js";
import "./chunk-HDTJ7EIJ.js";
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
