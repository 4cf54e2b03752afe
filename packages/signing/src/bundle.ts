/**
 * Sigstore bundles (v0.3, `application/vnd.dev.sigstore.bundle.v0.3+json`) for message signatures and
 * DSSE envelopes, made through @sigstore/sign's builders with our Signer and its witnesses
 * (Rekor entry, RFC 3161 timestamp). architecture-devops.md §2.3; playbook §5 (sign-blob).
 */
import { createHash } from "node:crypto";
import { BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, bundleToJSON, toMessageSignatureBundle, type Bundle, type SerializedBundle } from "@sigstore/bundle";
import type { Signature } from "@sigstore/sign";
import { errorMessage } from "@stella/core";
import { pemDecodeAll } from "./cosign-key.js";
import { SigningError } from "./errors.js";
import { loadSigstoreSign, type Signer } from "./signer.js";
import type { Chunks } from "./stream-crypto.js";

export const BUNDLE_MEDIA_TYPE = BUNDLE_V03_MEDIA_TYPE;
export type { Bundle, SerializedBundle };

/** sigstore-js writes v0.2 with a one-certificate chain for message signatures; v0.3 carries the leaf alone. */
function toV03(bundle: Bundle): Bundle {
  const content = bundle.verificationMaterial.content;
  if (content.$case === "x509CertificateChain") {
    const leaf = content.x509CertificateChain.certificates[0];
    if (leaf) bundle.verificationMaterial.content = { $case: "certificate", certificate: leaf };
  }
  bundle.mediaType = BUNDLE_V03_MEDIA_TYPE;
  return bundle;
}

async function witnessed<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`${what}: ${errorMessage(e)}`, {
      code: "KEYLESS_UNAVAILABLE",
      cause: e,
      hint: "check the Fulcio/Rekor/TSA URLs and the network, or sign with a key and no transparency log",
    });
  }
}

/**
 * A v0.3 message-signature bundle from a digest and the signature over the bytes it digests, with
 * the signer's witnesses applied. Rekor's hashedrekord entry and the TSA timestamp need only the
 * digest and the signature, never the bytes, so a streamed file is bundled the same way.
 */
export async function bundleFromDigest(digest: Buffer, signature: Signature, signer: Signer): Promise<Bundle> {
  const bundle = toMessageSignatureBundle({
    digest,
    signature: signature.signature,
    ...(signature.key.$case === "x509Certificate" ? { certificate: derOf(signature.key.certificate) } : { keyHint: signature.key.hint ?? "" }),
    certificateChain: false,
  });
  const publicKey = signature.key.$case === "x509Certificate" ? signature.key.certificate : signature.key.publicKey;
  const material = await witnessed("signing", () => Promise.all(signer.witnesses.map((w) => w.testify(bundle.content, publicKey))));
  bundle.verificationMaterial.tlogEntries = material.flatMap((m) => m.tlogEntries ?? []);
  bundle.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: material.flatMap((m) => m.rfc3161Timestamps ?? []) };
  return bundle;
}

function derOf(pem: string): Buffer {
  const der = pemDecodeAll(pem).find((b) => b.label === "CERTIFICATE")?.body;
  if (!der) throw new SigningError("the signer's certificate is not a PEM CERTIFICATE", { code: "FORMAT" });
  return der;
}

/** A bundle whose message signature is over `data` itself (sha256 digest recorded). */
export async function messageSignatureBundle(data: Buffer, signer: Signer): Promise<Bundle> {
  const signature = await witnessed("signing", () => signer.sign(data));
  return bundleFromDigest(createHash("sha256").update(data).digest(), signature, signer);
}

/** The same for a stream (a file of any size) when the signer can sign one; undefined otherwise. */
export async function messageSignatureBundleOfStream(chunks: Chunks, signer: Signer): Promise<Bundle | undefined> {
  const signStream = signer.signStream?.bind(signer);
  if (!signStream) return undefined;
  const { digest, signature } = await witnessed("signing", () => signStream(chunks));
  return bundleFromDigest(digest, signature, signer);
}

/** A bundle holding a DSSE envelope of `payload` (an in-toto statement for attestations). */
export async function dsseBundle(payload: Buffer, payloadType: string, signer: Signer): Promise<Bundle> {
  // Loaded here, not at start-up: see lazyWitness in signer.ts.
  const { DSSEBundleBuilder } = await loadSigstoreSign();
  const builder = new DSSEBundleBuilder({ signer, witnesses: [...signer.witnesses], certificateChain: false });
  return toV03(await witnessed("signing", () => builder.create({ data: payload, type: payloadType })));
}

export function serializeBundle(bundle: Bundle): Buffer {
  return Buffer.from(JSON.stringify(bundleToJSON(bundle)), "utf8");
}

/** Any bundle v0.1 to v0.3, checked against the bundle schema rules of @sigstore/bundle. */
export function parseBundle(bytes: Uint8Array | string, where: string): Bundle {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new SigningError(`${where}: not valid JSON`, { code: "FORMAT", cause: e });
  }
  try {
    return bundleFromJSON(doc);
  } catch (e) {
    throw new SigningError(`${where}: not a Sigstore bundle: ${errorMessage(e)}`, { code: "FORMAT", cause: e });
  }
}

/** The log indexes of a bundle's Rekor entries (for messages: "which log entry"). */
export function logIndexes(bundle: Bundle): string[] {
  return bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex);
}
