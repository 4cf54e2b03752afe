#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-JMYCDUQC.js";
import "./chunk-5PWCLJRZ.js";
import "./chunk-ANXM6B6U.js";
import "./chunk-3GON4AYD.js";
import "./chunk-HIBIBQY3.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-JKKQ6CAI.js";
import "./chunk-62IJHH4R.js";
import "./chunk-MJMRK2CC.js";
import "./chunk-QPF2YJIH.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-6F6BV65U.js";
import "./chunk-NYEGEEPY.js";
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
