import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort, waitForPort } from "./ports.js";

/** A running real server started for the tests; `stop()` ends it and removes its files. */
export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

function spawnServer(bin: string, args: string[], what: string): ChildProcess {
  const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.on("error", (e) => {
    process.stderr.write(`${what}: could not start ${bin}: ${e.message} (is it installed? scripts/test.sh installs it)\n`);
  });
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGKILL") process.stderr.write(`${what} exited (${code ?? signal}):\n${stderr}\n`);
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

export interface RegistryOptions {
  /** Extra `auth:` section of the distribution config (htpasswd or token). */
  auth?: Record<string, unknown>;
}

/** Debian's docker-registry (CNCF distribution 2.8) on 127.0.0.1, filesystem storage in a temp dir. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningServer & { dir: string }> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "stella-registry-"));
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: "error", accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, "data") }, delete: { enabled: true }, maintenance: { uploadpurging: { enabled: false } } },
    http: { addr: `127.0.0.1:${port}`, secret: "stella-test-secret", headers: { "X-Content-Type-Options": ["nosniff"] } },
  };
  if (options.auth) config.auth = options.auth;
  await writeFile(join(dir, "config.yml"), stringify(config));
  const child = spawnServer("docker-registry", ["serve", join(dir, "config.yml")], `docker-registry on port ${port}`);
  await waitForPort(port, "docker-registry");
  return {
    port,
    dir,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisOptions {
  /** Extra config lines, e.g. ACL users: `user smoke on >pw ~* +@all`. */
  extra?: string[];
}

/** A real redis-server on 127.0.0.1 with no persistence. */
export async function startRedis(options: RedisOptions = {}): Promise<RunningServer & { dir: string }> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "stella-redis-"));
  const conf = [`port ${port}`, "bind 127.0.0.1", "save \"\"", "appendonly no", `dir ${dir}`, "protected-mode no", ...(options.extra ?? [])];
  await writeFile(join(dir, "redis.conf"), conf.join("\n") + "\n");
  const child = spawnServer("redis-server", [join(dir, "redis.conf")], `redis-server on port ${port}`);
  await waitForPort(port, "redis-server");
  return {
    port,
    dir,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
