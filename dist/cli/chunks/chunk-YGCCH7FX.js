#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  require_dist
} from "./chunk-J6QU6PQX.js";
import {
  HttpError,
  httpRequest,
  safeUrl
} from "./chunk-SIZMBGD5.js";
import {
  StellaError,
  ValidationError,
  errorMessage,
  redact,
  silentLogger
} from "./chunk-BBNKGYBP.js";
import {
  __name,
  __toESM
} from "./chunk-GT7O54H4.js";

// packages/notify/src/redis-dsn.ts
function parseRedisDsn(raw) {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!m) return { ok: false, problem: "is not a URL: expected redis://[user:pass@]host:port/db or rediss://\u2026 (TLS)" };
  const scheme = (m[1] ?? "").toLowerCase();
  if (scheme !== "redis" && scheme !== "rediss") {
    return { ok: false, problem: `has scheme "${scheme}://": expected redis:// or rediss:// (TLS)` };
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `does not parse as a ${scheme}:// URL (check the host, the port and that special characters in the password are percent-encoded)` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) return { ok: false, problem: "has no host" };
  const port = url.port === "" ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d+$/.test(path)) {
    return { ok: false, problem: `has database "/${path}": expected a database number such as /0` };
  }
  let username;
  let password;
  try {
    username = url.username ? decodeURIComponent(url.username) : void 0;
    password = url.password ? decodeURIComponent(url.password) : void 0;
  } catch {
    return { ok: false, problem: "has a user or password with a broken percent-encoding" };
  }
  const database = path === "" ? 0 : Number(path);
  const display = `${scheme}://${username ? `${encodeURIComponent(username)}${password ? ":***" : ""}@` : password ? ":***@" : ""}${url.host}/${database}`;
  return { ok: true, dsn: { tls: scheme === "rediss", host, port, username, password, database, display } };
}
__name(parseRedisDsn, "parseRedisDsn");
function dsnSecrets(raw, dsn) {
  const out = [];
  if (dsn?.password) out.push(dsn.password);
  try {
    const written = new URL(raw).password;
    if (written) out.push(written);
  } catch {
  }
  return out;
}
__name(dsnSecrets, "dsnSecrets");

