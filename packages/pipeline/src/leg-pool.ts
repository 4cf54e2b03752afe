import { Worker } from "node:worker_threads";
import type { LegInput, LegOutput } from "./image-leg.js";

/** The marker a worker thread of the CLI bundle looks for to serve image legs. */
export const LEG_WORKER = "stella-image-leg";

export interface LegRunner {
  run(input: LegInput): Promise<LegOutput>;
  close(): Promise<void>;
}

/**
 * A pool of worker threads running image legs in parallel (one per core), from `script`:
 * the CLI bundle, which serves legs when started as a worker (packages/cli/src/main.ts).
 */
export function legPool(script: string, size: number): LegRunner {
  const workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: { stellaWorker: LEG_WORKER } }));
  const idle = [...workers];
  const queue: (() => void)[] = [];
  let nextId = 0;
  const acquire = async (): Promise<Worker> => {
    while (idle.length === 0) await new Promise<void>((r) => queue.push(r));
    return idle.pop()!;
  };
  const release = (w: Worker) => {
    idle.push(w);
    queue.shift()?.();
  };
  return {
    async run(input) {
      const w = await acquire();
      const id = nextId++;
      try {
        return await new Promise<LegOutput>((resolve, reject) => {
          const onMessage = (m: { id: number; ok: boolean; value?: LegOutput; error?: string }) => {
            if (m.id !== id) return;
            w.off("message", onMessage);
            w.off("error", onError);
            if (m.ok && m.value) resolve(m.value);
            else reject(new Error(m.error ?? "image leg failed"));
          };
          const onError = (e: Error) => {
            w.off("message", onMessage);
            reject(e);
          };
          w.on("message", onMessage);
          w.once("error", onError);
          w.postMessage({ id, input });
        });
      } finally {
        release(w);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Runs legs in this thread (tests, library use, --serial). */
export function inProcessLegs(run: (input: LegInput) => Promise<LegOutput>): LegRunner {
  return { run, close: () => Promise.resolve() };
}
