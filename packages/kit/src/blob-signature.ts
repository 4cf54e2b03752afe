import { createSign, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { errorMessage } from "@stella/core";
import { BUNDLE_MEDIA_TYPE, digestAndSign, digestAndVerify, fileChunks, keyHint, parseBundle, sha256Of, signBlob, signBytes, streamHash, verifyBlob, type IdentityPolicy, type PrivateKey, type Signer, type TrustedRoot } from "@stella/signing";
import { KitError } from "./errors.js";

/**
 * The signature seam of kits (STYLE.md §4; playbook §5: OUK tarballs are signed with
 * `cosign sign-blob`): a Sigstore bundle plus a detached base64 signature over the file.
 * Key-based signing and verification stream the file (a kit can be gigabytes; memory stays
 * flat) and produce the same message-signature bundle `cosign sign-blob --bundle` and
 * @stella/signing's verifyBlob read; keyless goes through @stella/signing (Fulcio/Rekor).
 */
export interface KitSignature {
  bundleJson: Buffer;
  signature: string;
  identity: string;
}

export interface KitSigner {
  /** Signs `file` whose sha256 is `digest` (`sha256:<hex>`, computed while writing it). */
  sign(file: string, digest: string): Promise<KitSignature>;
  /**
   * A signature computed over the bytes as they are written (no second read of a kit of
   * gigabytes), where the key allows it (a prehashed scheme: ECDSA/RSA); undefined otherwise.
   */
  streaming?(): StreamingKitSignature | undefined;
}

/** Fed the bytes of a file in order; `finish` signs them (`digest`: their sha256, `sha256:<hex>`). */
export interface StreamingKitSignature {
  update(bytes: Uint8Array): void;
  finish(digest: string): Promise<KitSignature>;
}

export interface KitVerifier {
  /** Throws KitError SIGNATURE unless the bundle (and detached signature, when given) cover `file`. Returns who signed. */
  verify(file: string, bundleJson: Buffer, signature: string | undefined): Promise<{ identity: string; digest: string }>;
}

/** sha256 of a file, streamed. */
export async function fileSha256(file: string): Promise<string> {
  return `sha256:${(await sha256Of(fileChunks(file))).toString("hex")}`;
}

/**
 * A cosign key (loaded by @stella/signing loadPrivateKey), signing streamed files: while they are
 * written (`streaming`), or read once more (`sign`). ECDSA keys only stream; Ed25519 reads the file.
 */
export function keyKitSigner(key: PrivateKey): KitSigner {
  const bundleOf = (digest: string, signature: Buffer): KitSignature => {
    const bundle = {
      mediaType: BUNDLE_MEDIA_TYPE,
      verificationMaterial: { publicKey: { hint: keyHint(key.publicKey) }, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } },
      messageSignature: { messageDigest: { algorithm: "SHA2_256", digest: Buffer.from(digest.slice(7), "hex").toString("base64") }, signature: signature.toString("base64") },
    };
    return { bundleJson: Buffer.from(JSON.stringify(bundle)), signature: signature.toString("base64"), identity: `key sha256:${keyHint(key.publicKey).slice(0, 16)}` };
  };
  return {
    async sign(file, digest) {
      const hash = streamHash(key.privateKey);
      if (hash === undefined) {
        // Ed25519 signs the message itself (no prehash), so it cannot stream.
        return bundleOf(digest, signBytes(key, await readFile(file)));
      }
      const signed = await digestAndSign(fileChunks(file), key.privateKey, hash);
      const streamed = `sha256:${signed.digest.toString("hex")}`;
      if (streamed !== digest) throw new KitError(`${file} changed after it was written (${streamed} ≠ ${digest})`, { code: "DIGEST_MISMATCH" });
      return bundleOf(digest, signed.signature);
    },
    streaming() {
      const hash = streamHash(key.privateKey);
      if (hash === undefined) return undefined;
      const signing = createSign(hash);
      return {
        update: (bytes) => void signing.update(bytes),
        finish: (digest) => Promise.resolve(bundleOf(digest, signing.sign({ key: key.privateKey, dsaEncoding: "der" }))),
      };
    },
  };
}

/** Any @stella/signing Signer (keyless: Fulcio + Rekor); reads the file into memory, as sigstore-js needs the bytes. */
export function signerKitSigner(signer: Signer): KitSigner {
  return {
    async sign(file) {
      const sig = await signBlob(file, signer);
      return { bundleJson: sig.bundleJson, signature: sig.signature, identity: sig.identity };
    },
  };
}

/**
 * Verifies with cosign.pub, streaming: the bundle must be a key-signed message signature whose
 * digest is the file's and whose signature verifies over the file's bytes.
 */
export function keyKitVerifier(publicKey: KeyObject): KitVerifier {
  return {
    async verify(file, bundleJson, detached) {
      let bundle;
      try {
        bundle = parseBundle(bundleJson, `${file} bundle`);
      } catch (e) {
        throw new KitError(`the signature bundle of ${file} is unreadable: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
      }
      if (bundle.content.$case !== "messageSignature") throw new KitError(`the bundle of ${file} is not a sign-blob message signature`, { code: "SIGNATURE" });
      const sig = Buffer.from(bundle.content.messageSignature.signature);
      if (detached !== undefined && detached.trim() !== sig.toString("base64")) throw new KitError(`the detached signature of ${file} differs from its bundle's`, { code: "SIGNATURE", hint: "the .sig or the bundle was replaced" });
      const hash = streamHash(publicKey);
      if (hash === undefined) {
        await verifyBlob(file, { bundle, publicKey }).catch((e: unknown) => {
          throw new KitError(`signature of ${file} does not verify: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
        });
        return { identity: `key sha256:${keyHint(publicKey).slice(0, 16)}`, digest: await fileSha256(file) };
      }
      const checked = await digestAndVerify(fileChunks(file), publicKey, hash, sig);
      const digest = `sha256:${checked.digest.toString("hex")}`;
      const stated = bundle.content.messageSignature.messageDigest;
      if (stated && `sha256:${Buffer.from(stated.digest).toString("hex")}` !== digest) {
        throw new KitError(`${file} has digest ${digest}, its signature bundle was made for sha256:${Buffer.from(stated.digest).toString("hex")}`, { code: "DIGEST_MISMATCH", hint: "the kit was altered after signing; fetch it again" });
      }
      if (!checked.ok) {
        throw new KitError(`the signature of ${file} does not verify with the given key`, { code: "SIGNATURE", hint: "wrong cosign.pub, or the kit or its signature was altered" });
      }
      return { identity: `key sha256:${keyHint(publicKey).slice(0, 16)}`, digest };
    },
  };
}

/** Keyless: certificate identity + trusted root, through @stella/signing (reads the file into memory). */
export function identityKitVerifier(identity: IdentityPolicy, trustedRoot: TrustedRoot): KitVerifier {
  return {
    async verify(file, bundleJson, detached) {
      try {
        const v = await verifyBlob(file, { bundle: bundleJson, identity, trustedRoot, ...(detached === undefined ? {} : { signature: detached }) });
        return { identity: v.subject, digest: await fileSha256(file) };
      } catch (e) {
        throw new KitError(`signature of ${file} does not verify: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
      }
    },
  };
}
