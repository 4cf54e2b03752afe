import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { runLocalPipeline, EXAMPLE_SERVICES } from "@stella/pipeline";
import { loadSigstoreSign } from "@stella/signing";
import type { Command } from "../command.js";
import { parseCommandArgs, UsageError } from "../args.js";

const usage = `usage: stella pipeline run [--out DIR] [--registry docker://HOST/PREFIX] [--key cosign.key] [--services N] [--serial] [--workers]

The whole release pipeline on this machine (release-engineering-playbook.md §2), without a CI
runner, Docker engine or network: example images -> SBOM -> sign -> attest -> release manifest
(assembled, signed) -> channel alignment -> OUK build -> verify-then-import -> offline verify ->
notify-smoke (when NOTIFY_SMOKE_* is set), then report.html. Defaults: an OCI layout directory
under --out (default .stella-run) as the registry and a generated key (password COSIGN_PASSWORD,
else a local default). --registry and --key switch to real ones; --serial runs one stage at a time
(and one image at a time); --workers runs the per-image legs on worker threads, one per core (for
large images; the example ones are done sooner in one thread); --json prints the stage timings as JSON.`;

const command: Command = {
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
    // The run makes DSSE attestations: @sigstore/sign (loaded lazily by @stella/signing) is loaded
    // with the rest of the code, before the clock starts, not in the middle of the image legs.
    await loadSigstoreSign();
    const started = performance.now();
    const clock = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s`;
    const result = await runLocalPipeline({
      outDir: resolve(ctx.cwd, values.out),
      ...(values.registry ? { registry: values.registry } : {}),
      ...(values.key ? { keyPath: resolve(ctx.cwd, values.key) } : {}),
      services: EXAMPLE_SERVICES.slice(0, count),
      // The CLI entry serves image legs when started as a worker thread (main.ts); this module is
      // a chunk of it, so the entry is the script the user ran.
      ...(values.workers && process.argv[1] ? { workerScript: realpathSync(process.argv[1]) } : {}),
      ...(values.serial ? { concurrency: 1 } : {}),
      env: ctx.env,
      logger: { ...ctx.logger, info: (m) => ctx.logger.debug(m) },
      onStage: (e) => {
        if (e.type === "start") ctx.logger.info(`${clock()} ▶ ${e.stage}`);
        else if (e.result) {
          const mark = e.result.status === "passed" ? "✔" : e.result.status === "failed" ? "✘" : "–";
          ctx.logger.info(`${clock()} ${mark} ${e.stage} (${(e.result.durationMs / 1000).toFixed(2)} s): ${e.result.detail}`);
        }
      },
    });
    const wall = (performance.now() - started) / 1000;
    if (values.json) {
      ctx.stdout(JSON.stringify({ passed: result.passed, report: result.reportPath, wallSeconds: wall, stages: result.stages.map((s) => ({ id: s.id, status: s.status, startedMs: s.startedMs, durationMs: s.durationMs, detail: s.detail })) }, null, 2));
      return result.passed ? 0 : 1;
    }
    ctx.stdout(`report: ${result.reportPath}`);
    ctx.stdout(`${result.passed ? "✔ release verified" : "✘ release has failures"} in ${wall.toFixed(1)} s (${result.stages.filter((s) => s.status === "passed").length} stages passed, ${result.stages.filter((s) => s.status === "failed").length} failed, ${result.stages.filter((s) => s.status === "skipped").length} skipped)`);
    return result.passed ? 0 : 1;
  },
};
export default command;
