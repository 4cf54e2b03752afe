// Image signatures and attestations on an OCI layout (no server, no network).
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { initializeCA } from "@sigstore/mock";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Digest } from "@stella/core";
import { OciLayoutStore, buildExampleImage, MediaType, type ImageStore } from "@stella/oci";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, loadPrivateKey, loadPublicKey } from "./keys.js";
import { keySigner, keylessSigner } from "./signer.js";
import { attestImage, signImage } from "./image-sign.js";
import { verifyImage, type ManifestVerification } from "./image-verify.js";
import { certPem, cosignTag, parseSignatureManifest, signatureManifest } from "./cosign-oci.js";
import { predicateTypeFor } from "./intoto.js";
import { actionsTokenProvider } from "./oidc.js";
import { parseTrustedRoot } from "./trust.js";
import { startLocalSigstore, type LocalSigstore } from "../test/sigstore-local.js";

const REPO = "registry.example/stella/app";

async function newKey() {
  const pair = await generateKeyPair({ password: "pw" });
  const key = await loadPrivateKey(pair.privatePem, "pw", "cosign.key");
  return { signer: keySigner(key), pub: loadPublicKey(pair.publicPem, "cosign.pub") };
}

async function newStore(platforms = 2): Promise<{ store: ImageStore; digest: string }> {
  const dir = await mkdtemp(join(tmpdir(), "stella-sign-"));
  const store = await OciLayoutStore.open(dir, { create: true });
  const plats = [
    { architecture: "amd64", os: "linux" },
    { architecture: "arm64", os: "linux" },
  ].slice(0, platforms);
  const desc = await buildExampleImage(store, { tag: "v1", ...(platforms > 1 ? { platforms: plats } : {}), seed: `s${Math.random()}` });
  return { store, digest: desc.digest };
}

const reasons = (r: ManifestVerification[]) => r.flatMap((m) => m.candidates.map((c) => c.reason ?? "ok"));

