export { httpRequest, type HttpRequest } from "./fetch.js";
export { HttpError, safeUrl, type HttpErrorCode } from "./http-error.js";
export { defaultRetryPolicy, isRetryableStatus, isRetryableNetworkError, parseRetryAfter, backoffDelay, type RetryPolicy } from "./retry.js";
export { httpStreamRequest, type StreamRequest, type StreamResponse } from "./stream-request.js";
