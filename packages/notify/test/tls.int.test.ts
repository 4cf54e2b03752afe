import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotifyError, markdownSummary, resultJson, runNotifySmoke } from "@stella/notify";
import { startRedis, type RunningServer } from "../../../test/helpers/servers.js";
import { freePort } from "../../../test/helpers/ports.js";
import { delivery, startNotifyApi, type NotifyApiServer } from "../../../test/helpers/notify-api-server.js";
import { adminClient, makeTlsCerts, redisHasTls, seedStream } from "./redis-fixtures.js";

/**
 * `rediss://` (notify-smoke.md "Settings"): Debian's redis-server is linked against OpenSSL
 * (checked below with ldd, not assumed), so a second server speaks TLS with a throwaway CA
 * made by openssl, and an ACL user with a password on top.
 */
const TOKEN = "tok-Tls-Hw93Lp";
const PASSWORD = "pw-Tls-Gz51Ka";
const TENANT = "tenant-Tls-Ub7";
const KINDS = ["scanner.report.ready"];
const tls = await redisHasTls();

let redis: RunningServer;
let api: NotifyApiServer;
let certs: { ca: string; cert: string; key: string };
let tlsPort: number;
let dir: string;

beforeAll(async () => {
  if (!tls) return;
  dir = await mkdtemp(join(tmpdir(), "stella-notify-tls-"));
  certs = await makeTlsCerts(dir);
  tlsPort = await freePort();
  redis = await startRedis({
    extra: [`tls-port ${tlsPort}`, `tls-cert-file ${certs.cert}`, `tls-key-file ${certs.key}`, `tls-ca-cert-file ${certs.ca}`, "tls-auth-clients no", `user smoke on >${PASSWORD} ~* +@all`, "user default off"],
  });
  const admin = await adminClient(redis.port, "smoke", PASSWORD, 4);
  await seedStream(admin, "stella:events", [{ kind: KINDS[0], minutesAgo: 1 }]);
  await admin.close();
  api = await startNotifyApi({ token: TOKEN, tenant: TENANT, deliveries: [delivery("d1", KINDS[0] ?? "", "sent")] });
});
afterAll(async () => {
  await api?.stop();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const settings = () => ({
  NOTIFY_SMOKE_REDIS_DSN: `rediss://smoke:${PASSWORD}@127.0.0.1:${tlsPort}/4`,
  NOTIFY_SMOKE_NOTIFY_BASEURL: api.url,
  NOTIFY_SMOKE_NOTIFY_TOKEN: TOKEN,
  NOTIFY_SMOKE_NOTIFY_TENANT: TENANT,
  NOTIFY_SMOKE_EXPECT_KINDS: KINDS.join(","),
  NOTIFY_SMOKE_LOOKBACK_MINUTES: "10",
  NOTIFY_SMOKE_TIMEOUT_SECONDS: "0",
});

describe.skipIf(!tls)("rediss:// against redis-server with TLS", () => {
  it("passes over TLS when the private CA is trusted", async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string) => void lines.push(m), info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) };
    const result = await runNotifySmoke(settings(), { redisTls: { ca: await readFile(certs.ca) }, logger });
    expect(result.passed).toBe(true);
    expect(result.stream.redis).toBe(`rediss://smoke:***@127.0.0.1:${tlsPort}/4`);
    const all = [...lines, resultJson(result), markdownSummary(result)].join("\n");
    for (const s of [PASSWORD, TOKEN, TENANT]) expect(all).not.toContain(s);
  });

  it("refuses a server whose certificate it cannot verify, with a TLS hint", async () => {
    const error = await runNotifySmoke(settings(), { redisConnectTimeoutMs: 3000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotifyError);
    const e = error as NotifyError;
    expect(e.code).toBe("REDIS_CONNECT");
    expect(e.message).toMatch(/self-signed certificate|unable to verify|unable to get local issuer/i);
    expect(e.hint).toContain("NODE_EXTRA_CA_CERTS");
    for (const s of [PASSWORD, TOKEN, TENANT]) expect(e.describe()).not.toContain(s);
  });

  it("does not speak plain redis:// to the TLS port (fails, does not hang)", async () => {
    const error = await runNotifySmoke({ ...settings(), NOTIFY_SMOKE_REDIS_DSN: `redis://smoke:${PASSWORD}@127.0.0.1:${tlsPort}/4` }, { redisConnectTimeoutMs: 2000, redisCommandTimeoutMs: 2000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotifyError);
    const e = error as NotifyError;
    expect(e.code).toBe("REDIS_CONNECT");
    expect(e.hint).toContain("use rediss://");
    expect(e.describe()).not.toContain(PASSWORD);
  });
});

