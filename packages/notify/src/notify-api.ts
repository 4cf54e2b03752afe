import { errorMessage, redact, type Logger } from "@stella/core";
import { HttpError, httpRequest, safeUrl, type RetryPolicy } from "@stella/http";
import { NotifyError } from "./errors.js";

/**
 * The Notify API deliveries listing (notify-smoke.md "The Notify API"):
 * `GET {base}/api/v1/notify/deliveries?since=&limit=[&continuationToken=]` with the bearer
 * token and the tenant header, following `continuationToken` until null.
 */
export type DeliveryStatus = "pending" | "sent" | "failed";

export interface Delivery {
  deliveryId: string;
  eventId: string | undefined;
  kind: string;
  status: DeliveryStatus;
  createdAt: string | undefined;
}

export interface DeliveryListing {
  deliveries: Delivery[];
  pages: number;
  /** Items whose status is none of pending/sent/failed (counted nowhere). */
  unknownStatus: number;
}

export interface ListDeliveriesOptions {
  baseUrl: string;
  token: string;
  tenant: string;
  tenantHeader: string;
  since: Date;
  /** `limit` per page. */
  pageLimit?: number;
  /** Per request, until the response headers arrive. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Stops paging (and retrying) when the smoke check's own deadline passes. */
  signal?: AbortSignal;
  logger: Logger;
  secrets: readonly string[];
}

const MAX_PAGES = 10_000;

export async function listDeliveries(options: ListDeliveriesOptions): Promise<DeliveryListing> {
  const deliveries: Delivery[] = [];
  const seenTokens = new Set<string>();
  let token: string | null = null;
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

export function deliveriesUrl(options: Pick<ListDeliveriesOptions, "baseUrl" | "since" | "pageLimit">, continuationToken: string | null): string {
  const url = new URL(`${options.baseUrl.replace(/\/+$/, "")}/api/v1/notify/deliveries`);
  url.searchParams.set("since", options.since.toISOString());
  url.searchParams.set("limit", String(options.pageLimit ?? 200));
  if (continuationToken !== null) url.searchParams.set("continuationToken", continuationToken);
  return url.toString();
}

async function fetchPage(url: string, options: ListDeliveriesOptions): Promise<unknown> {
  const secrets = options.secrets;
  let res: Response;
  try {
    res = await httpRequest({
      url,
      headers: { authorization: `Bearer ${options.token}`, [options.tenantHeader]: options.tenant, accept: "application/json" },
      timeoutMs: options.requestTimeoutMs ?? 15_000,
      retry: { retries: 4, minDelayMs: 500, maxDelayMs: 8_000, maxElapsedMs: 60_000, ...options.retry },
      acceptStatus: [401, 403, 404],
      ...(options.signal ? { signal: options.signal } : {}),
      onRetry: ({ attempt, delayMs, reason }) => options.logger.warn(redact(`Notify API ${safeUrl(url)}: ${reason}; retry ${attempt} in ${delayMs} ms`, secrets)),
    });
  } catch (e) {
    const what = e instanceof HttpError ? e.message : errorMessage(e);
    throw new NotifyError(redact(`Notify API unavailable: ${what}`, secrets), {
      code: "API_UNAVAILABLE",
      hint: "check NOTIFY_SMOKE_NOTIFY_BASEURL and that the Notify WebService is up and reachable from the runner",
    });
  }
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    const text = redact((await res.text().catch(() => "")).slice(0, 300), secrets);
    const where = `GET ${safeUrl(url)} answered ${res.status}${text ? `: ${text}` : ""}`;
    if (res.status === 404) {
      throw new NotifyError(where, { code: "API_NOT_FOUND", hint: "check NOTIFY_SMOKE_NOTIFY_BASEURL: it must be the base URL of the Notify WebService (the check appends /api/v1/notify/deliveries)" });
    }
    throw new NotifyError(redact(where, secrets), {
      code: "API_AUTH",
      hint:
        res.status === 401
          ? "check NOTIFY_SMOKE_NOTIFY_TOKEN: the bearer token was rejected (expired, revoked or for another issuer)"
          : `check NOTIFY_SMOKE_NOTIFY_TOKEN's permission to read deliveries and NOTIFY_SMOKE_NOTIFY_TENANT (sent in header ${options.tenantHeader}, see NOTIFY_SMOKE_NOTIFY_TENANT_HEADER)`,
    });
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw apiResponseError(url, `the body is not JSON: ${text.slice(0, 120)}`, secrets);
  }
}

function isStatus(s: string): s is DeliveryStatus {
  return s === "pending" || s === "sent" || s === "failed";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Type guard of one page: `{ items: [...], continuationToken: string | null }`. */
function parsePage(body: unknown, url: string, secrets: readonly string[]): { items: (Delivery | "unknown-status")[]; continuationToken: string | null } {
  if (!isRecord(body) || !Array.isArray(body.items)) throw apiResponseError(url, 'expected an object with an "items" array', secrets);
  const ct = body.continuationToken;
  if (ct !== undefined && ct !== null && typeof ct !== "string") throw apiResponseError(url, '"continuationToken" must be a string or null', secrets);
  const items = body.items.map((item: unknown, i): Delivery | "unknown-status" => {
    if (!isRecord(item) || typeof item.kind !== "string" || typeof item.status !== "string") {
      throw apiResponseError(url, `items[${i}] must have string "kind" and "status"`, secrets);
    }
    const status = item.status;
    if (!isStatus(status)) return "unknown-status";
    return {
      deliveryId: typeof item.deliveryId === "string" ? item.deliveryId : `#${i}`,
      eventId: typeof item.eventId === "string" ? item.eventId : undefined,
      kind: item.kind,
      status,
      createdAt: typeof item.createdAt === "string" ? item.createdAt : undefined,
    };
  });
  return { items, continuationToken: ct === undefined || ct === "" ? null : ct };
}

function apiResponseError(url: string, problem: string, secrets: readonly string[]): NotifyError {
  return new NotifyError(redact(`Notify API GET ${safeUrl(url)}: unexpected response: ${problem}`, secrets), {
    code: "API_RESPONSE",
    hint: "check NOTIFY_SMOKE_NOTIFY_BASEURL points at the Notify WebService (notify-smoke.md \"The Notify API\" gives the expected shape)",
  });
}
