export { KitError, type KitErrorCode } from "./errors.js";
export { encodeHeader, normaliseMode, paxRecord, type TarEntryType, type TarHeaderFields } from "./tar-header.js";
export { walkTree, tarChunks, writeTarball, hashTap, type TarEntry, type WrittenArchive } from "./tar-writer.js";
export { compressionForPath, sniffCompression, compressor, decompressor, type Compression } from "./compress.js";
export { safeEntryPath, resolveSymlinkTarget } from "./entry-path.js";
export { extractSafely, rollback, previousPathFor, defaultExtractLimits, type ExtractLimits, type ExtractOptions, type ExtractResult, type ExpectedFile } from "./extract.js";
