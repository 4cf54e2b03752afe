export { KitError, type KitErrorCode } from "./errors.js";
export { encodeHeader, normaliseMode, paxRecord, type TarEntryType, type TarHeaderFields } from "./tar-header.js";
export { walkTree, tarChunks, writeTarball, type TarEntry, type WrittenArchive } from "./tar-writer.js";
export { compressionForPath, sniffCompression, decompressors, type Compression } from "./compress.js";
export { safeEntryPath, resolveSymlinkTarget } from "./entry-path.js";
export { extractSafely, rollback, previousPathFor, defaultExtractLimits, type ExtractLimits, type ExtractOptions, type ExtractResult, type ExpectedFile } from "./extract.js";
export { keyKitSigner, signerKitSigner, keyKitVerifier, identityKitVerifier, fileSha256, type KitSigner, type KitSignature, type StreamingKitSignature, type KitVerifier } from "./blob-signature.js";
export { KIT_MANIFEST_PATH, parseKitManifest, expectedFiles, sortedJson, readInstalledManifest, type KitManifest } from "./kit-manifest.js";
export { packTree, sidecarsOf, type PackOptions, type PackedKit } from "./pack.js";
// Offline Update Kit (feeds), playbook §4
export { buildOuk, parseKitDate, OUK_KIND, type OukBuildOptions, type OukBuildResult } from "./ouk/build.js";
export { importOuk, IMPORT_RECORD, type OukImportOptions, type OukImportResult } from "./ouk/import.js";
export { fetchNvd, nvdWindows, type NvdOptions } from "./ouk/nvd.js";
export { fetchOsv, type OsvOptions } from "./ouk/osv.js";
export { fetchTrivyDb, defaultOpenStore, TRIVY_DATABASES, TRIVY_CONFIG_MEDIA_TYPE, type TrivyDbName, type OpenStore } from "./ouk/trivy.js";
export { downloadResumable, googMd5 } from "./ouk/download.js";
export { issueClientToken, checkClientToken, CLIENT_TOKEN_TTL_DAYS, CLIENT_TOKEN_MIN_DAYS, type ClientTokenFacts } from "./ouk/client-token.js";
export type { FeedStamp } from "./ouk/feed-types.js";
export { redisFeedBus, type FeedBus } from "./ouk/redis-bus.js";
export { FEED_CACHE_PATTERN, FEED_UPDATED_CHANNEL, AUDIT_STREAM, OUK_UPDATE_EVENT, type OukUpdateEvent, type FeedAge } from "./ouk/redis-contract.js";
export { kitSignerFromSpec, kitVerifierFrom } from "./signing-spec.js";
// Offline image kit, architecture-devops §3.3, §10.2, §15
export { buildOfflineKit, offlineKitName, OFFLINE_KIT_KIND, type OfflineKitBuildOptions, type OfflineKitBuildResult, type KitImage, type KitIncludes, type DeltaInfo } from "./offline/build.js";
export { importOfflineKit, destinationOf, type OfflineKitImportOptions, type OfflineKitImportResult } from "./offline/import.js";
export { readKitManifestFromArchive } from "./archive-manifest.js";
export { runBuildOuk, type RunBuildOukOptions, type RunBuildOukResult, type TokenIssue } from "./ouk/run-build.js";
