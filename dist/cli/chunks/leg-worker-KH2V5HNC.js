#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-N7CCHYKE.js";
import "./chunk-6V7NTTJ7.js";
import "./chunk-X5DCZIFR.js";
import "./chunk-KF3V75C5.js";
import "./chunk-IC4PCIKZ.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-352LQAYF.js";
import "./chunk-RCXR7VIO.js";
import "./chunk-JFSM2WMI.js";
import "./chunk-GML7CCEN.js";
import "./chunk-VTW5BSPX.js";
import "./chunk-NYJJ5422.js";
import "./chunk-6YJKXDOQ.js";
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
