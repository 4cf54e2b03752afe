import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "@stella/core";
import { connectRedis, markdownSummary, resultJson, runNotifySmoke, type StreamSource } from "@stella/notify";
import { startRedis } from "../../../test/helpers/servers.js";
import { delivery, startNotifyApi, type NotifyApiServer } from "../../../test/helpers/notify-api-server.js";
import { adminClient, commandCalls, massInsert, type AdminClient } from "./redis-fixtures.js";

/**
 * notify-smoke.md "The Redis stream": the window is read with paged XRANGE, never the whole
 * stream. A stream of 1,000,000 entries, 50 of them in the window: the read cost (XRANGE calls
 * and entries transferred, counted by our wrapper and by Redis INFO commandstats) follows the
 * 50, not the million.
 */
const TOKEN = "tok-Large-Vb71Qm";
const PASSWORD = "pw-Large-Nc38Ws";
const TENANT = "tenant-Large-Rt2";
const TOTAL = 1_000_000;
const IN_WINDOW = 50;
const KINDS = ["scanner.report.ready", "scanner.scan.completed"];

let redis: Awaited<ReturnType<typeof startRedis>>;
let admin: AdminClient;
let api: NotifyApiServer;
const logged: string[] = [];
const logger: Logger = { debug: (m) => logged.push(m), info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };

beforeAll(async () => {
  redis = await startRedis({ extra: [`user smoke on >${PASSWORD} ~* +@all`, "user default off"] });
  admin = await adminClient(redis.port, "smoke", PASSWORD, 1);
  api = await startNotifyApi({ token: TOKEN, tenant: TENANT, deliveries: KINDS.map((k, i) => delivery(`d${i}`, k, "sent")) });
  const now = Date.now();
  // 999,950 old entries, 10 ms apart, ending 20 minutes ago: all outside a 5-minute window.
  const old = TOTAL - IN_WINDOW;
  const oldStart = now - 20 * 60_000 - old * 10;
  await massInsert({ port: redis.port, user: "smoke", password: PASSWORD, database: 1, key: "stella:events", count: old, startMs: oldStart, stepMs: 10, kind: (i) => KINDS[i % 2] ?? "", dir: redis.dir });
  // 50 entries in the last 2 minutes.
  await massInsert({ port: redis.port, user: "smoke", password: PASSWORD, database: 1, key: "stella:events", count: IN_WINDOW, startMs: now - 2 * 60_000, stepMs: 1000, kind: (i) => KINDS[i % 2] ?? "", dir: redis.dir });
}, 300_000);

afterAll(async () => {
  await admin?.close();
  await api?.stop();
  await redis?.stop();
});

const settings = () => ({
  NOTIFY_SMOKE_REDIS_DSN: `redis://smoke:${PASSWORD}@127.0.0.1:${redis.port}/1`,
  NOTIFY_SMOKE_NOTIFY_BASEURL: api.url,
  NOTIFY_SMOKE_NOTIFY_TOKEN: TOKEN,
  NOTIFY_SMOKE_NOTIFY_TENANT: TENANT,
  NOTIFY_SMOKE_EXPECT_KINDS: KINDS.join(","),
  NOTIFY_SMOKE_LOOKBACK_MINUTES: "5",
  NOTIFY_SMOKE_TIMEOUT_SECONDS: "0",
});

describe("a 1,000,000-entry stream with 50 entries in the window", () => {
  it("holds a million entries", async () => {
    expect(await admin.xLen("stella:events")).toBe(TOTAL);
  });

  it.each([
    [20, 3], // 20 + 20 + 10
    [1000, 1], // the default page size: one call
  ])("reads only the window: page size %i -> %i XRANGE calls, 50 entries", async (pageSize, calls) => {
    // Our own counter, through the StreamSource seam...
    const served: number[] = [];
    const counting = async (...args: Parameters<typeof connectRedis>): Promise<StreamSource> => {
      const real = await connectRedis(...args);
      return {
        ...real,
        xRange: async (key, start, end, count) => {
          const page = await real.xRange(key, start, end, count);
          served.push(page.length);
          return page;
        },
      };
    };
    // ...and the server's own accounting.
    await admin.configResetStat();
    const result = await runNotifySmoke(settings(), { logger, streamPageSize: pageSize, connect: counting });
    expect(result.passed).toBe(true);
    expect(result.kinds.map((k) => k.events)).toEqual([25, 25]);
    expect(result.stream).toMatchObject({ xrangeCalls: calls, entriesRead: IN_WINDOW });
    expect(served.reduce((a, b) => a + b, 0)).toBe(IN_WINDOW);
    expect(served).toHaveLength(calls);
    expect(await commandCalls(admin, "xrange")).toBe(calls);
    // Nothing else touched the stream's entries (no XREAD/XREVRANGE/XLEN scans).
    expect(await commandCalls(admin, "xread")).toBe(0);
    expect(await commandCalls(admin, "xrevrange")).toBe(0);
    console.log(`1M-entry stream, page size ${pageSize}: ${result.stream.xrangeCalls} XRANGE calls (INFO commandstats: ${await commandCalls(admin, "xrange")}), ${result.stream.entriesRead} entries read of ${TOTAL}`);
    const all = [...logged, resultJson(result), markdownSummary(result)].join("\n");
    for (const s of [TOKEN, PASSWORD, TENANT]) expect(all).not.toContain(s);
  });
});
