// Keyless signing against local Fulcio/Rekor/TSA (loopback only) and offline verification with
// the matching trusted_root.json: no network beyond 127.0.0.1.
import { bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBlob, verifyBlob } from "./blob.js";
import { keylessSigner } from "./signer.js";
import { actionsTokenProvider } from "./oidc.js";
import { parseTrustedRoot } from "./trust.js";
import { SigningError } from "./errors.js";
import { startLocalSigstore, type LocalSigstore } from "../test/sigstore-local.js";
import { reason } from "../test/refusal.js";

let sigstore: LocalSigstore;
let expired: LocalSigstore;
beforeAll(async () => {
  sigstore = await startLocalSigstore();
  expired = await startLocalSigstore({ certClock: new Date(Date.now() - 3600_000) });
});
afterAll(async () => {
  await sigstore.close();
  await expired.close();
});

function signer(s: LocalSigstore, tsa = false) {
  return keylessSigner({
    token: actionsTokenProvider({ requestUrl: s.tokenUrl, requestToken: s.tokenRequestToken }),
    fulcioUrl: s.fulcioUrl,
    rekorUrl: s.rekorUrl,
    ...(tsa ? { tsaUrl: s.tsaUrl } : {}),
  });
}

describe("keyless (Fulcio certificate + Rekor entry, optional TSA)", () => {
  it("signs with one certificate per run and verifies offline against the trusted root", async () => {
    const s = signer(sigstore, true);
    const a = await signBlob(Buffer.from("a"), s);
    const b = await signBlob(Buffer.from("b"), s);
    expect(a.certificate).toBeDefined();
    expect(a.certificate).toBe(b.certificate);
    expect(a.logIndexes).toHaveLength(1);
    expect(s.identity()).toContain(sigstore.identity.subject);
    const json: unknown = JSON.parse(a.bundleJson.toString());
    expect(json).toMatchObject({ mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json", verificationMaterial: { certificate: {} } });

    const root = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    const ok = await verifyBlob(Buffer.from("a"), { bundle: a.bundleJson, trustedRoot: root, identity: { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer } });
    expect(ok).toEqual({ kind: "certificate", subject: sigstore.identity.subject, issuer: sigstore.identity.issuer, logIndexes: a.logIndexes });
    expect(await verifyBlob(Buffer.from("a"), { bundle: a.bundleJson, trustedRoot: root, identity: { subjectRegExp: "^https://github\\.com/stella/", issuerRegExp: "githubusercontent" } })).toMatchObject({ kind: "certificate" });

    // Independent: @sigstore/verify with its own defaults (1 tlog entry, 1 SCT, 1 timestamp) and policy.
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot)));
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(json), Buffer.from("a")), { subjectAlternativeName: sigstore.identity.subject, extensions: { issuer: sigstore.identity.issuer } })).not.toThrow();
  });

  it("refuses the wrong identity, issuer, another artifact's Rekor entry, an untrusted root and an expired certificate", async () => {
    const s = signer(sigstore);
    const a = await signBlob(Buffer.from("a"), s);
    const b = await signBlob(Buffer.from("b"), s);
    const root = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    const id = { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer };
    expect(await reason(verifyBlob(Buffer.from("a"), { bundle: a.bundleJson, trustedRoot: root, identity: { ...id, subject: "https://github.com/evil/x/.github/workflows/r.yml@refs/heads/main" } }))).toMatch(
      /^IDENTITY_MISMATCH: certificate identity is "https:\/\/github.com\/stella\/ops\/.github\/workflows\/release.yml@refs\/heads\/main", expected "https:\/\/github.com\/evil/,
    );
    expect(await reason(verifyBlob(Buffer.from("a"), { bundle: a.bundleJson, trustedRoot: root, identity: { ...id, issuer: "https://accounts.google.com" } }))).toMatch(/^IDENTITY_MISMATCH: certificate OIDC issuer is/);
    expect(await reason(verifyBlob(Buffer.from("a"), { bundle: a.bundleJson, trustedRoot: root }))).toMatch(/^IDENTITY_MISMATCH: the signature carries a certificate/);

    // Rekor entry of b grafted into a's bundle.
    const docA = JSON.parse(a.bundleJson.toString()) as { verificationMaterial: { tlogEntries: unknown[] } };
    const docB = JSON.parse(b.bundleJson.toString()) as { verificationMaterial: { tlogEntries: unknown[] } };
    docA.verificationMaterial.tlogEntries = docB.verificationMaterial.tlogEntries;
    expect(await reason(verifyBlob(Buffer.from("a"), { bundle: JSON.stringify(docA), trustedRoot: root, identity: id }))).toMatch(/^TLOG_INVALID: the Rekor entry is for another artifact/);

    const otherRoot = parseTrustedRoot(JSON.stringify(expired.trustedRoot), "other_root.json");
    expect(await reason(verifyBlob(Buffer.from("a"), { bundle: a.bundleJson, trustedRoot: otherRoot, identity: id }))).toMatch(/^(CERTIFICATE_INVALID|TLOG_INVALID)/);

    const old = await signBlob(Buffer.from("a"), signer(expired));
    const expiredRoot = parseTrustedRoot(JSON.stringify(expired.trustedRoot), "trusted_root.json");
    expect(await reason(verifyBlob(Buffer.from("a"), { bundle: old.bundleJson, trustedRoot: expiredRoot, identity: id }))).toMatch(/^CERTIFICATE_INVALID: certificate not trusted/);
  });

  it("fails at once on a runner without OIDC token variables, naming the key inputs", () => {
    const e: unknown = (() => {
      try {
        actionsTokenProvider({ requestUrl: undefined, requestToken: undefined, gitea: true });
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(SigningError);
    expect(e instanceof SigningError && e.describe()).toMatch(/Gitea.*\n.*`key` input.*`key-password`/);
  });
});
