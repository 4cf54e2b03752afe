import { httpRequest, HttpError, type RetryPolicy } from "@stella/http";
import { redact, silentLogger, type Logger } from "@stella/core";
import { mergeScopes, scopesCover, type Challenge } from "./challenge.js";
import type { Credential } from "./credentials.js";
import { RegistryError } from "./errors.js";

interface CachedToken {
  token: string;
  scopes: string[];
  /** ms since epoch after which we fetch a new one before sending. */
  refreshAt: number;
}

export interface AuthenticatorOptions {
  /** The registry as users name it, for messages. */
  registry: string;
  credential: () => Promise<Credential | undefined>;
  timeoutMs: number;
  retry: Partial<RetryPolicy>;
  logger?: Logger;
  now?: () => number;
}

/**
 * Authorization for one registry (distribution spec "token" flow, docker token
 * authentication spec): nothing until the registry asks; then Basic with the credential,
 * or a bearer token from the challenge's realm for the needed scopes, cached per scope set
 * and refreshed before it expires or when the registry answers 401 to it.
 */
export class Authenticator {
  private scheme: "none" | "basic" | "bearer" = "none";
  private bearer: Challenge | undefined;
  private tokens: CachedToken[] = [];
  private credentialPromise: Promise<Credential | undefined> | undefined;
  /** Token requests under way, per scope set: parallel requests share one. */
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly logger: Logger;
  private readonly now: () => number;
  /** Tokens issued so far (tests read it to see caching and refresh). */
  tokenRequests = 0;

