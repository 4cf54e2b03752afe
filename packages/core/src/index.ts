export { StellaError, ValidationError, isStellaError, errorMessage, type StellaErrorOptions } from "./errors.js";
export { silentLogger, redact, type Logger, type ProgressCallback } from "./logger.js";
export { writeFileAtomic, writeFileAtomicSync, writeStreamAtomic, tempPathFor } from "./atomic-file.js";
export { sha256Digest, sha256Hex, isSha256Digest } from "./digest.js";
export { timestampFrom, isoSeconds } from "./epoch.js";
export { ZstdFrameSplitter, zstdDecompressStages } from "./zstd-frames.js";
export { mapLimit } from "./map-limit.js";
export { fileChunks, readThrough } from "./read-through.js";
export { sniffCompression, decompressors, type Compression } from "./compression.js";
