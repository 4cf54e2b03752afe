/**
 * Fulcio's v2 signing-certificate API (architecture-devops.md §2.3, keyless): the workflow's OIDC
 * token and a proof of possession of the ephemeral key go in; the certificate chain comes out, leaf
 * first, then the intermediates and the root. cosign stores that rest of the chain in the
 * `dev.sigstore.cosign/chain` annotation; @sigstore/sign's FulcioSigner keeps only the leaf, hence
 * this client. Request and response shapes are pure functions; the POST goes through @stella/http.
 */
import { httpRequest } from "@stella/http";
import { errorMessage } from "@stella/core";
import { pemDecodeAll } from "./cosign-key.js";
import { certPem } from "./cosign-oci.js";
import { SigningError } from "./errors.js";
import { tokenClaims } from "./oidc.js";
import { isRecord } from "./stable-json.js";

export interface FulcioCertificates {
  /** Leaf certificate PEM (the signing certificate). */
  leaf: string;
  /** Intermediates then root, PEM each (may be empty when Fulcio sends the leaf alone). */
  chain: string[];
}

/** What the proof of possession signs: the token's verified email, else its subject (Fulcio's rule). */
export function proofSubject(token: string): string {
  const claims = tokenClaims(token);
  if (claims.email !== undefined) {
    if (claims.email_verified !== true) throw new SigningError("the OIDC token's email is not verified by its issuer", { code: "KEYLESS_UNAVAILABLE", hint: "use a token whose issuer verifies the email, or sign with a key" });
    return claims.email;
  }
  if (claims.sub === undefined) throw new SigningError("the OIDC token has no `sub` claim", { code: "KEYLESS_UNAVAILABLE", hint: "check the runner's token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL)" });
  return claims.sub;
}

/** The JSON body of `POST /api/v2/signingCert` for a public key and its proof of possession. */
export function certificateRequest(token: string, publicKeyPem: string, proof: Uint8Array): Record<string, unknown> {
  return {
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: { publicKey: { algorithm: "ECDSA", content: publicKeyPem }, proofOfPossession: Buffer.from(proof).toString("base64") },
  };
}

/** Reads Fulcio's answer: `signedCertificateEmbeddedSct` or `signedCertificateDetachedSct`, each `{chain: {certificates: [pem…]}}`. */
export function parseCertificateResponse(doc: unknown, where: string): FulcioCertificates {
  const signed = isRecord(doc) ? (doc.signedCertificateEmbeddedSct ?? doc.signedCertificateDetachedSct) : undefined;
  const chain = isRecord(signed) ? signed.chain : undefined;
  const certs = isRecord(chain) ? chain.certificates : undefined;
  if (!Array.isArray(certs) || certs.length === 0 || !certs.every((c): c is string => typeof c === "string" && c.includes("-----BEGIN CERTIFICATE-----"))) {
    throw new SigningError(`${where}: not a Fulcio signing-certificate response (expected signedCertificateEmbeddedSct.chain.certificates, PEM strings)`, {
      code: "KEYLESS_UNAVAILABLE",
      hint: "check that the Fulcio URL points at a Fulcio v2 API",
    });
  }
  // Re-encoded as cosign writes PEM (64-column base64), whatever line length the server used.
  const [leaf, ...rest] = certs.map((c, i) => {
    const der = pemDecodeAll(c).find((b) => b.label === "CERTIFICATE")?.body;
    if (!der) throw new SigningError(`${where}: certificate ${i} of the chain is not PEM`, { code: "KEYLESS_UNAVAILABLE" });
    return certPem(der);
  });
  return { leaf: leaf ?? "", chain: rest };
}

export interface CertificateOptions {
  fulcioUrl: string;
  token: string;
  publicKeyPem: string;
  /** Signs the proof-of-possession challenge with the ephemeral private key. */
  prove: (challenge: Buffer) => Buffer;
  timeoutMs?: number;
}

/** Asks Fulcio for a certificate binding `publicKeyPem` to the token's identity. */
export async function requestCertificate(o: CertificateOptions): Promise<FulcioCertificates> {
  const url = `${o.fulcioUrl.replace(/\/+$/, "")}/api/v2/signingCert`;
  const proof = o.prove(Buffer.from(proofSubject(o.token)));
  let doc: unknown;
  try {
    const res = await httpRequest({
      method: "POST",
      url,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(certificateRequest(o.token, o.publicKeyPem, proof)),
      timeoutMs: o.timeoutMs ?? 30_000,
    });
    doc = await res.json();
  } catch (e) {
    throw new SigningError(`Fulcio at ${url}: ${errorMessage(e)}`, { code: "KEYLESS_UNAVAILABLE", cause: e, hint: "check the Fulcio URL and the workflow's id-token permission, or sign with `key`" });
  }
  return parseCertificateResponse(doc, url);
}
