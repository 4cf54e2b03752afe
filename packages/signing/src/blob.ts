/**
 * Blobs (release-engineering-playbook §5: `cosign sign-blob` for OUK tarballs): a Sigstore bundle
 * plus the detached base64 signature `openssl dgst -sha256 -verify cosign.pub -signature <(base64 -d
 * f.sig) f` accepts. This is the library API the release-manifest and kit code import.
 * A file given by path is streamed (stream-crypto.ts): signing and verifying a multi-GB kit holds
 * one read chunk, not the file. Only pure Ed25519 keys, which cannot sign a stream, read it whole.
 */
import { createHash, X509Certificate, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { messageSignatureBundle, messageSignatureBundleOfStream, dsseBundle, parseBundle, serializeBundle, type Bundle } from "./bundle.js";
import { HashAlgorithm } from "@sigstore/protobuf-specs";
import { SigningError } from "./errors.js";
import { parseStatement, statementCovers } from "./intoto.js";
import { verifyBytes } from "./keys.js";
import type { Signer } from "./signer.js";
import { digestAndVerify, fileChunks, sha256Of, streamHash } from "./stream-crypto.js";
import { emptyTrustedRoot, type TrustedRoot } from "./trust.js";
import { verifyBundle, type IdentityPolicy, type VerifiedBundle, type StreamedArtifact } from "./verify-bundle.js";

export interface BlobSignature {
  bundle: Bundle;
  /** The bundle's JSON bytes (write these to `FILE.sigstore.json`). */
  bundleJson: Buffer;
  /** Detached signature, base64 (write to `FILE.sig`). */
  signature: string;
  /** Leaf certificate PEM (keyless). */
  certificate?: string;
  /** Who signed (key hint or certificate identity). */
  identity: string;
  logIndexes: string[];
}

async function bytesOf(input: Uint8Array | string): Promise<Buffer> {
  if (typeof input !== "string") return Buffer.from(input);
  try {
    return await readFile(input);
  } catch (e) {
    throw new SigningError(`cannot read ${input}`, { code: "FORMAT", cause: e });
  }
}

/** Signs a blob (bytes, or a file path: streamed) with a message signature. */
export async function signBlob(input: Uint8Array | string, signer: Signer): Promise<BlobSignature> {
  if (typeof input === "string") {
    const streamed = await messageSignatureBundleOfStream(fileChunks(input), signer);
    if (streamed) return describeBundle(streamed, signer);
  }
  const bundle = await messageSignatureBundle(await bytesOf(input), signer);
  return describeBundle(bundle, signer);
}

/** Signs a payload in a DSSE envelope (e.g. an in-toto statement about a file). */
export async function signDsse(payload: Uint8Array, payloadType: string, signer: Signer): Promise<BlobSignature> {
  const bundle = await dsseBundle(Buffer.from(payload), payloadType, signer);
  return describeBundle(bundle, signer);
}

function describeBundle(bundle: Bundle, signer: Signer): BlobSignature {
  const content = bundle.content;
  const sig = content.$case === "messageSignature" ? content.messageSignature.signature : (content.dsseEnvelope.signatures[0]?.sig ?? Buffer.alloc(0));
  const vm = bundle.verificationMaterial.content;
  const certificate = vm.$case === "certificate" ? pem(vm.certificate.rawBytes) : undefined;
  return {
    bundle,
    bundleJson: serializeBundle(bundle),
    signature: Buffer.from(sig).toString("base64"),
    ...(certificate ? { certificate } : {}),
    identity: signer.identity(),
    logIndexes: bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex),
  };
}

function pem(der: Uint8Array): string {
  return `-----BEGIN CERTIFICATE-----\n${(Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? []).join("\n")}\n-----END CERTIFICATE-----\n`;
}

export interface VerifyBlobOptions {
  /** Bundle JSON (bytes/text) or a parsed bundle. */
  bundle?: Uint8Array | string | Bundle;
  /** Detached base64 signature (with `publicKey`, no bundle needed). */
  signature?: string;
  publicKey?: KeyObject;
  identity?: IdentityPolicy;
  /** Trusted root; required for certificate bundles (pass publicGoodTrustedRoot() when online). */
  trustedRoot?: TrustedRoot;
  tlogThreshold?: number;
  /** Name of the bundle for messages. */
  where?: string;
}

