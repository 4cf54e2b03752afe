// Public API of @stella/profiles (STYLE.md §11): image references in Compose/Helm/K8s
// profiles, channel alignment against a release manifest, --fix, SARIF, validation.
export { ProfilesError, type ProfilesErrorCode } from "./errors.js";
export { parseSourceFile, positionOf, type SourceFile, type Position } from "./yaml-tree.js";
export type { FoundImage, DigestSite, ProfileKind } from "./found-image.js";
export { interpolate, type Environment, type EnvValue, type Interpolated } from "./interpolate.js";
export { parseEnvFile } from "./env-file.js";
export { extractCompose, type ComposeResult, type LoadSource } from "./compose.js";
export { extractHelmValues } from "./helm.js";
export { extractKubernetes, isKubernetesObject } from "./kubernetes.js";
export { extractImages, detectKind, type ExtractOptions, type Extraction } from "./extract.js";
export { RULES, compareFindings, type Finding, type RuleId, type RuleInfo, type Severity } from "./findings.js";
export { parseMirrors, unmirror, type Mirror } from "./mirrors.js";
export { checkAlignment, type AlignmentInput, type AlignmentResult, type PlannedFix } from "./alignment.js";
export { planFixes, applyEdits, writeFixes, type FixPlan, type TextEdit } from "./fix.js";
export { toSarif, sarifText, SARIF_SCHEMA, type SarifOptions } from "./sarif.js";
export { formatFindings, summaryTable } from "./report.js";
export { alignProfiles, type AlignOptions, type AlignReport } from "./align.js";
export { validateCompose, validateKubernetes } from "./validate.js";
export { validateProfiles, findOnPath, type ValidateOptions, type ValidateReport } from "./validate-profiles.js";
export { expandProfiles } from "./globs.js";
