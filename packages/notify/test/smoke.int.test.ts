import { readFile } from "node:fs/promises";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Logger } from "@stella/core";
import { NotifyError, connectRedis, parseRedisDsn, markdownSummary, resultJson, runNotifySmoke, smokeFailure, textTable, type NotifySmokeResult, type RunNotifySmokeOptions } from "@stella/notify";
import { startRedis, type RunningServer } from "../../../test/helpers/servers.js";
import { freePort } from "../../../test/helpers/ports.js";
import { delivery, startNotifyApi, type NotifyApiServer } from "../../../test/helpers/notify-api-server.js";
import { adminClient, commandCalls, seedStream, type AdminClient } from "./redis-fixtures.js";

// Secrets chosen so they cannot occur by chance; the password needs percent-encoding in a DSN.
const TOKEN = "tok-Q8xVr2kLs9Zp";
const PASSWORD = "pw-S3cr3t/Zr7@x";
const TENANT = "tenant-Hq4Wd7Jn";
const DEFAULT_PASSWORD = "defaultpw-Uy5Tb1";
const SECRETS = [TOKEN, PASSWORD, encodeURIComponent(PASSWORD), TENANT, DEFAULT_PASSWORD];
const A = "scanner.report.ready";
const B = "scanner.scan.completed";

const fixture = (name: string) => readFile(new URL(`../../../test/fixtures/notify/${name}`, import.meta.url), "utf8");

