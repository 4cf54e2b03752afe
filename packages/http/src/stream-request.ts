import { request as httpRequestNode, type IncomingMessage } from "node:http";
import { request as httpsRequestNode } from "node:https";
import type { Readable } from "node:stream";
import { HttpError } from "./http-error.js";
import { isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry.js";
import { retryLoop } from "./retry-loop.js";

/**
 * The one HTTP layer's streaming twin, for bulk bodies (registry blobs): node:http instead
 * of fetch, so a body moves as Node streams with backpressure and no web-stream
 * conversions (about half the memory and noticeably less CPU for hundreds of MB). Same
 * rules as `httpRequest` (STYLE.md §7): timeout until the response headers, retries on
 * 408/429/5xx/resets honouring Retry-After, bounded in count and time, redirects followed
 * by hand and credentials dropped when leaving the origin.
 */
export interface StreamRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** Replayable bytes, or a factory giving a fresh stream per attempt. */
  body?: string | Uint8Array | (() => Readable);
  /** Per-attempt timeout until the response headers arrive (ms). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy> | false;
  /** Statuses returned to the caller instead of thrown. */
  acceptStatus?: readonly number[];
  maxRedirects?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export interface StreamResponse {
  status: number;
  headers: Headers;
  /** The response body; read it or `destroy()` it. */
  body: Readable;
  /** The URL that answered (after redirects). */
  url: string;
}

const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

function toHeaders(res: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (Array.isArray(v)) v.forEach((x) => h.append(k, x));
    else if (v !== undefined) h.set(k, v);
  }
  return h;
}

function timeoutError(ms: number): Error {
  const e = new Error(`no response headers within ${ms} ms`);
  e.name = "TimeoutError";
  return e;
}

/** One exchange, no redirects, no retries. */
function once(method: string, url: string, headers: Record<string, string>, body: StreamRequest["body"], timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === "https:" ? httpsRequestNode : httpRequestNode;
    const req = send(u, { method, headers: headers });
    const timer = setTimeout(() => req.destroy(timeoutError(timeoutMs)), timeoutMs);
    req.once("response", (res) => {
      clearTimeout(timer);
      // A body nobody reads (discarded answers) may still be reset: no uncaught 'error' then;
      // readers see the error through their iterator or pipeline anyway.
      res.on("error", () => undefined);
      resolve(res);
    });
    // `on`, not `once`: a server that answers early and closes can make the upload fail twice.
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (body === undefined || method === "GET" || method === "HEAD") req.end();
    else if (typeof body === "function") {
      const source = body();
      source.on("error", (e) => req.destroy(e));
      source.pipe(req);
    } else req.end(body);
  });
}

async function drain(res: IncomingMessage, limit = 64 * 1024): Promise<string> {
  let text = "";
  try {
    for await (const chunk of res) {
      if (text.length < limit) text += (chunk as Buffer).toString("utf8");
    }
  } catch {
    // The excerpt is for messages only.
  }
  return text.slice(0, limit);
}

async function follow(req: StreamRequest, method: string): Promise<{ res: IncomingMessage; url: string }> {
  let url = req.url;
  let headers: Record<string, string> = { ...req.headers };
  let curMethod = method;
  let body = req.body;
  const origin = new URL(url).origin;
  for (let hop = 0; hop <= (req.maxRedirects ?? 5); hop++) {
    const res = await once(curMethod, url, headers, body, req.timeoutMs ?? 60_000);
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(res.statusCode ?? 0) || !location) return { res, url };
    res.resume();
    const next = new URL(location, url);
    if (next.origin !== origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k.toLowerCase())));
    if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && curMethod === "POST")) {
      curMethod = "GET";
      body = undefined;
    }
    url = next.toString();
  }
  throw new HttpError({ code: "HTTP_NETWORK", method, url: req.url, message: `${method} ${req.url}: too many redirects` });
}

export async function httpStreamRequest(req: StreamRequest): Promise<StreamResponse> {
  const method = req.method ?? "GET";
  return retryLoop<StreamResponse>({
    method,
    url: req.url,
    ...(req.retry === undefined ? {} : { retry: req.retry }),
    ...(req.onRetry ? { onRetry: req.onRetry } : {}),
    isTimeout: (e) => e instanceof Error && e.name === "TimeoutError",
    attempt: async (last) => {
      const { res, url } = await follow(req, method);
      const status = res.statusCode ?? 0;
      if (status < 400 || req.acceptStatus?.includes(status)) return { done: { status, headers: toHeaders(res), body: res, url } };
      const body = await drain(res);
      if (!isRetryableStatus(status) || last) {
        throw new HttpError({ code: "HTTP_STATUS", method, url: req.url, status, body, headers: toHeaders(res) });
      }
      const retryAfterMs = parseRetryAfter(typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : null);
      return { retry: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    },
  });
}

