/**
 * The seam between stickers/manifests and keys (STYLE.md §4): a small Signer/Verifier
 * pair, with a default over @stella/signing keys (cosign.key / PKCS#8 PEM). Algorithms are
 * named as JWS does: ES256 (ECDSA P-256 + SHA-256, DER signature as openssl produces), RS256
 * (RSA PKCS#1 v1.5 + SHA-256), EdDSA (Ed25519).
 */
import { loadPrivateKey, loadPublicKey, signBytes, verifyBytes, keyHint, type KeyAlgorithm, type PrivateKey } from "@stella/signing";

export interface StickerSigner {
  algorithm: string;
  keyRef: string;
  sign(payload: Uint8Array): Promise<Uint8Array>;
}

export interface StickerVerifier {
  verify(payload: Uint8Array, signature: Uint8Array, algorithm: string | undefined): Promise<boolean>;
}

const JWS: Partial<Record<KeyAlgorithm, string>> = { "ecdsa-p256": "ES256", "ecdsa-p384": "ES384", "ecdsa-p521": "ES512", rsa: "RS256", ed25519: "EdDSA" };

export async function pemStickerSigner(pem: string, password: string | undefined, where: string, keyRef?: string): Promise<StickerSigner> {
  return keyStickerSigner(await loadPrivateKey(pem, password, where), keyRef);
}

/** A sticker signer over a key already loaded (one scrypt per key, not per use). */
export function keyStickerSigner(key: PrivateKey, keyRef?: string): StickerSigner {
  return {
    algorithm: JWS[key.algorithm] ?? key.algorithm,
    keyRef: keyRef ?? `sha256:${keyHint(key.publicKey)}`,
    sign: (payload) => Promise.resolve(signBytes(key, payload)),
  };
}

export function pemStickerVerifier(pem: string, where: string): StickerVerifier {
  const key = loadPublicKey(pem, where);
  return { verify: (payload, signature) => Promise.resolve(verifyBytes(key, payload, signature)) };
}