// packages/notify/src/settings.ts
var SETTING_NAMES = {
  redisDsn: "NOTIFY_SMOKE_REDIS_DSN",
  baseUrl: "NOTIFY_SMOKE_NOTIFY_BASEURL",
  token: "NOTIFY_SMOKE_NOTIFY_TOKEN",
  tenant: "NOTIFY_SMOKE_NOTIFY_TENANT",
  tenantHeader: "NOTIFY_SMOKE_NOTIFY_TENANT_HEADER",
  expectKinds: "NOTIFY_SMOKE_EXPECT_KINDS",
  lookbackMinutes: "NOTIFY_SMOKE_LOOKBACK_MINUTES",
  stream: "NOTIFY_SMOKE_REDIS_STREAM",
  timeoutSeconds: "NOTIFY_SMOKE_TIMEOUT_SECONDS"
};
var REQUIRED = ["redisDsn", "baseUrl", "token", "tenant", "expectKinds", "lookbackMinutes"];
var DEFAULT_TENANT_HEADER = "X-StellaOps-Tenant";
var DEFAULT_STREAM = "stella:events";
var DEFAULT_TIMEOUT_SECONDS = 120;
var HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
function parseNotifySmokeSettings(raw, options = {}) {
  const describe = options.describe ?? ((name) => name);
  const value = /* @__PURE__ */ __name((key) => (raw[SETTING_NAMES[key]] ?? "").trim(), "value");
  const problems = [];
  const missing = REQUIRED.filter((k) => value(k) === "");
  if (missing.length > 0) {
    problems.push(`missing or empty: ${missing.map((k) => describe(SETTING_NAMES[k])).join(", ")}`);
  }
  const dsnRaw = value("redisDsn");
  let redis;
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
  if (badKind !== void 0) {
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
      'set every NOTIFY_SMOKE_* setting listed in deployment-profiles.md ("CI smoke checks") as a repository secret or variable'
    );
  }
  return { redis, stream, baseUrl, token, tenant, tenantHeader, expectKinds, lookbackMinutes, timeoutSeconds, secrets };
}
__name(parseNotifySmokeSettings, "parseNotifySmokeSettings");
function secretsOf(raw) {
  const get = /* @__PURE__ */ __name((key) => (raw[SETTING_NAMES[key]] ?? "").trim(), "get");
  const dsnRaw = get("redisDsn");
  const parsed = dsnRaw === "" ? void 0 : parseRedisDsn(dsnRaw);
  const all = [get("token"), get("tenant"), dsnRaw, ...dsnSecrets(dsnRaw, parsed?.ok ? parsed.dsn : void 0)];
  return [...new Set(all.filter((s) => s !== ""))];
}
__name(secretsOf, "secretsOf");
function baseUrlProblem(raw) {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return `has no scheme: expected an absolute URL such as https://${raw}`;
  let url;
  try {
    url = new URL(raw);
  } catch {
    return `does not parse as a URL: "${raw}"`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL, got "${url.protocol}//"`;
  if (url.username || url.password) return "must not carry credentials (the token goes in NOTIFY_SMOKE_NOTIFY_TOKEN)";
  if (url.search || url.hash) return `must not have a query or fragment: "${url.origin}${url.pathname}"`;
  return void 0;
}
__name(baseUrlProblem, "baseUrlProblem");
function isParsedSettings(s) {
  return Array.isArray(s.expectKinds) && typeof s.redis === "object";
}
__name(isParsedSettings, "isParsedSettings");

// packages/notify/src/smoke.ts
import { setTimeout as sleep } from "node:timers/promises";

// packages/notify/src/errors.ts
var NotifyError = class extends StellaError {
  static {
    __name(this, "NotifyError");
  }
};

// packages/notify/src/notify-api.ts
var MAX_PAGES = 1e4;
async function listDeliveries(options) {
  const deliveries = [];
  const seenTokens = /* @__PURE__ */ new Set();
  let token = null;
  let pages = 0;
  let unknownStatus = 0;
  do {
    const url = deliveriesUrl(options, token);
    const body = await fetchPage(url, options);
    pages++;
    const page = parsePage(body, url, options.secrets);
    for (const item of page.items) {
      if (item === "unknown-status") unknownStatus++;
      else deliveries.push(item);
    }
    token = page.continuationToken;
    if (token !== null) {
      if (seenTokens.has(token)) throw apiResponseError(url, `continuationToken "${token}" was returned twice (the listing loops)`, options.secrets);
      seenTokens.add(token);
    }
    if (pages >= MAX_PAGES) throw apiResponseError(url, `more than ${MAX_PAGES} pages`, options.secrets);
  } while (token !== null);
  return { deliveries, pages, unknownStatus };
}
__name(listDeliveries, "listDeliveries");
function deliveriesUrl(options, continuationToken) {
  const url = new URL(`${options.baseUrl.replace(/\/+$/, "")}/api/v1/notify/deliveries`);
  url.searchParams.set("since", options.since.toISOString());
  url.searchParams.set("limit", String(options.pageLimit ?? 200));
  if (continuationToken !== null) url.searchParams.set("continuationToken", continuationToken);
  return url.toString();
}
__name(deliveriesUrl, "deliveriesUrl");
async function fetchPage(url, options) {
  const secrets = options.secrets;
  let res;
  try {
    res = await httpRequest({
      url,
      headers: { authorization: `Bearer ${options.token}`, [options.tenantHeader]: options.tenant, accept: "application/json" },
      timeoutMs: options.requestTimeoutMs ?? 15e3,
      retry: { retries: 4, minDelayMs: 500, maxDelayMs: 8e3, maxElapsedMs: 6e4, ...options.retry },
      acceptStatus: [401, 403, 404],
      ...options.signal ? { signal: options.signal } : {},
      onRetry: /* @__PURE__ */ __name(({ attempt, delayMs, reason }) => options.logger.warn(redact(`Notify API ${safeUrl(url)}: ${reason}; retry ${attempt} in ${delayMs} ms`, secrets)), "onRetry")
    });
  } catch (e) {
    const what = e instanceof HttpError ? e.message : errorMessage(e);
    throw new NotifyError(redact(`Notify API unavailable: ${what}`, secrets), {
      code: "API_UNAVAILABLE",
      hint: "check NOTIFY_SMOKE_NOTIFY_BASEURL and that the Notify WebService is up and reachable from the runner"
    });
  }
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    const text2 = redact((await res.text().catch(() => "")).slice(0, 300), secrets);
    const where = `GET ${safeUrl(url)} answered ${res.status}${text2 ? `: ${text2}` : ""}`;
    if (res.status === 404) {
      throw new NotifyError(where, { code: "API_NOT_FOUND", hint: "check NOTIFY_SMOKE_NOTIFY_BASEURL: it must be the base URL of the Notify WebService (the check appends /api/v1/notify/deliveries)" });
    }
    throw new NotifyError(redact(where, secrets), {
      code: "API_AUTH",
      hint: res.status === 401 ? "check NOTIFY_SMOKE_NOTIFY_TOKEN: the bearer token was rejected (expired, revoked or for another issuer)" : `check NOTIFY_SMOKE_NOTIFY_TOKEN's permission to read deliveries and NOTIFY_SMOKE_NOTIFY_TENANT (sent in header ${options.tenantHeader}, see NOTIFY_SMOKE_NOTIFY_TENANT_HEADER)`
    });
  }
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw apiResponseError(url, `the body is not JSON: ${text.slice(0, 120)}`, secrets);
  }
}
__name(fetchPage, "fetchPage");
function isStatus(s) {
  return s === "pending" || s === "sent" || s === "failed";
}
__name(isStatus, "isStatus");
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord, "isRecord");
function parsePage(body, url, secrets) {
  if (!isRecord(body) || !Array.isArray(body.items)) throw apiResponseError(url, 'expected an object with an "items" array', secrets);
  const ct = body.continuationToken;
  if (ct !== void 0 && ct !== null && typeof ct !== "string") throw apiResponseError(url, '"continuationToken" must be a string or null', secrets);
  const items = body.items.map((item, i) => {
    if (!isRecord(item) || typeof item.kind !== "string" || typeof item.status !== "string") {
      throw apiResponseError(url, `items[${i}] must have string "kind" and "status"`, secrets);
    }
    const status = item.status;
    if (!isStatus(status)) return "unknown-status";
    return {
      deliveryId: typeof item.deliveryId === "string" ? item.deliveryId : `#${i}`,
      eventId: typeof item.eventId === "string" ? item.eventId : void 0,
      kind: item.kind,
      status,
      createdAt: typeof item.createdAt === "string" ? item.createdAt : void 0
    };
  });
  return { items, continuationToken: ct === void 0 || ct === "" ? null : ct };
}
__name(parsePage, "parsePage");
function apiResponseError(url, problem, secrets) {
  return new NotifyError(redact(`Notify API GET ${safeUrl(url)}: unexpected response: ${problem}`, secrets), {
    code: "API_RESPONSE",
    hint: 'check NOTIFY_SMOKE_NOTIFY_BASEURL points at the Notify WebService (notify-smoke.md "The Notify API" gives the expected shape)'
  });
}
__name(apiResponseError, "apiResponseError");

