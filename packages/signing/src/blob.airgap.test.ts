import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { describe, expect, it } from "vitest";
import { signBlob, signDsse, verifyBlob } from "./blob.js";
import { emptyTrustedRoot } from "./trust.js";
import { generateKeyPair, loadPrivateKey, loadPublicKey } from "./keys.js";
import { keySigner } from "./signer.js";
import { buildStatement, subjectFor } from "./intoto.js";
import { sha256Digest } from "@stella/core";
import { reason } from "../test/refusal.js";

async function keyPair(password = "pw") {
  const pair = await generateKeyPair({ password });
  const key = await loadPrivateKey(pair.privatePem, password, "cosign.key");
  return { pair, key, pub: loadPublicKey(pair.publicPem, "cosign.pub") };
}

describe("sign-blob / verify-blob with a key (no transparency log)", () => {
  it("signs and verifies with an Ed25519 key (pure EdDSA over the bytes, a file or bytes); openssl agrees; other bytes are refused", async () => {
    const pair = await generateKeyPair({ password: "pw", algorithm: "ed25519" });
    const key = await loadPrivateKey(pair.privatePem, "pw", "cosign.key");
    const pub = loadPublicKey(pair.publicPem, "cosign.pub");
    const dir = mkdtempSync(join(tmpdir(), "stella-blob-ed-"));
    const file = join(dir, "ouk.tar.gz");
    writeFileSync(file, "ed25519 kit\n");
    const out = await signBlob(file, keySigner(key));
    expect((await verifyBlob(file, { bundle: out.bundleJson, publicKey: pub, signature: out.signature })).kind).toBe("key");
    expect((await verifyBlob(Buffer.from("ed25519 kit\n"), { bundle: out.bundleJson, publicKey: pub })).kind).toBe("key");
    await expect(verifyBlob(Buffer.from("other"), { bundle: out.bundleJson, publicKey: pub })).rejects.toThrow();
    writeFileSync(join(dir, "ed.pub"), pair.publicPem);
    writeFileSync(join(dir, "ed.sig"), Buffer.from(out.signature, "base64"));
    expect(execFileSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", join(dir, "ed.pub"), "-rawin", "-in", file, "-sigfile", join(dir, "ed.sig")], { encoding: "utf8" })).toMatch(/Signature Verified Successfully/);
  });

  it("makes a v0.3 bundle @sigstore/verify accepts and a .sig openssl accepts", async () => {
    const { pair, key, pub } = await keyPair();
    const data = Buffer.from("offline update kit\n");
    const out = await signBlob(data, keySigner(key));
    const json: unknown = JSON.parse(out.bundleJson.toString());
    expect(json).toMatchObject({ mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json", messageSignature: { messageDigest: { algorithm: "SHA2_256" } } });
    expect(out.logIndexes).toEqual([]);

    // Independent: @sigstore/verify driven directly, not through our wrapper.
    const verifier = new Verifier(toTrustMaterial(emptyTrustedRoot(), () => ({ publicKey: pub, validFor: () => true })), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(json), data))).not.toThrow();
    expect(() => verifier.verify(toSignedEntity(bundleFromJSON(json), Buffer.from("other")))).toThrow();

    // Independent: openssl on the detached signature.
    const dir = mkdtempSync(join(tmpdir(), "stella-blob-"));
    writeFileSync(join(dir, "cosign.pub"), pair.publicPem);
    writeFileSync(join(dir, "kit.tar"), data);
    writeFileSync(join(dir, "kit.sig.der"), Buffer.from(out.signature, "base64"));
    const ok = execFileSync("openssl", ["dgst", "-sha256", "-verify", join(dir, "cosign.pub"), "-signature", join(dir, "kit.sig.der"), join(dir, "kit.tar")]).toString();
    expect(ok.trim()).toBe("Verified OK");

    expect(await verifyBlob(data, { bundle: out.bundleJson, publicKey: pub })).toEqual({ kind: "key", subject: "key", logIndexes: [] });
    expect(await verifyBlob(data, { signature: out.signature, publicKey: pub })).toMatchObject({ kind: "key" });
  });

  it("refuses tampering with specific reasons", async () => {
    const { key, pub } = await keyPair();
    const other = await keyPair();
    const data = Buffer.from("kit bytes");
    const out = await signBlob(data, keySigner(key));
    const flipped = Buffer.from(out.signature, "base64");
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 0x01;
    expect(await reason(verifyBlob(data, { signature: flipped.toString("base64"), publicKey: pub }))).toMatch(/^SIGNATURE_INVALID: signature does not verify/);
    expect(await reason(verifyBlob(Buffer.from("kit bytez"), { bundle: out.bundleJson, publicKey: pub }))).toMatch(/^SIGNATURE_INVALID: signature does not verify/);
    expect(await reason(verifyBlob(data, { bundle: out.bundleJson, publicKey: other.pub }))).toMatch(/^SIGNATURE_INVALID: signature does not verify/);
    const doc = JSON.parse(out.bundleJson.toString()) as { messageSignature: { signature: string } };
    doc.messageSignature.signature = flipped.toString("base64");
    expect(await reason(verifyBlob(data, { bundle: JSON.stringify(doc), publicKey: pub }))).toMatch(/^SIGNATURE_INVALID/);
    expect(await reason(verifyBlob(data, { bundle: "{}", publicKey: pub }))).toMatch(/^FORMAT: bundle: not a Sigstore bundle/);
    // The recorded digest edited (signature intact): with no Rekor entry @sigstore/verify never
    // compares it; we do, for bytes and for a streamed file alike.
    const digestDoc = JSON.parse(out.bundleJson.toString()) as { messageSignature: { messageDigest: { digest: string } } };
    digestDoc.messageSignature.messageDigest.digest = Buffer.alloc(32, 9).toString("base64");
    const file = join(mkdtempSync(join(tmpdir(), "stella-blob-")), "kit.tar");
    writeFileSync(file, data);
    for (const input of [data, file]) {
      expect(await reason(verifyBlob(input, { bundle: JSON.stringify(digestDoc), publicKey: pub }))).toMatch(/^PAYLOAD_MISMATCH: the bundle records the digest sha256:(09){32}, this file is sha256:[0-9a-f]{64}$/);
    }
    expect(await verifyBlob(file, { bundle: out.bundleJson, publicKey: pub })).toMatchObject({ kind: "key" });
    expect(await reason(verifyBlob(file, { bundle: out.bundleJson, publicKey: other.pub }))).toMatch(/^SIGNATURE_INVALID: signature does not verify/);
  });

  it("DSSE bundles: statement must name the file, and a changed predicate is refused", async () => {
    const { key, pub } = await keyPair();
    const data = Buffer.from("a file");
    const statement = buildStatement([subjectFor("a.txt", sha256Digest(data))], "https://example.com/p/v1", { ok: true });
    const out = await signDsse(statement, "application/vnd.in-toto+json", keySigner(key));
    expect(await verifyBlob(data, { bundle: out.bundleJson, publicKey: pub })).toMatchObject({ kind: "key" });
    expect(await reason(verifyBlob(Buffer.from("another file"), { bundle: out.bundleJson, publicKey: pub }))).toMatch(/^PAYLOAD_MISMATCH: the bundle's statement is about sha256:/);
    const doc = JSON.parse(out.bundleJson.toString()) as { dsseEnvelope: { payload: string } };
    doc.dsseEnvelope.payload = Buffer.from(Buffer.from(doc.dsseEnvelope.payload, "base64").toString().replace('"ok":true', '"ok":false')).toString("base64");
    expect(await reason(verifyBlob(data, { bundle: JSON.stringify(doc), publicKey: pub }))).toMatch(/^SIGNATURE_INVALID: signature does not verify/);
  });
});
