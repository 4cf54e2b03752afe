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

/** A tree file that moved under the packer (GNU tar's "file changed as we read it"), with what showed it. */
export function changedWhileArchiving(path: string, how?: string): KitError {
  return new KitError(`${path} changed while archiving${how ? `: ${how}` : ""}`, { code: "SIZE_MISMATCH", hint: "do not modify the tree while the kit is built" });
}
