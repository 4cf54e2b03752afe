import { isoSeconds } from "@stella/core";
import { canonicalManifestBytes, checkManifestDigest, computeManifestDigest } from "./canonical-digest.js";
import { ReleaseError } from "./errors.js";
import type { ReleaseManifest, ReleaseSignature } from "./model.js";

/**
 * The seam to the signing package (STYLE.md §4): whatever signs blobs (a cosign key, keyless
 * Fulcio + Rekor) and returns a Sigstore bundle. @stella/signing's signer satisfies it; the
 * package ships a key-based default (`key-signer.ts`) so nothing here waits for it.
 */
export interface ManifestSigner {
  signBlob(data: Uint8Array): Promise<SignedBlob>;
}

export interface SignedBlob {
  /** base64 of the raw signature (DER ECDSA for cosign keys). */
  signature: string;
  /** The Sigstore bundle (JSON) to store beside release.json. */
  bundle: unknown;
  keyId?: string;
  /** Rekor log index, when the signature was logged. */
  logIndex?: number;
  /** When the log integrated it (keyless), else the signing time the caller chose. */
  integratedTime?: Date;
}

export interface VerifiedBy {
  keyId?: string;
  identity?: string;
  logIndex?: number;
  integratedTime?: Date;
  /** The bundle's signature, base64, to tie it to a `signatures[]` entry. */
  signature: string;
}

/** Checks signatures over bytes: bundles, and bare signatures where the verifier can (keys). */
export interface ManifestVerifier {
  verifyBundle(data: Uint8Array, bundle: unknown): Promise<VerifiedBy>;
  verifySignature?(data: Uint8Array, signature: string): Promise<VerifiedBy>;
}

export interface SignOptions {
  /** The `signed_at` to record (SOURCE_DATE_EPOCH or now, chosen by the caller). */
  signedAt: Date;
}

/**
 * Signs a release: recomputes `manifest_digest`, signs the RFC 8785 canonical bytes (the
 * digest's preimage, so `sha256(payload) == manifest_digest`), and adds a `signatures[]`
 * entry (an earlier entry of the same key is replaced: re-signing never duplicates).
 */
export async function signManifest(release: ReleaseManifest, signer: ManifestSigner, options: SignOptions): Promise<{ release: ReleaseManifest; bundle: unknown; entry: ReleaseSignature }> {
  const digest = computeManifestDigest(release);
  const payload = new TextEncoder().encode(canonicalManifestBytes(release));
  const signed = await signer.signBlob(payload);
  const entry: ReleaseSignature = {
    signature_type: "cosign",
    signature: signed.signature,
    ...(signed.keyId === undefined ? {} : { key_id: signed.keyId }),
    signed_at: isoSeconds(signed.integratedTime ?? options.signedAt),
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
 * Offline verification of a signed release (no registry, no network): the recorded
 * `manifest_digest` must equal the recomputed one (any changed field of the document fails
 * here), and at least one `signatures[]` entry must verify, through its bundle when given,
 * else as a bare signature. A bundle must match its entry exactly (signature, key id, log
 * index, and time when the log recorded one), so editing an entry fails too.
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
  const payload = new TextEncoder().encode(canonicalManifestBytes(release));
  const problems: string[] = [];
  const verified: VerifyResult["verified"] = [];
  for (const bundle of bundles) {
    try {
      const by = await verifier.verifyBundle(payload, bundle);
      const entry = entries.find((e) => e.signature === by.signature);
      if (!entry) {
        problems.push("a bundle verifies but matches no signatures[] entry (its signature differs)");
        continue;
      }
      const mismatch = entryMismatch(entry, by);
      if (mismatch) problems.push(mismatch);
      else verified.push({ entry, by });
    } catch (e) {
      problems.push(`bundle: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (verified.length === 0 && bundles.length === 0 && verifier.verifySignature) {
    for (const entry of entries) {
      try {
        const by = await verifier.verifySignature(payload, entry.signature);
        if (entry.key_id !== undefined && by.keyId !== undefined && entry.key_id !== by.keyId) problems.push(`signature by key ${by.keyId} is recorded as key_id ${entry.key_id}`);
        else verified.push({ entry, by });
      } catch (e) {
        problems.push(`signatures[${entries.indexOf(entry)}] (${entry.key_id ?? "no key id"}): ${e instanceof Error ? e.message : String(e)}`);
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
  if (entry.key_id !== undefined && by.keyId !== undefined && entry.key_id !== by.keyId) return `signatures[] says key_id ${entry.key_id}, the bundle was signed by ${by.keyId}`;
  if ((entry.rekor_log_index ?? undefined) !== (by.logIndex ?? undefined)) return `signatures[] says rekor_log_index ${String(entry.rekor_log_index)}, the bundle's log entry is ${String(by.logIndex)}`;
  if (by.integratedTime && entry.signed_at !== isoSeconds(by.integratedTime)) return `signatures[] says signed_at ${String(entry.signed_at)}, the log integrated it at ${isoSeconds(by.integratedTime)}`;
  return undefined;
}
