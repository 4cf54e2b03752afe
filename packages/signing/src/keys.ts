/**
 * Key pairs the way cosign keeps them: `cosign.key` (encrypted PKCS#8, see cosign-key.ts) and
 * `cosign.pub` (PKIX "PUBLIC KEY" PEM). ECDSA P-256 with SHA-256 and ASN.1 DER signatures is the
 * default (release-engineering-playbook §5 "cosign key pair for containers"); P-384/P-521, RSA and
 * Ed25519 keys are accepted where cosign accepts them.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from "node:crypto";
import { COSIGN_KEY_LABEL, DEFAULT_SCRYPT, SIGSTORE_KEY_LABEL, decryptKeyDocument, encryptKeyDocument, pemDecodeAll, pemEncode, type ScryptParams } from "./cosign-key.js";
import { SigningError } from "./errors.js";

export type KeyAlgorithm = "ecdsa-p256" | "ecdsa-p384" | "ecdsa-p521" | "ed25519" | "rsa";

export interface PrivateKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly algorithm: KeyAlgorithm;
  /** `cosign.pub` text of the public half. */
  readonly publicPem: string;
}

export interface GeneratedKeyPair {
  /** `cosign.key`: ENCRYPTED SIGSTORE PRIVATE KEY PEM. */
  privatePem: string;
  /** `cosign.pub`: PUBLIC KEY PEM. */
  publicPem: string;
  /** The key just made, for a caller that signs at once (no second scrypt to decrypt `privatePem`). */
  privateKey: KeyObject;
}

export function algorithmOf(key: KeyObject, where: string): KeyAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return "ed25519";
  if (type === "rsa") return "rsa";
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === "prime256v1") return "ecdsa-p256";
    if (curve === "secp384r1") return "ecdsa-p384";
    if (curve === "secp521r1") return "ecdsa-p521";
    throw new SigningError(`${where}: ECDSA curve ${curve ?? "?"} is not allowed`, { code: "KEY_FORMAT", hint: "use P-256 (stella key generate)" });
  }
  throw new SigningError(`${where}: ${type ?? "unknown"} keys are not supported`, { code: "KEY_FORMAT", hint: "use ECDSA P-256 (stella key generate) or Ed25519" });
}

/** The digest each algorithm signs with (cosign's defaults); Ed25519 signs the message itself. */
export function hashFor(algorithm: KeyAlgorithm): "sha256" | "sha384" | "sha512" | null {
  if (algorithm === "ed25519") return null;
  if (algorithm === "ecdsa-p384") return "sha384";
  if (algorithm === "ecdsa-p521") return "sha512";
  return "sha256";
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: "spki", format: "pem" }).toString();
}

/** A stable short name for a public key: SHA-256 of its SPKI DER, hex (the bundle's `keyid` hint). */
export function keyHint(key: KeyObject): string {
  return createHash("sha256").update(key.export({ type: "spki", format: "der" })).digest("hex");
}

/** Generates a cosign-format key pair (ECDSA P-256 unless told otherwise). */
export async function generateKeyPair(options: { password: string; algorithm?: "ecdsa-p256" | "ed25519"; scrypt?: ScryptParams }): Promise<GeneratedKeyPair> {
  const pair = options.algorithm === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const der = pair.privateKey.export({ type: "pkcs8", format: "der" });
  const body = await encryptKeyDocument(der, options.password, options.scrypt ?? DEFAULT_SCRYPT);
  return { privatePem: pemEncode(SIGSTORE_KEY_LABEL, body), publicPem: publicKeyPem(pair.publicKey), privateKey: pair.privateKey };
}

/** Encrypts an existing private key into cosign's format (`stella key import`). */
export async function encryptPrivateKey(key: KeyObject, password: string, scrypt: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  return pemEncode(SIGSTORE_KEY_LABEL, await encryptKeyDocument(key.export({ type: "pkcs8", format: "der" }), password, scrypt));
}

function privateFromDer(der: Buffer, where: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    try {
      // Some old cosign-labelled files wrap a SEC1 EC key instead of PKCS#8.
      return createPrivateKey({ key: der, format: "der", type: "sec1" });
    } catch (e) {
      throw new SigningError(`${where}: the decrypted key is not a PKCS#8 private key`, { code: "KEY_FORMAT", cause: e });
    }
  }
}

/** A PrivateKey over a key already loaded (e.g. handed to a worker thread as a KeyObject). */
export function privateKeyFrom(privateKey: KeyObject, where: string): PrivateKey {
  return wrap(privateKey, where);
}

function wrap(privateKey: KeyObject, where: string): PrivateKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, algorithm: algorithmOf(privateKey, where), publicPem: publicKeyPem(publicKey) };
}

/**
 * Reads a private key: cosign's encrypted formats (both labels, any sane scrypt parameters) or an
 * unencrypted PKCS#8 / SEC1 / PKCS#1 PEM. `where` names the file or input in errors.
 */
export async function loadPrivateKey(pemText: string, password: string | undefined, where: string): Promise<PrivateKey> {
  const blocks = pemDecodeAll(pemText);
  const block = blocks.find((b) => b.label.endsWith("PRIVATE KEY"));
  if (!block) {
    throw new SigningError(`${where}: no PEM private key found`, {
      code: "KEY_FORMAT",
      hint: "expected -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY----- (stella key generate / cosign generate-key-pair) or an unencrypted PKCS#8 PEM",
    });
  }
  if (block.label === SIGSTORE_KEY_LABEL || block.label === COSIGN_KEY_LABEL) {
    const der = await decryptKeyDocument(block.body, password ?? "", where);
    return wrap(privateFromDer(der, where), where);
  }
  const type = block.label === "PRIVATE KEY" ? "pkcs8" : block.label === "EC PRIVATE KEY" ? "sec1" : block.label === "RSA PRIVATE KEY" ? "pkcs1" : null;
  if (!type) {
    throw new SigningError(`${where}: unsupported PEM block "${block.label}"`, { code: "KEY_FORMAT", hint: "encrypted keys must come from cosign or stella key generate" });
  }
  try {
    return wrap(createPrivateKey({ key: block.body, format: "der", type }), where);
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`${where}: cannot parse the ${block.label}`, { code: "KEY_FORMAT", cause: e });
  }
}

/** Reads a `cosign.pub` (PUBLIC KEY PEM) or the public key of a PEM certificate. */
export function loadPublicKey(pemText: string, where: string): KeyObject {
  const block = pemDecodeAll(pemText).find((b) => b.label === "PUBLIC KEY" || b.label === "CERTIFICATE");
  if (!block) {
    throw new SigningError(`${where}: no PUBLIC KEY PEM block found`, { code: "KEY_FORMAT", hint: "pass cosign.pub (stella key generate writes it)" });
  }
  try {
    const key = block.label === "PUBLIC KEY" ? createPublicKey({ key: block.body, format: "der", type: "spki" }) : createPublicKey(pemText);
    algorithmOf(key, where);
    return key;
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`${where}: cannot parse the public key`, { code: "KEY_FORMAT", cause: e });
  }
}

/** Signs bytes: ECDSA with DER output (what cosign stores), RSA PKCS#1 v1.5, or pure Ed25519. */
export function signBytes(key: PrivateKey, data: Uint8Array): Buffer {
  return cryptoSign(hashFor(key.algorithm), data, { key: key.privateKey, dsaEncoding: "der" });
}

/** Verifies a signature made by signBytes (or cosign / openssl) over `data`. Never throws on bad input. */
export function verifyBytes(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    const algorithm = algorithmOf(publicKey, "public key");
    return cryptoVerify(hashFor(algorithm), data, { key: publicKey, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}