function capture(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, logger: { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") } };
}

/** Every text a run produced: logs, error, JSON, summary table. None may hold a secret. */
function expectNoSecret(texts: readonly string[]): void {
  const all = texts.join("\n");
  for (const s of SECRETS) expect(all, `secret ${s.slice(0, 3)}… leaked`).not.toContain(s);
}

let redis: RunningServer;
let admin: AdminClient;
let api: NotifyApiServer;
let dsn: string;
let n = 0;
let key: string;

beforeAll(async () => {
  redis = await startRedis({ extra: [`user smoke on >${PASSWORD} ~* +@all`, `requirepass ${DEFAULT_PASSWORD}`] });
  dsn = `redis://smoke:${encodeURIComponent(PASSWORD)}@127.0.0.1:${redis.port}/2`;
  admin = await adminClient(redis.port, "smoke", PASSWORD, 2);
  api = await startNotifyApi({ token: TOKEN, tenant: TENANT });
});
afterAll(async () => {
  await admin?.close();
  await api?.stop();
  await redis?.stop();
});
beforeEach(() => {
  key = `stella:events:t${++n}`;
  api.deliveries = [];
  api.requests.length = 0;
  api.maxPage = 100;
  api.failAlways(undefined);
});

function env(over: Record<string, string> = {}): Record<string, string> {
  return {
    NOTIFY_SMOKE_REDIS_DSN: dsn,
    NOTIFY_SMOKE_NOTIFY_BASEURL: api.url,
    NOTIFY_SMOKE_NOTIFY_TOKEN: TOKEN,
    NOTIFY_SMOKE_NOTIFY_TENANT: TENANT,
    NOTIFY_SMOKE_EXPECT_KINDS: `${A},${B}`,
    NOTIFY_SMOKE_LOOKBACK_MINUTES: "30",
    NOTIFY_SMOKE_REDIS_STREAM: key,
    NOTIFY_SMOKE_TIMEOUT_SECONDS: "0",
    ...over,
  };
}

const fast: RunNotifySmokeOptions = { pollInitialMs: 200, pollMaxMs: 400, apiRetry: { minDelayMs: 20, maxDelayMs: 100 }, redisConnectTimeoutMs: 2000 };

async function smoke(over: Record<string, string> = {}, options: RunNotifySmokeOptions = {}): Promise<{ result: NotifySmokeResult; lines: string[]; texts: string[] }> {
  const { lines, logger } = capture();
  const result = await runNotifySmoke(env(over), { ...fast, ...options, logger });
  const texts = [...lines, resultJson(result), markdownSummary(result), textTable(result), result.passed ? "" : smokeFailure(result).describe()];
  expectNoSecret(texts);
  return { result, lines, texts };
}

async function smokeError(over: Record<string, string> = {}): Promise<{ error: NotifyError; lines: string[] }> {
  const { lines, logger } = capture();
  const error = await runNotifySmoke(env(over), { ...fast, logger }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotifyError);
  const e = error as NotifyError;
  expectNoSecret([...lines, e.describe(), e.stack ?? ""]);
  return { error: e, lines };
}

describe("runNotifySmoke against redis-server (ACL user + password, db 2) and the Notify API server", () => {
  it("passes when every kind is in the stream window and has a sent delivery", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 5 }, { kind: B, minutesAgo: 3 }, { kind: B, minutesAgo: 2 }, { kind: "other.kind", minutesAgo: 1 }]);
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "pending"), delivery("d3", B, "sent"), delivery("d4", B, "failed")];
    const { result } = await smoke();
    expect(result.passed).toBe(true);
    expect(result.missingKinds).toEqual([]);
    expect(result.kinds).toEqual([
      { kind: A, events: 1, sent: 1, pending: 0, failed: 0, passed: true },
      { kind: B, events: 2, sent: 1, pending: 1, failed: 1, passed: true },
    ]);
    expect(result.stream).toMatchObject({ key, exists: true, entriesRead: 4, xrangeCalls: 1, redis: `redis://smoke:***@127.0.0.1:${redis.port}/2` });
    expect(result.polls).toBe(1);
    // The API saw the bearer token and the tenant header on every request.
    expect(api.requests.every((r) => r.authorization === `Bearer ${TOKEN}` && r.tenant === TENANT)).toBe(true);
    expect(JSON.parse(resultJson(result))).toMatchObject({ passed: true, missingKinds: [], stream: { entriesRead: 4 } });
    expect(markdownSummary(result)).toContain(`| ${B} | 2 | 1 | 1 | 1 | pass |`);
  });

  it("fails naming the kind missing from the stream, after polling until the timeout", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 2 }]);
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "sent")];
    const { result, lines } = await smoke({ NOTIFY_SMOKE_TIMEOUT_SECONDS: "1" });
    expect(result.passed).toBe(false);
    expect(result.missingKinds).toEqual([B]);
    expect(result.kinds[1]).toMatchObject({ kind: B, events: 0, sent: 1, reason: "no event in the stream window" });
    expect(result.polls).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes(`waiting for ${B}`))).toBe(true);
    const err = smokeFailure(result);
    expect(err.code).toBe("SMOKE_FAILED");
    expect(err.message).toContain(`missing kinds ${B}`);
    expect(err.message).toContain(`${B}: 0 events in the stream, 1 sent / 0 pending / 0 failed`);
  });

  it("fails a kind present in the stream whose deliveries all failed", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 2 }, { kind: B, minutesAgo: 2 }]);
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "failed"), delivery("d3", B, "failed")];
    const { result } = await smoke();
    expect(result.missingKinds).toEqual([B]);
    expect(result.kinds[1]).toMatchObject({ events: 1, sent: 0, failed: 2, pending: 0, reason: "no sent delivery (2 failed, 0 pending)" });
    expect(markdownSummary(result)).toContain("FAIL: no sent delivery (2 failed, 0 pending)");
  });

  it("does not count events or deliveries older than the window", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 45 }, { kind: B, minutesAgo: 31 }, { kind: A, minutesAgo: 10 }]);
    api.deliveries = [delivery("d1", A, "sent", 10), delivery("d2", B, "sent", 40)];
    const { result } = await smoke();
    expect(result.kinds.map((k) => [k.kind, k.events, k.sent])).toEqual([[A, 1, 1], [B, 0, 0]]);
    expect(result.missingKinds).toEqual([B]);
    // Only the window was read: the two old entries were never transferred.
    expect(result.stream.entriesRead).toBe(1);
    // The API was asked for the window only (since = now - 30 min).
    const since = Date.parse(api.requests[0]?.query.since ?? "");
    expect(Math.abs(since - (Date.now() - 30 * 60_000))).toBeLessThan(60_000);
  });

  it("passes when events and deliveries arrive while it polls, reading only new entries", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 1 }]);
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "pending")];
    const later = setTimeout(() => {
      void admin.xAdd(key, "*", { kind: B });
      api.deliveries = [delivery("d1", A, "sent"), { ...delivery("d2", B, "sent") }];
    }, 700);
    try {
      const { result, lines } = await smoke({ NOTIFY_SMOKE_TIMEOUT_SECONDS: "20" });
      expect(result.passed).toBe(true);
      expect(result.polls).toBeGreaterThan(1);
      expect(result.kinds[1]).toMatchObject({ kind: B, events: 1, sent: 1, pending: 0 });
      // Each poll continued after the last id seen: two entries in total, however many polls.
      expect(result.stream.entriesRead).toBe(2);
      expect(lines.some((l) => l.includes("every kind seen and sent"))).toBe(true);
    } finally {
      clearTimeout(later);
    }
  });

  it("follows continuationToken across several pages", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 1 }, { kind: B, minutesAgo: 1 }]);
    const many = Array.from({ length: 22 }, (_, i) => delivery(`d${String(i).padStart(2, "0")}`, A, i === 0 ? "sent" : "failed"));
    api.deliveries = [...many, delivery("z-last", B, "sent")];
    api.maxPage = 5;
    const { result } = await smoke();
    expect(result.passed).toBe(true);
    expect(result.api).toMatchObject({ pages: 5, deliveries: 23 });
    const tokens = api.requests.map((r) => r.query.continuationToken ?? null);
    expect(tokens[0]).toBeNull();
    expect(new Set(tokens.slice(1)).size).toBe(4);
    expect(result.kinds[0]).toMatchObject({ sent: 1, failed: 21 });
  });

  it("stops with an error naming NOTIFY_SMOKE_NOTIFY_TOKEN when the API answers 401", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 1 }]);
    const { error } = await smokeError({ NOTIFY_SMOKE_NOTIFY_TOKEN: `${TOKEN}-wrong`, NOTIFY_SMOKE_TIMEOUT_SECONDS: "30" });
    expect(error.code).toBe("API_AUTH");
    expect(error.message).toContain("answered 401");
    expect(error.hint).toContain("check NOTIFY_SMOKE_NOTIFY_TOKEN");
    expect(api.requests).toHaveLength(1);
  });

  it("names the tenant settings on 403", async () => {
    const { error } = await smokeError({ NOTIFY_SMOKE_NOTIFY_TENANT: "tenant-Other1" });
    expect(error.code).toBe("API_AUTH");
    expect(error.hint).toMatch(/NOTIFY_SMOKE_NOTIFY_TENANT .*X-StellaOps-Tenant.*NOTIFY_SMOKE_NOTIFY_TENANT_HEADER/);
  });

  it("retries with backoff through 500s and recovers", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 1 }, { kind: B, minutesAgo: 1 }]);
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "sent")];
    api.failNext(2, 500);
    const { result, lines } = await smoke();
    expect(result.passed).toBe(true);
    expect(api.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(lines.filter((l) => l.startsWith("warn:") && l.includes("HTTP 500"))).toHaveLength(2);
  });

  it("retries a request that times out and recovers", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 1 }, { kind: B, minutesAgo: 1 }]);
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "sent")];
    api.delayNext(1, 2000);
    const { result, lines } = await smoke({}, { apiRequestTimeoutMs: 300 });
    expect(result.passed).toBe(true);
    expect(lines.some((l) => l.startsWith("warn:") && /retry 1/.test(l))).toBe(true);
  });

  it("reads the contract's example page (fixture) and rejects a malformed or looping listing", async () => {
    await seedStream(admin, key, [{ kind: A, minutesAgo: 1 }]);
    api.respondNext(await fixture("deliveries-contract-example.json"));
    const { result } = await smoke({ NOTIFY_SMOKE_EXPECT_KINDS: A });
    expect(result.kinds).toEqual([{ kind: A, events: 1, sent: 1, pending: 0, failed: 0, passed: true }]);

    api.respondNext(await fixture("deliveries-malformed.json"));
    const malformed = await smokeError();
    expect(malformed.error.code).toBe("API_RESPONSE");
    expect(malformed.error.message).toContain('items[0] must have string "kind" and "status"');

    api.respondNext(await fixture("deliveries-loop-page1.json"));
    api.respondNext(await fixture("deliveries-loop-page2.json"));
    const loop = await smokeError();
    expect(loop.error.code).toBe("API_RESPONSE");
    expect(loop.error.message).toContain('continuationToken "same-token" was returned twice');

    api.respondNext("<html>proxy error</html>");
    expect((await smokeError()).error.message).toContain("the body is not JSON");
  });

  it("gives up with API_UNAVAILABLE when the API stays down", async () => {
    api.failAlways(503);
    const { error } = await smokeError();
    expect(error.code).toBe("API_UNAVAILABLE");
    expect(error.hint).toContain("NOTIFY_SMOKE_NOTIFY_BASEURL");
  });

  it("fails fast with REDIS_CONNECT when Redis is down", async () => {
    const port = await freePort();
    const { error } = await smokeError({ NOTIFY_SMOKE_REDIS_DSN: `redis://smoke:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/2`, NOTIFY_SMOKE_TIMEOUT_SECONDS: "60" });
    expect(error.code).toBe("REDIS_CONNECT");
    expect(error.message).toContain(`redis://smoke:***@127.0.0.1:${port}/2`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.hint).toContain("NOTIFY_SMOKE_REDIS_DSN");
    expect(api.requests).toHaveLength(0);
  });

  it("does not hang on a server that accepts the connection but never answers", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const { lines, logger } = capture();
      const error = await runNotifySmoke(env({ NOTIFY_SMOKE_REDIS_DSN: `redis://smoke:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/2` }), {
        ...fast,
        logger,
        redisConnectTimeoutMs: 1000,
        redisCommandTimeoutMs: 1000,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotifyError);
      expect((error as NotifyError).code).toBe("REDIS_CONNECT");
      expectNoSecret([...lines, (error as NotifyError).describe()]);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });

  it("bounds every command: a paused server gives REDIS_COMMAND after the command timeout", async () => {
    const dsnParsed = parseRedisDsn(dsn);
    if (!dsnParsed.ok) throw new Error(dsnParsed.problem);
    const source = await connectRedis(dsnParsed.dsn, { commandTimeoutMs: 300, secrets: SECRETS });
    try {
      // CLIENT PAUSE holds every client's commands on the real server for 1.5 s.
      await admin.sendCommand(["CLIENT", "PAUSE", "1500", "ALL"]);
      const error = await source.xRange(key, "0-0", "+", 10).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotifyError);
      expect((error as NotifyError).code).toBe("REDIS_COMMAND");
      expect((error as NotifyError).message).toMatch(/XRANGE .* failed: no reply within the command timeout of 300 ms/);
      expectNoSecret([(error as NotifyError).describe()]);
    } finally {
      await admin.sendCommand(["CLIENT", "UNPAUSE"]);
      await source.close();
    }
  });

  it("fails with REDIS_AUTH on a wrong password, and never prints it", async () => {
    const wrong = "pw-Wr0ng-Kx83";
    const { error } = await smokeError({ NOTIFY_SMOKE_REDIS_DSN: `redis://smoke:${wrong}@127.0.0.1:${redis.port}/2` });
    expect(error.code).toBe("REDIS_AUTH");
    expect(error.message).toMatch(/WRONGPASS/);
    expect(error.describe()).not.toContain(wrong);
    expect(error.hint).toContain("NOTIFY_SMOKE_REDIS_DSN");
  });

  it("reports a missing stream key (and checks the key is a stream)", async () => {
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "sent")];
    const { result } = await smoke({ NOTIFY_SMOKE_REDIS_STREAM: "stella:no-such-stream", NOTIFY_SMOKE_TIMEOUT_SECONDS: "1" });
    expect(result.passed).toBe(false);
    expect(result.stream.exists).toBe(false);
    expect(result.stream.xrangeCalls).toBe(0);
    expect(result.missingKinds).toEqual([A, B]);
    const err = smokeFailure(result);
    expect(err.message).toContain('stream key "stella:no-such-stream" does not exist');
    expect(err.hint).toContain("NOTIFY_SMOKE_REDIS_STREAM");
    expect(markdownSummary(result)).toContain("**key does not exist**");

    await admin.set("stella:a-string", "x");
    const { error } = await smokeError({ NOTIFY_SMOKE_REDIS_STREAM: "stella:a-string" });
    expect(error.code).toBe("STREAM_TYPE");
    expect(error.message).toContain("is a string, not a stream");
  });

  it("pages the window with XRANGE COUNT (INFO commandstats agrees with the counter)", async () => {
    await seedStream(admin, key, Array.from({ length: 45 }, (_, i) => ({ kind: i % 2 ? A : B, minutesAgo: 1 + i / 100 })));
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "sent")];
    await admin.configResetStat();
    const { result } = await smoke({}, { streamPageSize: 10 });
    expect(result.stream).toMatchObject({ entriesRead: 45, xrangeCalls: 5 });
    expect(await commandCalls(admin, "xrange")).toBe(5);
  });
});