// packages/notify/src/redis-client.ts
var import_redis = __toESM(require_dist(), 1);
var DSN = "NOTIFY_SMOKE_REDIS_DSN";
async function connectRedis(dsn, options = {}) {
  const secrets = options.secrets ?? [];
  const connectTimeout = options.connectTimeoutMs ?? 1e4;
  const socket = dsn.tls ? { host: dsn.host, port: dsn.port, tls: true, connectTimeout, reconnectStrategy: false, ...options.tls } : { host: dsn.host, port: dsn.port, connectTimeout, reconnectStrategy: false };
  const client = (0, import_redis.createClient)({
    socket,
    ...dsn.username ? { username: dsn.username } : {},
    ...dsn.password ? { password: dsn.password } : {},
    database: dsn.database,
    disableOfflineQueue: true
  });
  let lastSocketError;
  client.on("error", (e) => {
    lastSocketError = e;
  });
  let timer;
  const handshakeTimeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to the connection handshake within ${connectTimeout} ms`)), connectTimeout);
  });
  try {
    await Promise.race([client.connect(), handshakeTimeout]);
  } catch (e) {
    client.destroy();
    throw connectError(dsn, e, lastSocketError, secrets);
  } finally {
    clearTimeout(timer);
  }
  const commandTimeout = options.commandTimeoutMs ?? 15e3;
  const run = /* @__PURE__ */ __name(async (what, fn) => {
    let timer2;
    const expiry = new Promise((_, reject) => {
      timer2 = setTimeout(() => {
        client.destroy();
        reject(new Error(`no reply within the command timeout of ${commandTimeout} ms`));
      }, commandTimeout);
    });
    try {
      return await Promise.race([fn(), expiry]);
    } catch (e) {
      throw new NotifyError(redact(`Redis ${what} on ${dsn.display} failed: ${errorMessage(e)}`, secrets), {
        code: "REDIS_COMMAND",
        hint: `check that ${DSN} points at the Notify event Redis and that its user may run XRANGE, TYPE and TIME`
      });
    } finally {
      clearTimeout(timer2);
    }
  }, "run");
  return {
    xRange: /* @__PURE__ */ __name((key, start, end, count) => run(`XRANGE ${key}`, async () => {
      const reply = await client.xRange(key, start, end, { COUNT: count });
      return (reply ?? []).map((m) => ({ id: String(m.id), fields: stringFields(m.message) }));
    }), "xRange"),
    keyType: /* @__PURE__ */ __name((key) => run(`TYPE ${key}`, async () => String(await client.type(key))), "keyType"),
    serverTimeMs: /* @__PURE__ */ __name(() => run("TIME", async () => {
      const reply = await client.sendCommand(["TIME"]);
      if (!Array.isArray(reply) || reply.length < 2) throw new Error(`unexpected TIME reply ${JSON.stringify(reply)}`);
      return Number(String(reply[0])) * 1e3 + Math.floor(Number(String(reply[1])) / 1e3);
    }), "serverTimeMs"),
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    }
  };
}
__name(connectRedis, "connectRedis");
function stringFields(message) {
  const out = {};
  if (message && typeof message === "object") {
    for (const [k, v] of Object.entries(message)) out[k] = String(v);
  }
  return out;
}
__name(stringFields, "stringFields");
function connectError(dsn, e, socketError, secrets) {
  const detail = [errorMessage(e), socketError && socketError !== e ? errorMessage(socketError) : ""].filter(Boolean).join(": ");
  const text = redact(detail, secrets);
  if (/WRONGPASS|NOAUTH|NOPERM|invalid password|AUTH/i.test(text)) {
    return new NotifyError(`Redis at ${dsn.display} refused the credentials: ${text}`, {
      code: "REDIS_AUTH",
      hint: `check the user and password in ${DSN} (redis://user:password@host:port/db; percent-encode special characters)`
    });
  }
  const tlsHint = dsn.tls ? "; for rediss:// the server certificate must be trusted (NODE_EXTRA_CA_CERTS) and match the host" : /ECONNRESET|closed/i.test(text) ? "; if the server only speaks TLS, use rediss://" : "";
  return new NotifyError(`could not connect to Redis at ${dsn.display}: ${text || "connection failed"}`, {
    code: "REDIS_CONNECT",
    hint: `check the host and port in ${DSN} and that the runner can reach it${tlsHint}`
  });
}
__name(connectError, "connectError");

