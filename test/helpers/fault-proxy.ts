import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A small HTTP proxy in front of a real registry that misbehaves on purpose, seeded so a run
 * can be repeated (toxiproxy and netem are not available here, issue 3 "Faults"):
 * - answers 429 (with Retry-After) or 503 instead of forwarding, at random;
 * - resets connections: before forwarding, or in the middle of a blob body;
 * - corrupts blob bytes (one bit flipped) for the digests in `corrupt`, on every GET.
 * Injected faults are bounded by `maxFaults`, so a client with bounded retries can win.
 * The Host header is passed through, so the registry's Location URLs point at the proxy.
 */
export interface FaultProxyOptions {
  /** host:port of the registry behind. */
  target: string;
  seed?: number;
  /** Chance per request of a 429 or 503 answer (default 0). */
  errorRate?: number;
  /** Chance per request of a reset: GET blob mid-body, other requests before forwarding (default 0). */
  resetRate?: number;
  /** At most this many injected errors and resets in total (default unbounded). */
  maxFaults?: number;
  /** Retry-After seconds sent with 429 (default 0). */
  retryAfterSeconds?: number;
}

export interface FaultProxy {
  host: string;
  port: number;
  /** Digests whose blob bodies are corrupted on GET. */
  corrupt: Set<string>;
  stats: { requests: number; errors429: number; errors503: number; resets: number; midBodyResets: number; corrupted: number };
  /** Every request seen: method, path, selected headers. */
  log: { method: string; path: string; contentRange?: string; range?: string; authorization: boolean }[];
  stop(): Promise<void>;
}

/** mulberry32: a tiny seeded PRNG, enough for repeatable fault schedules. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BLOB_GET = /^\/v2\/.+\/blobs\/(sha256:[a-f0-9]{64})$/;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const [targetHost = "127.0.0.1", targetPort = "80"] = options.target.split(":");
  const random = prng(options.seed ?? 1);
  const corrupt = new Set<string>();
  const stats: FaultProxy["stats"] = { requests: 0, errors429: 0, errors503: 0, resets: 0, midBodyResets: 0, corrupted: 0 };
  const log: FaultProxy["log"] = [];
  const sockets = new Set<Socket>();
  let faults = 0;
  const mayFault = (rate: number | undefined) => (rate ?? 0) > 0 && faults < (options.maxFaults ?? Infinity) && random() < (rate ?? 0);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const path = req.url ?? "/";
    log.push({
      method: req.method ?? "GET",
      path,
      ...(req.headers["content-range"] ? { contentRange: req.headers["content-range"] } : {}),
      ...(req.headers.range ? { range: req.headers.range } : {}),
      authorization: req.headers.authorization !== undefined,
    });
    if (mayFault(options.errorRate)) {
      faults++;
      req.resume();
      if (random() < 0.5) {
        stats.errors429++;
        res.writeHead(429, { "retry-after": String(options.retryAfterSeconds ?? 0), "content-type": "application/json" }).end('{"errors":[{"code":"TOOMANYREQUESTS","message":"fault proxy"}]}');
      } else {
        stats.errors503++;
        res.writeHead(503, { "content-type": "text/plain" }).end("fault proxy: unavailable");
      }
      return;
    }
    const blob = req.method === "GET" ? BLOB_GET.exec(path.split("?")[0] ?? "") : null;
    const resetMidBody = blob !== null && mayFault(options.resetRate);
    if (!resetMidBody && blob === null && mayFault(options.resetRate)) {
      faults++;
      stats.resets++;
      req.socket.destroy();
      return;
    }
    if (resetMidBody) faults++;
    const upstream = httpRequest({ host: targetHost, port: Number(targetPort), method: req.method, path, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      const length = Number(up.headers["content-length"] ?? "0");
      const cutAt = resetMidBody && up.statusCode !== undefined && up.statusCode < 300 && length > 1 ? Math.floor(length / 2) : -1;
      const flip = blob?.[1] !== undefined && corrupt.has(blob[1]) && up.statusCode !== undefined && up.statusCode < 300;
      let sent = 0;
      let flipped = false;
      up.on("data", (chunk: Buffer) => {
        let out = chunk;
        if (flip && !flipped && out.byteLength > 0) {
          out = Buffer.from(out);
          out[out.byteLength - 1] = (out[out.byteLength - 1] ?? 0) ^ 0x01;
          flipped = true;
          stats.corrupted++;
        }
        if (cutAt >= 0 && sent + out.byteLength >= cutAt) {
          // Send the first part, let the client read the headers and those bytes, then cut.
          res.write(out.subarray(0, Math.max(1, cutAt - sent)));
          stats.midBodyResets++;
          stats.resets++;
          up.destroy();
          setTimeout(() => res.socket?.destroy(), 30);
          return;
        }
        sent += out.byteLength;
        res.write(out);
      });
      up.on("end", () => {
        if (!up.destroyed || cutAt < 0) res.end();
      });
      up.on("error", () => res.socket?.destroy());
    });
    upstream.on("error", () => res.socket?.destroy());
    req.pipe(upstream);
  };

  const server = createServer(handle);
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", (e) => reject(new Error(`fault proxy for ${options.target}: could not listen on 127.0.0.1: ${e.message}`, { cause: e })));
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });
  return {
    host: `127.0.0.1:${port}`,
    port,
    corrupt,
    stats,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
