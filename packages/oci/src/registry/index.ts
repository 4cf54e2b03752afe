// Registry side of @stella/oci: the ImageStore over the distribution API, and what the
// entry points need to configure it (auth file, docker config dir, timeouts, retries).
import { RegistryStore, type RegistryStoreOptions } from "./store.js";

export { RegistryStore, tryMountBlob, type RegistryStoreOptions } from "./store.js";
export { RegistryError, isRegistryError, type RegistryErrorCode } from "./errors.js";
export { findCredential, runCredentialHelper, type Credential, type CredentialSources } from "./credentials.js";
export { parseChallenges, mergeScopes, scopesCover, repositoryScope, type Challenge } from "./challenge.js";
export { nextLink } from "./tags.js";
export { apiHostOf } from "./client.js";
export { BlobOrigins } from "./blob-origins.js";

/**
 * Opens `docker://registry/repository` as an ImageStore. Options come from the entry point
 * (`REGISTRY_AUTH_FILE` -> `authFile`, `DOCKER_CONFIG` -> `dockerConfigDir`); plain HTTP is
 * used automatically for 127.0.0.1, localhost and ::1.
 */
export function openRegistryStore(ref: { registry: string; repository: string }, options: RegistryStoreOptions = {}): RegistryStore {
  return new RegistryStore(ref, options);
}
