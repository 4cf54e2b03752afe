/**
 * Sigstore bundles (v0.3, `application/vnd.dev.sigstore.bundle.v0.3+json`) for message signatures and
 * DSSE envelopes, made through @sigstore/sign's builders with our Signer and its witnesses
 * (Rekor entry, RFC 3161 timestamp). architecture-devops.md §2.3; playbook §5 (sign-blob).
 */
import { BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, bundleToJSON, type Bundle, type SerializedBundle } from "@sigstore/bundle";
import { DSSEBundleBuilder, MessageSignatureBundleBuilder } from "@sigstore/sign";
import { errorMessage } from "@stella/core";
import { SigningError } from "./errors.js";
import type { Signer } from "./signer.js";

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

/** A bundle whose message signature is over `data` itself (sha256 digest recorded). */
export async function messageSignatureBundle(data: Buffer, signer: Signer): Promise<Bundle> {
  const builder = new MessageSignatureBundleBuilder({ signer, witnesses: [...signer.witnesses] });
  return toV03(await witnessed("signing", () => builder.create({ data })));
}

/** A bundle holding a DSSE envelope of `payload` (an in-toto statement for attestations). */
export async function dsseBundle(payload: Buffer, payloadType: string, signer: Signer): Promise<Bundle> {
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
