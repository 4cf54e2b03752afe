import { StellaError } from "@stella/core";

export type TagErrorCode = "TAG_NOT_FOUND" | "TAG_LIGHTWEIGHT" | "TAG_UNSIGNED" | "TAG_UNKNOWN_SIGNER" | "TAG_BAD_SIGNATURE" | "TAG_WRONG_COMMIT" | "TAG_KEYRING";

export class TagError extends StellaError<TagErrorCode> {}
