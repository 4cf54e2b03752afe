#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  StellaError
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/http/src/http-error.ts
var HttpError = class extends StellaError {
  static {
    __name(this, "HttpError");
  }
  status;
  url;
  method;
  body;
  headers;
  constructor(init) {
    const where = `${init.method} ${safeUrl(init.url)}`;
    const what = init.message ?? (init.code === "HTTP_STATUS" ? `${where} answered ${init.status}${init.body ? `: ${init.body.slice(0, 300)}` : ""}` : init.code === "HTTP_TIMEOUT" ? `${where} timed out` : `${where} failed: ${init.cause instanceof Error ? init.cause.message : String(init.cause)}`);
    super(what, { code: init.code, ...init.hint ? { hint: init.hint } : {}, cause: init.cause });
    this.status = init.status;
    this.url = safeUrl(init.url);
    this.method = init.method;
    this.body = init.body;
    this.headers = init.headers;
  }
};
function safeUrl(raw) {
  try {
    const u = new URL(raw);
    u.username = "";
    u.password = "";
    for (const k of [...u.searchParams.keys()]) {
      if (/token|key|secret|password|sig/i.test(k)) u.searchParams.set(k, "***");
    }
    return u.toString();
  } catch {
    return raw;
  }
}
__name(safeUrl, "safeUrl");

// packages/http/src/retry.ts
var defaultRetryPolicy = { retries: 5, minDelayMs: 200, maxDelayMs: 1e4, maxElapsedMs: 12e4 };
function isRetryableStatus(status) {
  return status === 408 || status === 429 || status >= 500 && status <= 599 && status !== 501 && status !== 505;
}
__name(isRetryableStatus, "isRetryableStatus");
var RETRYABLE_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CLOSED", "EAI_AGAIN"]);
function isRetryableNetworkError(e) {
  let cur = e;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = cur.code;
    if (typeof code === "string" && RETRYABLE_CODES.has(code)) return true;
    if (cur.name === "TimeoutError" || cur.message === "terminated" || cur.message === "other side closed") return true;
    cur = cur.cause;
  }
  return false;
}
__name(isRetryableNetworkError, "isRetryableNetworkError");
function parseRetryAfter(value, now = Date.now()) {
  if (!value) return void 0;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1e3;
  const at = Date.parse(value);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now);
}
__name(parseRetryAfter, "parseRetryAfter");
function backoffDelay(attempt, policy, retryAfterMs, random = Math.random) {
  if (retryAfterMs !== void 0) return Math.min(retryAfterMs, policy.maxDelayMs * 6);
  const cap = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}
__name(backoffDelay, "backoffDelay");