// packages/notify/src/stream-window.ts
function windowStartId(startMs) {
  return `${Math.max(0, Math.floor(startMs))}-0`;
}
__name(windowStartId, "windowStartId");
var StreamWindow = class {
  constructor(reader, key, startMs, pageSize, onPage) {
    this.reader = reader;
    this.key = key;
    this.startMs = startMs;
    this.pageSize = pageSize;
    this.onPage = onPage;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`stream page size must be a positive integer, got ${pageSize}`);
  }
  reader;
  key;
  startMs;
  pageSize;
  onPage;
  static {
    __name(this, "StreamWindow");
  }
  counts = /* @__PURE__ */ new Map();
  stats = { xrangeCalls: 0, entriesRead: 0 };
  /** Entries in the window without a `kind` field (reported, not counted). */
  withoutKind = 0;
  lastId;
  /** Reads every entry added to the window since the previous call, page by page. */
  async read() {
    for (; ; ) {
      const start = this.lastId === void 0 ? windowStartId(this.startMs) : `(${this.lastId}`;
      const page = await this.reader.xRange(this.key, start, "+", this.pageSize);
      this.stats.xrangeCalls++;
      this.stats.entriesRead += page.length;
      this.onPage?.({ start, returned: page.length });
      for (const entry of page) {
        const kind = entry.fields.kind;
        if (kind === void 0 || kind === "") this.withoutKind++;
        else this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
      }
      const last = page.at(-1);
      if (last) this.lastId = last.id;
      if (page.length < this.pageSize) return;
    }
  }
};

