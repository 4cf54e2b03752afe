import { StellaError, type StellaErrorOptions } from "@stella/core";

/**
 * What only a registry can refuse: credentials, permissions, its auth configuration, an
 * upload it would not finish. Content problems (digest mismatch, not found, too large) stay
 * `OciError` so copy and inspect see the same codes from every store.
 */
export type RegistryErrorCode = "UNAUTHORIZED" | "DENIED" | "BAD_AUTH_CONFIG" | "CREDENTIAL_HELPER" | "UPLOAD_FAILED" | "PROTOCOL";

export class RegistryError extends StellaError<RegistryErrorCode> {
  constructor(message: string, options: StellaErrorOptions<RegistryErrorCode>) {
    super(message, options);
  }
}

export function isRegistryError(e: unknown, code?: RegistryErrorCode): e is RegistryError {
  return e instanceof RegistryError && (code === undefined || e.code === code);
}
