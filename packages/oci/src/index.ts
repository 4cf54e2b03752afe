// Public API of @stella/oci (STYLE.md §11): what other packages, the CLI and actions may use.
export type { Descriptor, Platform, ManifestBlob, ImageStore } from "./types.js";
export { OciError, isOciError, digestMismatch, type OciErrorCode } from "./errors.js";
export { MediaType, EMPTY_JSON_DIGEST, MANIFEST_ACCEPT, isIndexMediaType, isImageManifestMediaType, isManifestMediaType } from "./media-types.js";
export {
  MAX_MANIFEST_BYTES,
  parseManifest,
  isDescriptor,
  isPlatform,
  childrenOf,
  subjectOf,
  artifactTypeOf,
  annotationsOf,
  type ImageManifest,
  type ImageIndex,
  type ParsedManifest,
} from "./manifest.js";
export {
  referrersTagFor,
  isReferrersTag,
  referrerDescriptorOf,
  emptyReferrersIndex,
  parseReferrersIndex,
  mergeReferrers,
  addReferrers,
  removeReferrer,
  filterByArtifactType,
  normalizeDescriptor,
  encodeReferrersIndex,
  updatedReferrersIndex,
} from "./referrers-index.js";
export {
  parseDockerReference,
  formatDockerReference,
  parseImageReference,
  formatImageReference,
  manifestReferenceOf,
  DOCKER_HUB,
  type DockerReference,
  type ImageReference,
} from "./refs.js";
export { OciLayoutStore, REF_NAME } from "./layout.js";
export { pruneLayout, type PruneResult } from "./layout-prune.js";
export { DigestVerifier, verifyBytes, markVerified, isMarkedVerified } from "./verify-stream.js";
export { buildExampleImage, type ExampleImageOptions } from "./example-image.js";
export * from "./registry/index.js";
export { openImage, type OpenImageOptions, type OpenedImage } from "./open.js";
export { copyImage, hostPlatform, type CopyOptions, type CopyResult } from "./copy.js";
export { inspectImage, formatImageDetails, configFacts, type ImageDetails, type PlatformImage, type ConfigFacts } from "./inspect.js";
export { extractTar, packLayout } from "./archive.js";
