// Public API of @stella/deploy (STYLE.md §11): per-deployment artifacts of
// artifact-generation.md: lock file, version sticker, artifact store, retention, drift.
export { DeployError, type DeployErrorCode } from "./errors.js";
export { uuidv5, stellaId, STELLA_NAMESPACE } from "./ids.js";
export { releaseIdOf, componentIdOf, environmentIdOf, deploymentIdOf, manifestDigestOf } from "./release-ids.js";
export { formatChecksums, parseChecksums, verifyChecksums, type ChecksumEntry, type ChecksumFailure } from "./checksums.js";
export { generateLockFile, verifyLockChecksum, LOCK_FILE_NAME, type LockOptions, type LockResult } from "./lock.js";
export { buildSticker, signSticker, serializeSticker, parseSticker, stickerPayload, STICKER_FILE_NAME, type VersionSticker, type StickerComponent, type StickerOptions } from "./sticker.js";
export { pemStickerSigner, keyStickerSigner, pemStickerVerifier, type StickerSigner, type StickerVerifier } from "./sticker-signer.js";
export { storeArtifacts, parseArtifactManifest, artifactType, MANIFEST_FILE, CHECKSUMS_FILE, type ArtifactManifest, type ArtifactEntry, type StoreOptions, type StoreResult } from "./store.js";
export { planPrune, prune, retentionClassOf, expiryOf, RETENTION, type PruneEntry, type RetentionClass } from "./retention.js";
export { checkDrift, compareStickers, verifySticker, formatDrift, type DriftCheck, type DriftDetails, type DriftType, type DriftOptions, type SignatureCheck } from "./drift.js";
