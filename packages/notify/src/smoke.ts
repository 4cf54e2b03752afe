import { setTimeout as sleep } from "node:timers/promises";
import { redact, silentLogger, type Logger } from "@stella/core";
import type { RetryPolicy } from "@stella/http";
import { NotifyError } from "./errors.js";
import { listDeliveries, type DeliveryListing } from "./notify-api.js";
import { connectRedis, type RedisConnectOptions, type StreamSource } from "./redis-client.js";
import type { RedisDsn } from "./redis-dsn.js";
import { isParsedSettings, parseNotifySmokeSettings, type NotifySmokeSettings, type RawNotifySmokeSettings } from "./settings.js";
import { StreamWindow, type StreamReadStats } from "./stream-window.js";
import { computeVerdict, type Verdict } from "./verdict.js";

export interface RunNotifySmokeOptions {
  logger?: Logger;
  /** XRANGE COUNT per page (default 1000). */
  streamPageSize?: number;
  /** `limit` per Notify API page (default 200). */
  apiPageLimit?: number;
  /** First wait between polls; doubles up to `pollMaxMs` (defaults 2 s and 15 s). */
  pollInitialMs?: number;
  pollMaxMs?: number;
  redisConnectTimeoutMs?: number;
  redisCommandTimeoutMs?: number;
  /** TLS options for rediss:// (private CA); the entry points rely on NODE_EXTRA_CA_CERTS instead. */
  redisTls?: RedisConnectOptions["tls"];
  apiRequestTimeoutMs?: number;
  apiRetry?: Partial<RetryPolicy>;
  /** The Redis seam (tests wrap it to count commands); default connectRedis. */
  connect?: (dsn: RedisDsn, options: RedisConnectOptions) => Promise<StreamSource>;
}

export interface NotifySmokeResult extends Verdict {
  window: { start: string; end: string; lookbackMinutes: number };
  stream: { key: string; redis: string; exists: boolean; entriesWithoutKind: number } & StreamReadStats;
  api: { baseUrl: string; pages: number; deliveries: number; unknownStatus: number };
  polls: number;
  timeoutSeconds: number;
}

/**
 * The notify-smoke check (deployment-profiles.md "CI smoke checks", notify-smoke.md): reads the
 * event stream window and the Notify API deliveries, polling with backoff until every expected
 * kind passes or the timeout is spent. Returns the verdict (passed or not); throws NotifyError
 * only when the check itself cannot run (settings, Redis, API auth). Secrets never reach the
 * logger or an error text.
 */
export async function runNotifySmoke(
  input: NotifySmokeSettings | RawNotifySmokeSettings,
  options: RunNotifySmokeOptions = {},
): Promise<NotifySmokeResult> {
  const settings = isParsedSettings(input) ? input : parseNotifySmokeSettings(input);
  const log = redactingLogger(options.logger ?? silentLogger, settings.secrets);
  const started = Date.now();
  const deadline = started + settings.timeoutSeconds * 1000;
  const connect = options.connect ?? connectRedis;
  log.info(`notify-smoke: expecting ${settings.expectKinds.join(", ")} in the last ${settings.lookbackMinutes} min (stream ${settings.stream} on ${settings.redis.display}, Notify API ${settings.baseUrl})`);
  const redis = await connect(settings.redis, {
    secrets: settings.secrets,
    ...(options.redisConnectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.redisConnectTimeoutMs }),
    ...(options.redisCommandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.redisCommandTimeoutMs }),
    ...(options.redisTls ? { tls: options.redisTls } : {}),
  });
  try {
    // Stream ids carry the Redis server's clock, so the window is measured on it.
    const nowMs = await redis.serverTimeMs();
    const startMs = nowMs - settings.lookbackMinutes * 60_000;
    const since = new Date(startMs);
    const window = new StreamWindow(redis, settings.stream, startMs, options.streamPageSize ?? 1000);
    let exists = false;
    let listing: DeliveryListing = { deliveries: [], pages: 0, unknownStatus: 0 };
    let verdict: Verdict;
    let polls = 0;
    let delay = options.pollInitialMs ?? 2000;
    for (;;) {
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
        requestTimeoutMs: options.apiRequestTimeoutMs ?? 15_000,
        retry: { maxElapsedMs: Math.max(5_000, Math.min(60_000, deadline - Date.now())), ...options.apiRetry },
        logger: log,
        secrets: settings.secrets,
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
      log.info(`poll ${polls}: ${streamNote}, ${listing.deliveries.length} deliveries (${listing.pages} pages); waiting for ${verdict.missingKinds.join(", ")}; next poll in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait);
      delay = Math.min(delay * 2, options.pollMaxMs ?? 15_000);
    }
    const endMs = await redis.serverTimeMs().catch(() => nowMs);
    return {
      ...verdict,
      window: { start: since.toISOString(), end: new Date(endMs).toISOString(), lookbackMinutes: settings.lookbackMinutes },
      stream: { key: settings.stream, redis: settings.redis.display, exists, entriesWithoutKind: window.withoutKind, ...window.stats },
      api: { baseUrl: settings.baseUrl, pages: listing.pages, deliveries: listing.deliveries.length, unknownStatus: listing.unknownStatus },
      polls,
      timeoutSeconds: settings.timeoutSeconds,
    };
  } finally {
    await redis.close();
  }
}

async function streamExists(redis: StreamSource, key: string, dsn: RedisDsn): Promise<boolean> {
  const type = await redis.keyType(key);
  if (type === "none") return false;
  if (type !== "stream") {
    throw new NotifyError(`key "${key}" in Redis database ${dsn.database} is a ${type}, not a stream`, {
      code: "STREAM_TYPE",
      hint: "check NOTIFY_SMOKE_REDIS_STREAM (default stella:events) and the database number in NOTIFY_SMOKE_REDIS_DSN",
    });
  }
  return true;
}

/** The error an entry point raises for a failed verdict: names the missing kinds with their counts. */
export function smokeFailure(result: NotifySmokeResult): NotifyError {
  const lines = result.kinds.filter((k) => !k.passed).map((k) => `  - ${k.kind}: ${k.events} events in the stream, ${k.sent} sent / ${k.pending} pending / ${k.failed} failed deliveries (${k.reason ?? ""})`);
  const missingKey = result.stream.exists ? "" : `\n  stream key "${result.stream.key}" does not exist on ${result.stream.redis}`;
  return new NotifyError(
    `notify-smoke failed after ${result.polls} poll${result.polls === 1 ? "" : "s"} (${result.timeoutSeconds} s): missing kinds ${result.missingKinds.join(", ")}\n${lines.join("\n")}${missingKey}`,
    {
      code: "SMOKE_FAILED",
      hint: result.stream.exists
        ? "check that the staging deployment emits these events and that Notify delivers them (or raise NOTIFY_SMOKE_LOOKBACK_MINUTES / NOTIFY_SMOKE_TIMEOUT_SECONDS)"
        : "check NOTIFY_SMOKE_REDIS_STREAM (default stella:events) and the database number in NOTIFY_SMOKE_REDIS_DSN",
    },
  );
}

/** Wraps a logger so that no secret can pass through it, whatever a message holds. */
export function redactingLogger(logger: Logger, secrets: readonly string[]): Logger {
  return {
    debug: (m) => logger.debug(redact(m, secrets)),
    info: (m) => logger.info(redact(m, secrets)),
    warn: (m) => logger.warn(redact(m, secrets)),
    error: (m) => logger.error(redact(m, secrets)),
  };
}
