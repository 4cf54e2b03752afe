import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runAction, type ActionRun } from "../../../test/helpers/run-action.js";
import { runCli, type CliRun } from "../../../test/helpers/run-cli.js";
import { freePort } from "../../../test/helpers/ports.js";
import { startRedis } from "../../../test/helpers/servers.js";
import { delivery, startNotifyApi, type NotifyApiServer } from "../../../test/helpers/notify-api-server.js";
import { adminClient, makeTlsCerts, redisHasTls, seedStream, type AdminClient } from "./redis-fixtures.js";

/**
 * The bundled action (`dist/notify-smoke/index.js`, as a GitHub and as a Gitea runner runs it)
 * and the bundled CLI (`stella notify smoke`) against redis-server and the Notify API server.
 * Every run's stdout, stderr, job summary and outputs are searched for the secrets.
 */
const TOKEN = "tok-E2e-Mx47Rb";
const PASSWORD = "pw-E2e/Jq82@Ls";
const TENANT = "tenant-E2e-Wd5";
const SECRETS = [TOKEN, PASSWORD, encodeURIComponent(PASSWORD), TENANT];
const A = "scanner.report.ready";
const B = "scanner.scan.completed";
const tls = await redisHasTls();

let redis: Awaited<ReturnType<typeof startRedis>>;
let admin: AdminClient;
let api: NotifyApiServer;
let tlsPort: number;
let certDir: string;
let ca: string;

beforeAll(async () => {
  tlsPort = await freePort();
  certDir = await mkdtemp(join(tmpdir(), "stella-notify-e2e-"));
  const tlsLines: string[] = [];
  if (tls) {
    const certs = await makeTlsCerts(certDir);
    ca = certs.ca;
    tlsLines.push(`tls-port ${tlsPort}`, `tls-cert-file ${certs.cert}`, `tls-key-file ${certs.key}`, `tls-ca-cert-file ${certs.ca}`, "tls-auth-clients no");
  }
  redis = await startRedis({ extra: [`user smoke on >${PASSWORD} ~* +@all`, "requirepass defaultpw-E2e-Kp9", ...tlsLines] });
  admin = await adminClient(redis.port, "smoke", PASSWORD, 1);
  await seedStream(admin, "stella:events", [{ kind: A, minutesAgo: 3 }, { kind: B, minutesAgo: 2 }, { kind: B, minutesAgo: 90 }]);
  api = await startNotifyApi({ token: TOKEN, tenant: TENANT, maxPage: 2 });
});
afterAll(async () => {
  await admin?.close();
  await api?.stop();
  await redis?.stop();
  if (certDir) await rm(certDir, { recursive: true, force: true });
});
beforeEach(() => {
  api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "failed"), delivery("d3", B, "sent"), delivery("d4", A, "pending")];
  api.requests.length = 0;
  api.failAlways(undefined);
});

const dsn = (password = PASSWORD) => `redis://smoke:${encodeURIComponent(password)}@127.0.0.1:${redis.port}/1`;
const inputs = (over: Record<string, string> = {}) => ({
  "redis-dsn": dsn(),
  "notify-baseurl": api.url,
  "notify-token": TOKEN,
  "notify-tenant": TENANT,
  "expect-kinds": `${A},${B}`,
  "lookback-minutes": "30",
  "timeout-seconds": "0",
  ...over,
});

/**
 * `::add-mask::<secret>` is the one line that must carry the secret: the runner consumes it
 * and masks the value everywhere after. Every other byte the action wrote is searched.
 */
function expectNoSecretInAction(run: ActionRun): void {
  const masks = run.stdout.split("\n").filter((l) => l.startsWith("::add-mask::"));
  expect(masks.length).toBeGreaterThan(0);
  const stdout = run.stdout
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n");
  const all = [stdout, run.stderr, run.summary, JSON.stringify(run.outputs), JSON.stringify(run.env)].join("\n");
  for (const s of SECRETS) expect(all, `secret ${s.slice(0, 4)}… leaked`).not.toContain(s);
}

