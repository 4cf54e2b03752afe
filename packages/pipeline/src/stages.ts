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
  /**
   * Stages needed only part-way through: the stage starts once `needs` have passed, does what
   * does not depend on these, then `waitFor`s each (which throws, failing the stage, when it did
   * not pass). Run one at a time, or with a limit, they are plain needs (a waiting stage must not
   * hold a slot the awaited one needs).
   */
  laterNeeds?: string[];
  /** Returns a one-line result for the progress log; throw to fail the stage. A `false` from `enabled` skips it. */
  run(ctx: C, waitFor: (id: string) => Promise<void>): Promise<string | void>;
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
  const byId = new Map(stages.map((s) => [s.id, s]));
  for (const s of stages) {
    for (const n of [...(s.needs ?? []), ...(s.laterNeeds ?? [])]) if (!byId.has(n)) throw new Error(`stage ${s.id} needs unknown stage ${n}`);
  }
  const limit = Math.max(1, options.concurrency ?? Infinity);
  const early = limit === Infinity;
  const needsOf = (s: Stage<C>): string[] => (early ? (s.needs ?? []) : [...(s.needs ?? []), ...(s.laterNeeds ?? [])]);
  refuseCycles(stages, byId);
  const t0 = now();
  const results = new Map<string, StageResult>();
  const running = new Map<string, Promise<void>>();
  const pending = [...stages];
  // Settled with each stage's result, for the stages that wait for it part-way (laterNeeds).
  const settled = new Map(
    stages.map((s) => {
      let resolve!: (r: StageResult) => void;
      const promise = new Promise<StageResult>((r) => (resolve = r));
      return [s.id, { promise, resolve }] as const;
    }),
  );
  const waitFor = (of: Stage<C>) => async (id: string) => {
    if (!(of.laterNeeds ?? []).includes(id)) throw new Error(`internal: stage ${of.id} waits for ${id}, which is not among its laterNeeds`);
    const r = await settled.get(id)!.promise;
    if (r.status !== "passed") throw new Error(`${id} ${r.status}`);
  };

  const finish = (s: Stage<C>, status: StageStatus, detail: string, started: number, error?: unknown) => {
    const r: StageResult = { id: s.id, title: s.title, status, detail, startedMs: Math.round(started - t0), durationMs: Math.round(now() - started), ...(error === undefined ? {} : { error }) };
    results.set(s.id, r);
    settled.get(s.id)!.resolve(r);
    options.onEvent?.({ type: "end", stage: s.id, result: r });
  };

  while (pending.length || running.size) {
    let progressed = false;
    for (let i = 0; i < pending.length && running.size < limit; i++) {
      const s = pending[i];
      const deps = needsOf(s).map((n) => results.get(n));
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
        s.run(ctx, waitFor(s)).then(
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

/** A stage that (through needs and laterNeeds) waits for itself would never start or never end. */
function refuseCycles<C>(stages: readonly Stage<C>[], byId: ReadonlyMap<string, Stage<C>>): void {
  const state = new Map<string, "visiting" | "done">();
  const visit = (s: Stage<C>, path: string[]): void => {
    if (state.get(s.id) === "done") return;
    if (state.get(s.id) === "visiting") throw new Error(`stages wait for each other: ${[...path.slice(path.indexOf(s.id)), s.id].join(" -> ")}`);
    state.set(s.id, "visiting");
    for (const n of [...(s.needs ?? []), ...(s.laterNeeds ?? [])]) visit(byId.get(n)!, [...path, s.id]);
    state.set(s.id, "done");
  };
  for (const s of stages) visit(s, []);
}
