/**
 * Hashing and signing a byte stream in bounded memory (release-engineering-playbook §5: `sign-blob`
 * of multi-GB OUK tarballs). One pass over the file feeds a SHA-256 Hash (the bundle's
 * messageDigest, the Rekor hashedrekord digest) and node's Sign/Verify object side by side: ECDSA
 * and RSA hash their input internally, so the signature equals `crypto.sign(hash, wholeFile, key)`
 * without the whole file ever being in memory. Pure Ed25519 hashes the message twice and cannot
 * stream; callers buffer for it (see `streams()`).
 */
import { createHash, createSign, createVerify, type KeyObject } from "node:crypto";
import { fileChunks as readChunks } from "@stella/core";
import { SigningError } from "./errors.js";
import { algorithmOf, hashFor } from "./keys.js";

export type Chunks = AsyncIterable<Uint8Array>;

/**
 * The chunks of a file (1 MiB views of one reused buffer: every consumer here hashes or signs a
 * chunk before asking for the next), with a read error that names the file.
 */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    yield* readChunks(path);
  } catch (e) {
    throw new SigningError(`cannot read ${path}`, { code: "FORMAT", cause: e, hint: "check the path and its permissions" });
  }
}

/** The digest algorithm a key signs with when it can sign a stream; undefined for pure Ed25519. */
export function streamHash(key: KeyObject): "sha256" | "sha384" | "sha512" | undefined {
  return hashFor(algorithmOf(key, "key")) ?? undefined;
}

/** SHA-256 of a stream. */
export async function sha256Of(chunks: Chunks): Promise<Buffer> {
  const h = createHash("sha256");
  for await (const c of chunks) h.update(c);
  return h.digest();
}

/** SHA-256 digest and an ECDSA/RSA signature (DER, as cosign stores it) over the same stream, in one pass. */
export async function digestAndSign(chunks: Chunks, privateKey: KeyObject, hash: string): Promise<{ digest: Buffer; signature: Buffer }> {
  const h = createHash("sha256");
  const s = createSign(hash);
  for await (const c of chunks) {
    h.update(c);
    s.update(c);
  }
  return { digest: h.digest(), signature: s.sign({ key: privateKey, dsaEncoding: "der" }) };
}

/** SHA-256 digest of a stream and whether `signature` verifies over it with `publicKey`, in one pass. */
export async function digestAndVerify(chunks: Chunks, publicKey: KeyObject, hash: string, signature: Uint8Array): Promise<{ digest: Buffer; ok: boolean }> {
  const h = createHash("sha256");
  const v = createVerify(hash);
  for await (const c of chunks) {
    h.update(c);
    v.update(c);
  }
  let ok: boolean;
  try {
    ok = v.verify({ key: publicKey, dsaEncoding: "der" }, signature);
  } catch {
    ok = false; // a malformed signature is a failed one
  }
  return { digest: h.digest(), ok };
}
