import { parentPort } from "node:worker_threads";
import { LEG_WORKER, runImageLeg, type LegInput } from "@stella/pipeline";

/** True when this bundle was started as an image-leg worker by `stella pipeline run`. */
export function isLegWorker(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { stellaWorker?: unknown }).stellaWorker === LEG_WORKER;
}

/** Serves image legs posted by the pipeline's pool (packages/pipeline/src/leg-pool.ts). */
export function serveImageLegs(): void {
  parentPort?.on("message", (m: { id: number; input: LegInput }) => {
    runImageLeg(m.input).then(
      (value) => parentPort?.postMessage({ id: m.id, ok: true, value }),
      (e: unknown) => parentPort?.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
