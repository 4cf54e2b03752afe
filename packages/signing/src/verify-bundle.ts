/**
 * Verifies one Sigstore bundle with @sigstore/verify: signature over the artifact (or DSSE PAE),
 * Rekor entries with inclusion proof or promise, RFC 3161 timestamps, the certificate chain and its
 * validity window against the trusted root, then our identity policy (exact or regexp, as cosign's
 * --certificate-identity[-regexp] / --certificate-oidc-issuer[-regexp]). No network: the trust root
 * comes in as an argument.
 */
import type { KeyObject } from "node:crypto";
import { toSignedEntity, Verifier, VerificationError, PolicyError, type SignedEntity } from "@sigstore/verify";
import { errorMessage } from "@stella/core";
import { logIndexes, type Bundle } from "./bundle.js";
import { SigningError, type SigningErrorCode } from "./errors.js";
import { checkProofMatchesCheckpoint } from "./rekor-proof.js";
import { trustMaterial, type TrustedRoot } from "./trust.js";

export interface IdentityPolicy {
  subject?: string;
  subjectRegExp?: string;
  issuer?: string;
  issuerRegExp?: string;
}

export interface BundleVerifyOptions {
  trustedRoot: TrustedRoot;
  /** cosign.pub for key-signed bundles. */
  publicKey?: KeyObject;
  /** Required for certificate-signed bundles. */
  identity?: IdentityPolicy;
  /** Minimum Rekor entries; default 1 for certificates, 0 for keys (key-based needs no log). */
  tlogThreshold?: number;
  /** Minimum SCTs in the certificate; default 1 when the trusted root has CT logs. */
  ctlogThreshold?: number;
}

export interface VerifiedBundle {
  kind: "key" | "certificate";
  /** Certificate SAN, or `key` for key-signed bundles. */
  subject: string;
  issuer?: string;
  logIndexes: string[];
}

const CODE_MAP: Record<string, SigningErrorCode> = {
  SIGNATURE_ERROR: "SIGNATURE_INVALID",
  PUBLIC_KEY_ERROR: "SIGNATURE_INVALID",
  CERTIFICATE_ERROR: "CERTIFICATE_INVALID",
  TIMESTAMP_ERROR: "CERTIFICATE_INVALID",
  TLOG_ERROR: "TLOG_INVALID",
  TLOG_BODY_ERROR: "TLOG_INVALID",
  TLOG_INCLUSION_PROOF_ERROR: "TLOG_INVALID",
  TLOG_INCLUSION_PROMISE_ERROR: "TLOG_INVALID",
  TLOG_MISSING_INCLUSION_ERROR: "TLOG_INVALID",
  UNTRUSTED_SIGNER_ERROR: "IDENTITY_MISMATCH",
};

function describe(code: string, message: string): string {
  switch (code) {
    case "SIGNATURE_ERROR":
      return `signature does not verify (${message})`;
    case "TLOG_BODY_ERROR":
      return `the Rekor entry is for another artifact or signature (${message})`;
    case "CERTIFICATE_ERROR":
      return `certificate not trusted (${message})`;
    case "TLOG_INCLUSION_PROOF_ERROR":
      return `the Rekor inclusion proof or its checkpoint does not verify against the trusted root's log (${message})`;
    default:
      return message;
  }
}

function matches(value: string | undefined, exact: string | undefined, re: string | undefined): boolean {
  if (exact !== undefined && value !== exact) return false;
  if (re !== undefined && (value === undefined || !new RegExp(re).test(value))) return false;
  return true;
}

/**
 * A message-signature artifact checked in one streamed pass (blob.ts): the signature was verified
 * over the file's bytes with node's Verify object as they went by; `verifiedWith` answers whether
 * that happened with this key (the one @sigstore/verify established from the certificate or the
 * trust material) and succeeded.
 */
export interface StreamedArtifact {
  verifiedWith(key: KeyObject): boolean;
}

function signedEntity(bundle: Bundle, artifact: Buffer | StreamedArtifact | undefined): SignedEntity {
  if (artifact === undefined || Buffer.isBuffer(artifact)) return toSignedEntity(bundle, artifact);
  const entity = toSignedEntity(bundle, Buffer.alloc(0));
  const content = entity.signature;
  return {
    ...entity,
    signature: {
      signature: content.signature,
      compareSignature: (s) => content.compareSignature(s),
      compareDigest: (d) => content.compareDigest(d),
      verifySignature: (key) => artifact.verifiedWith(key),
    },
  };
}

export function verifyBundle(bundle: Bundle, artifact: Buffer | StreamedArtifact | undefined, o: BundleVerifyOptions): VerifiedBundle {
  const isCert = bundle.verificationMaterial.content.$case !== "publicKey";
  if (isCert && !o.identity) {
    throw new SigningError("the signature carries a certificate: say whose it must be", {
      code: "IDENTITY_MISMATCH",
      hint: "pass --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer (or -regexp)",
    });
  }
  if (!isCert && !o.publicKey) {
    throw new SigningError("the signature was made with a key and no public key was given", { code: "SIGNATURE_INVALID", hint: "pass --key cosign.pub" });
  }
  const verifier = new Verifier(trustMaterial(o.trustedRoot, o.publicKey), {
    tlogThreshold: o.tlogThreshold ?? (isCert ? 1 : 0),
    ctlogThreshold: o.ctlogThreshold ?? (isCert && o.trustedRoot.ctlogs.length > 0 ? 1 : 0),
    timestampThreshold: isCert ? 1 : 0,
  });
  for (const entry of bundle.verificationMaterial.tlogEntries) checkProofMatchesCheckpoint(entry);
  let signer;
  try {
    signer = verifier.verify(signedEntity(bundle, artifact));
  } catch (e) {
    if (e instanceof VerificationError || e instanceof PolicyError) {
      throw new SigningError(describe(e.code, e.message), { code: CODE_MAP[e.code] ?? "SIGNATURE_INVALID", cause: e });
    }
    throw new SigningError(`verification failed: ${errorMessage(e)}`, { code: "SIGNATURE_INVALID", cause: e });
  }
  if (!isCert) return { kind: "key", subject: "key", logIndexes: logIndexes(bundle) };
  const subject = signer.identity?.subjectAlternativeName;
  const issuer = signer.identity?.extensions?.issuer;
  const id = o.identity ?? {};
  if (!matches(subject, id.subject, id.subjectRegExp)) {
    throw new SigningError(`certificate identity is "${subject ?? "(none)"}", expected ${id.subject !== undefined ? `"${id.subject}"` : `/${id.subjectRegExp ?? ""}/`}`, {
      code: "IDENTITY_MISMATCH",
    });
  }
  if (!matches(issuer, id.issuer, id.issuerRegExp)) {
    throw new SigningError(`certificate OIDC issuer is "${issuer ?? "(none)"}", expected ${id.issuer !== undefined ? `"${id.issuer}"` : `/${id.issuerRegExp ?? ""}/`}`, {
      code: "IDENTITY_MISMATCH",
    });
  }
  return { kind: "certificate", subject: subject ?? "", ...(issuer ? { issuer } : {}), logIndexes: logIndexes(bundle) };
}
