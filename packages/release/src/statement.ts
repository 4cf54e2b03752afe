import { buildStatement, parseStatement, subjectFor } from "@stella/signing";
import { ReleaseError } from "./errors.js";

/** DSSE payload type of in-toto statements. */
export const MANIFEST_PAYLOAD_TYPE = "application/vnd.in-toto+json";
/** Our predicate: what a release signature asserts besides the digest. */
export const MANIFEST_PREDICATE_TYPE = "https://stella-ops.org/attestations/release-manifest/v1";

export interface ManifestStatementFacts {
  digest: string;
  version: string;
  releaseId: string;
  signedAt: string;
}

/**
 * The statement a release signature covers: subject `release.json` with the manifest digest,
 * predicate { version, release_id, signed_at }. Sorted keys (buildStatement), so it can be
 * rebuilt byte for byte from release.json alone to check a bare signature.
 */
export function manifestStatement(f: ManifestStatementFacts): Uint8Array {
  return buildStatement([subjectFor("release.json", f.digest)], MANIFEST_PREDICATE_TYPE, { version: f.version, release_id: f.releaseId, signed_at: f.signedAt });
}

export function readManifestStatement(payload: Uint8Array): ManifestStatementFacts {
  const st = parseStatement(payload, "release signature statement");
  const p = st.predicate;
  const sha = st.subject[0]?.digest.sha256;
  if (st.predicateType !== MANIFEST_PREDICATE_TYPE || !isRecord(p) || sha === undefined) {
    throw new ReleaseError(`the signed statement is a ${st.predicateType}, not a release manifest signature`, { code: "SIGNATURE" });
  }
  return { digest: `sha256:${sha}`, version: String(p.version), releaseId: String(p.release_id), signedAt: String(p.signed_at) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
