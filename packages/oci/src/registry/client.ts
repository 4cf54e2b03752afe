import type { Readable } from "node:stream";
import { httpRequest, httpStreamRequest, HttpError, defaultRetryPolicy, safeUrl, type HttpRequest, type RetryPolicy, type StreamResponse } from "@stella/http";
import { redact, silentLogger, type Logger } from "@stella/core";
import { Authenticator } from "./auth.js";
import type { BlobOrigins} from "./blob-origins.js";
import { sharedBlobOrigins } from "./blob-origins.js";
import { parseChallenges, repositoryScope } from "./challenge.js";
import { findCredential, type CredentialSources } from "./credentials.js";
import { RegistryError } from "./errors.js";

export interface RegistryClientOptions extends CredentialSources {
  logger?: Logger;
  /** Plain HTTP. Automatic for 127.0.0.1, localhost and ::1. */
  insecure?: boolean;
  /** Per-request timeout until the response headers arrive (ms); default 60 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Where blobs were seen, for automatic cross-repository mounts (default: shared per process). */
  blobOrigins?: BlobOrigins;
}

export interface RegistryRequest {
  method?: string;
  /** A path below the registry (`/v2/…`) or an absolute URL the registry gave (Location, Link). */
  path: string;
  headers?: Record<string, string>;
  body?: HttpRequest["body"];
  /** Statuses returned instead of thrown (404 for "exists?", 202 is success anyway). */
  accept?: readonly number[];
  /** Token scopes this request needs (default: pull on the client's repository). */
  scopes?: readonly string[];
  /** False for bodies that cannot be sent twice (streams). */
  retry?: false;
  timeoutMs?: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)(:\d+)?$/;

/** Docker Hub's API lives on another host than its name (containers/image does the same). */
export function apiHostOf(registry: string): string {
  return registry === "docker.io" || registry === "index.docker.io" ? "registry-1.docker.io" : registry;
}

/**
 * Sends distribution-spec requests to one registry through the one HTTP layer, answering
 * auth challenges (one retry after a 401) and turning 401/403 into errors that name the
 * registry and the user but never a secret.
 */
export class RegistryClient {
  readonly base: string;
  readonly auth: Authenticator;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly origins: BlobOrigins;

  constructor(
    readonly registry: string,
    readonly repository: string,
    options: RegistryClientOptions = {},
  ) {
    const host = apiHostOf(registry);
    const insecure = options.insecure ?? LOOPBACK.test(host);
    this.base = `${insecure ? "http" : "https"}://${host}`;
    this.logger = options.logger ?? silentLogger;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.origins = options.blobOrigins ?? sharedBlobOrigins;
    this.auth = new Authenticator({
      registry,
      credential: async () => (await findCredential(registry, repository, options)).credential,
      timeoutMs: this.timeoutMs,
      retry: this.retry,
      logger: this.logger,
    });
  }

  /**
   * Timeout for a request that moves a body of `size` bytes: the HTTP layer's timer runs until
   * the response headers, which for an upload come after the whole body (and for a download
   * it also bounds reading the body), so allow at least 100 KB/s on top of the base timeout.
   */
  transferTimeout(size: number): number {
    return this.timeoutMs + Math.ceil(Math.max(0, size) / 100);
  }

  pullScope(repository = this.repository): string {
    return repositoryScope(repository, ["pull"]);
  }

  pushScope(repository = this.repository): string {
    return repositoryScope(repository, ["pull", "push"]);
  }

  url(path: string): string {
    return new URL(path, this.base).toString();
  }

  /** A request through `httpRequest` (fetch): manifests, tags, referrers, upload control. */
  request(req: RegistryRequest): Promise<Response> {
    return this.authorized(
      req,
      (common) => httpRequest({ ...common, ...(req.body === undefined ? {} : { body: req.body }) }),
      (res) => ({ status: res.status, headers: res.headers, text: () => res.text().catch(() => ""), discard: async () => void (await res.body?.cancel()) }),
    );
  }

