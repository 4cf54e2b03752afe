import { StellaError } from "@stella/core";

export type HttpErrorCode = "HTTP_STATUS" | "HTTP_NETWORK" | "HTTP_TIMEOUT";

/** The one HTTP error of the suite (STYLE.md §6): method, URL (without credentials), status, body excerpt. */
export class HttpError extends StellaError<HttpErrorCode> {
  readonly status: number | undefined;
  readonly url: string;
  readonly method: string;
  readonly body: string | undefined;
  readonly headers: Headers | undefined;

  constructor(init: {
    code: HttpErrorCode;
    method: string;
    url: string;
    status?: number;
    body?: string;
    headers?: Headers;
    message?: string;
    hint?: string;
    cause?: unknown;
  }) {
    const where = `${init.method} ${safeUrl(init.url)}`;
    const what =
      init.message ??
      (init.code === "HTTP_STATUS"
        ? `${where} answered ${init.status}${init.body ? `: ${init.body.slice(0, 300)}` : ""}`
        : init.code === "HTTP_TIMEOUT"
          ? `${where} timed out`
          : `${where} failed: ${init.cause instanceof Error ? init.cause.message : String(init.cause)}`);
    super(what, { code: init.code, ...(init.hint ? { hint: init.hint } : {}), cause: init.cause });
    this.status = init.status;
    this.url = safeUrl(init.url);
    this.method = init.method;
    this.body = init.body;
    this.headers = init.headers;
  }
}

/** A URL without user:password and with secret-looking query values masked. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = "";
    u.password = "";
    for (const k of [...u.searchParams.keys()]) {
      if (/token|key|secret|password|sig/i.test(k)) u.searchParams.set(k, "***");
    }
    return u.toString();
  } catch {
    return raw;
  }
}
