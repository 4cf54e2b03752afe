import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { SignJWT, importPKCS8, type CryptoKey } from "jose";

const run = promisify(execFile);

/**
 * The token endpoint of the docker token authentication flow, for a docker-registry started
 * with `auth: token` (distribution 2.8 `registry/auth/token`): it checks Basic credentials (or
 * an OAuth2 refresh/password grant on POST) and signs an ES256 JWT whose `x5c` header carries
 * a self-signed test certificate; the registry trusts it through `rootcertbundle`.
 */
export interface TokenServer {
  /** `http://127.0.0.1:PORT/token` (the `realm`). */
  realm: string;
  port: number;
  service: string;
  issuer: string;
  /** PEM file of the certificate the registry must trust. */
  rootCertBundle: string;
  /** Token responses issued, and the scopes asked for (in order). */
  issued: { user: string; scopes: string[] }[];
  /** The next `n` tokens are already expired beyond the registry's 60 s leeway (tests 401 refresh). */
  expireNext(n: number): void;
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  /** Directory for the key and certificate (created by the caller). */
  dir: string;
  users: Record<string, string>;
  /** Identity (refresh) tokens accepted on POST, mapped to their user. */
  identityTokens?: Record<string, string>;
  /** `expires_in` and JWT lifetime in seconds (default 60). */
  expiresIn?: number;
  service?: string;
  issuer?: string;
}

async function makeKeyAndCert(dir: string): Promise<{ key: CryptoKey; certDer: string; certPath: string }> {
  const keyPath = join(dir, "token.key");
  const certPath = join(dir, "token.crt");
  try {
    await run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", keyPath, "-out", certPath, "-subj", "/CN=stella-test-token-issuer", "-days", "2"]);
  } catch (e) {
    throw new Error(`token server: openssl could not make the test key and certificate in ${dir}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const pem = await readFile(certPath, "utf8");
  const certDer = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
  const key = await importPKCS8(await readFile(keyPath, "utf8"), "ES256");
  return { key, certDer, certPath };
}

function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  const first = scope.indexOf(":");
  const last = scope.lastIndexOf(":");
  if (first < 0 || last <= first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(",").filter((a) => a === "pull" || a === "push" || a === "*") };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const service = options.service ?? "stella-test-registry";
  const issuer = options.issuer ?? "stella-test-token-issuer";
  const lifetime = options.expiresIn ?? 60;
  const { key, certDer, certPath } = await makeKeyAndCert(options.dir);
  const issued: TokenServer["issued"] = [];
  let expired = 0;

  const userOf = async (req: IncomingMessage): Promise<{ user?: string; scopes: string[] }> => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
      if (form.get("grant_type") === "refresh_token") return { user: options.identityTokens?.[form.get("refresh_token") ?? ""], scopes };
      if (form.get("grant_type") === "password") {
        const u = form.get("username") ?? "";
        return { ...(options.users[u] !== undefined && options.users[u] === form.get("password") ? { user: u } : {}), scopes };
      }
      return { scopes };
    }
    const scopes = url.searchParams.getAll("scope").flatMap((s) => s.split(" ")).filter(Boolean);
    const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
    if (!m?.[1]) return { scopes };
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const u = decoded.slice(0, colon);
    return { ...(colon > 0 && options.users[u] === decoded.slice(colon + 1) ? { user: u } : {}), scopes };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!(req.url ?? "").startsWith("/token")) {
      res.writeHead(404).end();
      return;
    }
    const { user, scopes } = await userOf(req);
    if (!user) {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Basic realm="stella-test-token"' }).end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return;
    }
    const access = scopes.map(parseScope).filter((s) => s !== undefined && s.type === "repository");
    const now = Math.floor(Date.now() / 1000);
    const exp = expired > 0 ? now - 600 : now + lifetime;
    if (expired > 0) expired--;
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: "ES256", typ: "JWT", x5c: [certDer] })
      .setIssuer(issuer)
      .setSubject(user)
      .setAudience(service)
      .setIssuedAt(now)
      .setNotBefore(now - 1)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(key);
    issued.push({ user, scopes });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, access_token: token, expires_in: lifetime, issued_at: new Date(now * 1000).toISOString() }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => res.writeHead(500).end(e instanceof Error ? e.message : String(e)));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", (e) => reject(new Error(`token server: could not listen on 127.0.0.1: ${e.message}`, { cause: e })));
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });
  return {
    realm: `http://127.0.0.1:${port}/token`,
    port,
    service,
    issuer,
    rootCertBundle: certPath,
    issued,
    expireNext: (n) => void (expired = n),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
