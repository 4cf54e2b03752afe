import { setTimeout as sleep } from "node:timers/promises";
import { HttpError } from "./http-error.js";
import { backoffDelay, defaultRetryPolicy, isRetryableNetworkError, type RetryPolicy } from "./retry.js";

/** One attempt's outcome: the answer, or a retryable failure (a 408/429/5xx status) and its Retry-After. */
export type AttemptResult<T> = { done: T } | { retry: string; retryAfterMs?: number };

export interface RetryLoopOptions<T> {
  method: string;
  url: string;
  retry?: Partial<RetryPolicy> | false;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Whether a thrown error is this transport's timeout. */
  isTimeout: (e: unknown) => boolean;
  /** Runs one attempt; `last` says no retry follows (a retryable status should then throw). */
  attempt: (last: boolean) => Promise<AttemptResult<T>>;
}

/**
 * The retry loop both transports (fetch and node:http) share (STYLE.md §7): retries on
 * retryable statuses and network errors/timeouts, exponential backoff with jitter or the
 * server's Retry-After, bounded in count and in total time. HttpErrors pass through.
 */
export async function retryLoop<T>(o: RetryLoopOptions<T>): Promise<T> {
  const policy: RetryPolicy = o.retry === false ? { ...defaultRetryPolicy, retries: 0 } : { ...defaultRetryPolicy, ...o.retry };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.retries;
    let reason: string;
    let retryAfter: number | undefined;
    try {
      const r = await o.attempt(last);
      if ("done" in r) return r.done;
      reason = r.retry;
      retryAfter = r.retryAfterMs;
    } catch (e) {
      if (e instanceof HttpError) throw e;
      if (o.signal?.aborted) throw e;
      const timedOut = o.isTimeout(e);
      if ((!timedOut && !isRetryableNetworkError(e)) || last) {
        throw new HttpError({ code: timedOut ? "HTTP_TIMEOUT" : "HTTP_NETWORK", method: o.method, url: o.url, cause: e });
      }
      reason = e instanceof Error ? e.message : String(e);
    }
    const delayMs = backoffDelay(attempt, policy, retryAfter);
    if (Date.now() - started + delayMs > policy.maxElapsedMs) {
      throw new HttpError({ code: "HTTP_NETWORK", method: o.method, url: o.url, message: `${o.method} ${o.url} gave up after ${attempt + 1} attempts (${reason})` });
    }
    o.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await sleep(delayMs);
  }
}
