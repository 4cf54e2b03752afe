import { ValidationError, redact } from "@stella/core";
import { dsnSecrets, parseRedisDsn, type RedisDsn } from "./redis-dsn.js";

/**
 * The notify-smoke settings (notify-smoke.md "Settings", deployment-profiles.md "CI smoke
 * checks"): all required ones must be present and non-empty, and the check fails fast with
 * one error naming every missing, empty or malformed one, before any connection is made.
 */
export const SETTING_NAMES = {
  redisDsn: "NOTIFY_SMOKE_REDIS_DSN",
  baseUrl: "NOTIFY_SMOKE_NOTIFY_BASEURL",
  token: "NOTIFY_SMOKE_NOTIFY_TOKEN",
  tenant: "NOTIFY_SMOKE_NOTIFY_TENANT",
  tenantHeader: "NOTIFY_SMOKE_NOTIFY_TENANT_HEADER",
  expectKinds: "NOTIFY_SMOKE_EXPECT_KINDS",
  lookbackMinutes: "NOTIFY_SMOKE_LOOKBACK_MINUTES",
  stream: "NOTIFY_SMOKE_REDIS_STREAM",
  timeoutSeconds: "NOTIFY_SMOKE_TIMEOUT_SECONDS",
} as const;

export type SettingKey = keyof typeof SETTING_NAMES;
export type SettingName = (typeof SETTING_NAMES)[SettingKey];

const REQUIRED: readonly SettingKey[] = ["redisDsn", "baseUrl", "token", "tenant", "expectKinds", "lookbackMinutes"];

export const DEFAULT_TENANT_HEADER = "X-StellaOps-Tenant";
export const DEFAULT_STREAM = "stella:events";
export const DEFAULT_TIMEOUT_SECONDS = 120;

/** The settings as the environment spells them (`NOTIFY_SMOKE_*` keys); other keys are ignored. */
export type RawNotifySmokeSettings = Readonly<Record<string, string | undefined>>;

export interface NotifySmokeSettings {
  redis: RedisDsn;
  stream: string;
  baseUrl: string;
  token: string;
  tenant: string;
  tenantHeader: string;
  /** Unique, in the order given. */
  expectKinds: string[];
  lookbackMinutes: number;
  timeoutSeconds: number;
  /** Every value that must never reach a log: token, DSN password (as decoded and as written), tenant. */
  secrets: string[];
}

export interface ParseSettingsOptions {
  /** Where a setting comes from, for the error (`action input "redis-dsn" or env NOTIFY_SMOKE_REDIS_DSN`). */
  describe?: (name: SettingName) => string;
}

