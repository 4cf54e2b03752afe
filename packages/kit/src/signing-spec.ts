import { loadPrivateKey, signerFromSpec, type SignerSpec, type VerifyMaterial } from "@stella/signing";
import { identityKitVerifier, keyKitSigner, keyKitVerifier, signerKitSigner, type KitSigner, type KitVerifier } from "./blob-signature.js";
import { KitError } from "./errors.js";

/**
 * The entry points' signing flags (@stella/signing SignerSpec) as a KitSigner: a key without
 * a transparency log streams (keyKitSigner); keyless or Rekor-witnessed signing goes through
 * @stella/signing's Signer.
 */
export async function kitSignerFromSpec(spec: SignerSpec): Promise<KitSigner> {
  if (spec.keyPem !== undefined && spec.keyPem.trim() !== "" && !spec.keyless && !spec.tlogUpload) {
    return keyKitSigner(await loadPrivateKey(spec.keyPem, spec.keyPassword, spec.keySource ?? "--key"));
  }
  return signerKitSigner(await signerFromSpec(spec));
}

/** Verify material (cosign.pub, or identity + trusted root) as a KitVerifier. */
export function kitVerifierFrom(material: VerifyMaterial): KitVerifier {
  if (material.publicKey) return keyKitVerifier(material.publicKey);
  if (material.identity && material.trustedRoot) return identityKitVerifier(material.identity, material.trustedRoot);
  throw new KitError("say whose signature to accept", { code: "SIGNATURE", hint: "pass --key cosign.pub, or --certificate-identity with --certificate-oidc-issuer and --trusted-root" });
}
