import { describe, expect, it } from "vitest";
import { ValidationError } from "@stella/core";
import { parseNotifySmokeSettings, parseRedisDsn, secretsOf } from "@stella/notify";

const full = {
  NOTIFY_SMOKE_REDIS_DSN: "rediss://smoke:p%40ss-Word9@redis.stage.internal:6380/3",
  NOTIFY_SMOKE_NOTIFY_BASEURL: "https://notify.stage.stella-ops.internal/",
  NOTIFY_SMOKE_NOTIFY_TOKEN: "tok-abcdef123",
  NOTIFY_SMOKE_NOTIFY_TENANT: "tenant-xyz42",
  NOTIFY_SMOKE_EXPECT_KINDS: " scanner.report.ready , scanner.scan.completed,scanner.report.ready,",
  NOTIFY_SMOKE_LOOKBACK_MINUTES: "30",
};

function problems(raw: Record<string, string | undefined>): readonly string[] {
  try {
    parseNotifySmokeSettings(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error("expected a ValidationError");
}

describe("parseNotifySmokeSettings (notify-smoke.md Settings)", () => {
  it("parses a complete set, applies the defaults and dedupes kinds", () => {
    const s = parseNotifySmokeSettings(full);
    expect(s.redis).toEqual({ tls: true, host: "redis.stage.internal", port: 6380, username: "smoke", password: "p@ss-Word9", database: 3, display: "rediss://smoke:***@redis.stage.internal:6380/3" });
    expect(s.baseUrl).toBe("https://notify.stage.stella-ops.internal");
    expect(s.expectKinds).toEqual(["scanner.report.ready", "scanner.scan.completed"]);
    expect(s).toMatchObject({ lookbackMinutes: 30, timeoutSeconds: 120, stream: "stella:events", tenantHeader: "X-StellaOps-Tenant" });
    expect(s.secrets).toEqual(expect.arrayContaining(["tok-abcdef123", "tenant-xyz42", "p@ss-Word9", "p%40ss-Word9", full.NOTIFY_SMOKE_REDIS_DSN]));
  });

  it("lists every missing or empty required setting in one error, before anything else", () => {
    const p = problems({ NOTIFY_SMOKE_NOTIFY_TOKEN: "  ", NOTIFY_SMOKE_REDIS_STREAM: "x" });
    expect(p[0]).toBe(
      "missing or empty: NOTIFY_SMOKE_REDIS_DSN, NOTIFY_SMOKE_NOTIFY_BASEURL, NOTIFY_SMOKE_NOTIFY_TOKEN, NOTIFY_SMOKE_NOTIFY_TENANT, NOTIFY_SMOKE_EXPECT_KINDS, NOTIFY_SMOKE_LOOKBACK_MINUTES",
    );
  });

  it("reports missing and malformed settings together, naming where each comes from", () => {
    let error: unknown;
    try {
      parseNotifySmokeSettings(
        { ...full, NOTIFY_SMOKE_NOTIFY_TOKEN: "", NOTIFY_SMOKE_REDIS_DSN: "http://u:secret-pw1@h:1/0", NOTIFY_SMOKE_NOTIFY_BASEURL: "notify.stage.internal", NOTIFY_SMOKE_LOOKBACK_MINUTES: "-5", NOTIFY_SMOKE_TIMEOUT_SECONDS: "1.5", NOTIFY_SMOKE_NOTIFY_TENANT_HEADER: "X Tenant" },
        { describe: (n) => `${n} (input x)` },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems).toEqual([
      "missing or empty: NOTIFY_SMOKE_NOTIFY_TOKEN (input x)",
      'NOTIFY_SMOKE_REDIS_DSN (input x) has scheme "http://": expected redis:// or rediss:// (TLS)',
      "NOTIFY_SMOKE_NOTIFY_BASEURL (input x) has no scheme: expected an absolute URL such as https://notify.stage.internal",
      'NOTIFY_SMOKE_LOOKBACK_MINUTES (input x) must be a positive whole number of minutes, got "-5"',
      'NOTIFY_SMOKE_TIMEOUT_SECONDS (input x) must be a whole number of seconds (0 checks once), got "1.5"',
      'NOTIFY_SMOKE_NOTIFY_TENANT_HEADER (input x) is not a valid HTTP header name: "X Tenant"',
    ]);
    expect(v.message).toContain("6 problems");
    expect(v.describe()).not.toContain("secret-pw1");
  });

  it.each([
    ["0", "must be a positive whole number"],
    ["abc", "must be a positive whole number"],
    ["30m", "must be a positive whole number"],
  ])("rejects lookback %s", (value, text) => {
    expect(problems({ ...full, NOTIFY_SMOKE_LOOKBACK_MINUTES: value }).join("\n")).toContain(text);
  });

  it("rejects base URLs with credentials or other schemes", () => {
    expect(problems({ ...full, NOTIFY_SMOKE_NOTIFY_BASEURL: "https://u:p@notify" })[0]).toContain("must not carry credentials");
    expect(problems({ ...full, NOTIFY_SMOKE_NOTIFY_BASEURL: "ftp://notify" })[0]).toContain('got "ftp://"');
  });

  it("accepts timeout 0 (check once)", () => {
    expect(parseNotifySmokeSettings({ ...full, NOTIFY_SMOKE_TIMEOUT_SECONDS: "0" }).timeoutSeconds).toBe(0);
  });

  it("secretsOf knows the secrets even when the DSN does not parse", () => {
    const raw = { ...full, NOTIFY_SMOKE_REDIS_DSN: "redis://u:pw-Broken9@[bad" };
    expect(secretsOf(raw)).toContain("redis://u:pw-Broken9@[bad");
    const v = problems(raw);
    expect(v.join("\n")).not.toContain("pw-Broken9");
  });
});

describe("parseRedisDsn", () => {
  it.each([
    ["redis://127.0.0.1:6379/0", { tls: false, host: "127.0.0.1", port: 6379, username: undefined, password: undefined, database: 0, display: "redis://127.0.0.1:6379/0" }],
    ["redis://localhost", { port: 6379, database: 0, display: "redis://localhost/0" }],
    ["redis://:onlypass@h:7000/5", { username: undefined, password: "onlypass", database: 5, display: "redis://:***@h:7000/5" }],
    ["rediss://user@[::1]:6380/1", { tls: true, host: "::1", username: "user", password: undefined, display: "rediss://user@[::1]:6380/1" }],
  ])("parses %s", (raw, expected) => {
    const r = parseRedisDsn(raw);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.dsn).toMatchObject(expected);
  });

  it.each([
    ["host:6379", "is not a URL"],
    ["redis://h:6379/zero", 'has database "/zero"'],
    ["redis://h:99999/0", "does not parse"],
    ["redis:///0", "has no host"],
  ])("rejects %s", (raw, text) => {
    const r = parseRedisDsn(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toContain(text);
  });
});