  constructor(private readonly options: AuthenticatorOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  credential(): Promise<Credential | undefined> {
    this.credentialPromise ??= this.options.credential();
    return this.credentialPromise;
  }

  /** Every secret we hold, for redacting messages. */
  async secrets(): Promise<string[]> {
    const c = await this.credential();
    return [c?.password, c?.identityToken, ...this.tokens.map((t) => t.token)].filter((s): s is string => typeof s === "string");
  }

  /** The Authorization header to send for `scopes`, fetching a token when one is due. */
  async header(scopes: readonly string[]): Promise<string | undefined> {
    if (this.scheme === "basic") return this.basicHeader(await this.credential());
    if (this.scheme !== "bearer") return undefined;
    const now = this.now();
    const cached = this.tokens.find((t) => t.refreshAt > now && scopesCover(t.scopes, scopes));
    if (cached) return `Bearer ${cached.token}`;
    return `Bearer ${await this.fetchToken(scopes)}`;
  }

  /**
   * The registry answered 401 with `challenge` to a request we sent with `sentHeader`.
   * Learns the scheme, drops a token it refused, and says whether a retry can succeed.
   */
  async unauthorized(challenges: Challenge[], scopes: readonly string[], sentHeader: string | undefined): Promise<boolean> {
    const bearer = challenges.find((c) => c.scheme === "bearer");
    const basic = challenges.find((c) => c.scheme === "basic");
    if (bearer?.params.realm) {
      this.scheme = "bearer";
      this.bearer = bearer;
      if (sentHeader?.startsWith("Bearer ")) {
        const refused = sentHeader.slice(7);
        this.tokens = this.tokens.filter((t) => t.token !== refused);
        this.logger.debug(`${this.options.registry}: token refused, fetching a new one`);
      }
      const wanted = mergeScopes(scopes, bearer.params.scope ? [bearer.params.scope] : []);
      await this.fetchToken(wanted);
      // We now hold a token we did not send: worth one more try (the caller bounds the rounds).
      return true;
    }
    if (basic) {
      const credential = await this.credential();
      if (this.scheme === "basic" || !credential) return false;
      if (!credential.password) {
        throw new RegistryError(`registry ${this.options.registry} asks for Basic auth, but the login found is an identity token`, { code: "UNAUTHORIZED", hint: "log in with a user name and password" });
      }
      this.scheme = "basic";
      return true;
    }
    return false;
  }

  private basicHeader(c: Credential | undefined): string | undefined {
    if (!c?.password) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
  }

  private fetchToken(scopes: readonly string[]): Promise<string> {
    const key = mergeScopes(scopes).join(" ");
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.requestToken(scopes).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** GET realm?service&scope (Basic with the credential), or POST an OAuth2 refresh-token grant. */
  private async requestToken(scopes: readonly string[]): Promise<string> {
    const challenge = this.bearer;
    if (!challenge?.params.realm) throw new RegistryError(`registry ${this.options.registry} gave no token realm`, { code: "PROTOCOL" });
    const credential = await this.credential();
    const service = challenge.params.service;
    const wanted = mergeScopes(scopes);
    const url = new URL(challenge.params.realm);
    let res: Response;
    try {
      if (credential?.identityToken) {
        const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: credential.identityToken, client_id: "stella" });
        if (service) form.set("service", service);
        if (wanted.length) form.set("scope", wanted.join(" "));
        res = await httpRequest({ method: "POST", url: url.toString(), headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(), timeoutMs: this.options.timeoutMs, retry: this.options.retry, acceptStatus: [401, 403] });
      } else {
        if (service) url.searchParams.set("service", service);
        for (const s of wanted) url.searchParams.append("scope", s);
        const headers: Record<string, string> = {};
        const basic = this.basicHeader(credential);
        if (basic) headers.authorization = basic;
        res = await httpRequest({ url: url.toString(), headers, timeoutMs: this.options.timeoutMs, retry: this.options.retry, acceptStatus: [401, 403] });
      }
    } catch (e) {
      const secrets = await this.secrets();
      const why = e instanceof HttpError ? redact(e.message, secrets) : "request failed";
      throw new RegistryError(`could not get a token for ${this.options.registry} from ${url.origin}${url.pathname}: ${why}`, { code: "UNAUTHORIZED" });
    }
    this.tokenRequests++;
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw this.rejected(credential, `the token service ${url.origin}${url.pathname} answered ${res.status}`);
    }
    const doc: unknown = await res.json().catch(() => undefined);
    const rec = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>) : {};
    const token = typeof rec.token === "string" && rec.token ? rec.token : typeof rec.access_token === "string" ? rec.access_token : "";
    if (!token) throw new RegistryError(`the token service of ${this.options.registry} returned no token`, { code: "PROTOCOL" });
    // Docker token spec: expires_in defaults to 60 s; refresh a little before the end.
    const lifetimeMs = (typeof rec.expires_in === "number" && rec.expires_in > 0 ? rec.expires_in : 60) * 1000;
    const issued = typeof rec.issued_at === "string" && !Number.isNaN(Date.parse(rec.issued_at)) ? Math.min(Date.parse(rec.issued_at), this.now()) : this.now();
    const refreshAt = issued + lifetimeMs - Math.min(10_000, lifetimeMs / 10);
    this.tokens = [...this.tokens.filter((t) => t.refreshAt > this.now()), { token, scopes: wanted, refreshAt }];
    this.logger.debug(`${this.options.registry}: token for ${wanted.join(" ") || "(no scope)"}, valid ${Math.round(lifetimeMs / 1000)} s`);
    return token;
  }

  /** The one message for refused credentials: the registry and user, never the secret. */
  rejected(credential: Credential | undefined, detail: string): RegistryError {
    if (!credential) {
      return new RegistryError(`registry ${this.options.registry} requires authentication and no credentials were found (${detail})`, {
        code: "UNAUTHORIZED",
        hint: "log in (skopeo login / docker login) or pass a registry auth file",
      });
    }
    const who = credential.username ? `user "${credential.username}"` : "the identity token";
    return new RegistryError(`registry ${this.options.registry} rejected the credentials of ${who} (${detail})`, {
      code: "UNAUTHORIZED",
      hint: "check the user name and password (or token) for this registry",
    });
  }
}
