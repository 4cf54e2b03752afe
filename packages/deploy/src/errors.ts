import { StellaError, type StellaErrorOptions } from "@stella/core";

export type DeployErrorCode =
  | "LOCK_UNPINNABLE"
  | "LOCK_INPUT"
  | "STICKER_PARSE"
  | "STICKER_SIGNATURE"
  | "STORE_IMMUTABLE"
  | "STORE_NAME"
  | "STORE_READ"
  | "CHECKSUM_FORMAT";

/** Everything the deploy package refuses on purpose (STYLE.md §6): what, where, how to fix. */
export class DeployError extends StellaError<DeployErrorCode> {
  constructor(message: string, options: StellaErrorOptions<DeployErrorCode>) {
    super(message, options);
  }
}
