#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LEG_WORKER,
  runImageLeg
} from "./chunk-FTUTYGLH.js";
import "./chunk-RPTQUHDP.js";
import "./chunk-JPSX77ON.js";
import "./chunk-L6HBLOEU.js";
import "./chunk-5J6EQRAD.js";
import "./chunk-OUFPHJQO.js";
import "./chunk-JZM4K72U.js";
import "./chunk-GPU7TRAU.js";
import "./chunk-5M6CQ27C.js";
import "./chunk-4KUMJ5ZA.js";
import "./chunk-PV763VJR.js";
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
