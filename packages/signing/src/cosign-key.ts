/**
 * cosign's encrypted private key container (sigstore/cosign `pkg/cosign/keys.go`, which delegates to
 * secure-systems-lab/go-securesystemslib `encrypted`): a PEM block labelled
 * `ENCRYPTED SIGSTORE PRIVATE KEY` (older cosign: `ENCRYPTED COSIGN PRIVATE KEY`) whose body is the
 * JSON document
 *
 *   {"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"<b64 32 bytes>"},
 *    "cipher":{"name":"nacl/secretbox","nonce":"<b64 24 bytes>"},
 *    "ciphertext":"<b64 secretbox(PKCS#8 DER)>"}
 *
 * The secretbox key is scrypt(password, salt, N, r, p, 32 bytes). Byte arrays are standard base64
 * (Go's encoding/json). This file holds the container only; `keys.ts` turns the DER into keys.
 */
import { randomBytes, scrypt as scryptCb, type ScryptOptions } from "node:crypto";
import nacl from "tweetnacl";
import { SigningError } from "./errors.js";

export const SIGSTORE_KEY_LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY";
export const COSIGN_KEY_LABEL = "ENCRYPTED COSIGN PRIVATE KEY";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** cosign writes go-securesystemslib's "legacy" parameters; we do the same so every cosign reads ours. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 32768, r: 8, p: 1 };

interface EncryptedDocument {
  kdf: { name: string; params: ScryptParams; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

function scrypt(password: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password, salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Limits keep a hostile key file from asking for gigabytes of scrypt memory; they cover every
 * parameter set go-securesystemslib writes (N = 2^15, 2^16, 2^17; r = 8; p = 1) and more.
 */
function checkParams(params: unknown, where: string): ScryptParams {
  const ok =
    isRecord(params) &&
    Number.isInteger(params.N) &&
    Number.isInteger(params.r) &&
    Number.isInteger(params.p) &&
    (params.N as number) >= 2 &&
    (params.N as number) <= 2 ** 20 &&
    ((params.N as number) & ((params.N as number) - 1)) === 0 &&
    (params.r as number) >= 1 &&
    (params.r as number) <= 32 &&
    (params.p as number) >= 1 &&
    (params.p as number) <= 16;
  if (!ok) {
    throw new SigningError(`${where}: unsupported scrypt parameters ${JSON.stringify(params)}`, {
      code: "KEY_FORMAT",
      hint: "N must be a power of two up to 2^20, r 1..32, p 1..16 (cosign writes N=32768 r=8 p=1)",
    });
  }
  return { N: params.N as number, r: params.r as number, p: params.p as number };
}

function parseDocument(json: Uint8Array, where: string): { params: ScryptParams; salt: Buffer; nonce: Buffer; ciphertext: Buffer } {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(json).toString("utf8"));
  } catch (e) {
    throw new SigningError(`${where}: the encrypted key body is not JSON`, { code: "KEY_FORMAT", cause: e });
  }
  const problems: string[] = [];
  if (!isRecord(doc)) throw new SigningError(`${where}: the encrypted key body is not a JSON object`, { code: "KEY_FORMAT" });
  const { kdf, cipher, ciphertext } = doc;
  if (!isRecord(kdf) || kdf.name !== "scrypt") problems.push(`kdf.name must be "scrypt"`);
  if (!isRecord(cipher) || cipher.name !== "nacl/secretbox") problems.push(`cipher.name must be "nacl/secretbox"`);
  if (!isRecord(kdf) || typeof kdf.salt !== "string") problems.push("kdf.salt must be a base64 string");
  if (!isRecord(cipher) || typeof cipher.nonce !== "string") problems.push("cipher.nonce must be a base64 string");
  if (typeof ciphertext !== "string") problems.push("ciphertext must be a base64 string");
  if (problems.length > 0 || !isRecord(kdf) || !isRecord(cipher) || typeof ciphertext !== "string") {
    throw new SigningError(`${where}: not a cosign encrypted key: ${problems.join("; ")}`, { code: "KEY_FORMAT" });
  }
  const nonce = Buffer.from(cipher.nonce as string, "base64");
  if (nonce.length !== nacl.secretbox.nonceLength) {
    throw new SigningError(`${where}: cipher.nonce must be 24 bytes, got ${nonce.length}`, { code: "KEY_FORMAT" });
  }
  return { params: checkParams(kdf.params, where), salt: Buffer.from(kdf.salt as string, "base64"), nonce, ciphertext: Buffer.from(ciphertext, "base64") };
}

/** Encrypts `plaintext` (PKCS#8 DER) into the JSON document cosign stores in the PEM body. */
export async function encryptKeyDocument(plaintext: Uint8Array, password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<Buffer> {
  const salt = randomBytes(32);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const key = await scrypt(Buffer.from(password, "utf8"), salt, params);
  const box = nacl.secretbox(plaintext, nonce, key);
  // Same member order as go-securesystemslib's structs, so the bytes look like cosign's.
  const doc: EncryptedDocument = {
    kdf: { name: "scrypt", params: { N: params.N, r: params.r, p: params.p }, salt: salt.toString("base64") },
    cipher: { name: "nacl/secretbox", nonce: nonce.toString("base64") },
    ciphertext: Buffer.from(box).toString("base64"),
  };
  return Buffer.from(JSON.stringify(doc), "utf8");
}

/**
 * Opens the JSON document. A wrong password and a tampered ciphertext look the same to secretbox;
 * the error says so and nothing about the key itself.
 */
export async function decryptKeyDocument(json: Uint8Array, password: string, where: string): Promise<Buffer> {
  const { params, salt, nonce, ciphertext } = parseDocument(json, where);
  const key = await scrypt(Buffer.from(password, "utf8"), salt, params);
  const opened = nacl.secretbox.open(ciphertext, nonce, key);
  if (!opened) {
    throw new SigningError(`${where}: cannot decrypt the private key: wrong password`, {
      code: "KEY_PASSWORD",
      hint: "give the password the key was created with (COSIGN_PASSWORD for the CLI, the key-password input for the actions)",
    });
  }
  return Buffer.from(opened);
}

/** PEM armour, 64 characters a line as Go's encoding/pem writes it. */
export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

export interface PemBlock {
  label: string;
  body: Buffer;
}

/** Every PEM block in a text (certificate chains have several). Headers (RFC 1421) are skipped. */
export function pemDecodeAll(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = (m[2] ?? "")
      .split(/\r?\n/)
      .filter((l) => !l.includes(":"))
      .join("");
    out.push({ label: m[1] ?? "", body: Buffer.from(body, "base64") });
  }
  return out;
}
