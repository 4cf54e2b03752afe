// Public API of @stella/release (STYLE.md §11): the release manifest model and schema,
// versions and channels, skew rules, image labels, canonical digest, release.yaml,
// assembling, diff, signing, publishing.
export type {
  ReleaseManifest,
  ManifestBody,
  ServiceRelease,
  PortMapping,
  HealthCheckConfig,
  ResourceRequirements,
  InfrastructureRequirements,
  DatabaseRequirement,
  ExternalServiceRequirement,
  MigrationStep,
  BreakingChange,
  ReleaseSignature,
  DeploymentProfile,
  ServiceOverride,
  ProfileId,
  ReleaseChannel,
  SchemaChannelId,
} from "./model.js";
export { ReleaseError, ManifestValidationError, formatProblem, type ReleaseErrorCode, type ManifestProblem } from "./errors.js";
export { releaseManifestSchema, validateReleaseManifest, checkReleaseManifest, isReleaseManifest, resolvePointer, type ManifestCheck } from "./validate.js";
export { parseReleaseManifest, loadReleaseManifest, type ParseOptions } from "./load.js";
export { canonicalManifestBytes, computeManifestDigest, withManifestDigest, checkManifestDigest, type DigestCheck } from "./canonical-digest.js";
