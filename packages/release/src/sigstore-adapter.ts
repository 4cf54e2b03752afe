import type { KeyObject } from "node:crypto";
import { X509Certificate } from "@sigstore/core";
import { emptyTrustedRoot, keyHint, pae, parseBundle, signDsse, verifyBlob, verifyBytes, type Bundle, type IdentityPolicy, type Signer, type TrustedRoot } from "@stella/signing";
import { ReleaseError } from "./errors.js";
import type { ManifestSigner, ManifestVerifier, SignedBlob, VerifiedBy } from "./sign.js";

/**
 * The manifest seams (sign.ts) over @stella/signing: a cosign key or keyless (Fulcio + Rekor)
 * signer makes a Sigstore bundle v0.3 with a DSSE envelope. `key_id` is the key hint (sha256 of
 * the public key, as cosign's bundles carry it) or, keyless, the certificate identity (SAN).
 */
export function sigstoreManifestSigner(signer: Signer): ManifestSigner {
  return {
    async signDsse(payload: Uint8Array, payloadType: string): Promise<SignedBlob> {
      const signed = await signDsse(payload, payloadType, signer);
      const facts = bundleFacts(signed.bundle);
      const bundle: unknown = JSON.parse(signed.bundleJson.toString("utf8"));
      return { signature: facts.signature, bundle, ...(facts.keyId === undefined ? {} : { keyId: facts.keyId }), ...(facts.logIndex === undefined ? {} : { logIndex: facts.logIndex }) };
    },
  };
}

export interface VerifierOptions {
  /** cosign.pub, for key-signed manifests. */
  publicKey?: KeyObject;
  /** Certificate identity and issuer, for keyless manifests. */
  identity?: IdentityPolicy;
  /** Trusted root (Fulcio CAs, Rekor keys) for keyless, read from a file: no network. */
  trustedRoot?: TrustedRoot;
}

export function sigstoreManifestVerifier(options: VerifierOptions): ManifestVerifier {
  const key = options.publicKey;
  const verifier: ManifestVerifier = {
    async verifyBundle(subject, bundleJson): Promise<VerifiedBy> {
      const bundle = parseBundle(JSON.stringify(bundleJson), "manifest bundle");
      if (bundle.content.$case !== "dsseEnvelope") throw new ReleaseError("the manifest bundle holds no DSSE envelope", { code: "SIGNATURE" });
      // verifyBlob checks the envelope's signature and that its statement's subject is sha256(subject)
      const verified = await verifyBlob(subject, { bundle, ...(key ? { publicKey: key } : {}), ...(options.identity ? { identity: options.identity } : {}), trustedRoot: options.trustedRoot ?? emptyTrustedRoot() });
      const facts = bundleFacts(bundle);
      return {
        signature: facts.signature,
        keyId: verified.kind === "key" && key ? keyHint(key) : verified.subject,
        ...(verified.kind === "certificate" ? { identity: verified.subject } : {}),
        ...(facts.logIndex === undefined ? {} : { logIndex: facts.logIndex }),
        payload: bundle.content.dsseEnvelope.payload,
      };
    },
  };
  if (key) {
    verifier.verifySignature = (payload, payloadType, signature) => {
      if (!verifyBytes(key, pae(payloadType, payload), Buffer.from(signature, "base64"))) {
        return Promise.reject(new ReleaseError(`signature does not verify with key ${keyHint(key)} (wrong key, or release.json or its signatures[] entry was changed)`, { code: "SIGNATURE" }));
      }
      return Promise.resolve({ signature, keyId: keyHint(key) });
    };
  }
  return verifier;
}

function bundleFacts(bundle: Bundle): { signature: string; keyId?: string; logIndex?: number } {
  const content = bundle.content;
  const sig = content.$case === "messageSignature" ? content.messageSignature.signature : (content.dsseEnvelope.signatures[0]?.sig ?? Buffer.alloc(0));
  const vm = bundle.verificationMaterial.content;
  let keyId: string | undefined;
  if (vm.$case === "publicKey") keyId = vm.publicKey.hint || undefined;
  else if (vm.$case === "certificate") keyId = X509Certificate.parse(Buffer.from(vm.certificate.rawBytes)).subjectAltName;
  else if (vm.$case === "x509CertificateChain" && vm.x509CertificateChain.certificates[0]) keyId = X509Certificate.parse(Buffer.from(vm.x509CertificateChain.certificates[0].rawBytes)).subjectAltName;
  const entry = bundle.verificationMaterial.tlogEntries[0];
  return { signature: Buffer.from(sig).toString("base64"), ...(keyId === undefined ? {} : { keyId }), ...(entry ? { logIndex: Number(entry.logIndex) } : {}) };
}
