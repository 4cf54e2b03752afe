import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server implementing the Notify API deliveries endpoint of notify-smoke.md
 * ("The Notify API"): `GET /api/v1/notify/deliveries?since&limit[&continuationToken]`, bearer
 * token and tenant header checked, `since` filtering on createdAt, paging by an opaque
 * continuationToken. Tests script faults (`failNext`) and add deliveries while the check polls.
 */
export interface FakeDelivery {
  deliveryId: string;
  eventId: string;
  kind: string;
  status: "pending" | "sent" | "failed";
  createdAt: string;
}

export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  tenant: string | undefined;
  status: number;
}

export interface NotifyApiServer {
  url: string;
  deliveries: FakeDelivery[];
  requests: RecordedRequest[];
  /** The next `count` deliveries requests answer `status` (500 for outages, 401 for auth). */
  failNext(count: number, status: number): void;
  /** Every later request answers `status`. */
  failAlways(status: number | undefined): void;
  /** The next request gets exactly this body (after the auth checks), e.g. a fixture file. */
  respondNext(body: string, status?: number): void;
  /** The next `count` requests are answered only after `ms` (to trip the client's timeout). */
  delayNext(count: number, ms: number): void;
  /** Largest page the server hands out, whatever `limit` asks (forces paging). */
  maxPage: number;
  stop(): Promise<void>;
}

export interface NotifyApiOptions {
  token: string;
  tenant: string;
  tenantHeader?: string;
  maxPage?: number;
  deliveries?: FakeDelivery[];
}

export async function startNotifyApi(options: NotifyApiOptions): Promise<NotifyApiServer> {
  const tenantHeader = (options.tenantHeader ?? "X-StellaOps-Tenant").toLowerCase();
  const faults: number[] = [];
  const canned: { body: string; status: number }[] = [];
  const delays: number[] = [];
  let always: number | undefined;
  const state = {
    deliveries: [...(options.deliveries ?? [])],
    requests: [] as RecordedRequest[],
    maxPage: options.maxPage ?? 100,
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const delay = delays.shift();
    if (delay !== undefined) {
      const timer = setTimeout(() => answer(req, res), delay);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    answer(req, res);
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const query = Object.fromEntries(url.searchParams);
    const record = (status: number) =>
      state.requests.push({ path: url.pathname, query, authorization: req.headers.authorization, tenant: header(req, tenantHeader), status });
    if (req.method !== "GET" || url.pathname !== "/api/v1/notify/deliveries") {
      record(404);
      return send(res, 404, { error: "not found" });
    }
    const fault = faults.shift() ?? always;
    if (fault !== undefined) {
      record(fault);
      return send(res, fault, { error: `scripted ${fault}` });
    }
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      record(401);
      return send(res, 401, { error: "invalid_token" });
    }
    if (header(req, tenantHeader) !== options.tenant) {
      record(403);
      return send(res, 403, { error: "tenant not allowed" });
    }
    const cannedNext = canned.shift();
    if (cannedNext) {
      record(cannedNext.status);
      res.writeHead(cannedNext.status, { "content-type": "application/json" });
      return res.end(cannedNext.body);
    }
    const since = Date.parse(query.since ?? "");
    const limit = Number(query.limit ?? "50");
    if (Number.isNaN(since) || !Number.isInteger(limit) || limit < 1) {
      record(400);
      return send(res, 400, { error: "since and limit are required" });
    }
    const matching = state.deliveries.filter((d) => Date.parse(d.createdAt) >= since).sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
    // Opaque token: base64 of the offset, the way real services hide their cursor.
    const offset = query.continuationToken ? Number(Buffer.from(query.continuationToken, "base64url").toString()) : 0;
    const size = Math.min(limit, state.maxPage);
    const items = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? Buffer.from(String(offset + size)).toString("base64url") : null;
    record(200);
    return send(res, 200, { items, continuationToken: next });
  };

  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get deliveries() {
      return state.deliveries;
    },
    set deliveries(v) {
      state.deliveries = v;
    },
    get requests() {
      return state.requests;
    },
    get maxPage() {
      return state.maxPage;
    },
    set maxPage(v) {
      state.maxPage = v;
    },
    failNext(count, status) {
      for (let i = 0; i < count; i++) faults.push(status);
    },
    failAlways(status) {
      always = status;
    },
    respondNext(body, status = 200) {
      canned.push({ body, status });
    },
    delayNext(count, ms) {
      for (let i = 0; i < count; i++) delays.push(ms);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A delivery `minutesAgo` minutes before now. */
export function delivery(id: string, kind: string, status: FakeDelivery["status"], minutesAgo = 1): FakeDelivery {
  return { deliveryId: id, eventId: `e-${id}`, kind, status, createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() };
}
