#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-4J7DU677.js";
import "./chunk-YGCCH7FX.js";
import "./chunk-FXKZUY4N.js";
import "./chunk-44HPTHH7.js";
import "./chunk-KLHOWN2A.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-IUELWYK5.js";
import "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import "./chunk-SIZMBGD5.js";
import "./chunk-BBNKGYBP.js";
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