/** Verifies a blob against a bundle (any version) or a detached signature. Throws SigningError with the reason. */
export async function verifyBlob(input: Uint8Array | string, o: VerifyBlobOptions): Promise<VerifiedBundle> {
  if (o.bundle === undefined) {
    if (o.signature === undefined || !o.publicKey) {
      throw new SigningError("nothing to verify with", { code: "NO_SIGNATURES", hint: "pass --bundle FILE, or --signature FILE.sig with --key cosign.pub" });
    }
    if (!(await detachedVerifies(input, o.publicKey, Buffer.from(o.signature.trim(), "base64")))) {
      throw new SigningError("signature does not verify with the given key (wrong key, or the file or signature was changed)", { code: "SIGNATURE_INVALID" });
    }
    return { kind: "key", subject: "key", logIndexes: [] };
  }
  const bundle = typeof o.bundle === "string" || o.bundle instanceof Uint8Array ? parseBundle(o.bundle, o.where ?? "bundle") : o.bundle;
  if (bundle.verificationMaterial.content.$case !== "publicKey" && !o.trustedRoot) {
    throw new SigningError("a certificate-signed bundle needs a trusted root", { code: "CERTIFICATE_INVALID", hint: "pass --trusted-root trusted_root.json" });
  }
  const options = {
    trustedRoot: o.trustedRoot ?? emptyTrustedRoot(),
    ...(o.publicKey ? { publicKey: o.publicKey } : {}),
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.tlogThreshold !== undefined ? { tlogThreshold: o.tlogThreshold } : {}),
  };
  if (bundle.content.$case === "dsseEnvelope") {
    const verified = verifyBundle(bundle, undefined, options);
    // A DSSE bundle signs a statement, not the file: the statement must name this file's digest.
    const statement = parseStatement(bundle.content.dsseEnvelope.payload, "the bundle's in-toto statement");
    const digest = `sha256:${(await fileDigest(input)).toString("hex")}`;
    if (!statementCovers(statement, digest)) {
      throw new SigningError(`the bundle's statement is about ${statement.subject.map((s) => `sha256:${s.digest.sha256 ?? "?"}`).join(", ")}, not this file (${digest})`, {
        code: "PAYLOAD_MISMATCH",
      });
    }
    return verified;
  }
  const message = bundle.content.messageSignature;
  if (o.signature !== undefined && Buffer.from(message.signature).toString("base64") !== o.signature.trim()) {
    throw new SigningError("the detached signature differs from the bundle's", { code: "SIGNATURE_INVALID" });
  }
  const artifact = await messageArtifact(input, bundle, o.publicKey);
  const verified = verifyBundle(bundle, artifact.bytes ?? artifact.streamed, options);
  // @sigstore/verify compares the recorded digest only with a Rekor entry; without one (key-based)
  // it is checked here, so a bundle cannot claim another file's digest.
  if (message.messageDigest.algorithm === HashAlgorithm.SHA2_256 && !artifact.digest.equals(Buffer.from(message.messageDigest.digest))) {
    throw new SigningError(`the bundle records the digest sha256:${Buffer.from(message.messageDigest.digest).toString("hex")}, this file is sha256:${artifact.digest.toString("hex")}`, {
      code: "PAYLOAD_MISMATCH",
      hint: "the bundle belongs to another file",
    });
  }
  return verified;
}

async function detachedVerifies(input: Uint8Array | string, publicKey: KeyObject, signature: Buffer): Promise<boolean> {
  const hash = streamHash(publicKey);
  if (typeof input === "string" && hash) return (await digestAndVerify(fileChunks(input), publicKey, hash, signature)).ok;
  return verifyBytes(publicKey, await bytesOf(input), signature);
}

async function fileDigest(input: Uint8Array | string): Promise<Buffer> {
  return typeof input === "string" ? sha256Of(fileChunks(input)) : createHash("sha256").update(input).digest();
}

/** The key a message-signature bundle must verify with: the leaf certificate's, else the given key. */
function signingKey(bundle: Bundle, publicKey: KeyObject | undefined): KeyObject | undefined {
  const vm = bundle.verificationMaterial.content;
  const der = vm.$case === "certificate" ? vm.certificate.rawBytes : vm.$case === "x509CertificateChain" ? vm.x509CertificateChain.certificates[0]?.rawBytes : undefined;
  if (!der) return publicKey;
  try {
    return new X509Certificate(Buffer.from(der)).publicKey;
  } catch {
    return undefined; // @sigstore/verify reports the broken certificate
  }
}

const NODE_HASH: Partial<Record<HashAlgorithm, string>> = { [HashAlgorithm.SHA2_256]: "sha256", [HashAlgorithm.SHA2_384]: "sha384", [HashAlgorithm.SHA2_512]: "sha512" };

/**
 * The file as @sigstore/verify gets it: bytes for small inputs and keys that cannot stream, else the
 * outcome of one streamed pass (digest, and whether the signature verified with the signing key).
 */
async function messageArtifact(input: Uint8Array | string, bundle: Bundle, publicKey: KeyObject | undefined): Promise<{ digest: Buffer; bytes?: Buffer; streamed?: StreamedArtifact }> {
  const key = signingKey(bundle, publicKey);
  const content = bundle.content.$case === "messageSignature" ? bundle.content.messageSignature : undefined;
  const hash = content ? NODE_HASH[content.messageDigest.algorithm] ?? "sha256" : "sha256";
  // No key to check with: verifyBundle refuses the bundle before any signature check, so do not read the file.
  if (!key && typeof input === "string") return { digest: Buffer.alloc(0), streamed: { verifiedWith: () => false } };
  if (typeof input !== "string" || !key || !streamHash(key) || !content) {
    const bytes = await bytesOf(input);
    const digest = createHash("sha256").update(bytes).digest();
    if (key && content && !streamHash(key)) {
      // Ed25519 signs the message itself (pure EdDSA, RFC 8032 §5.1.6). @sigstore/verify checks
      // a message signature with the bundle's digest algorithm (sha256), which node:crypto
      // refuses for an Ed25519 key, so every Ed25519 signature would read as invalid: check it here.
      const ok = verifyBytes(key, bytes, content.signature);
      return { digest, streamed: { verifiedWith: (k) => ok && k.equals(key) } };
    }
    return { digest, bytes };
  }
  const { digest, ok } = await digestAndVerify(fileChunks(input), key, hash, content.signature);
  return { digest, streamed: { verifiedWith: (k) => ok && k.equals(key) } };
}
