import { isOciError, referrersTagFor, type Descriptor, type ImageStore } from "@stella/oci";
import type { ClaimKind, ImageFragment, ReferrerClaim } from "./fragment.js";

/** cosign's tag-based signature scheme: the `sha256-<hex>.sig` tag (not a referrer). */
export const COSIGN_SIGNATURE_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
/** cosign's tag-based attestations: the `sha256-<hex>.att` tag. */
export const COSIGN_ATTESTATION_TYPE = "application/vnd.dsse.envelope.v1+json";

export interface ClaimResult {
  claim: ReferrerClaim;
  found: boolean;
  /** How it was found (or looked for): `referrers` or the cosign tag. */
  via: string;
  message: string;
}

export interface ImageReferrerStatus {
  service_id: string;
  image: string;
  results: ClaimResult[];
  missing: ClaimResult[];
  /** Per kind: every claim of that kind found (true), some missing (false), none claimed (undefined). */
  status: Partial<Record<ClaimKind, boolean>>;
}

/**
 * Checks that an image really has the referrers its fragment claims (§2.2: SBOM and
 * provenance as OCI referrers; §2.3 cosign signatures). A missing one is named by image,
 * digest, kind and artifact type, with what the store does list.
 */
export async function checkClaims(store: ImageStore, fragment: ImageFragment): Promise<ImageReferrerStatus> {
  const { service_id, image, digest } = fragment.service;
  const ref = `${image}@${digest}`;
  let all: Descriptor[] | undefined;
  const listAll = async () => (all ??= await store.referrers(digest));
  const results: ClaimResult[] = [];
  for (const claim of fragment.claims ?? []) {
    const label = `${claim.kind} ${claim.artifact_type}${claim.digest ? ` (${claim.digest})` : ""}`;
    if (claim.artifact_type === COSIGN_SIGNATURE_TYPE || claim.artifact_type === COSIGN_ATTESTATION_TYPE) {
      const tag = `${referrersTagFor(digest)}.${claim.artifact_type === COSIGN_SIGNATURE_TYPE ? "sig" : "att"}`;
      const found = await tagExists(store, tag, claim.digest);
      results.push({ claim, found, via: `tag ${tag}`, message: found ? `${ref}: ${label} found as tag ${tag}` : `${ref} (service ${service_id}) claims a ${label} but tag ${tag} ${claim.digest ? "does not point at it" : "does not exist"}` });
      continue;
    }
    const refs = await listAll();
    const hit = refs.some((d) => d.artifactType === claim.artifact_type && (claim.digest === undefined || d.digest === claim.digest));
    const present = [...new Set(refs.map((d) => d.artifactType ?? d.mediaType))].sort();
    results.push({
      claim,
      found: hit,
      via: "referrers",
      message: hit
        ? `${ref}: ${label} attached`
        : `${ref} (service ${service_id}) claims a ${label} referrer but ${store.location} lists ${present.length === 0 ? "no referrers at all" : `only ${present.join(", ")}`}`,
    });
  }
  const status: Partial<Record<ClaimKind, boolean>> = {};
  for (const r of results) status[r.claim.kind] = (status[r.claim.kind] ?? true) && r.found;
  return { service_id, image, results, missing: results.filter((r) => !r.found), status };
}

async function tagExists(store: ImageStore, tag: string, digest: string | undefined): Promise<boolean> {
  try {
    const d = await store.resolve(tag);
    return digest === undefined || d.digest === digest;
  } catch (e) {
    if (isOciError(e, "NOT_FOUND")) return false;
    throw e; // auth, network: not evidence that the signature is missing
  }
}
