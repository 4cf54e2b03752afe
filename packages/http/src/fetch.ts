import { HttpError } from "./http-error.js";
import { isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry.js";
import { retryLoop } from "./retry-loop.js";

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** A replayable body (bytes or string), or a factory giving a fresh stream per attempt. */
  body?: string | Uint8Array | (() => NonNullable<RequestInit["body"]>);
  /** Per-attempt timeout until the response headers arrive (ms). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for "exists?" checks, 401 for auth). */
  acceptStatus?: readonly number[];
  /** Follow redirects ourselves so credentials never cross origins (STYLE.md §7). */
  maxRedirects?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Extra abort signal from the caller. */
  signal?: AbortSignal;
}

const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/**
 * The one HTTP layer: timeouts, retries on 408/429/5xx/resets honouring Retry-After,
 * manual redirects that drop credentials when leaving the origin. Non-accepted statuses
 * >= 400 throw HttpError with a body excerpt.
 */
export async function httpRequest(req: HttpRequest): Promise<Response> {
  const method = req.method ?? "GET";
  return retryLoop<Response>({
    method,
    url: req.url,
    ...(req.retry === undefined ? {} : { retry: req.retry }),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.onRetry ? { onRetry: req.onRetry } : {}),
    isTimeout: (e) => e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"),
    attempt: async (last) => {
      const res = await followRedirects(req, method);
      if (res.status < 400 || req.acceptStatus?.includes(res.status)) return { done: res };
      const body = await res.text().catch(() => "");
      if (!isRetryableStatus(res.status) || last) {
        throw new HttpError({ code: "HTTP_STATUS", method, url: req.url, status: res.status, body, headers: res.headers });
      }
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      return { retry: `HTTP ${res.status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    },
  });
}

async function followRedirects(req: HttpRequest, method: string): Promise<Response> {
  let url = req.url;
  let headers: Record<string, string> = { ...req.headers };
  let curMethod = method;
  let body = typeof req.body === "function" ? req.body() : req.body;
  const origin = new URL(url).origin;
  for (let hop = 0; hop <= (req.maxRedirects ?? 5); hop++) {
    const signals = [AbortSignal.timeout(req.timeoutMs ?? 60_000)];
    if (req.signal) signals.push(req.signal);
    const init: RequestInit & { duplex?: "half" } = { method: curMethod, headers, redirect: "manual", signal: AbortSignal.any(signals) };
    if (body !== undefined && curMethod !== "GET" && curMethod !== "HEAD") {
      init.body = body;
      if (typeof body === "object" && body !== null && !(body instanceof Uint8Array)) init.duplex = "half";
    }
    const res = await fetch(url, init);
    const location = res.headers.get("location");
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    await res.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== origin) {
      // Blob storage redirects (S3, GCS): never hand our registry credentials to another host.
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k.toLowerCase())));
    }
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && curMethod === "POST")) {
      curMethod = "GET";
      body = undefined;
    }
    url = next.toString();
  }
  throw new HttpError({ code: "HTTP_NETWORK", method, url: req.url, message: `${method} ${req.url}: too many redirects` });
}