// packages/notify/src/verdict.ts
function computeVerdict(expectKinds, eventCounts, deliveries, since) {
  const status = /* @__PURE__ */ new Map();
  const latest = /* @__PURE__ */ new Map();
  for (const d of deliveries) {
    if (d.createdAt !== void 0) {
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
  const kinds = expectKinds.map((kind) => {
    const events = eventCounts.get(kind) ?? 0;
    const { sent, pending, failed } = status.get(kind) ?? { sent: 0, pending: 0, failed: 0 };
    const passed = events > 0 && sent > 0;
    const reasons = [];
    if (events === 0) reasons.push("no event in the stream window");
    if (sent === 0) reasons.push(pending + failed === 0 ? "no delivery" : `no sent delivery (${failed} failed, ${pending} pending)`);
    return { kind, events, sent, pending, failed, passed, ...passed ? {} : { reason: reasons.join("; ") } };
  });
  const missingKinds = kinds.filter((k) => !k.passed).map((k) => k.kind);
  return { passed: missingKinds.length === 0, missingKinds, kinds };
}
__name(computeVerdict, "computeVerdict");

// packages/notify/src/smoke.ts
async function runNotifySmoke(input, options = {}) {
  const settings = isParsedSettings(input) ? input : parseNotifySmokeSettings(input);
  const log = redactingLogger(options.logger ?? silentLogger, settings.secrets);
  const started = Date.now();
  const deadline = started + settings.timeoutSeconds * 1e3;
  const connect = options.connect ?? connectRedis;
  log.info(`notify-smoke: expecting ${settings.expectKinds.join(", ")} in the last ${settings.lookbackMinutes} min (stream ${settings.stream} on ${settings.redis.display}, Notify API ${settings.baseUrl})`);
  const redis = await connect(settings.redis, {
    secrets: settings.secrets,
    ...options.redisConnectTimeoutMs === void 0 ? {} : { connectTimeoutMs: options.redisConnectTimeoutMs },
    ...options.redisCommandTimeoutMs === void 0 ? {} : { commandTimeoutMs: options.redisCommandTimeoutMs },
    ...options.redisTls ? { tls: options.redisTls } : {}
  });
  try {
    const nowMs = await redis.serverTimeMs();
    const startMs = nowMs - settings.lookbackMinutes * 6e4;
    const since = new Date(startMs);
    const window = new StreamWindow(redis, settings.stream, startMs, options.streamPageSize ?? 1e3);
    let exists = false;
    let listing = { deliveries: [], pages: 0, unknownStatus: 0 };
    let verdict;
    let polls = 0;
    let delay = options.pollInitialMs ?? 2e3;
    for (; ; ) {
      polls++;
      if (!exists) exists = await streamExists(redis, settings.stream, settings.redis);
      const before = window.stats.entriesRead;
      if (exists) await window.read();
      listing = await listDeliveries({
        baseUrl: settings.baseUrl,
        token: settings.token,
        tenant: settings.tenant,
        tenantHeader: settings.tenantHeader,
        since,
        pageLimit: options.apiPageLimit ?? 200,
        requestTimeoutMs: options.apiRequestTimeoutMs ?? 15e3,
        retry: { maxElapsedMs: Math.max(5e3, Math.min(6e4, deadline - Date.now())), ...options.apiRetry },
        logger: log,
        secrets: settings.secrets
      });
      verdict = computeVerdict(settings.expectKinds, window.counts, listing.deliveries, since);
      const streamNote = exists ? `${window.stats.entriesRead - before} new stream entries` : `stream key ${settings.stream} does not exist yet`;
      if (verdict.passed) {
        log.info(`poll ${polls}: ${streamNote}, ${listing.deliveries.length} deliveries (${listing.pages} pages): every kind seen and sent`);
        break;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const wait = Math.min(delay, remaining);
      log.info(`poll ${polls}: ${streamNote}, ${listing.deliveries.length} deliveries (${listing.pages} pages); waiting for ${verdict.missingKinds.join(", ")}; next poll in ${(wait / 1e3).toFixed(1)} s`);
      await sleep(wait);
      delay = Math.min(delay * 2, options.pollMaxMs ?? 15e3);
    }
    const endMs = await redis.serverTimeMs().catch(() => nowMs);
    return {
      ...verdict,
      window: { start: since.toISOString(), end: new Date(endMs).toISOString(), lookbackMinutes: settings.lookbackMinutes },
      stream: { key: settings.stream, redis: settings.redis.display, exists, entriesWithoutKind: window.withoutKind, ...window.stats },
      api: { baseUrl: settings.baseUrl, pages: listing.pages, deliveries: listing.deliveries.length, unknownStatus: listing.unknownStatus },
      polls,
      timeoutSeconds: settings.timeoutSeconds
    };
  } finally {
    await redis.close();
  }
}
__name(runNotifySmoke, "runNotifySmoke");
async function streamExists(redis, key, dsn) {
  const type = await redis.keyType(key);
  if (type === "none") return false;
  if (type !== "stream") {
    throw new NotifyError(`key "${key}" in Redis database ${dsn.database} is a ${type}, not a stream`, {
      code: "STREAM_TYPE",
      hint: "check NOTIFY_SMOKE_REDIS_STREAM (default stella:events) and the database number in NOTIFY_SMOKE_REDIS_DSN"
    });
  }
  return true;
}
__name(streamExists, "streamExists");
function smokeFailure(result) {
  const lines = result.kinds.filter((k) => !k.passed).map((k) => `  - ${k.kind}: ${k.events} events in the stream, ${k.sent} sent / ${k.pending} pending / ${k.failed} failed deliveries (${k.reason ?? ""})`);
  const missingKey = result.stream.exists ? "" : `
  stream key "${result.stream.key}" does not exist on ${result.stream.redis}`;
  return new NotifyError(
    `notify-smoke failed after ${result.polls} poll${result.polls === 1 ? "" : "s"} (${result.timeoutSeconds} s): missing kinds ${result.missingKinds.join(", ")}
${lines.join("\n")}${missingKey}`,
    {
      code: "SMOKE_FAILED",
      hint: result.stream.exists ? "check that the staging deployment emits these events and that Notify delivers them (or raise NOTIFY_SMOKE_LOOKBACK_MINUTES / NOTIFY_SMOKE_TIMEOUT_SECONDS)" : "check NOTIFY_SMOKE_REDIS_STREAM (default stella:events) and the database number in NOTIFY_SMOKE_REDIS_DSN"
    }
  );
}
__name(smokeFailure, "smokeFailure");
function redactingLogger(logger, secrets) {
  return {
    debug: /* @__PURE__ */ __name((m) => logger.debug(redact(m, secrets)), "debug"),
    info: /* @__PURE__ */ __name((m) => logger.info(redact(m, secrets)), "info"),
    warn: /* @__PURE__ */ __name((m) => logger.warn(redact(m, secrets)), "warn"),
    error: /* @__PURE__ */ __name((m) => logger.error(redact(m, secrets)), "error")
  };
}
__name(redactingLogger, "redactingLogger");

// packages/notify/src/report.ts
var HEADER = ["kind", "events", "sent", "pending", "failed", "verdict"];
function rows(result) {
  return result.kinds.map((k) => [k.kind, String(k.events), String(k.sent), String(k.pending), String(k.failed), k.passed ? "pass" : `FAIL: ${k.reason ?? ""}`]);
}
__name(rows, "rows");
function escapeCell(text) {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
__name(escapeCell, "escapeCell");
function markdownSummary(result) {
  const title = result.passed ? "### notify-smoke: passed" : `### notify-smoke: FAILED (missing ${result.missingKinds.map((k) => `\`${k}\``).join(", ")})`;
  const s = result.stream;
  return [
    title,
    "",
    `Window ${result.window.start} to ${result.window.end} (${result.window.lookbackMinutes} min), ${result.polls} poll${result.polls === 1 ? "" : "s"}.`,
    `Stream \`${s.key}\` on \`${s.redis}\`: ${s.exists ? `${s.entriesRead} entries read in ${s.xrangeCalls} XRANGE pages` : "**key does not exist**"}. Notify API: ${result.api.deliveries} deliveries in ${result.api.pages} pages.`,
    "",
    `| ${HEADER.join(" | ")} |`,
    `| --- | ---: | ---: | ---: | ---: | --- |`,
    ...rows(result).map((r) => `| ${r.map(escapeCell).join(" | ")} |`),
    ""
  ].join("\n");
}
__name(markdownSummary, "markdownSummary");
function textTable(result) {
  const all = [[...HEADER], ...rows(result)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = /* @__PURE__ */ __name((r) => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)).join("  "), "line");
  return [...all.map(line), "", result.passed ? "notify-smoke: passed" : `notify-smoke: FAILED, missing ${result.missingKinds.join(", ")}`].join("\n");
}
__name(textTable, "textTable");
function resultJson(result) {
  const ordered = {
    passed: result.passed,
    missingKinds: result.missingKinds,
    kinds: result.kinds.map((k) => ({ kind: k.kind, events: k.events, sent: k.sent, pending: k.pending, failed: k.failed, passed: k.passed, ...k.reason ? { reason: k.reason } : {} })),
    window: result.window,
    stream: {
      key: result.stream.key,
      redis: result.stream.redis,
      exists: result.stream.exists,
      xrangeCalls: result.stream.xrangeCalls,
      entriesRead: result.stream.entriesRead,
      entriesWithoutKind: result.stream.entriesWithoutKind
    },
    api: result.api,
    polls: result.polls,
    timeoutSeconds: result.timeoutSeconds
  };
  return JSON.stringify(ordered, null, 2) + "\n";
}
__name(resultJson, "resultJson");

export {
  SETTING_NAMES,
  parseNotifySmokeSettings,
  secretsOf,
  runNotifySmoke,
  smokeFailure,
  markdownSummary,
  textTable,
  resultJson
};
