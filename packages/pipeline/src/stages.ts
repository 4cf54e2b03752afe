/**
 * A small DAG runner for the local pipeline (issue 10): a stage starts as soon as every stage
 * it needs has passed, so independent stages run concurrently (`concurrency: 1` runs them one
 * after another, for the bench's comparison). A failed stage skips what depends on it; the
 * others go on. Times are recorded per stage for the report and bench/pipeline.
 */
export type StageStatus = "passed" | "failed" | "skipped";

export interface Stage<C> {
  id: string;
  title: string;
  needs?: string[];
  /** Returns a one-line result for the progress log; throw to fail the stage. A `false` from `enabled` skips it. */
  run(ctx: C): Promise<string | void>;
  enabled?: (ctx: C) => boolean | string;
}

export interface StageResult {
  id: string;
  title: string;
  status: StageStatus;
  detail: string;
  startedMs: number;
  durationMs: number;
  error?: unknown;
}

export interface RunStagesOptions {
  concurrency?: number;
  onEvent?: (e: { type: "start" | "end"; stage: string; result?: StageResult }) => void;
  now?: () => number;
}

export async function runStages<C>(stages: readonly Stage<C>[], ctx: C, options: RunStagesOptions = {}): Promise<StageResult[]> {
  const now = options.now ?? (() => performance.now());
  const ids = new Set(stages.map((s) => s.id));
  for (const s of stages) {
    for (const n of s.needs ?? []) if (!ids.has(n)) throw new Error(`stage ${s.id} needs unknown stage ${n}`);
  }
  const limit = Math.max(1, options.concurrency ?? Infinity);
  const t0 = now();
  const results = new Map<string, StageResult>();
  const running = new Map<string, Promise<void>>();
  const pending = [...stages];

  const finish = (s: Stage<C>, status: StageStatus, detail: string, started: number, error?: unknown) => {
    const r: StageResult = { id: s.id, title: s.title, status, detail, startedMs: Math.round(started - t0), durationMs: Math.round(now() - started), ...(error === undefined ? {} : { error }) };
    results.set(s.id, r);
    options.onEvent?.({ type: "end", stage: s.id, result: r });
  };

  while (pending.length || running.size) {
    let progressed = false;
    for (let i = 0; i < pending.length && running.size < limit; i++) {
      const s = pending[i];
      const deps = (s.needs ?? []).map((n) => results.get(n));
      if (deps.some((d) => d === undefined)) continue;
      pending.splice(i--, 1);
      progressed = true;
      const blocked = deps.find((d) => d && d.status !== "passed");
      const enabled = s.enabled ? s.enabled(ctx) : true;
      if (blocked) {
        finish(s, "skipped", `skipped: ${blocked.id} ${blocked.status}`, now());
        continue;
      }
      if (enabled !== true) {
        finish(s, "skipped", typeof enabled === "string" ? enabled : "skipped", now());
        continue;
      }
      const started = now();
      options.onEvent?.({ type: "start", stage: s.id });
      running.set(
        s.id,
        s.run(ctx).then(
          (detail) => {
            running.delete(s.id);
            finish(s, "passed", detail ?? "ok", started);
          },
          (e: unknown) => {
            running.delete(s.id);
            finish(s, "failed", e instanceof Error ? e.message : String(e), started, e);
          },
        ),
      );
    }
    if (running.size) await Promise.race(running.values());
    else if (!progressed && pending.length) throw new Error(`stages never became ready: ${pending.map((s) => s.id).join(", ")}`);
  }
  return stages.map((s) => results.get(s.id)!);
}