// packages/http/src/retry-loop.ts
import { setTimeout as sleep } from "node:timers/promises";
async function retryLoop(o) {
  const policy = o.retry === false ? { ...defaultRetryPolicy, retries: 0 } : { ...defaultRetryPolicy, ...o.retry };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.retries;
    let reason;
    let retryAfter;
    try {
      const r = await o.attempt(last);
      if ("done" in r) return r.done;
      reason = r.retry;
      retryAfter = r.retryAfterMs;
    } catch (e) {
      if (e instanceof HttpError) throw e;
      if (o.signal?.aborted) throw e;
      const timedOut = o.isTimeout(e);
      if (!timedOut && !isRetryableNetworkError(e) || last) {
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
__name(retryLoop, "retryLoop");

// packages/http/src/fetch.ts
var CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
async function httpRequest(req) {
  const method = req.method ?? "GET";
  return retryLoop({
    method,
    url: req.url,
    ...req.retry === void 0 ? {} : { retry: req.retry },
    ...req.signal ? { signal: req.signal } : {},
    ...req.onRetry ? { onRetry: req.onRetry } : {},
    isTimeout: /* @__PURE__ */ __name((e) => e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"), "isTimeout"),
    attempt: /* @__PURE__ */ __name(async (last) => {
      const res = await followRedirects(req, method);
      if (res.status < 400 || req.acceptStatus?.includes(res.status)) return { done: res };
      const body = await res.text().catch(() => "");
      if (!isRetryableStatus(res.status) || last) {
        throw new HttpError({ code: "HTTP_STATUS", method, url: req.url, status: res.status, body, headers: res.headers });
      }
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      return { retry: `HTTP ${res.status}`, ...retryAfterMs === void 0 ? {} : { retryAfterMs } };
    }, "attempt")
  });
}
__name(httpRequest, "httpRequest");
async function followRedirects(req, method) {
  let url = req.url;
  let headers = { ...req.headers };
  let curMethod = method;
  let body = typeof req.body === "function" ? req.body() : req.body;
  const origin = new URL(url).origin;
  for (let hop = 0; hop <= (req.maxRedirects ?? 5); hop++) {
    const signals = [AbortSignal.timeout(req.timeoutMs ?? 6e4)];
    if (req.signal) signals.push(req.signal);
    const init = { method: curMethod, headers, redirect: "manual", signal: AbortSignal.any(signals) };
    if (body !== void 0 && curMethod !== "GET" && curMethod !== "HEAD") {
      init.body = body;
      if (typeof body === "object" && body !== null && !(body instanceof Uint8Array)) init.duplex = "half";
    }
    const res = await fetch(url, init);
    const location = res.headers.get("location");
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    await res.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS.includes(k.toLowerCase())));
    }
    if (res.status === 303 || (res.status === 301 || res.status === 302) && curMethod === "POST") {
      curMethod = "GET";
      body = void 0;
    }
    url = next.toString();
  }
  throw new HttpError({ code: "HTTP_NETWORK", method, url: req.url, message: `${method} ${req.url}: too many redirects` });
}
__name(followRedirects, "followRedirects");

// packages/http/src/stream-request.ts
import { request as httpRequestNode } from "node:http";
import { request as httpsRequestNode } from "node:https";
var CREDENTIAL_HEADERS2 = ["authorization", "cookie", "proxy-authorization"];
function toHeaders(res) {
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (Array.isArray(v)) v.forEach((x) => h.append(k, x));
    else if (v !== void 0) h.set(k, v);
  }
  return h;
}
__name(toHeaders, "toHeaders");
function timeoutError(ms) {
  const e = new Error(`no response headers within ${ms} ms`);
  e.name = "TimeoutError";
  return e;
}
__name(timeoutError, "timeoutError");
function once(method, url, headers, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const send = u.protocol === "https:" ? httpsRequestNode : httpRequestNode;
    const req = send(u, { method, headers });
    const timer = setTimeout(() => req.destroy(timeoutError(timeoutMs)), timeoutMs);
    req.once("response", (res) => {
      clearTimeout(timer);
      res.on("error", () => void 0);
      resolve(res);
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (body === void 0 || method === "GET" || method === "HEAD") req.end();
    else if (typeof body === "function") {
      const source = body();
      source.on("error", (e) => req.destroy(e));
      source.pipe(req);
    } else req.end(body);
  });
}
__name(once, "once");
async function drain(res, limit = 64 * 1024) {
  let text = "";
  try {
    for await (const chunk of res) {
      if (text.length < limit) text += chunk.toString("utf8");
    }
  } catch {
  }
  return text.slice(0, limit);
}
__name(drain, "drain");
async function follow(req, method) {
  let url = req.url;
  let headers = { ...req.headers };
  let curMethod = method;
  let body = req.body;
  const origin = new URL(url).origin;
  for (let hop = 0; hop <= (req.maxRedirects ?? 5); hop++) {
    const res = await once(curMethod, url, headers, body, req.timeoutMs ?? 6e4);
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(res.statusCode ?? 0) || !location) return { res, url };
    res.resume();
    const next = new URL(location, url);
    if (next.origin !== origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADERS2.includes(k.toLowerCase())));
    if (res.statusCode === 303 || (res.statusCode === 301 || res.statusCode === 302) && curMethod === "POST") {
      curMethod = "GET";
      body = void 0;
    }
    url = next.toString();
  }
  throw new HttpError({ code: "HTTP_NETWORK", method, url: req.url, message: `${method} ${req.url}: too many redirects` });
}
__name(follow, "follow");
async function httpStreamRequest(req) {
  const method = req.method ?? "GET";
  return retryLoop({
    method,
    url: req.url,
    ...req.retry === void 0 ? {} : { retry: req.retry },
    ...req.onRetry ? { onRetry: req.onRetry } : {},
    isTimeout: /* @__PURE__ */ __name((e) => e instanceof Error && e.name === "TimeoutError", "isTimeout"),
    attempt: /* @__PURE__ */ __name(async (last) => {
      const { res, url } = await follow(req, method);
      const status = res.statusCode ?? 0;
      if (status < 400 || req.acceptStatus?.includes(status)) return { done: { status, headers: toHeaders(res), body: res, url } };
      const body = await drain(res);
      if (!isRetryableStatus(status) || last) {
        throw new HttpError({ code: "HTTP_STATUS", method, url: req.url, status, body, headers: toHeaders(res) });
      }
      const retryAfterMs = parseRetryAfter(typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : null);
      return { retry: `HTTP ${status}`, ...retryAfterMs === void 0 ? {} : { retryAfterMs } };
    }, "attempt")
  });
}
__name(httpStreamRequest, "httpStreamRequest");

export {
  HttpError,
  safeUrl,
  defaultRetryPolicy,
  isRetryableStatus,
  isRetryableNetworkError,
  backoffDelay,
  httpRequest,
  httpStreamRequest
};
