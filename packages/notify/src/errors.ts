import { StellaError } from "@stella/core";

/** Every failure the notify package raises on purpose (STYLE.md §6). */
export type NotifyErrorCode =
  | "SETTINGS"
  | "REDIS_CONNECT"
  | "REDIS_AUTH"
  | "REDIS_COMMAND"
  | "STREAM_TYPE"
  | "API_AUTH"
  | "API_NOT_FOUND"
  | "API_UNAVAILABLE"
  | "API_RESPONSE"
  | "SMOKE_FAILED";

export class NotifyError extends StellaError<NotifyErrorCode> {}