  /** A request through `httpStreamRequest` (node:http): blob bodies in and out. */
  stream(req: Omit<RegistryRequest, "body"> & { body?: Uint8Array | (() => Readable) }): Promise<StreamResponse> {
    return this.authorized(
      req,
      (common) => httpStreamRequest({ ...common, ...(req.body === undefined ? {} : { body: req.body }) }),
      (res) => ({
        status: res.status,
        headers: res.headers,
        text: async () => {
          let text = "";
          for await (const c of res.body) text += (c as Buffer).toString("utf8");
          return text;
        },
        discard: () => Promise.resolve(void res.body.resume()),
      }),
    );
  }

  /**
   * Sends with the Authorization the registry wants, answering a 401 challenge (two rounds:
   * learn the challenge, then replace a token it refused once), and turns 401/403 into
   * errors naming the registry and the user, never a secret.
   */
  private async authorized<T>(
    req: Omit<RegistryRequest, "body"> & { body?: unknown },
    send: (common: { method: string; url: string; headers: Record<string, string>; timeoutMs: number; retry: RetryPolicy | false; acceptStatus: number[]; onRetry: (i: { attempt: number; delayMs: number; reason: string }) => void }) => Promise<T>,
    view: (res: T) => { status: number; headers: Headers; text(): Promise<string>; discard(): Promise<void> },
  ): Promise<T> {
    const method = req.method ?? "GET";
    const scopes = req.scopes ?? [this.pullScope()];
    const url = this.url(req.path);
    for (let round = 0; ; round++) {
      const authorization = await this.auth.header(scopes);
      const headers: Record<string, string> = { ...req.headers };
      if (authorization) headers.authorization = authorization;
      let res: T;
      try {
        res = await send({
          method,
          url,
          headers,
          timeoutMs: req.timeoutMs ?? this.timeoutMs,
          retry: req.retry === false ? false : this.retry,
          acceptStatus: [401, 403, ...(req.accept ?? [])],
          onRetry: ({ attempt, delayMs, reason }) => this.logger.debug(`${method} ${safeUrl(url)}: retry ${attempt} in ${delayMs} ms (${reason})`),
        });
      } catch (e) {
        throw await this.scrub(e);
      }
      const answer = view(res);
      if (answer.status === 401) {
        await answer.discard();
        const retry = round < 2 && (await this.auth.unauthorized(parseChallenges(answer.headers.get("www-authenticate")), scopes, authorization));
        // A stream body is gone once sent: the caller (the upload loop) starts over.
        if (retry && typeof req.body !== "function") continue;
        if (retry) throw new RegistryError(`registry ${this.registry} asked to authenticate again during ${method} ${new URL(url).pathname}`, { code: "UNAUTHORIZED", hint: "retried from the start" });
        throw this.auth.rejected(await this.auth.credential(), `${method} ${new URL(url).pathname} answered 401`);
      }
      if (answer.status === 403 && !req.accept?.includes(403)) {
        const body = await answer.text();
        const c = await this.auth.credential();
        const who = c ? (c.username ? `user "${c.username}"` : "the identity token") : "anonymous access";
        throw new RegistryError(`registry ${this.registry} denied ${who} ${method} ${new URL(url).pathname} (403${body ? `: ${redact(body.slice(0, 200), await this.auth.secrets())}` : ""})`, {
          code: "DENIED",
          hint: `ask for ${scopes.join(" ")} on ${this.registry}`,
        });
      }
      return res;
    }
  }

  /** HttpErrors carry URLs and bodies: make sure no credential we hold is in them. */
  private async scrub(e: unknown): Promise<unknown> {
    if (!(e instanceof HttpError)) return e;
    const secrets = await this.auth.secrets();
    if (!secrets.some((s) => e.message.includes(s))) return e;
    return new HttpError({ code: e.code, method: e.method, url: e.url, ...(e.status === undefined ? {} : { status: e.status }), message: redact(e.message, secrets) });
  }
}
