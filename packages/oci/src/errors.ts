import { StellaError, type StellaErrorOptions } from "@stella/core";

/**
 * What can go wrong with images, references and stores. One class for the package
 * (STYLE.md §6); `code` says which kind, the message quotes the offending value.
 */
export type OciErrorCode =
  | "BAD_REFERENCE"
  | "BAD_MANIFEST"
  | "MANIFEST_TOO_LARGE"
  | "DIGEST_MISMATCH"
  | "SIZE_MISMATCH"
  | "NOT_FOUND"
  | "BAD_LAYOUT"
  | "UNSUPPORTED"
  | "LOCKED";

export class OciError extends StellaError<OciErrorCode> {
  constructor(message: string, options: StellaErrorOptions<OciErrorCode>) {
    super(message, options);
  }
}

export function isOciError(e: unknown, code?: OciErrorCode): e is OciError {
  return e instanceof OciError && (code === undefined || e.code === code);
}

/** The one message for bytes that are not what their descriptor promised (issue 3 "Robustness"). */
export function digestMismatch(where: string, expected: string, actual: string): OciError {
  return new OciError(`digest mismatch for ${where}: expected ${expected}, got ${actual}`, {
    code: "DIGEST_MISMATCH",
    hint: "the content was corrupted in transit or in storage; nothing was stored",
  });
}
