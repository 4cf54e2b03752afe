import type { Logger } from "@stella/core";

/** What one feed contributed to a kit: stamped in `manifest.json` (§4.3 "Feed Age"). */
export interface FeedStamp {
  name: "nvd" | "osv" | "trivy-db" | "trivy-java-db";
  /** Directory in the kit, e.g. `feeds/nvd`. */
  dir: string;
  /** Where it came from (mirror URL or image reference, without credentials). */
  source: string;
  records: number;
  /** Freshness: the newest record's modification time (RFC 3339), undefined when empty. */
  newest: string | undefined;
  /** Format/schema version of the feed (NVD "2.0", OSV schema, Trivy DB schema). */
  version: string;
  /** Extra facts per feed (ecosystems, DB UpdatedAt, image digest). */
  details?: Record<string, string>;
}

export interface FeedContext {
  /** Records modified after this instant are left out (`--date`, end of that day in UTC). */
  cutoff: Date;
  logger: Logger;
  /** Pause hook, injectable so tests need not wait in real time. */
  sleep?: (ms: number) => Promise<void>;
}

/** NVD gives `2026-11-01T12:00:00.000` (UTC, no zone); OSV gives RFC 3339 with Z. */
export function parseFeedTime(value: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
}

export function newer(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return parseFeedTime(b) > parseFeedTime(a) ? b : a;
}
