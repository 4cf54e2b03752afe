// Keyless release signatures against a local Fulcio/Rekor (loopback only, @sigstore/mock via the
// signing package's helper) and offline verification with its trusted_root.json.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsTokenProvider, keylessSigner, parseTrustedRoot } from "@stella/signing";
import { parseReleaseManifest, signManifest, sigstoreManifestSigner, sigstoreManifestVerifier, verifyManifest } from "@stella/release";
import { startLocalSigstore, type LocalSigstore } from "../../signing/test/sigstore-local.js";

const seed = parseReleaseManifest(readFileSync(new URL("../../../test/fixtures/release/release.json", import.meta.url), "utf8"));
let sigstore: LocalSigstore;
beforeAll(async () => {
  sigstore = await startLocalSigstore();
});
afterAll(async () => {
  await sigstore.close();
});

describe("keyless release signature", () => {
  it("records the certificate identity and Rekor log index, verifies offline, and catches an edited log index", async () => {
    const signer = keylessSigner({ token: actionsTokenProvider({ requestUrl: sigstore.tokenUrl, requestToken: sigstore.tokenRequestToken }), fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl });
    const { release, bundle, entry } = await signManifest(seed, sigstoreManifestSigner(signer), { signedAt: new Date("2027-06-20T12:00:00Z") });
    expect(entry).toMatchObject({ signature_type: "dsse", key_id: sigstore.identity.subject, rekor_log_index: expect.any(Number) as unknown });
    const trustedRoot = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    const verifier = sigstoreManifestVerifier({ trustedRoot, identity: { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer } });
    const ok = await verifyManifest(release, verifier, [bundle]);
    expect(ok.verified[0]?.by).toMatchObject({ identity: sigstore.identity.subject, logIndex: entry.rekor_log_index });

    const edited = structuredClone(release);
    edited.manifest.signatures![0].rekor_log_index = (entry.rekor_log_index ?? 0) + 1;
    await expect(verifyManifest(edited, verifier, [bundle])).rejects.toThrow(/rekor_log_index/);
    const wrongId = sigstoreManifestVerifier({ trustedRoot, identity: { subject: "https://github.com/evil/x/.github/workflows/r.yml@refs/heads/main", issuer: sigstore.identity.issuer } });
    await expect(verifyManifest(release, wrongId, [bundle])).rejects.toThrow(/certificate identity/);
    await expect(verifyManifest(release, verifier)).rejects.toThrow(/public key/);
  });
});
