/**
 * The workflow's OIDC identity token, the keyless signing credential (architecture-devops.md §2.3).
 * GitHub and Forgejo runners expose ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN when the job has
 * `permissions: id-token: write`; Gitea's act_runner has neither, so keyless cannot work there and
 * we say so before doing anything (the entry point passes the two values in).
 */
import { httpRequest } from "@stella/http";
import { SigningError } from "./errors.js";
import { isRecord } from "./stable-json.js";

export interface ActionsTokenSource {
  requestUrl: string | undefined;
  requestToken: string | undefined;
  /** true on Gitea/Forgejo runners (GITEA_ACTIONS=true), to word the error for them. */
  gitea?: boolean;
}

export type TokenProvider = () => Promise<string>;

/** Fails at once (before any signing) when the runner offers no OIDC token. */
export function actionsTokenProvider(source: ActionsTokenSource, audience = "sigstore"): TokenProvider {
  const { requestUrl, requestToken } = source;
  if (!requestUrl || !requestToken) {
    const where = source.gitea
      ? "this Gitea runner provides no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are unset; Gitea's act_runner has none, Forgejo's has them)"
      : "ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN are unset (the job lacks `permissions: id-token: write`)";
    throw new SigningError(`keyless signing is not possible: ${where}`, {
      code: "KEYLESS_UNAVAILABLE",
      hint: "sign with a key instead: set the `key` input (the cosign.key PEM, a secret) and `key-password` (its password, a secret), and `keyless: false`; or grant `id-token: write` on GitHub/Forgejo",
    });
  }
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= (async () => {
      const url = new URL(requestUrl);
      url.searchParams.set("audience", audience);
      const res = await httpRequest({ url: url.toString(), headers: { authorization: `bearer ${requestToken}`, accept: "application/json" }, timeoutMs: 30_000 });
      const body: unknown = await res.json();
      if (!isRecord(body) || typeof body.value !== "string") {
        throw new SigningError("the runner's OIDC token endpoint answered without a `value`", { code: "KEYLESS_UNAVAILABLE" });
      }
      return body.value;
    })();
    return cached;
  };
}

/** Reads the `iss` and `sub` claims of a JWT (no verification: Fulcio verifies the token). */
export function tokenClaims(token: string): { iss?: string; sub?: string; email?: string; email_verified?: boolean } {
  const part = token.split(".")[1];
  if (!part) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (!isRecord(claims)) return {};
    return {
      ...(typeof claims.iss === "string" ? { iss: claims.iss } : {}),
      ...(typeof claims.sub === "string" ? { sub: claims.sub } : {}),
      ...(typeof claims.email === "string" ? { email: claims.email } : {}),
      ...(typeof claims.email_verified === "boolean" ? { email_verified: claims.email_verified } : {}),
    };
  } catch {
    return {};
  }
}
