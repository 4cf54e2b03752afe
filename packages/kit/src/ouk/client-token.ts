import { decodeJwt, decodeProtectedHeader, importPKCS8, SignJWT, type JWTPayload, type ProtectedHeaderParameters } from "jose";
import { isoSeconds } from "@stella/core";
import { KitError } from "../errors.js";

/** Playbook §2 OfflineToken stage: `JwtIssuer.Generate(exp=30d)`. */
export const CLIENT_TOKEN_TTL_DAYS = 30;
/** Playbook §4.4: the CI job fails if token expiry < 29 days. */
export const CLIENT_TOKEN_MIN_DAYS = 29;
const DAY = 86_400_000;

export interface ClientTokenOptions {
  /** PKCS#8 PEM of the issuer's P-256 key (ES256). */
  privateKeyPem: string;
  issuer: string;
  subject: string;
  audience?: string;
  issuedAt: Date;
  ttlDays?: number;
  kid?: string;
}

/** Issues `client.jwt` (ES256 through jose), `exp` = issuedAt + 30 days. */
export async function issueClientToken(o: ClientTokenOptions): Promise<string> {
  const key = await importPKCS8(o.privateKeyPem, "ES256").catch((e: unknown) => {
    throw new KitError("the token key is not a PKCS#8 P-256 private key", { code: "TOKEN_EXPIRY", cause: e, hint: "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256" });
  });
  const iat = Math.floor(o.issuedAt.getTime() / 1000);
  const jwt = new SignJWT({ scope: "ouk" })
    .setProtectedHeader({ alg: "ES256", typ: "JWT", ...(o.kid ? { kid: o.kid } : {}) })
    .setIssuer(o.issuer)
    .setSubject(o.subject)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (o.ttlDays ?? CLIENT_TOKEN_TTL_DAYS) * 86_400);
  if (o.audience) jwt.setAudience(o.audience);
  return jwt.sign(key);
}

export interface ClientTokenFacts {
  exp: string;
  iat: string | undefined;
  sub: string | undefined;
  iss: string | undefined;
}

/**
 * Reads a client.jwt and applies the §4.4 guard: ES256, has `exp`, and `exp` at least
 * 29 days after `now`. The error names the expiry and how many days are left.
 */
export function checkClientToken(jwt: string, now: Date, minDays = CLIENT_TOKEN_MIN_DAYS): ClientTokenFacts {
  let claims: JWTPayload;
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jwt);
    claims = decodeJwt(jwt);
  } catch (e) {
    throw new KitError("client.jwt is not a JWT", { code: "TOKEN_EXPIRY", cause: e, hint: "pass the client.jwt of the OfflineToken stage (--client-jwt)" });
  }
  if (header.alg !== "ES256") throw new KitError(`client.jwt is signed with ${String(header.alg)}, expected ES256`, { code: "TOKEN_EXPIRY" });
  if (typeof claims.exp !== "number") throw new KitError("client.jwt has no exp claim", { code: "TOKEN_EXPIRY", hint: "issue it with an expiry (stella ouk token)" });
  const exp = new Date(claims.exp * 1000);
  const left = (exp.getTime() - now.getTime()) / DAY;
  if (left < minDays) {
    throw new KitError(`client.jwt expires at ${isoSeconds(exp)}, ${left.toFixed(1)} days after ${isoSeconds(now)}: under the ${minDays}-day minimum (playbook §4.4)`, {
      code: "TOKEN_EXPIRY",
      hint: "issue a fresh 30-day token in the OfflineToken stage (stella ouk token) and build again",
    });
  }
  return {
    exp: isoSeconds(exp),
    iat: typeof claims.iat === "number" ? isoSeconds(new Date(claims.iat * 1000)) : undefined,
    sub: claims.sub,
    iss: claims.iss,
  };
}
