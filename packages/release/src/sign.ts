import { isoSeconds } from "@stella/core";
import { canonicalManifestBytes, checkManifestDigest, computeManifestDigest } from "./canonical-digest.js";
import { ReleaseError } from "./errors.js";
import type { ReleaseManifest, ReleaseSignature } from "./model.js";
import { manifestStatement, MANIFEST_PAYLOAD_TYPE, readManifestStatement } from "./statement.js";

/**
 * The seam to the signing package (STYLE.md §4): whatever signs a DSSE payload (a cosign key,
 * keyless Fulcio + Rekor) and returns a Sigstore bundle. `sigstore-adapter.ts` wires
 * @stella/signing; tests may inject anything that signs.
 */
export interface ManifestSigner {
  signDsse(payload: Uint8Array, payloadType: string): Promise<SignedBlob>;
}

export interface SignedBlob {
  /** base64 of the DSSE signature (over PAE(payloadType, payload)). */
  signature: string;
  /** The Sigstore bundle (JSON) to store beside release.json. */
  bundle: unknown;
  keyId?: string;
  /** Rekor log index, when the signature was logged. */
  logIndex?: number;
}

export interface VerifiedBy {
  keyId?: string;
  identity?: string;
  logIndex?: number;
  /** The bundle's DSSE signature, base64, to tie it to a `signatures[]` entry. */
  signature: string;
  /** The signed statement (DSSE payload) the bundle carries. */
  payload?: Uint8Array;
}

/** Checks signatures: bundles (any key or identity policy), and bare DSSE signatures with a key. */
export interface ManifestVerifier {
  /** Verifies the bundle, and that its statement's subject is sha256(`subject`). */
  verifyBundle(subject: Uint8Array, bundle: unknown): Promise<VerifiedBy>;
  verifySignature?(payload: Uint8Array, payloadType: string, signature: string): Promise<VerifiedBy>;
}

export interface SignOptions {
  /** The `signed_at` to record and sign (SOURCE_DATE_EPOCH or now, chosen by the caller). */
  signedAt: Date;
}

/**
 * Signs a release (signature_type `dsse`): recomputes `manifest_digest`, then signs an in-toto
 * statement whose subject is that digest (the sha256 of the RFC 8785 canonical bytes) and whose
 * predicate holds version, release id and `signed_at`, so every field of the signatures[] entry
 * except the log index (checked against the bundle) is covered by the signature too. An earlier
 * entry of the same key is replaced: re-signing never duplicates.
 */
export async function signManifest(release: ReleaseManifest, signer: ManifestSigner, options: SignOptions): Promise<{ release: ReleaseManifest; bundle: unknown; entry: ReleaseSignature }> {
  const digest = computeManifestDigest(release);
  const signedAt = isoSeconds(options.signedAt);
  const payload = manifestStatement({ digest, version: release.manifest.version, releaseId: release.manifest.release_id, signedAt });
  const signed = await signer.signDsse(payload, MANIFEST_PAYLOAD_TYPE);
  const entry: ReleaseSignature = {
    signature_type: "dsse",
    signature: signed.signature,
    ...(signed.keyId === undefined ? {} : { key_id: signed.keyId }),
    signed_at: signedAt,
    ...(signed.logIndex === undefined ? {} : { rekor_log_index: signed.logIndex }),
  };
  const others = (release.manifest.signatures ?? []).filter((s) => signed.keyId === undefined || s.key_id !== signed.keyId);
  const manifest = { ...release.manifest, manifest_digest: digest, signatures: [...others, entry] };
  return { release: { ...release, manifest }, bundle: signed.bundle, entry };
}

export interface VerifyResult {
  digest: string;
  verified: { entry: ReleaseSignature; by: VerifiedBy }[];
}

/**
 * Offline verification (no registry, no network): the recorded `manifest_digest` must equal the
 * recomputed one (any changed field of the document fails here), and the signatures must verify:
 * through the bundles when given (statement subject = digest, predicate = the entry's version,
 * release id and time, key id and log index = the bundle's), else each entry as a bare DSSE
 * signature over the statement rebuilt from the entry (key-based only).
 */
