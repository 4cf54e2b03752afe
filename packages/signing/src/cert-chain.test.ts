// The chain annotation check (cert-chain.ts) with real certificates from @sigstore/mock's CA:
// a consistent chain passes, a chain from another CA, one missing from the trusted root and a
// non-certificate are each refused with their own reason.
import { generateKeyPairSync } from "node:crypto";
import { initializeCA } from "@sigstore/mock";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { describe, expect, it } from "vitest";
import { checkChainAnnotation } from "./cert-chain.js";
import { certPem } from "./cosign-oci.js";
import { SigningError } from "./errors.js";

const pair = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const der = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

async function ca() {
  const c = await initializeCA(pair());
  const leaf = der(await c.issueCertificate({ publicKey: pair().publicKey.export({ type: "spki", format: "der" }), subjectAltName: "https://github.com/stella/ops/.github/workflows/release.yml@refs/heads/main" }));
  return { root: der(c.rootCertificate), leaf };
}

function rootWith(...roots: Buffer[]): TrustedRoot {
  return TrustedRoot.fromJSON({
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [],
    ctlogs: [],
    timestampAuthorities: [],
    certificateAuthorities: roots.map((r) => ({ subject: { organization: "t", commonName: "t" }, uri: "https://fulcio.test", certChain: { certificates: [{ rawBytes: r.toString("base64") }] }, validFor: { start: "2000-01-01T00:00:00Z" } })),
  });
}

function reason(run: () => void): string {
  try {
    run();
  } catch (e) {
    if (e instanceof SigningError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "accepted";
}

describe("dev.sigstore.cosign/chain annotation", () => {
  it("accepts the issuing root, refuses another CA, a root outside the trusted root, and non-PEM", async () => {
    const a = await ca();
    const b = await ca();
    expect(reason(() => checkChainAnnotation(a.leaf, certPem(a.root), rootWith(a.root), "layer 0"))).toBe("accepted");
    expect(reason(() => checkChainAnnotation(a.leaf, certPem(b.root), rootWith(a.root, b.root), "layer 0"))).toMatch(
      /^CERTIFICATE_INVALID: layer 0: the chain annotation does not chain: certificate 1 \(.*\) did not issue the signing certificate/,
    );
    expect(reason(() => checkChainAnnotation(a.leaf, certPem(a.root), rootWith(b.root), "layer 0"))).toMatch(/^CERTIFICATE_INVALID: layer 0: the chain annotation ends at .*, which is no certificate authority of the trusted root/);
    // Root followed by a certificate that did not issue it (a chain padded with another CA).
    expect(reason(() => checkChainAnnotation(a.leaf, certPem(a.root) + certPem(b.root), rootWith(a.root, b.root), "layer 0"))).toMatch(/certificate 2 .* did not issue certificate 1/);
    expect(reason(() => checkChainAnnotation(a.leaf, "not a pem", rootWith(a.root), "layer 0"))).toBe("FORMAT: layer 0: the chain annotation holds no PEM certificate");
  });
});
