import { describe, expect, it } from "vitest";
import { StreamWindow, computeVerdict, markdownSummary, resultJson, textTable, windowStartId, type Delivery, type NotifySmokeResult, type StreamEntry } from "@stella/notify";

const since = new Date("2026-01-10T14:00:00Z");
const d = (deliveryId: string, kind: string, status: Delivery["status"], createdAt = "2026-01-10T14:30:00Z"): Delivery => ({ deliveryId, eventId: undefined, kind, status, createdAt });

describe("computeVerdict (notify-smoke.md The verdict)", () => {
  it("needs an event and a sent delivery per kind", () => {
    const v = computeVerdict(["a", "b", "c"], new Map([["a", 2], ["b", 1]]), [d("1", "a", "sent"), d("2", "b", "failed"), d("3", "b", "pending"), d("4", "c", "sent")], since);
    expect(v.passed).toBe(false);
    expect(v.missingKinds).toEqual(["b", "c"]);
    expect(v.kinds).toEqual([
      { kind: "a", events: 2, sent: 1, pending: 0, failed: 0, passed: true },
      { kind: "b", events: 1, sent: 0, pending: 1, failed: 1, passed: false, reason: "no sent delivery (1 failed, 1 pending)" },
      { kind: "c", events: 0, sent: 1, pending: 0, failed: 0, passed: false, reason: "no event in the stream window" },
    ]);
  });

  it("ignores deliveries before the window and counts a repeated delivery once (its last state)", () => {
    const v = computeVerdict(["a"], new Map([["a", 1]]), [d("1", "a", "sent", "2026-01-10T13:59:59Z"), d("2", "a", "pending"), d("2", "a", "sent")], since);
    expect(v.kinds[0]).toMatchObject({ sent: 1, pending: 0, passed: true });
  });
});

describe("StreamWindow paging", () => {
  /** An in-memory XRANGE with Redis semantics for `<ms>-0` and `(id` starts, counting entries served. */
  function reader(entries: StreamEntry[]) {
    const calls: string[] = [];
    const cmp = (a: string, b: string) => {
      const [am = 0, as = 0] = a.split("-").map(Number);
      const [bm = 0, bs = 0] = b.split("-").map(Number);
      return am - bm || as - bs;
    };
    return {
      calls,
      xRange(_key: string, start: string, _end: string, count: number) {
        calls.push(`${start} COUNT ${count}`);
        const exclusive = start.startsWith("(");
        const id = exclusive ? start.slice(1) : start;
        return Promise.resolve(entries.filter((e) => (exclusive ? cmp(e.id, id) > 0 : cmp(e.id, id) >= 0)).slice(0, count));
      },
    };
  }

  it("starts at the window, pages with exclusive ids, stops on a short page, resumes after the last id", async () => {
    const entries = Array.from({ length: 7 }, (_, i) => ({ id: `${1000 + i}-0`, fields: { kind: i % 2 ? "a" : "b" } }));
    entries.push({ id: "1006-1", fields: { kind: "" } });
    const r = reader(entries);
    const w = new StreamWindow(r, "k", 1002, 3);
    await w.read();
    // 6 entries in the window, pages of 3: two full pages and an empty one that ends the read.
    expect(r.calls).toEqual(["1002-0 COUNT 3", "(1004-0 COUNT 3", "(1006-1 COUNT 3"]);
    expect(w.stats).toEqual({ xrangeCalls: 3, entriesRead: 6 });
    expect(w.withoutKind).toBe(1);
    expect(Object.fromEntries(w.counts)).toEqual({ a: 2, b: 3 });
    entries.push({ id: "2000-0", fields: { kind: "a" } });
    await w.read();
    expect(r.calls.at(-1)).toBe("(1006-1 COUNT 3");
    expect(w.stats).toEqual({ xrangeCalls: 4, entriesRead: 7 });
  });

  it("computes the window's first id", () => {
    expect(windowStartId(1700000000123.7)).toBe("1700000000123-0");
    expect(windowStartId(-5)).toBe("0-0");
  });
});

describe("reports", () => {
  const result: NotifySmokeResult = {
    passed: false,
    missingKinds: ["b|x"],
    kinds: [
      { kind: "a", events: 1, sent: 1, pending: 0, failed: 0, passed: true },
      { kind: "b|x", events: 0, sent: 0, pending: 0, failed: 2, passed: false, reason: "no event in the stream window; no sent delivery (2 failed, 0 pending)" },
    ],
    window: { start: "2026-01-10T14:00:00.000Z", end: "2026-01-10T14:30:00.000Z", lookbackMinutes: 30 },
    stream: { key: "stella:events", redis: "redis://smoke:***@h:6379/0", exists: true, entriesWithoutKind: 0, xrangeCalls: 1, entriesRead: 1 },
    api: { baseUrl: "https://notify", pages: 1, deliveries: 3, unknownStatus: 0 },
    polls: 3,
    timeoutSeconds: 10,
  };

  it("renders a markdown table with escaped cells and the same JSON every time", () => {
    const md = markdownSummary(result);
    expect(md).toContain("### notify-smoke: FAILED (missing `b|x`)");
    expect(md).toContain("| b\\|x | 0 | 0 | 0 | 2 | FAIL: no event in the stream window; no sent delivery (2 failed, 0 pending) |");
    expect(resultJson(result)).toBe(resultJson(structuredClone(result)));
    expect(Object.keys(JSON.parse(resultJson(result)) as object)).toEqual(["passed", "missingKinds", "kinds", "window", "stream", "api", "polls", "timeoutSeconds"]);
    expect(textTable(result).split("\n").at(-1)).toBe("notify-smoke: FAILED, missing b|x");
  });
});