const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Validates every setting in one pass; throws a ValidationError listing all problems. */
export function parseNotifySmokeSettings(raw: RawNotifySmokeSettings, options: ParseSettingsOptions = {}): NotifySmokeSettings {
  const describe = options.describe ?? ((name: SettingName) => name);
  const value = (key: SettingKey): string => (raw[SETTING_NAMES[key]] ?? "").trim();
  const problems: string[] = [];
  const missing = REQUIRED.filter((k) => value(k) === "");
  if (missing.length > 0) {
    problems.push(`missing or empty: ${missing.map((k) => describe(SETTING_NAMES[k])).join(", ")}`);
  }

  const dsnRaw = value("redisDsn");
  let redis: RedisDsn | undefined;
  if (dsnRaw !== "") {
    const parsed = parseRedisDsn(dsnRaw);
    if (parsed.ok) redis = parsed.dsn;
    else problems.push(`${describe(SETTING_NAMES.redisDsn)} ${parsed.problem}`);
  }

  const baseUrl = value("baseUrl").replace(/\/+$/, "");
  if (baseUrl !== "") {
    const problem = baseUrlProblem(baseUrl);
    if (problem) problems.push(`${describe(SETTING_NAMES.baseUrl)} ${problem}`);
  }

  const lookbackRaw = value("lookbackMinutes");
  const lookbackMinutes = Number(lookbackRaw);
  if (lookbackRaw !== "" && (!/^\d+$/.test(lookbackRaw) || lookbackMinutes <= 0 || !Number.isSafeInteger(lookbackMinutes))) {
    problems.push(`${describe(SETTING_NAMES.lookbackMinutes)} must be a positive whole number of minutes, got "${lookbackRaw}"`);
  }

  const timeoutRaw = value("timeoutSeconds");
  const timeoutSeconds = timeoutRaw === "" ? DEFAULT_TIMEOUT_SECONDS : Number(timeoutRaw);
  if (timeoutRaw !== "" && (!/^\d+$/.test(timeoutRaw) || !Number.isSafeInteger(timeoutSeconds))) {
    problems.push(`${describe(SETTING_NAMES.timeoutSeconds)} must be a whole number of seconds (0 checks once), got "${timeoutRaw}"`);
  }

  const kindsRaw = value("expectKinds");
  const expectKinds = [...new Set(kindsRaw.split(",").map((k) => k.trim()).filter(Boolean))];
  if (kindsRaw !== "" && expectKinds.length === 0) {
    problems.push(`${describe(SETTING_NAMES.expectKinds)} lists no event kind: expected e.g. scanner.report.ready,scanner.scan.completed`);
  }
  const badKind = expectKinds.find((k) => /\s/.test(k));
  if (badKind !== undefined) {
    problems.push(`${describe(SETTING_NAMES.expectKinds)} has a kind with whitespace inside, "${badKind}": separate kinds with commas`);
  }

  const tenantHeader = value("tenantHeader") || DEFAULT_TENANT_HEADER;
  if (!HEADER_TOKEN.test(tenantHeader)) {
    problems.push(`${describe(SETTING_NAMES.tenantHeader)} is not a valid HTTP header name: "${tenantHeader}"`);
  }
  const stream = value("stream") || DEFAULT_STREAM;

  const token = value("token");
  const tenant = value("tenant");
  const secrets = secretsOf(raw);
  if (problems.length > 0 || !redis) {
    throw new ValidationError(
      "notify-smoke settings",
      problems.map((p) => redact(p, secrets)),
      "set every NOTIFY_SMOKE_* setting listed in deployment-profiles.md (\"CI smoke checks\") as a repository secret or variable",
    );
  }
  return { redis, stream, baseUrl, token, tenant, tenantHeader, expectKinds, lookbackMinutes, timeoutSeconds, secrets };
}

/**
 * The secret values of raw settings (token, tenant, the DSN and its password), known before
 * validation so an entry point can mask them first, even when the DSN does not parse.
 */
export function secretsOf(raw: RawNotifySmokeSettings): string[] {
  const get = (key: SettingKey) => (raw[SETTING_NAMES[key]] ?? "").trim();
  const dsnRaw = get("redisDsn");
  const parsed = dsnRaw === "" ? undefined : parseRedisDsn(dsnRaw);
  const all = [get("token"), get("tenant"), dsnRaw, ...dsnSecrets(dsnRaw, parsed?.ok ? parsed.dsn : undefined)];
  return [...new Set(all.filter((s) => s !== ""))];
}

function baseUrlProblem(raw: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return `has no scheme: expected an absolute URL such as https://${raw}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `does not parse as a URL: "${raw}"`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL, got "${url.protocol}//"`;
  if (url.username || url.password) return "must not carry credentials (the token goes in NOTIFY_SMOKE_NOTIFY_TOKEN)";
  if (url.search || url.hash) return `must not have a query or fragment: "${url.origin}${url.pathname}"`;
  return undefined;
}

/** True when the object is already parsed settings rather than the raw NOTIFY_SMOKE_* record. */
export function isParsedSettings(s: NotifySmokeSettings | RawNotifySmokeSettings): s is NotifySmokeSettings {
  return Array.isArray((s as { expectKinds?: unknown }).expectKinds) && typeof (s as { redis?: unknown }).redis === "object";
}
