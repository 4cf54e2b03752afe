// Publishing (issue 6 "Publishing the release"): forges, notes, checksums, idempotent uploads.
export type { Forge, ForgeRelease, ForgeAsset, ReleaseFields, ForgeRetry } from "./forge.js";
export { DEFAULT_FORGE_RETRY } from "./forge.js";
export { githubForge, githubRetryDelay, type GitHubOptions } from "./github.js";
export { giteaForge, type GiteaOptions } from "./gitea.js";
export { parseCommit, releaseNotes, type Commit, type ParsedCommit, type NotesOptions } from "./notes.js";
export { previousTag, commitsBetween } from "./git-log.js";
export { checksumsFile, sha256File } from "./checksums.js";
export { publishRelease, contentTypeOf, type PublishAsset, type PublishOptions, type PublishResult } from "./publish.js";
export { runPublish, type RunPublishOptions, type RunPublishResult } from "./run-publish.js";
