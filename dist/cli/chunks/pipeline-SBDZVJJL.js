#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  EXAMPLE_SERVICES,
  runLocalPipeline
} from "./chunk-4J7DU677.js";
import "./chunk-YGCCH7FX.js";
import "./chunk-FXKZUY4N.js";
import "./chunk-44HPTHH7.js";
import "./chunk-KLHOWN2A.js";
import "./chunk-J6QU6PQX.js";
import "./chunk-IUELWYK5.js";
import "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import {
  loadSigstoreSign
} from "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/pipeline.ts
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
var usage = `usage: stella pipeline run [--out DIR] [--registry docker://HOST/PREFIX] [--key cosign.key] [--services N] [--serial] [--workers]

The whole release pipeline on this machine (release-engineering-playbook.md \xA72), without a CI
runner, Docker engine or network: example images -> SBOM -> sign -> attest -> release manifest
(assembled, signed) -> channel alignment -> OUK build -> verify-then-import -> offline verify ->
notify-smoke (when NOTIFY_SMOKE_* is set), then report.html. Defaults: an OCI layout directory
under --out (default .stella-run) as the registry and a generated key (password COSIGN_PASSWORD,
else a local default). --registry and --key switch to real ones; --serial runs one stage at a time
(and one image at a time); --workers runs the per-image legs on worker threads, one per core (for
large images; the example ones are done sooner in one thread); --json prints the stage timings as JSON.`;
var command = {
  name: "pipeline",
  summary: "run the whole release pipeline locally and write report.html",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    if (sub !== "run") throw new UsageError(sub ? `unknown sub-command "${sub}"` : "missing sub-command", usage);
    const { values } = parseCommandArgs(rest, { out: { type: "string", default: ".stella-run" }, registry: { type: "string" }, key: { type: "string" }, services: { type: "string" }, serial: { type: "boolean", default: false }, workers: { type: "boolean", default: false }, json: { type: "boolean", default: false } }, usage);
    if (values.registry && !values.registry.startsWith("docker://")) throw new UsageError(`--registry must be docker://HOST/PREFIX, got "${values.registry}"`, usage);
    const count = values.services ? Number(values.services) : EXAMPLE_SERVICES.length;
    if (!Number.isInteger(count) || count < 1 || count > EXAMPLE_SERVICES.length) throw new UsageError(`--services must be 1..${EXAMPLE_SERVICES.length}`, usage);
    await loadSigstoreSign();
    const started = performance.now();
    const clock = /* @__PURE__ */ __name(() => `${((performance.now() - started) / 1e3).toFixed(1).padStart(5)}s`, "clock");
    const result = await runLocalPipeline({
      outDir: resolve(ctx.cwd, values.out),
      ...values.registry ? { registry: values.registry } : {},
      ...values.key ? { keyPath: resolve(ctx.cwd, values.key) } : {},
      services: EXAMPLE_SERVICES.slice(0, count),
      // The CLI entry serves image legs when started as a worker thread (main.ts); this module is
      // a chunk of it, so the entry is the script the user ran.
      ...values.workers && process.argv[1] ? { workerScript: realpathSync(process.argv[1]) } : {},
      ...values.serial ? { concurrency: 1 } : {},
      env: ctx.env,
      logger: { ...ctx.logger, info: /* @__PURE__ */ __name((m) => ctx.logger.debug(m), "info") },
      onStage: /* @__PURE__ */ __name((e) => {
        if (e.type === "start") ctx.logger.info(`${clock()} \u25B6 ${e.stage}`);
        else if (e.result) {
          const mark = e.result.status === "passed" ? "\u2714" : e.result.status === "failed" ? "\u2718" : "\u2013";
          ctx.logger.info(`${clock()} ${mark} ${e.stage} (${(e.result.durationMs / 1e3).toFixed(2)} s): ${e.result.detail}`);
        }
      }, "onStage")
    });
    const wall = (performance.now() - started) / 1e3;
    if (values.json) {
      ctx.stdout(JSON.stringify({ passed: result.passed, report: result.reportPath, wallSeconds: wall, stages: result.stages.map((s) => ({ id: s.id, status: s.status, startedMs: s.startedMs, durationMs: s.durationMs, detail: s.detail })) }, null, 2));
      return result.passed ? 0 : 1;
    }
    ctx.stdout(`report: ${result.reportPath}`);
    ctx.stdout(`${result.passed ? "\u2714 release verified" : "\u2718 release has failures"} in ${wall.toFixed(1)} s (${result.stages.filter((s) => s.status === "passed").length} stages passed, ${result.stages.filter((s) => s.status === "failed").length} failed, ${result.stages.filter((s) => s.status === "skipped").length} skipped)`);
    return result.passed ? 0 : 1;
  }
};
var pipeline_default = command;
export {
  pipeline_default as default
};