describe("image signatures (cosign .sig tag + referrer bundle)", () => {
  it("signs an index recursively, verifies every platform, never duplicates, appends another signer", async () => {
    const { store, digest } = await newStore();
    const a = await newKey();
    const signed = await signImage({ store, dockerReference: REPO, digest, signer: a.signer });
    expect(signed).toHaveLength(3);
    expect(signed.every((s) => !s.duplicate && s.referrer?.startsWith("sha256:"))).toBe(true);
    const tags = await store.listTags();
    for (const s of signed) expect(tags).toContain(cosignTag(s.digest, "sig"));

    const m = await store.getManifest(cosignTag(digest, "sig"));
    const layers = parseSignatureManifest(m.bytes, "sig");
    expect(layers).toHaveLength(1);
    expect(layers[0]?.descriptor.mediaType).toBe("application/vnd.dev.cosign.simplesigning.v1+json");
    expect(Buffer.from(await store.getBlobBytes(layers[0].descriptor)).toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"${REPO}"},"image":{"docker-manifest-digest":"${digest}"},"type":"cosign container image signature"},"optional":null}`,
    );

    // Independent: openssl accepts the signature over our simple-signing payload.
    const tmp = await mkdtemp(join(tmpdir(), "stella-openssl-"));
    await writeFile(join(tmp, "payload.json"), await store.getBlobBytes(layers[0].descriptor));
    await writeFile(join(tmp, "sig.der"), Buffer.from(layers[0]?.annotations["dev.cosignproject.cosign/signature"] ?? "", "base64"));
    await writeFile(join(tmp, "cosign.pub"), a.signer.publicKeyPem ?? "");
    expect(execFileSync("openssl", ["dgst", "-sha256", "-verify", join(tmp, "cosign.pub"), "-signature", join(tmp, "sig.der"), join(tmp, "payload.json")]).toString().trim()).toBe("Verified OK");

    const results = await verifyImage({ store, digest, publicKey: a.pub });
    expect(results.map((r) => r.verified)).toEqual([true, true, true]);
    expect(results[0]?.candidates.map((c) => c.source)).toEqual([`${cosignTag(digest, "sig")} layer 0`, `referrer ${signed[0]?.referrer}`]);

    // Signing again with the same key appends nothing.
    const again = await signImage({ store, dockerReference: REPO, digest, signer: a.signer, recursive: false });
    expect(again[0]?.duplicate).toBe(true);
    expect(parseSignatureManifest((await store.getManifest(cosignTag(digest, "sig"))).bytes, "sig")).toHaveLength(1);

    // Another key appends; verifying with it says why the first layer did not match.
    const b = await newKey();
    await signImage({ store, dockerReference: REPO, digest, signer: b.signer, recursive: false, referrer: false });
    const withB = await verifyImage({ store, digest, publicKey: b.pub, recursive: false });
    expect(withB[0]?.verified).toBe(true);
    expect(withB[0]?.candidates.map((c) => [c.source.replace(/sha256:\w+/, "R"), c.ok])).toEqual([
      [`${cosignTag(digest, "sig")} layer 0`, false],
      [`${cosignTag(digest, "sig")} layer 1`, true],
      ["referrer R", false],
    ]);
    expect(withB[0]?.candidates[0]?.reason).toMatch(/^signature does not verify/);

    // Index only when told so.
    expect(await verifyImage({ store, digest, publicKey: a.pub, recursive: false })).toHaveLength(1);
  });

  it("refuses tampering with specific reasons", async () => {
    const { store, digest } = await newStore(1);
    const other = await newStore(1);
    const a = await newKey();
    await signImage({ store, dockerReference: REPO, digest, signer: a.signer, referrer: false });
    const tag = cosignTag(digest, "sig");
    const [layer] = parseSignatureManifest((await store.getManifest(tag)).bytes, "sig");
    if (!layer) throw new Error("no layer");
    const payload = Buffer.from(await store.getBlobBytes(layer.descriptor));

    const rewrite = async (target: ImageStore, t: string, newPayload: Buffer, annotations: Record<string, string>) => {
      const descriptor = { mediaType: layer.descriptor.mediaType, digest: sha256Digest(newPayload), size: newPayload.length };
      await target.putBlob(descriptor, () => newPayload);
      const { manifest, config } = signatureManifest([{ descriptor, annotations }]);
      await target.putBlob({ digest: sha256Digest(config), size: config.length }, () => config);
      await target.putManifest(manifest, MediaType.ociManifest, t);
    };

    // Wrong key.
    const b = await newKey();
    expect(reasons(await verifyImage({ store, digest, publicKey: b.pub }))).toEqual([expect.stringMatching(/^signature does not verify/)]);

    // Flipped signature byte.
    const sig = Buffer.from(layer.annotations["dev.cosignproject.cosign/signature"] ?? "", "base64");
    sig[10] = (sig[10] ?? 0) ^ 0xff;
    await rewrite(store, tag, payload, { ...layer.annotations, "dev.cosignproject.cosign/signature": sig.toString("base64") });
    expect(reasons(await verifyImage({ store, digest, publicKey: a.pub }))).toEqual([expect.stringMatching(/^signature does not verify/)]);

    // Edited payload under the original signature.
    await rewrite(store, tag, Buffer.from(payload.toString().replace('"optional":null', '"optional":{"x":"y"}')), layer.annotations);
    expect(reasons(await verifyImage({ store, digest, publicKey: a.pub }))).toEqual([expect.stringMatching(/^signature does not verify/)]);

    // Replay: the valid signature of `digest` copied onto another image.
    await rewrite(other.store, cosignTag(other.digest, "sig"), payload, layer.annotations);
    expect(reasons(await verifyImage({ store: other.store, digest: other.digest, publicKey: a.pub }))).toEqual([`payload signs ${digest}, not ${other.digest} (replayed from another image?)`]);

    // Manifest swapped under the tag: the tag now names an unsigned image.
    const m = await other.store.getManifest(other.digest);
    await store.putBlob({ digest: sha256Digest(m.bytes), size: m.bytes.length }, () => m.bytes);
    const swapped = await buildExampleImage(store, { tag: "v1", seed: "swapped" });
    expect((await store.resolve("v1")).digest).toBe(swapped.digest);
    expect(reasons(await verifyImage({ store, digest: (await store.resolve("v1")).digest, publicKey: a.pub }))).toEqual([
      `no signatures found for ${swapped.digest} (neither ${cosignTag(swapped.digest, "sig")} nor referrers)`,
    ]);
  });
});

describe("attestations (.att tag + referrer bundle)", () => {
  it("attests SLSA provenance and refuses a changed predicate, another type, a failing policy", async () => {
    const { store, digest } = await newStore(1);
    const a = await newKey();
    const predicate = { buildDefinition: { buildType: "x", externalParameters: {} }, runDetails: { builder: { id: "b" } } };
    const att = await attestImage({ store, dockerReference: REPO, digest, signer: a.signer, predicateType: predicateTypeFor("slsaprovenance1"), predicate });
    expect(att[0]?.tag).toBe(cosignTag(digest, "att"));
    const ok = await verifyImage({ store, digest, publicKey: a.pub, predicateType: predicateTypeFor("slsaprovenance1") });
    expect(ok[0]?.candidates.map((c) => c.ok)).toEqual([true, true]);
    expect(ok[0]?.candidates[0]?.statement?.predicate).toEqual(predicate);
    const none = await verifyImage({ store, digest, publicKey: a.pub, predicateType: predicateTypeFor("cyclonedx") });
    expect(reasons(none)).toEqual([`predicate type is https://slsa.dev/provenance/v1, not https://cyclonedx.org/bom`]);
    const policy = await verifyImage({ store, digest, publicKey: a.pub, predicateType: predicateTypeFor("slsaprovenance1"), policy: () => ["builder.id must be trusted"] });
    expect(reasons(policy)).toEqual(["policy: builder.id must be trusted", "policy: builder.id must be trusted"]);

    // DSSE with a changed predicate.
    const tag = cosignTag(digest, "att");
    const [layer] = parseSignatureManifest((await store.getManifest(tag)).bytes, "att");
    if (!layer) throw new Error("no layer");
    const env = JSON.parse(Buffer.from(await store.getBlobBytes(layer.descriptor)).toString()) as { payload: string };
    env.payload = Buffer.from(Buffer.from(env.payload, "base64").toString().replace('"id":"b"', '"id":"evil"')).toString("base64");
    const edited = Buffer.from(JSON.stringify(env));
    const descriptor = { mediaType: layer.descriptor.mediaType, digest: sha256Digest(edited), size: edited.length };
    await store.putBlob(descriptor, () => edited);
    const { manifest, config } = signatureManifest([{ descriptor, annotations: layer.annotations }]);
    await store.putBlob({ digest: sha256Digest(config), size: config.length }, () => config);
    await store.putManifest(manifest, MediaType.ociManifest, tag);
    const after = await verifyImage({ store, digest, publicKey: a.pub, predicateType: predicateTypeFor("slsaprovenance1") });
    expect(after[0]?.candidates.map((c) => c.reason ?? "ok")).toEqual([expect.stringMatching(/^signature does not verify/), "ok"]);
  });
});

