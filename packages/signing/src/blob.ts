/**
 * Blobs (release-engineering-playbook §5: `cosign sign-blob` for OUK tarballs): a Sigstore bundle
 * plus the detached base64 signature `openssl dgst -sha256 -verify cosign.pub -signature <(base64 -d
 * f.sig) f` accepts. This is the library API the release-manifest and kit code import.
 */
import { readFile } from "node:fs/promises";
import type { KeyObject } from "node:crypto";
import { messageSignatureBundle, dsseBundle, parseBundle, serializeBundle, type Bundle } from "./bundle.js";
import { sha256Digest } from "@stella/core";
import { SigningError } from "./errors.js";
import { parseStatement, statementCovers } from "./intoto.js";
import { verifyBytes } from "./keys.js";
import type { Signer } from "./signer.js";
import { emptyTrustedRoot, type TrustedRoot } from "./trust.js";
import { verifyBundle, type IdentityPolicy, type VerifiedBundle } from "./verify-bundle.js";

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

/** Signs a blob (bytes or a file path) with a message signature. */
export async function signBlob(input: Uint8Array | string, signer: Signer): Promise<BlobSignature> {
  const data = await bytesOf(input);
  const bundle = await messageSignatureBundle(data, signer);
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
  const data = await bytesOf(input);
  if (o.bundle === undefined) {
    if (o.signature === undefined || !o.publicKey) {
      throw new SigningError("nothing to verify with", { code: "NO_SIGNATURES", hint: "pass --bundle FILE, or --signature FILE.sig with --key cosign.pub" });
    }
    if (!verifyBytes(o.publicKey, data, Buffer.from(o.signature.trim(), "base64"))) {
      throw new SigningError("signature does not verify with the given key (wrong key, or the file or signature was changed)", { code: "SIGNATURE_INVALID" });
    }
    return { kind: "key", subject: "key", logIndexes: [] };
  }
  const bundle = typeof o.bundle === "string" || o.bundle instanceof Uint8Array ? parseBundle(o.bundle, o.where ?? "bundle") : o.bundle;
  if (bundle.verificationMaterial.content.$case !== "publicKey" && !o.trustedRoot) {
    throw new SigningError("a certificate-signed bundle needs a trusted root", { code: "CERTIFICATE_INVALID", hint: "pass --trusted-root trusted_root.json" });
  }
  if (o.signature !== undefined && bundle.content.$case === "messageSignature") {
    const sig = Buffer.from(bundle.content.messageSignature.signature).toString("base64");
    if (sig !== o.signature.trim()) throw new SigningError("the detached signature differs from the bundle's", { code: "SIGNATURE_INVALID" });
  }
  const verified = verifyBundle(bundle, bundle.content.$case === "messageSignature" ? data : undefined, {
    trustedRoot: o.trustedRoot ?? emptyTrustedRoot(),
    ...(o.publicKey ? { publicKey: o.publicKey } : {}),
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.tlogThreshold !== undefined ? { tlogThreshold: o.tlogThreshold } : {}),
  });
  if (bundle.content.$case === "dsseEnvelope") {
    // A DSSE bundle signs a statement, not the file: the statement must name this file's digest.
    const statement = parseStatement(bundle.content.dsseEnvelope.payload, "the bundle's in-toto statement");
    const digest = sha256Digest(data);
    if (!statementCovers(statement, digest)) {
      throw new SigningError(`the bundle's statement is about ${statement.subject.map((s) => `sha256:${s.digest.sha256 ?? "?"}`).join(", ")}, not this file (${digest})`, {
        code: "PAYLOAD_MISMATCH",
      });
    }
  }
  return verified;
}
