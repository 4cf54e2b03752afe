import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, keySigner, loadPrivateKey, loadPublicKey, type Signer } from "@stella/signing";
import { parseReleaseManifest, signManifest, sigstoreManifestSigner, sigstoreManifestVerifier, verifyManifest, ReleaseError, type ReleaseManifest } from "@stella/release";

const seed = parseReleaseManifest(readFileSync(new URL("../../../test/fixtures/release/release.json", import.meta.url), "utf8"));
let signer: Signer;
let publicPem: string;
let otherPublicPem: string;
let signed: ReleaseManifest;
let bundle: unknown;

beforeAll(async () => {
  const pair = await generateKeyPair({ password: "pw", scrypt: { N: 1024, r: 8, p: 1 } });
  const other = await generateKeyPair({ password: "pw", scrypt: { N: 1024, r: 8, p: 1 } });
  publicPem = pair.publicPem;
  otherPublicPem = other.publicPem;
  signer = keySigner(await loadPrivateKey(pair.privatePem, "pw", "cosign.key"));
  ({ release: signed, bundle } = await signManifest(seed, sigstoreManifestSigner(signer), { signedAt: new Date("2027-06-20T12:00:00Z") }));
});

/** Every leaf of a JSON value with a changed copy of the document. */
function* tamperings(doc: unknown, path: string[] = []): Generator<{ pointer: string; changed: unknown }> {
  if (Array.isArray(doc)) for (const [i, v] of doc.entries()) yield* tamperings(v, [...path, String(i)]);
  else if (typeof doc === "object" && doc !== null) for (const [k, v] of Object.entries(doc)) yield* tamperings(v, [...path, k]);
  else yield { pointer: `/${path.join("/")}`, changed: typeof doc === "string" ? `${doc}x` : typeof doc === "number" ? doc + 1 : !doc };
}
function withChange(doc: ReleaseManifest, pointer: string, value: unknown): ReleaseManifest {
  const copy = structuredClone(doc) as unknown as Record<string, unknown>;
  const segs = pointer.slice(1).split("/");
  let cur: Record<string, unknown> = copy;
  for (const s of segs.slice(0, -1)) cur = cur[s] as Record<string, unknown>;
  cur[segs[segs.length - 1] ?? ""] = value;
  return copy as unknown as ReleaseManifest;
}

describe("manifest sign/verify, offline", () => {
  it("signs: manifest_digest set, one dsse signatures[] entry with key id and time; re-signing never duplicates", async () => {
    expect(signed.manifest.manifest_digest).toBe(seed.manifest.manifest_digest);
    expect(signed.manifest.signatures).toEqual([{ signature_type: "dsse", signature: expect.stringMatching(/^[A-Za-z0-9+/=]{40,}$/) as unknown, key_id: expect.stringMatching(/^[a-f0-9]{64}$/) as unknown, signed_at: "2027-06-20T12:00:00Z" }]);
    const again = await signManifest(signed, sigstoreManifestSigner(signer), { signedAt: new Date("2027-06-21T00:00:00Z") });
    expect(again.release.manifest.signatures).toHaveLength(1);
    expect(bundle).toMatchObject({ mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json", dsseEnvelope: { payloadType: "application/vnd.in-toto+json" } });
  });

  it("verifies with the bundle and with the bare signature", async () => {
    const verifier = sigstoreManifestVerifier({ publicKey: loadPublicKey(publicPem, "cosign.pub") });
    await expect(verifyManifest(signed, verifier, [bundle])).resolves.toMatchObject({ digest: seed.manifest.manifest_digest });
    await expect(verifyManifest(signed, verifier)).resolves.toMatchObject({ verified: [{ entry: { signature_type: "dsse" } }] });
  });

  it("rejects the wrong key", async () => {
    const wrong = sigstoreManifestVerifier({ publicKey: loadPublicKey(otherPublicPem, "other.pub") });
    await expect(verifyManifest(signed, wrong, [bundle])).rejects.toThrow(ReleaseError);
    await expect(verifyManifest(signed, wrong)).rejects.toThrow(/signature verification failed/);
  });

  it("any one field changed fails, with and without the bundle", async () => {
    const verifier = sigstoreManifestVerifier({ publicKey: loadPublicKey(publicPem, "cosign.pub") });
    const cases = [...tamperings(signed)];
    expect(cases.length).toBeGreaterThan(100);
    for (const { pointer, changed } of cases) {
      const tampered = withChange(signed, pointer, changed);
      await expect(verifyManifest(tampered, verifier, [bundle]), pointer).rejects.toThrow(ReleaseError);
      await expect(verifyManifest(tampered, verifier), pointer).rejects.toThrow(ReleaseError);
    }
  });

  it("names what changed: the digest, or the signature entry", async () => {
    const verifier = sigstoreManifestVerifier({ publicKey: loadPublicKey(publicPem, "cosign.pub") });
    const t = withChange(signed, "/manifest/services/2/digest", `sha256:${"0".repeat(64)}`);
    await expect(verifyManifest(t, verifier, [bundle])).rejects.toThrow(/manifest_digest is sha256:[a-f0-9]{64} but the release hashes to sha256:[a-f0-9]{64}: release.json was changed after it was signed/);
    const s = withChange(signed, "/manifest/signatures/0/signed_at", "2027-06-21T12:00:00Z");
    await expect(verifyManifest(s, verifier, [bundle])).rejects.toThrow(/the signed statement says signedAt 2027-06-20T12:00:00Z, release.json says 2027-06-21T12:00:00Z/);
    const unsigned = { ...signed, manifest: { ...signed.manifest, signatures: [] } };
    await expect(verifyManifest(unsigned, verifier)).rejects.toThrow(/no signatures/);
  });
});
