// Fulcio v2 request/response shapes (fulcio.ts): the chain beyond the leaf is kept.
import { describe, expect, it } from "vitest";
import { certificateRequest, parseCertificateResponse, proofSubject } from "./fulcio.js";
import { SigningError } from "./errors.js";

const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
// One long base64 line, as @sigstore/mock sends it; read back in 64-column lines, as cosign writes PEM.
const pem = (n: string) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(n.repeat(40)).toString("base64")}\n-----END CERTIFICATE-----`;
const wrapped = (n: string) => `-----BEGIN CERTIFICATE-----\n${(Buffer.from(n.repeat(40)).toString("base64").match(/.{1,64}/g) ?? []).join("\n")}\n-----END CERTIFICATE-----\n`;

describe("Fulcio v2 signing certificate", () => {
  it("reads leaf and chain from embedded or detached SCT responses", () => {
    expect(parseCertificateResponse({ signedCertificateEmbeddedSct: { chain: { certificates: [pem("leaf"), pem("int"), pem("root")] } } }, "f")).toEqual({
      leaf: wrapped("leaf"),
      chain: [wrapped("int"), wrapped("root")],
    });
    expect(parseCertificateResponse({ signedCertificateDetachedSct: { chain: { certificates: [pem("leaf")] } } }, "f").chain).toEqual([]);
    expect(() => parseCertificateResponse({ signedCertificateEmbeddedSct: { chain: { certificates: ["nope"] } } }, "https://f/api/v2/signingCert")).toThrow(
      /^https:\/\/f\/api\/v2\/signingCert: not a Fulcio signing-certificate response/,
    );
  });

  it("proves possession over the verified email, else the subject", () => {
    expect(proofSubject(jwt({ sub: "repo:stella/ops" }))).toBe("repo:stella/ops");
    expect(proofSubject(jwt({ sub: "x", email: "a@b.c", email_verified: true }))).toBe("a@b.c");
    expect(() => proofSubject(jwt({ sub: "x", email: "a@b.c" }))).toThrow(SigningError);
    expect(certificateRequest("t", "PEM", Buffer.from("sig"))).toEqual({
      credentials: { oidcIdentityToken: "t" },
      publicKeyRequest: { publicKey: { algorithm: "ECDSA", content: "PEM" }, proofOfPossession: Buffer.from("sig").toString("base64") },
    });
  });
});
