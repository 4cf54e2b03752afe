import { StellaError } from "@stella/core";

/** Every failure the kit package raises on purpose (STYLE.md §6). */
export type KitErrorCode =
  | "TAR_FORMAT"
  | "UNSAFE_ENTRY"
  | "SIZE_MISMATCH"
  | "DIGEST_MISMATCH"
  | "BOMB"
  | "SIGNATURE"
  | "FEED"
  | "FEED_SCHEMA"
  | "TOKEN_EXPIRY"
  | "MANIFEST"
  | "DELTA_BASE_MISSING"
  | "IMAGE"
  | "IO";

export class KitError extends StellaError<KitErrorCode> {}
