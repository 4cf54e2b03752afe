import { StellaError, type StellaErrorOptions } from "@stella/core";

export type ProfilesErrorCode =
  | "PROFILE_READ"
  | "PROFILE_PARSE"
  | "PROFILE_KIND"
  | "COMPOSE_EXTENDS"
  | "CHANNEL_UNKNOWN"
  | "MIRROR_SYNTAX"
  | "FIX_CONFLICT";

/** Everything the profiles package refuses on purpose (STYLE.md §6): what, where, how to fix. */
export class ProfilesError extends StellaError<ProfilesErrorCode> {
  constructor(message: string, options: StellaErrorOptions<ProfilesErrorCode>) {
    super(message, options);
  }
}
