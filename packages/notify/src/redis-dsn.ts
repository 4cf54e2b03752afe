/**
 * `NOTIFY_SMOKE_REDIS_DSN` (notify-smoke.md "Settings"): `redis://[user:pass@]host:port/db`
 * or `rediss://…` for TLS. Parsed here, once, so the password is known (and can be
 * redacted) before any connection is made and nothing downstream handles the raw string.
 */
export interface RedisDsn {
  tls: boolean;
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  database: number;
  /** The DSN without its password, safe to print: `rediss://smoke@10.0.0.5:6380/2`. */
  display: string;
}

export type DsnParse = { ok: true; dsn: RedisDsn } | { ok: false; problem: string };

/** Parses a Redis DSN; a problem never quotes the password (only the scheme or the path). */
export function parseRedisDsn(raw: string): DsnParse {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!m) return { ok: false, problem: "is not a URL: expected redis://[user:pass@]host:port/db or rediss://… (TLS)" };
  const scheme = (m[1] ?? "").toLowerCase();
  if (scheme !== "redis" && scheme !== "rediss") {
    return { ok: false, problem: `has scheme "${scheme}://": expected redis:// or rediss:// (TLS)` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `does not parse as a ${scheme}:// URL (check the host, the port and that special characters in the password are percent-encoded)` };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) return { ok: false, problem: "has no host" };
  const port = url.port === "" ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, "");
  if (path !== "" && !/^\d+$/.test(path)) {
    return { ok: false, problem: `has database "/${path}": expected a database number such as /0` };
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = url.username ? decodeURIComponent(url.username) : undefined;
    password = url.password ? decodeURIComponent(url.password) : undefined;
  } catch {
    return { ok: false, problem: "has a user or password with a broken percent-encoding" };
  }
  const database = path === "" ? 0 : Number(path);
  const display = `${scheme}://${username ? `${encodeURIComponent(username)}${password ? ":***" : ""}@` : password ? ":***@" : ""}${url.host}/${database}`;
  return { ok: true, dsn: { tls: scheme === "rediss", host, port, username, password, database, display } };
}

/** The forms in which a DSN's password could show up in text: decoded and as written. */
export function dsnSecrets(raw: string, dsn: RedisDsn | undefined): string[] {
  const out: string[] = [];
  if (dsn?.password) out.push(dsn.password);
  try {
    const written = new URL(raw).password;
    if (written) out.push(written);
  } catch {
    // unparseable: the whole value stays secret through the caller's list
  }
  return out;
}
