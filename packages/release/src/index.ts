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
export { parseSemver, calendarOf, isCalendarTag, releaseVersion, formatVersion, parseDisplayVersion, compareVersions, minorLine, type ReleaseVersion } from "./version.js";
export {
  channelForRef,
  checkTagMatchesVersion,
  checkNoDowngrade,
  trainOf,
  SCHEMA_CHANNEL_TO_TRAIN,
  TRAIN_TO_SCHEMA_CHANNEL,
  type Train,
  type BuildKind,
  type ChannelOptions,
  type ChannelDecision,
  type PublishedVersion,
} from "./channels.js";
export { checkSkew, defaultSkewRules, parseSkewRules, loadSkewRules, globMatch, type SkewRule, type SkewRules, type SkewFinding, type SkewReport } from "./skew.js";
export { RELEASE_LABELS, checkImageLabels, readImageLabels, type ReleaseLabel, type ExpectedLabels, type LabelFinding, type PlatformLabels } from "./labels.js";
export { writeReleaseYaml, parseReleaseYaml, releaseYamlChecksum, type ReleaseYaml, type ReleaseYamlComponent } from "./release-yaml.js";
export { parseFragment, loadFragments, type ImageFragment, type ReferrerClaim, type ClaimKind } from "./fragment.js";
export { checkClaims, COSIGN_SIGNATURE_TYPE, COSIGN_ATTESTATION_TYPE, type ClaimResult, type ImageReferrerStatus } from "./referrer-check.js";
export { buildRelease, serializeRelease, releaseYamlOf, type ReleaseInfo, type YamlExtras } from "./assemble-model.js";
export { assembleRelease, type AssembleOptions, type AssembleResult } from "./assemble.js";
export { signManifest, verifyManifest, type ManifestSigner, type ManifestVerifier, type SignedBlob, type VerifiedBy, type SignOptions, type VerifyResult } from "./sign.js";
export { manifestStatement, readManifestStatement, MANIFEST_PAYLOAD_TYPE, MANIFEST_PREDICATE_TYPE, type ManifestStatementFacts } from "./statement.js";
export { sigstoreManifestSigner, sigstoreManifestVerifier, type VerifierOptions } from "./sigstore-adapter.js";
export { diffManifests, renderDiff, type ManifestDiff, type ServiceChange, type DiffFormat } from "./diff.js";
export { storeOpener, checkReleaseImages, SBOM_ARTIFACT_TYPES, type StoreOpener, type ImageCheck, type ImageTrust } from "./image-access.js";
export { runAssemble, type AssembleRunOptions } from "./run-assemble.js";
export { assembleSummary } from "./summary.js";
export * from "./publish/index.js";