function expectNoSecretInCli(run: CliRun): void {
  for (const s of SECRETS) expect(`${run.stdout}\n${run.stderr}`, `secret ${s.slice(0, 4)}… leaked`).not.toContain(s);
}

describe("actions/notify-smoke (bundled)", () => {
  it("passes on a Gitea runner: outputs, job summary table, the table in the log, secrets masked", async () => {
    const run = await runAction("notify-smoke", inputs(), { gitea: true });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.passed).toBe("true");
    expect(run.outputs["missing-kinds"]).toBe("");
    const result = JSON.parse(run.outputs.result ?? "") as { kinds: { kind: string; events: number; sent: number; failed: number; pending: number }[]; api: { pages: number } };
    expect(result.kinds).toEqual([
      { kind: A, events: 1, sent: 1, pending: 1, failed: 0, passed: true },
      { kind: B, events: 1, sent: 1, pending: 0, failed: 1, passed: true },
    ]);
    expect(result.api.pages).toBe(2);
    expect(run.summary).toContain("### notify-smoke: passed");
    expect(run.summary).toContain(`| ${A} | 1 | 1 | 1 | 0 | pass |`);
    expect(run.stdout).toMatch(new RegExp(`${B.replace(/\./g, "\\.")}\\s+1\\s+1\\s+0\\s+1\\s+pass`));
    // Each secret is masked: token, tenant, the DSN, its password as decoded and as written
    // (workflow commands escape "%" as "%25"; the runner decodes it back).
    for (const s of SECRETS) expect(run.stdout).toContain(`::add-mask::${s.replace(/%/g, "%25")}`);
    expectNoSecretInAction(run);
  });

  it("takes settings from NOTIFY_SMOKE_* env when inputs are empty (GitHub runner)", async () => {
    const run = await runAction(
      "notify-smoke",
      { "expect-kinds": A },
      { env: { NOTIFY_SMOKE_REDIS_DSN: dsn(), NOTIFY_SMOKE_NOTIFY_BASEURL: api.url, NOTIFY_SMOKE_NOTIFY_TOKEN: TOKEN, NOTIFY_SMOKE_NOTIFY_TENANT: TENANT, NOTIFY_SMOKE_LOOKBACK_MINUTES: "30", NOTIFY_SMOKE_TIMEOUT_SECONDS: "0" } },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.passed).toBe("true");
    expect(JSON.parse(run.outputs.result ?? "{}")).toMatchObject({ missingKinds: [], kinds: [{ kind: A }] });
    expectNoSecretInAction(run);
  });

  it("fails naming the missing kind (only failed deliveries), with outputs and summary", async () => {
    api.deliveries = [delivery("d1", A, "sent"), delivery("d2", B, "failed")];
    const run = await runAction("notify-smoke", inputs({ "timeout-seconds": "1" }), { gitea: true });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.passed).toBe("false");
    expect(run.outputs["missing-kinds"]).toBe(B);
    expect(run.summary).toContain(`### notify-smoke: FAILED (missing \`${B}\`)`);
    expect(run.annotations.join("\n")).toContain(`missing kinds ${B}`);
    expect(run.annotations.join("\n")).toContain(`${B}: 1 events in the stream, 0 sent / 0 pending / 1 failed deliveries`);
    expectNoSecretInAction(run);
  });

  it("fails fast listing every missing and malformed setting, before any connection", async () => {
    const run = await runAction("notify-smoke", { "redis-dsn": `http://smoke:${PASSWORD}@h/0`, "notify-baseurl": "notify.internal", "lookback-minutes": "soon" });
    expect(run.exitCode).toBe(1);
    const error = run.annotations.join("\n");
    expect(error).toContain('NOTIFY_SMOKE_NOTIFY_TOKEN (input "notify-token" or env NOTIFY_SMOKE_NOTIFY_TOKEN)');
    expect(error).toContain("NOTIFY_SMOKE_NOTIFY_TENANT (input");
    expect(error).toContain("NOTIFY_SMOKE_EXPECT_KINDS (input");
    expect(error).toContain('has scheme "http://"');
    expect(error).toContain("has no scheme");
    expect(error).toContain('got "soon"');
    expect(api.requests).toHaveLength(0);
    expectNoSecretInAction(run);
  });

  it("fails on API 401 naming NOTIFY_SMOKE_NOTIFY_TOKEN", async () => {
    const run = await runAction("notify-smoke", inputs({ "notify-token": `${TOKEN}-old` }));
    expect(run.exitCode).toBe(1);
    expect(run.annotations.join("\n")).toMatch(/answered 401.*check NOTIFY_SMOKE_NOTIFY_TOKEN/s);
    expectNoSecretInAction(run);
  });

  it("fails on a wrong Redis password without printing it", async () => {
    const run = await runAction("notify-smoke", inputs({ "redis-dsn": dsn("pw-Wrong-Zt6") }));
    expect(run.exitCode).toBe(1);
    expect(run.annotations.join("\n")).toContain("refused the credentials");
    const stdout = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
    expect(stdout + run.stderr).not.toContain("pw-Wrong-Zt6");
    expectNoSecretInAction(run);
  });

  it.skipIf(!tls)("passes over rediss:// with the private CA from NODE_EXTRA_CA_CERTS", async () => {
    const run = await runAction("notify-smoke", inputs({ "redis-dsn": `rediss://smoke:${encodeURIComponent(PASSWORD)}@127.0.0.1:${tlsPort}/1` }), { env: { NODE_EXTRA_CA_CERTS: ca } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.passed).toBe("true");
    expect(run.summary).toContain(`rediss://smoke:***@127.0.0.1:${tlsPort}/1`);
    expectNoSecretInAction(run);
  });
});