describe("keyless image signatures", () => {
  let sigstore: LocalSigstore;
  beforeAll(async () => {
    sigstore = await startLocalSigstore();
  });
  afterAll(async () => sigstore.close());

  it("stores certificate and Rekor bundle annotations and verifies offline by identity", async () => {
    const { store, digest } = await newStore(1);
    const signer = keylessSigner({ token: actionsTokenProvider({ requestUrl: sigstore.tokenUrl, requestToken: sigstore.tokenRequestToken }), fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl });
    const signed = await signImage({ store, dockerReference: REPO, digest, signer });
    expect(signed[0]?.logIndexes).toHaveLength(2);
    const [layer] = parseSignatureManifest((await store.getManifest(cosignTag(digest, "sig"))).bytes, "sig");
    expect(Object.keys(layer?.annotations ?? {}).sort()).toEqual(["dev.cosignproject.cosign/signature", "dev.sigstore.cosign/bundle", "dev.sigstore.cosign/certificate", "dev.sigstore.cosign/chain"]);
    // The chain is what Fulcio answered above the leaf: here the mock CA's root, which the trusted root holds.
    const trustedRoot = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    const caRoot = trustedRoot.certificateAuthorities[0]?.certChain?.certificates[0]?.rawBytes;
    if (!caRoot || !layer) throw new Error("no CA root / layer");
    expect(layer.annotations["dev.sigstore.cosign/chain"]).toBe(certPem(caRoot));
    // The attestation layer carries it too.
    await attestImage({ store, dockerReference: REPO, digest, signer, predicateType: predicateTypeFor("slsaprovenance1"), predicate: {}, referrer: false });
    const [attLayer] = parseSignatureManifest((await store.getManifest(cosignTag(digest, "att"))).bytes, "att");
    expect(attLayer?.annotations["dev.sigstore.cosign/chain"]).toBe(certPem(caRoot));
    const ok = await verifyImage({ store, digest, trustedRoot, identity: { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer } });
    expect(ok[0]?.candidates.map((c) => [c.ok, c.identity ?? c.reason])).toEqual([
      [true, sigstore.identity.subject],
      [true, sigstore.identity.subject],
    ]);
    expect(ok[0]?.candidates[0]?.logIndexes).toHaveLength(1);
    // With a timestamp authority the layer also carries cosign's RFC 3161 annotation, which is verified.
    const tsaSigner = keylessSigner({ token: actionsTokenProvider({ requestUrl: sigstore.tokenUrl, requestToken: sigstore.tokenRequestToken }), fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl, tsaUrl: sigstore.tsaUrl });
    const other = await newStore(1);
    await signImage({ store: other.store, dockerReference: REPO, digest: other.digest, signer: tsaSigner, referrer: false });
    const [tsLayer] = parseSignatureManifest((await other.store.getManifest(cosignTag(other.digest, "sig"))).bytes, "sig");
    expect(tsLayer?.annotations["dev.sigstore.cosign/rfc3161timestamp"]).toMatch(/^\{"SignedRFC3161Timestamp":"/);
    expect((await verifyImage({ store: other.store, digest: other.digest, trustedRoot, identity: { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer } }))[0]?.verified).toBe(true);

    const wrong = await verifyImage({ store, digest, trustedRoot, identity: { subjectRegExp: "^https://github.com/other/", issuer: sigstore.identity.issuer } });
    expect(reasons(wrong)).toEqual([expect.stringMatching(/^certificate identity is "https:\/\/github.com\/stella\/ops/), expect.stringMatching(/^certificate identity is/)]);

    // A chain annotation from another CA (the certificate and signature left intact) is refused, and
    // one that is not PEM too: the certificate verifies, the annotation beside it does not fit.
    const otherRoot = (await initializeCA(generateKeyPairSync("ec", { namedCurve: "prime256v1" }))).rootCertificate;
    const otherCa = Buffer.from(otherRoot.buffer, otherRoot.byteOffset, otherRoot.byteLength);
    const payload = Buffer.from(await store.getBlobBytes(layer.descriptor));
    const rewrite = async (chain: string) => {
      const { manifest, config } = signatureManifest([{ descriptor: layer.descriptor, annotations: { ...layer.annotations, "dev.sigstore.cosign/chain": chain } }]);
      await store.putBlob({ digest: sha256Digest(config), size: config.length }, () => config);
      await store.putBlob(layer.descriptor, () => payload);
      await store.putManifest(manifest, MediaType.ociManifest, cosignTag(digest, "sig"));
      return (await verifyImage({ store, digest, trustedRoot, identity: { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer }, recursive: false }))[0]?.candidates[0]?.reason;
    };
    expect(await rewrite(certPem(otherCa))).toMatch(/^sha256-[a-f0-9]{64}\.sig layer 0: the chain annotation does not chain: certificate 1 \(.*\) did not issue the signing certificate/);
    expect(await rewrite("garbage")).toMatch(/the chain annotation holds no PEM certificate$/);
    expect(await rewrite(certPem(caRoot))).toBeUndefined();
  });
});
