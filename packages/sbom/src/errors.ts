import { StellaError, type StellaErrorOptions } from "@stella/core";

/** What can go wrong while building, attaching or comparing SBOMs (STYLE.md §6). */
export type SbomErrorCode =
  | "LAYER_TRUNCATED"
  | "LAYER_CORRUPT"
  | "DIGEST_MISMATCH"
  | "BAD_IMAGE"
  | "BAD_SBOM"
  | "BAD_OPTION"
  | "UNSUPPORTED"
  | "DRIFT"
  | "NOT_ATTACHED";

export class SbomError extends StellaError<SbomErrorCode> {
  constructor(message: string, options: StellaErrorOptions<SbomErrorCode>) {
    super(message, options);
  }
}

export function isSbomError(e: unknown, code?: SbomErrorCode): e is SbomError {
  return e instanceof SbomError && (code === undefined || e.code === code);
}
