/** Retry policy of the one HTTP layer (STYLE.md §7): 408/429/5xx and resets, bounded in count and time. */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First backoff; doubles each attempt, with full jitter. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Give up when the next wait would pass this total (ms since the first attempt). */
  maxElapsedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 5, minDelayMs: 200, maxDelayMs: 10_000, maxElapsedMs: 120_000 };

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED", "EAI_AGAIN"]);

/** Network-level failures worth another try (resets, refused during restart, timeouts). */
export function isRetryableNetworkError(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
    if (cur.name === "TimeoutError" || cur.message === "terminated" || cur.message === "other side closed") return true;
    cur = cur.cause;
  }
  return false;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter, or the server's Retry-After when it gave one. */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs * 6);
  const cap = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}
