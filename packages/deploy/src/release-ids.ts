/** The ids a deployment's artifacts share, all derived from content (UUIDv5). */
import type { ReleaseManifest, ServiceRelease } from "@stella/release";
import { computeManifestDigest } from "@stella/release";
import { stellaId } from "./ids.js";

export function manifestDigestOf(manifest: ReleaseManifest): string {
  return manifest.manifest.manifest_digest ?? computeManifestDigest(manifest);
}

export function releaseIdOf(manifest: ReleaseManifest): string {
  return stellaId("release", `${manifest.manifest.release_id}@${manifestDigestOf(manifest)}`);
}

export function componentIdOf(service: ServiceRelease): string {
  return stellaId("component", `${service.service_id}@${service.digest}`);
}

export function environmentIdOf(name: string): string {
  return stellaId("environment", name);
}

export function deploymentIdOf(releaseId: string, environmentId: string, startedAt: string, target = ""): string {
  return stellaId("deployment", `${releaseId}/${environmentId}/${target}/${startedAt}`);
}
