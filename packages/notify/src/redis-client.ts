import type { ConnectionOptions } from "node:tls";
import { createClient } from "redis";
import { errorMessage, redact } from "@stella/core";
import { NotifyError } from "./errors.js";
import type { RedisDsn } from "./redis-dsn.js";
import type { StreamEntry, StreamRangeReader } from "./stream-window.js";

export interface RedisConnectOptions {
  connectTimeoutMs?: number;
  /** Per command (XRANGE page, TYPE, TIME). */
  commandTimeoutMs?: number;
  /** Extra TLS options for `rediss://` (a private CA, a server name); the system CAs otherwise. */
  tls?: Pick<ConnectionOptions, "ca" | "servername" | "cert" | "key">;
  /** Values to redact from every error text. */
  secrets?: readonly string[];
}

/** The commands the smoke check sends; a seam so tests can count them. */
export interface StreamSource extends StreamRangeReader {
  /** Redis `TYPE key`: "stream", "none" (missing), or another type. */
  keyType(key: string): Promise<string>;
  /** The server's clock in ms (`TIME`): stream ids are stamped by it, so the window uses it too. */
  serverTimeMs(): Promise<number>;
  close(): Promise<void>;
}

const DSN = "NOTIFY_SMOKE_REDIS_DSN";

/** Connects with the `redis` client (no reconnect loop: a smoke check fails fast and says why). */
export async function connectRedis(dsn: RedisDsn, options: RedisConnectOptions = {}): Promise<StreamSource> {
  const secrets = options.secrets ?? [];
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const socket = dsn.tls
    ? { host: dsn.host, port: dsn.port, tls: true as const, connectTimeout, reconnectStrategy: false as const, ...options.tls }
    : { host: dsn.host, port: dsn.port, connectTimeout, reconnectStrategy: false as const };
  const client = createClient({
    socket,
    ...(dsn.username ? { username: dsn.username } : {}),
    ...(dsn.password ? { password: dsn.password } : {}),
    database: dsn.database,
    disableOfflineQueue: true,
  });
  // The client emits every socket error; without a listener Node would crash the process.
  let lastSocketError: unknown;
  client.on("error", (e: unknown) => {
    lastSocketError = e;
  });
  // connectTimeout covers the TCP/TLS connect only; AUTH/SELECT on a server that never answers
  // would wait forever, so the whole handshake gets the same bound.
  let timer: NodeJS.Timeout | undefined;
  const handshakeTimeout = new Promise<never>((_, reject) => {
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
  // node-redis's command `timeout` only covers the wait to be written, not the reply: bound
  // the reply here, and drop the connection on expiry (a stalled socket is no use to a check).
  const commandTimeout = options.commandTimeoutMs ?? 15_000;
  const run = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        client.destroy();
        reject(new Error(`no reply within the command timeout of ${commandTimeout} ms`));
      }, commandTimeout);
    });
    try {
      return await Promise.race([fn(), expiry]);
    } catch (e) {
      throw new NotifyError(redact(`Redis ${what} on ${dsn.display} failed: ${errorMessage(e)}`, secrets), {
        code: "REDIS_COMMAND",
        hint: `check that ${DSN} points at the Notify event Redis and that its user may run XRANGE, TYPE and TIME`,
      });
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    xRange: (key, start, end, count) =>
      run(`XRANGE ${key}`, async () => {
        const reply = await client.xRange(key, start, end, { COUNT: count });
        return (reply ?? []).map((m): StreamEntry => ({ id: String(m.id), fields: stringFields(m.message) }));
      }),
    keyType: (key) => run(`TYPE ${key}`, async () => String(await client.type(key))),
    serverTimeMs: () =>
      run("TIME", async () => {
        const reply = await client.sendCommand(["TIME"]);
        if (!Array.isArray(reply) || reply.length < 2) throw new Error(`unexpected TIME reply ${JSON.stringify(reply)}`);
        return Number(String(reply[0])) * 1000 + Math.floor(Number(String(reply[1])) / 1000);
      }),
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}

function stringFields(message: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (message && typeof message === "object") {
    for (const [k, v] of Object.entries(message as Record<string, unknown>)) out[k] = String(v);
  }
  return out;
}

function connectError(dsn: RedisDsn, e: unknown, socketError: unknown, secrets: readonly string[]): NotifyError {
  const detail = [errorMessage(e), socketError && socketError !== e ? errorMessage(socketError) : ""].filter(Boolean).join(": ");
  const text = redact(detail, secrets);
  if (/WRONGPASS|NOAUTH|NOPERM|invalid password|AUTH/i.test(text)) {
    return new NotifyError(`Redis at ${dsn.display} refused the credentials: ${text}`, {
      code: "REDIS_AUTH",
      hint: `check the user and password in ${DSN} (redis://user:password@host:port/db; percent-encode special characters)`,
    });
  }
  const tlsHint = dsn.tls
    ? "; for rediss:// the server certificate must be trusted (NODE_EXTRA_CA_CERTS) and match the host"
    : /ECONNRESET|closed/i.test(text)
      ? "; if the server only speaks TLS, use rediss://"
      : "";
  return new NotifyError(`could not connect to Redis at ${dsn.display}: ${text || "connection failed"}`, {
    code: "REDIS_CONNECT",
    hint: `check the host and port in ${DSN} and that the runner can reach it${tlsHint}`,
  });
}
