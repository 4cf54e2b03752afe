import { execFile, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "redis";

/** Test-side Redis work (seeding streams, reading INFO), through the same well-kept client. */
function newClient(port: number, user: string, password: string, database: number) {
  return createClient({ socket: { host: "127.0.0.1", port, reconnectStrategy: false }, username: user, password, database });
}
export type AdminClient = ReturnType<typeof newClient>;

export async function adminClient(port: number, user: string, password: string, database: number): Promise<AdminClient> {
  const client = newClient(port, user, password, database);
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

export interface SeedEvent {
  kind?: string;
  minutesAgo: number;
}

/** XADD with explicit ids stamped `minutesAgo` before now (ascending, as a stream requires). */
export async function seedStream(client: AdminClient, key: string, events: readonly SeedEvent[], tenant = "t"): Promise<void> {
  const now = Date.now();
  const stamped = events.map((e, i) => ({ ...e, ms: Math.floor(now - e.minutesAgo * 60_000), i })).sort((a, b) => a.ms - b.ms || a.i - b.i);
  let lastMs = -1;
  let seq = 0;
  for (const e of stamped) {
    seq = e.ms === lastMs ? seq + 1 : 0;
    lastMs = e.ms;
    const fields: Record<string, string> = { tenant, eventId: `ev-${e.i}`, payload: JSON.stringify({ n: e.i }) };
    if (e.kind !== undefined) fields.kind = e.kind;
    await client.xAdd(key, `${e.ms}-${seq}`, fields);
  }
}

/** Redis `INFO commandstats` calls of one command (e.g. "xrange"), 0 when never called. */
export async function commandCalls(client: AdminClient, command: string): Promise<number> {
  const info = await client.info("commandstats");
  const m = new RegExp(`^cmdstat_${command}:calls=(\\d+)`, "m").exec(info);
  return m ? Number(m[1]) : 0;
}

/**
 * Loads `count` entries fast: RESP-encoded `XADD key <ms>-<seq> kind <kind>` lines piped into
 * `redis-cli --pipe` (the mass-insertion mode), ids from `startMs` spaced `stepMs` apart.
 */
export async function massInsert(opts: { port: number; user: string; password: string; database: number; key: string; count: number; startMs: number; stepMs: number; kind: (i: number) => string; dir: string }): Promise<string> {
  const resp = (args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
  const file = join(opts.dir, "mass.resp");
  const chunks: string[] = [resp(["SELECT", String(opts.database)])];
  for (let i = 0; i < opts.count; i++) chunks.push(resp(["XADD", opts.key, `${opts.startMs + i * opts.stepMs}-0`, "kind", opts.kind(i)]));
  await writeFile(file, chunks.join(""));
  const child = spawn("sh", ["-c", `redis-cli -h 127.0.0.1 -p ${opts.port} --user ${opts.user} --no-auth-warning --pipe < ${file}`], {
    env: { ...process.env, REDISCLI_AUTH: opts.password },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((r) => child.on("close", (c) => r(c ?? 1)));
  if (code !== 0) throw new Error(`redis-cli --pipe failed (${code}): ${out}`);
  return out;
}

const run = promisify(execFile);

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, made with openssl. */
export async function makeTlsCerts(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const p = (f: string) => join(dir, f);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", ["req", "-x509", ...ec, "-keyout", p("ca.key"), "-out", p("ca.pem"), "-days", "2", "-subj", "/CN=stella notify-smoke test CA"]);
  await run("openssl", ["req", ...ec, "-keyout", p("server.key"), "-out", p("server.csr"), "-subj", "/CN=127.0.0.1"]);
  await writeFile(p("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  await run("openssl", ["x509", "-req", "-in", p("server.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"), "-CAcreateserial", "-out", p("server.pem"), "-days", "2", "-extfile", p("san.ext")]);
  return { ca: p("ca.pem"), cert: p("server.pem"), key: p("server.key") };
}

/** Does this redis-server build speak TLS? (Debian's is built with it; checked, not assumed.) */
export async function redisHasTls(): Promise<boolean> {
  try {
    const { stdout } = await run("sh", ["-c", "ldd \"$(command -v redis-server)\""]);
    return /libssl/.test(stdout);
  } catch {
    return false;
  }
}
