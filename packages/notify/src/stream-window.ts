/**
 * Reading the window of the event stream (notify-smoke.md "The Redis stream"): an entry's
 * time is the millisecond part of its id, the window is `[now - lookback, now]`, read with
 * `XRANGE key <start-ms> + COUNT n` in pages, never the whole stream. The cost is bounded by
 * the entries inside the window: the first page starts at the window's first possible id,
 * each next page right after the last id seen (exclusive `(id`, Redis >= 6.2).
 */
export interface StreamEntry {
  id: string;
  fields: Readonly<Record<string, string>>;
}

/** The one Redis command the window read needs; the real one is in redis-client.ts. */
export interface StreamRangeReader {
  xRange(key: string, start: string, end: string, count: number): Promise<StreamEntry[]>;
}

/** What the reads cost, kept across polls: the figure that shows the read is bounded by the window. */
export interface StreamReadStats {
  xrangeCalls: number;
  entriesRead: number;
}

/** The first stream id of the window starting at `startMs`. */
export function windowStartId(startMs: number): string {
  return `${Math.max(0, Math.floor(startMs))}-0`;
}

/** The millisecond time of a stream id (`1700000000000-3` -> 1700000000000). */
export function streamIdTime(id: string): number {
  return Number(id.split("-")[0]);
}

/** Per-kind event counts of one stream, read incrementally: each `read` sees only entries added since the last. */
export class StreamWindow {
  readonly counts = new Map<string, number>();
  readonly stats: StreamReadStats = { xrangeCalls: 0, entriesRead: 0 };
  /** Entries in the window without a `kind` field (reported, not counted). */
  withoutKind = 0;
  private lastId: string | undefined;

  constructor(
    private readonly reader: StreamRangeReader,
    private readonly key: string,
    private readonly startMs: number,
    private readonly pageSize: number,
    private readonly onPage?: (page: { start: string; returned: number }) => void,
  ) {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`stream page size must be a positive integer, got ${pageSize}`);
  }

  /** Reads every entry added to the window since the previous call, page by page. */
  async read(): Promise<void> {
    for (;;) {
      const start = this.lastId === undefined ? windowStartId(this.startMs) : `(${this.lastId}`;
      const page = await this.reader.xRange(this.key, start, "+", this.pageSize);
      this.stats.xrangeCalls++;
      this.stats.entriesRead += page.length;
      this.onPage?.({ start, returned: page.length });
      for (const entry of page) {
        const kind = entry.fields.kind;
        if (kind === undefined || kind === "") this.withoutKind++;
        else this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
      }
      const last = page.at(-1);
      if (last) this.lastId = last.id;
      if (page.length < this.pageSize) return;
    }
  }
}