export async function verifyManifest(release: ReleaseManifest, verifier: ManifestVerifier, bundles: readonly unknown[] = []): Promise<VerifyResult> {
  const check = checkManifestDigest(release);
  if (!check.ok) {
    throw new ReleaseError(`manifest_digest is ${check.actual ?? "missing"} but the release hashes to ${check.expected}: release.json was changed after it was signed`, {
      code: "DIGEST_MISMATCH",
      hint: "use the release.json exactly as published; if you changed it on purpose, re-sign it with `stella manifest sign`",
    });
  }
  const entries = release.manifest.signatures ?? [];
  if (entries.length === 0) throw new ReleaseError("release.json has no signatures", { code: "SIGNATURE", hint: "sign it with `stella manifest sign --key cosign.key`" });
  const subject = new TextEncoder().encode(canonicalManifestBytes(release));
  const problems: string[] = [];
  const verified: VerifyResult["verified"] = [];
  const expectStatement = (entry: ReleaseSignature) => ({ digest: check.expected, version: release.manifest.version, releaseId: release.manifest.release_id, signedAt: entry.signed_at ?? "" });
  for (const bundle of bundles) {
    try {
      const by = await verifier.verifyBundle(subject, bundle);
      const entry = entries.find((e) => e.signature === by.signature);
      if (!entry) {
        problems.push("a bundle verifies but matches no signatures[] entry (its signature differs)");
        continue;
      }
      const mismatch = entryMismatch(entry, by) ?? (by.payload ? statementMismatch(by.payload, expectStatement(entry)) : "the bundle carries no statement");
      if (mismatch) problems.push(mismatch);
      else verified.push({ entry, by });
    } catch (e) {
      problems.push(`bundle: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (bundles.length === 0) {
    if (!verifier.verifySignature) problems.push("no bundle given, and a bare signature can only be checked with a public key");
    else
      for (const [i, entry] of entries.entries()) {
        const where = `signatures[${i}] (${entry.key_id ?? "no key id"})`;
        if (entry.signature_type !== "dsse") {
          problems.push(`${where}: signature_type ${entry.signature_type} needs its bundle`);
          continue;
        }
        if (Buffer.from(entry.signature, "base64").toString("base64") !== entry.signature) {
          problems.push(`${where}: signature is not canonical base64`); // lenient decoders ignore trailing junk
          continue;
        }
        if (entry.rekor_log_index !== undefined) {
          problems.push(`${where}: has rekor_log_index ${entry.rekor_log_index}; pass its bundle (--bundle) so the log entry is checked too`);
          continue;
        }
        try {
          const by = await verifier.verifySignature(manifestStatement(expectStatement(entry)), MANIFEST_PAYLOAD_TYPE, entry.signature);
          if (entry.key_id !== undefined && by.keyId !== undefined && entry.key_id !== by.keyId) problems.push(`${where}: signed by key ${by.keyId}, recorded as ${entry.key_id}`);
          else verified.push({ entry, by });
        } catch (e) {
          problems.push(`${where}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
  }
  if (verified.length === 0 || problems.length > 0) {
    throw new ReleaseError(`release ${release.manifest.version}: signature verification failed\n${problems.map((p) => `  - ${p}`).join("\n") || "  - no signature checked"}`, {
      code: "SIGNATURE",
      hint: "pass the public key (--key) or identity (--certificate-identity, --certificate-oidc-issuer) the release was signed with, and its bundle (--bundle)",
    });
  }
  return { digest: check.expected, verified };
}

function entryMismatch(entry: ReleaseSignature, by: VerifiedBy): string | undefined {
  if (entry.signature_type !== "dsse") return `signatures[] says signature_type ${entry.signature_type}, the bundle holds a DSSE envelope`;
  if (entry.key_id !== by.keyId) return `signatures[] says key_id ${String(entry.key_id)}, the bundle was signed by ${String(by.keyId)}`;
  if (entry.rekor_log_index !== by.logIndex) return `signatures[] says rekor_log_index ${String(entry.rekor_log_index)}, the bundle's log entry is ${String(by.logIndex)}`;
  return undefined;
}

function statementMismatch(payload: Uint8Array, want: ReturnType<typeof readManifestStatement>): string | undefined {
  const got = readManifestStatement(payload);
  for (const k of ["digest", "version", "releaseId", "signedAt"] as const) {
    if (got[k] !== want[k]) return `the signed statement says ${k} ${got[k]}, release.json says ${want[k]}`;
  }
  return undefined;
}
