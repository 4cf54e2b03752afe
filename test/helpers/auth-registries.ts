import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startRegistry, type RunningServer } from "./servers.js";
import { startTokenServer, type TokenServer, type TokenServerOptions } from "./token-server.js";

const run = promisify(execFile);

/** A registry the tests log in to: where it is and the one user it knows. */
export interface AuthRegistry extends RunningServer {
  host: string;
  username: string;
  password: string;
}

/** docker-registry with htpasswd (bcrypt, from Debian's `htpasswd -Bbn`) Basic auth. */
export async function startBasicRegistry(username = "stella", password = `basic-${Math.random().toString(36).slice(2)}-pw`): Promise<AuthRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "stella-htpasswd-"));
  let line: string;
  try {
    line = (await run("htpasswd", ["-Bbn", username, password])).stdout.trim();
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`htpasswd (apache2-utils) failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  await writeFile(join(dir, "htpasswd"), `${line}\n`);
  const registry = await startRegistry({ auth: { htpasswd: { realm: "stella-basic", path: join(dir, "htpasswd") } } });
  return {
    ...registry,
    host: `127.0.0.1:${registry.port}`,
    username,
    password,
    async stop() {
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** docker-registry with `auth: token`, trusting a token server started beside it. */
export async function startTokenRegistry(
  username = "stella",
  password = `token-${Math.random().toString(36).slice(2)}-pw`,
  options: Omit<TokenServerOptions, "dir" | "users"> = {},
): Promise<AuthRegistry & { tokens: TokenServer }> {
  const dir = await mkdtemp(join(tmpdir(), "stella-token-"));
  let tokens: TokenServer | undefined;
  try {
    tokens = await startTokenServer({ ...options, dir, users: { [username]: password } });
    const registry = await startRegistry({ auth: { token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootcertbundle: tokens.rootCertBundle } } });
    const t = tokens;
    return {
      ...registry,
      host: `127.0.0.1:${registry.port}`,
      username,
      password,
      tokens: t,
      async stop() {
        await registry.stop();
        await t.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