describe("stella notify smoke (bundled CLI)", () => {
  const env = (over: Record<string, string> = {}) => ({
    NOTIFY_SMOKE_REDIS_DSN: dsn(),
    NOTIFY_SMOKE_NOTIFY_BASEURL: api.url,
    NOTIFY_SMOKE_NOTIFY_TOKEN: TOKEN,
    NOTIFY_SMOKE_NOTIFY_TENANT: TENANT,
    NOTIFY_SMOKE_EXPECT_KINDS: `${A},${B}`,
    NOTIFY_SMOKE_LOOKBACK_MINUTES: "30",
    NOTIFY_SMOKE_TIMEOUT_SECONDS: "0",
    ...over,
  });

  it("passes and prints the verdict as JSON", async () => {
    const run = await runCli(["notify", "smoke", "--format", "json"], { env: env() });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ passed: true, missingKinds: [], stream: { key: "stella:events", entriesRead: 2, xrangeCalls: 1 } });
    expectNoSecretInCli(run);
  });

  it("fails with exit 1 naming the missing kind; flags override the environment", async () => {
    const run = await runCli(["notify", "smoke", "--expect-kinds", `${A},scanner.never.emitted`, "--timeout-seconds", "1"], { env: env() });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("notify-smoke: FAILED, missing scanner.never.emitted");
    expect(run.stderr).toContain("missing kinds scanner.never.emitted");
    expect(run.stderr).toContain("scanner.never.emitted: 0 events in the stream, 0 sent / 0 pending / 0 failed deliveries");
    expectNoSecretInCli(run);
  });

  it("fails on 500s that do not recover, on Redis down, and on missing settings, never printing a secret", async () => {
    api.failAlways(500);
    const outage = await runCli(["notify", "smoke"], { env: env() });
    expect(outage.exitCode).toBe(1);
    expect(outage.stderr).toContain("Notify API unavailable");
    expectNoSecretInCli(outage);
    api.failAlways(undefined);

    const down = await runCli(["notify", "smoke"], { env: env({ NOTIFY_SMOKE_REDIS_DSN: `redis://smoke:${encodeURIComponent(PASSWORD)}@127.0.0.1:${await freePort()}/1` }) });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toContain("could not connect to Redis at redis://smoke:***@127.0.0.1:");
    expectNoSecretInCli(down);

    const missing = await runCli(["notify", "smoke"], { env: { NOTIFY_SMOKE_NOTIFY_TOKEN: TOKEN } });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("missing or empty: NOTIFY_SMOKE_REDIS_DSN (env)");
    expectNoSecretInCli(missing);
  });
});
