// bench/pipeline (issue 10): the local pipeline with 8 example images, run concurrently
// (stages start as soon as their inputs are ready) and serially (one stage at a time), on
// the built CLI. Prints the wall time and each stage's time, and the speed-up.
// Targets: concurrent wall time under 60 s on 2 cores; concurrent >= 1.5x faster than serial.
// The speed-up is judged on rounds: each round runs the two back to back, so both see the same
// load of this shared machine (its page cache is paged out after ~60 s idle and neighbours come
// and go: single runs move by +-20%), and the verdict is the median of the rounds' ratios. The
// ratio of the best run of each mode is printed too.
// usage: node bench/pipeline/run.mjs [ROUNDS=9]   (after npm run build)
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "bench/.work/pipeline");
const run = (mode) => {
  // Each run starts from no output, as on a fresh clone: the previous round's files are removed
  // here, not by the pipeline inside its clock.
  rmSync(join(work, mode), { recursive: true, force: true });
  const args = [join(root, "dist/cli/stella.js"), "pipeline", "run", "--out", join(work, mode), "--services", "8", "--json", ...(mode === "serial" ? ["--serial"] : [])];
  const t0 = performance.now();
  const out = execFileSync(process.execPath, ["--no-deprecation", ...args], { env: { ...process.env, CI: "true" }, stdio: ["ignore", "pipe", "ignore"] }).toString();
  const report = JSON.parse(out);
  return { ...report, processSeconds: (performance.now() - t0) / 1000 };
};

// Alternating rounds after a warm-up.
const ROUNDS = Number(process.argv[2] ?? 9);
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
const best = serial.wallSeconds / concurrent.wallSeconds;
const sorted = [...pairs].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`wall time, 8 images, best of ${ROUNDS}: concurrent ${concurrent.wallSeconds.toFixed(2)} s (target < 60 s: ${concurrent.wallSeconds < 60 ? "met" : "MISSED"}), serial ${serial.wallSeconds.toFixed(2)} s (their ratio ${best.toFixed(2)}x)`);
console.log(`per-round speed-ups: ${pairs.map((p) => p.toFixed(2)).join(", ")}`);
console.log(`speed-up serial/concurrent, median of ${ROUNDS} rounds: ${median.toFixed(2)}x (target >= 1.5x: ${median >= 1.5 ? "met" : "MISSED"})`);
