// bench/pipeline (issue 10): the local pipeline with 8 example images, run concurrently
// (stages start as soon as their inputs are ready) and serially (one stage at a time), on
// the built CLI. Prints the wall time and each stage's time, and the speed-up.
// Targets: concurrent wall time under 60 s on 2 cores; concurrent >= 1.5x faster than serial.
// usage: node bench/pipeline/run.mjs [ROUNDS=5]   (after npm run build)
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "bench/.work/pipeline");
const run = (mode) => {
  const args = [join(root, "dist/cli/stella.js"), "pipeline", "run", "--out", join(work, mode), "--services", "8", "--json", ...(mode === "serial" ? ["--serial"] : [])];
  const t0 = performance.now();
  const out = execFileSync(process.execPath, ["--no-deprecation", ...args], { env: { ...process.env, CI: "true" }, stdio: ["ignore", "pipe", "ignore"] }).toString();
  const report = JSON.parse(out);
  return { ...report, processSeconds: (performance.now() - t0) / 1000 };
};

// Best of 5 rounds each, alternating, after a warm-up: the machine is shared, single runs of a
// 3 s pipeline move by ±20%.
const ROUNDS = Number(process.argv[2] ?? 5);
run("warmup");
let concurrent;
let serial;
const pairs = [];
for (let i = 0; i < ROUNDS; i++) {
  const c = run("concurrent");
  const s = run("serial");
  pairs.push(s.wallSeconds / c.wallSeconds);
  console.log(`round ${i + 1}: concurrent ${c.wallSeconds.toFixed(2)} s, serial ${s.wallSeconds.toFixed(2)} s (${(s.wallSeconds / c.wallSeconds).toFixed(2)}x)`);
  if (!concurrent || c.wallSeconds < concurrent.wallSeconds) concurrent = c;
  if (!serial || s.wallSeconds < serial.wallSeconds) serial = s;
}
console.log("stage            concurrent(s)  serial(s)");
for (const s of concurrent.stages) {
  const t = serial.stages.find((x) => x.id === s.id);
  console.log(`${s.id.padEnd(16)} ${(s.durationMs / 1000).toFixed(2).padStart(12)} ${((t?.durationMs ?? 0) / 1000).toFixed(2).padStart(10)}   ${s.status}`);
}
const ratio = serial.wallSeconds / concurrent.wallSeconds;
console.log(`wall time, 8 images, best of ${ROUNDS}: concurrent ${concurrent.wallSeconds.toFixed(2)} s (target < 60 s: ${concurrent.wallSeconds < 60 ? "met" : "MISSED"}), serial ${serial.wallSeconds.toFixed(2)} s`);
console.log(`speed-up serial/concurrent: ${ratio.toFixed(2)}x (target >= 1.5x: ${ratio >= 1.5 ? "met" : "MISSED"})`);
const sorted = [...pairs].sort((a, b) => a - b);
console.log(`per-round speed-ups: ${pairs.map((p) => p.toFixed(2)).join(", ")} (median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}x)`);
