/**
 * cosign's `dev.sigstore.cosign/chain` annotation (architecture-devops.md §2.3): the PEM
 * certificates above the signing certificate, as Fulcio returned them (intermediates, then the
 * root). @sigstore/verify builds the path from the trusted root and ignores the annotation, so a
 * stale or forged one would pass unseen; this checks that it is consistent: every certificate
 * issued the one before it (names and signature), starting at the leaf, and the last one is a
 * certificate authority of the trusted root. Pure over bytes and the root.
 */
import { X509Certificate } from "node:crypto";
import type { TrustedRoot } from "@sigstore/protobuf-specs";
import { pemDecodeAll } from "./cosign-key.js";
import { SigningError } from "./errors.js";

function parse(der: Buffer, what: string, where: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (e) {
    throw new SigningError(`${where}: ${what} is not an X.509 certificate`, { code: "FORMAT", cause: e });
  }
}

function issued(issuer: X509Certificate, child: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Every certificate of every certificate authority in the root (DER), to compare bytes with. */
function rootCertificates(root: TrustedRoot): Buffer[] {
  return root.certificateAuthorities.flatMap((ca) => (ca.certChain?.certificates ?? []).map((c) => Buffer.from(c.rawBytes)));
}

/** Throws a SigningError naming the broken link, or the root that the trusted root does not hold. */
export function checkChainAnnotation(leafDer: Uint8Array, chainPem: string, root: TrustedRoot, where: string): void {
  const blocks = pemDecodeAll(chainPem).filter((b) => b.label === "CERTIFICATE");
  if (blocks.length === 0) {
    throw new SigningError(`${where}: the chain annotation holds no PEM certificate`, { code: "FORMAT", hint: "dev.sigstore.cosign/chain must be the PEM certificates above the signing certificate" });
  }
  let child = parse(Buffer.from(leafDer), "the certificate annotation", where);
  for (const [i, block] of blocks.entries()) {
    const cert = parse(block.body, `certificate ${i + 1} of the chain annotation`, where);
    if (!issued(cert, child)) {
      throw new SigningError(`${where}: the chain annotation does not chain: certificate ${i + 1} (${cert.subject.replace(/\n/g, ", ")}) did not issue ${i === 0 ? "the signing certificate" : `certificate ${i}`} (issuer ${child.issuer.replace(/\n/g, ", ")})`, {
        code: "CERTIFICATE_INVALID",
        hint: "the chain was replaced or belongs to another certificate; re-sign the image",
      });
    }
    child = cert;
  }
  const last = blocks[blocks.length - 1]?.body ?? Buffer.alloc(0);
  if (!rootCertificates(root).some((c) => c.equals(last))) {
    throw new SigningError(`${where}: the chain annotation ends at ${child.subject.replace(/\n/g, ", ")}, which is no certificate authority of the trusted root`, {
      code: "CERTIFICATE_INVALID",
      hint: "pass the trusted root of the Fulcio that issued the certificate (--trusted-root)",
    });
  }
}
