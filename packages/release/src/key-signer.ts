import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { ReleaseError } from "./errors.js";
import type { ManifestSigner, ManifestVerifier, SignedBlob, VerifiedBy } from "./sign.js";

/**
 * Key-based signing with a PEM key (ECDSA P-256/SHA-256 as cosign, or Ed25519), producing a
 * Sigstore bundle v0.3 with a message signature and a public-key hint. This is the default
 * until @stella/signing (cosign's encrypted key format, keyless) is injected instead; its
 * bundles have the same shape. Verification is local: node:crypto, no network.
 */
export const BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

/** The key id we record: sha256 (hex) of the public key's SPKI DER (stable, public). */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256").update(pub.export({ type: "spki", format: "der" })).digest("hex");
}

export function pemKeySigner(privateKeyPem: string, passphrase?: string): ManifestSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? privateKeyPem : { key: privateKeyPem, passphrase });
  } catch {
    throw new ReleaseError("the signing key is not a readable PEM private key (wrong password or format)", { code: "SIGNATURE", hint: "pass a PKCS#8 PEM key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)" });
  }
  const keyId = keyIdOf(key);
  return {
    signBlob(data: Uint8Array): Promise<SignedBlob> {
      const hash = key.asymmetricKeyType === "ed25519" ? null : "sha256";
      const signature = sign(hash, data, key).toString("base64");
      const bundle = {
        mediaType: BUNDLE_V03,
        verificationMaterial: { publicKey: { hint: keyId }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
        messageSignature: { messageDigest: { algorithm: "SHA2_256", digest: createHash("sha256").update(data).digest("base64") }, signature },
      };
      return Promise.resolve({ signature, bundle, keyId });
    },
  };
}

export function pemKeyVerifier(publicKeyPem: string): ManifestVerifier {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw new ReleaseError("the verification key is not a readable PEM public key", { code: "SIGNATURE", hint: "pass cosign.pub (PEM SubjectPublicKeyInfo)" });
  }
  const keyId = keyIdOf(key);
  const check = (data: Uint8Array, signature: string): VerifiedBy => {
    const hash = key.asymmetricKeyType === "ed25519" ? null : "sha256";
    if (!verify(hash, data, key, Buffer.from(signature, "base64"))) throw new ReleaseError(`signature does not verify with key ${keyId}`, { code: "SIGNATURE" });
    return { keyId, signature };
  };
  return {
    verifyBundle(data, bundle) {
      const ms = isRecord(bundle) && isRecord(bundle.messageSignature) ? bundle.messageSignature : undefined;
      const sig = ms && typeof ms.signature === "string" ? ms.signature : undefined;
      const md = ms && isRecord(ms.messageDigest) && typeof ms.messageDigest.digest === "string" ? ms.messageDigest.digest : undefined;
      if (!sig || !md) return Promise.reject(new ReleaseError("bundle has no messageSignature (signature + messageDigest)", { code: "SIGNATURE" }));
      if (md !== createHash("sha256").update(data).digest("base64")) return Promise.reject(new ReleaseError("bundle's messageDigest is not the digest of this release", { code: "SIGNATURE" }));
      try {
        return Promise.resolve(check(data, sig));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    verifySignature(data, signature) {
      try {
        return Promise.resolve(check(data, signature));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
