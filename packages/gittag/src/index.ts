export { TagError, type TagErrorCode } from "./errors.js";
export { parseTagObject, type TagObject } from "./tag-object.js";
export { verifyTag, type VerifyTagOptions, type TagVerification } from "./verify-tag.js";
