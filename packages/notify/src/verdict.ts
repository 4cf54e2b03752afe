import type { Delivery } from "./notify-api.js";

/**
 * The verdict (notify-smoke.md "The verdict"): a kind passes when the stream window holds at
 * least one event of it and the Notify API lists at least one `sent` delivery of it in the
 * window. Pure: counts in, verdict out.
 */
export interface KindVerdict {
  kind: string;
  /** Stream entries of this kind in the window. */
  events: number;
  sent: number;
  pending: number;
  failed: number;
  passed: boolean;
  /** Why it has not passed yet; absent when it passed. */
  reason?: string;
}

export interface Verdict {
  passed: boolean;
  /** The kinds that have not passed, in the order they were expected. */
  missingKinds: string[];
  kinds: KindVerdict[];
}

export function computeVerdict(expectKinds: readonly string[], eventCounts: ReadonlyMap<string, number>, deliveries: readonly Delivery[], since: Date): Verdict {
  const status = new Map<string, { sent: number; pending: number; failed: number }>();
  // A listing may show one delivery twice across pages while it changes state: keep the last.
  const latest = new Map<string, Delivery>();
  for (const d of deliveries) {
    if (d.createdAt !== undefined) {
      const at = Date.parse(d.createdAt);
      if (!Number.isNaN(at) && at < since.getTime()) continue;
    }
    latest.set(d.deliveryId, d);
  }
  for (const d of latest.values()) {
    const s = status.get(d.kind) ?? { sent: 0, pending: 0, failed: 0 };
    s[d.status]++;
    status.set(d.kind, s);
  }
  const kinds = expectKinds.map((kind): KindVerdict => {
    const events = eventCounts.get(kind) ?? 0;
    const { sent, pending, failed } = status.get(kind) ?? { sent: 0, pending: 0, failed: 0 };
    const passed = events > 0 && sent > 0;
    const reasons: string[] = [];
    if (events === 0) reasons.push("no event in the stream window");
    if (sent === 0) reasons.push(pending + failed === 0 ? "no delivery" : `no sent delivery (${failed} failed, ${pending} pending)`);
    return { kind, events, sent, pending, failed, passed, ...(passed ? {} : { reason: reasons.join("; ") }) };
  });
  const missingKinds = kinds.filter((k) => !k.passed).map((k) => k.kind);
  return { passed: missingKinds.length === 0, missingKinds, kinds };
}
