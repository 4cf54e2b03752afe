// `stella verify-blob` / `stella verify` with --trusted-root: keyless signatures verified with no
// network (CI runs this under `unshare -n`); bundles of every version sigstore-js writes (v0.1-v0.3).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleToJSON } from "@sigstore/bundle";
import { MessageSignatureBundleBuilder } from "@sigstore/sign";
import { OciLayoutStore, buildExampleImage } from "@stella/oci";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsTokenProvider, generateKeyPair, keySigner, keylessSigner, loadPrivateKey, parseTrustedRoot, signBlob, signImage, verifyBlob } from "../src/index.js";
import { buildDist, runPrivateCli } from "./build-dist.js";
import { startLocalSigstore, type LocalSigstore } from "./sigstore-local.js";

let sigstore: LocalSigstore;
let dir: string;
beforeAll(async () => {
  await buildDist([]);
  sigstore = await startLocalSigstore();
  dir = await mkdtemp(join(tmpdir(), "stella-offline-"));
  await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
});
afterAll(async () => sigstore.close());

const signer = () => keylessSigner({ token: actionsTokenProvider({ requestUrl: sigstore.tokenUrl, requestToken: sigstore.tokenRequestToken }), fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl, tsaUrl: sigstore.tsaUrl });

describe("offline verification with a trusted root file", () => {
  it("stella verify-blob: keyless bundle, identity and issuer, no network", async () => {
    const file = join(dir, "kit.tar");
    await writeFile(file, "kit");
    const signed = await signBlob(file, signer());
    await writeFile(`${file}.sigstore.json`, signed.bundleJson);
    const args = ["verify-blob", file, "--bundle", `${file}.sigstore.json`, "--trusted-root", join(dir, "trusted_root.json"), "--certificate-oidc-issuer", sigstore.identity.issuer];
    const ok = await runPrivateCli([...args, "--certificate-identity", sigstore.identity.subject]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Verified OK: ${file} signed by ${sigstore.identity.subject} (issuer ${sigstore.identity.issuer}), Rekor log index ${signed.logIndexes[0] ?? "?"}`);
    const wrong = await runPrivateCli([...args, "--certificate-identity-regexp", "^https://github.com/someone-else/"]);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toMatch(/certificate identity is "https:\/\/github.com\/stella\/ops/);
  });

  it("stella verify: keyless image signature in an OCI layout", async () => {
    const layout = join(dir, "layout");
    const store = await OciLayoutStore.open(layout, { create: true });
    const desc = await buildExampleImage(store, { tag: "v1", seed: "offline" });
    await signImage({ store, dockerReference: "registry.example/app", digest: desc.digest, signer: signer() });
    const r = await runPrivateCli(["verify", `oci:${layout}@${desc.digest}`, "--trusted-root", join(dir, "trusted_root.json"), "--certificate-identity", sigstore.identity.subject, "--certificate-oidc-issuer", sigstore.identity.issuer]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verified: oci:/);
    expect(r.stdout).toMatch(/✓ sha256-[a-f0-9]{64}\.sig layer 0: signed by https:\/\/github.com\/stella\/ops\/.github\/workflows\/release.yml@refs\/heads\/main/);
    expect(r.stdout).toMatch(/✓ referrer sha256:[a-f0-9]{64}: signed by/);
  });

  it("verifies bundles v0.1, v0.2 (certificate chain) and v0.3", async () => {
    const data = Buffer.from("artifact");
    // sigstore-js's own builder writes v0.2 with an x509CertificateChain.
    const v02 = await new MessageSignatureBundleBuilder({ signer: signer(), witnesses: [...signer().witnesses] }).create({ data });
    const json = bundleToJSON(v02) as Record<string, unknown>;
    expect(json.mediaType).toBe("application/vnd.dev.sigstore.bundle+json;version=0.2");
    const trustedRoot = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    const identity = { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer };
    expect(await verifyBlob(data, { bundle: JSON.stringify(json), trustedRoot, identity })).toMatchObject({ kind: "certificate" });
    const v01 = { ...json, mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1" };
    expect(await verifyBlob(data, { bundle: JSON.stringify(v01), trustedRoot, identity })).toMatchObject({ kind: "certificate" });
    const v03 = await signBlob(data, signer());
    expect(await verifyBlob(data, { bundle: v03.bundleJson, trustedRoot, identity })).toMatchObject({ kind: "certificate" });
  });

  it("Rekor v2 upload (rekorApiVersion 2) through @sigstore/sign: a v0.0.2 entry with a proof, no promise", async () => {
    const v2 = keylessSigner({ token: actionsTokenProvider({ requestUrl: sigstore.tokenUrl, requestToken: sigstore.tokenRequestToken }), fulcioUrl: sigstore.fulcioUrl, rekorUrl: sigstore.rekorUrl, rekorApiVersion: 2, tsaUrl: sigstore.tsaUrl });
    const data = Buffer.from("artifact v2");
    const signed = await signBlob(data, v2);
    const entry = signed.bundle.verificationMaterial.tlogEntries[0];
    expect(entry?.kindVersion?.version).toBe("0.0.2");
    expect(entry?.inclusionPromise).toBeUndefined();
    // @sigstore/mock's v2 log is not self-consistent (one-leaf proofs under a random index, the
    // request logged instead of the entry, the proof's root hash written as hex and read as base64),
    // so its bundles are refused; rekor-v2.airgap.test.ts checks v2 end to end with an honest log.
    const trustedRoot = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    const identity = { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer };
    await expect(verifyBlob(data, { bundle: signed.bundleJson, trustedRoot, identity })).rejects.toThrow(/the inclusion proof's root hash [0-9a-f]+ differs from its signed checkpoint's/);
  });

  it("stella attest + verify-attestation --type --policy on an OCI layout (key-based)", async () => {
    const layout = join(dir, "attest-layout");
    const store = await OciLayoutStore.open(layout, { create: true });
    const desc = await buildExampleImage(store, { tag: "v1", seed: "attest" });
    const pair = await generateKeyPair({ password: "pw" });
    await writeFile(join(dir, "a.key"), pair.privatePem);
    await writeFile(join(dir, "a.pub"), pair.publicPem);
    await writeFile(join(dir, "prov.json"), JSON.stringify({ buildDefinition: { buildType: "https://actions.github.io/buildtypes/workflow/v1" }, runDetails: { builder: { id: "https://github.com/stella/ops/.github/workflows/release.yml@refs/heads/main" } } }));
    await writeFile(join(dir, "policy-ok.json"), JSON.stringify({ predicate: { "/runDetails/builder/id": { regexp: "^https://github.com/stella/ops/" } } }));
    await writeFile(join(dir, "policy-bad.json"), JSON.stringify({ predicate: { "/runDetails/builder/id": { regexp: "^https://github.com/other/" } } }));
    const image = `oci:${layout}@${desc.digest}`;
    const a = await runPrivateCli(["attest", "--key", join(dir, "a.key"), "--type", "slsaprovenance1", "--predicate", join(dir, "prov.json"), image], { env: { COSIGN_PASSWORD: "pw" } });
    expect(a.exitCode, a.stderr).toBe(0);
    expect(a.stdout).toMatch(new RegExp(`^${desc.digest} sha256:[a-f0-9]{64} sha256:[a-f0-9]{64}`));
    const ok = await runPrivateCli(["verify-attestation", "--key", join(dir, "a.pub"), "--type", "slsaprovenance1", "--policy", join(dir, "policy-ok.json"), image]);
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ sha256-[a-f0-9]{64}\.att layer 0: signed by key/);
    const bad = await runPrivateCli(["verify-attestation", "--key", join(dir, "a.pub"), "--type", "slsaprovenance1", "--policy", join(dir, "policy-bad.json"), image]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/✗ sha256-[a-f0-9]{64}\.att layer 0: policy: \/runDetails\/builder\/id is "https:\/\/github.com\/stella\/ops\/.github\/workflows\/release.yml@refs\/heads\/main", does not match/);
    const sbom = await runPrivateCli(["verify-attestation", "--key", join(dir, "a.pub"), "--type", "cyclonedx", image]);
    expect(sbom.exitCode).toBe(1);
  });

  it("key-based signing with opt-in Rekor upload: verified against the key and the log of the trusted root", async () => {
    const pair = await generateKeyPair({ password: "" });
    const key = await loadPrivateKey(pair.privatePem, "", "k");
    const data = Buffer.from("logged");
    const signed = await signBlob(data, keySigner(key, { rekorUrl: sigstore.rekorUrl }));
    expect(signed.logIndexes).toHaveLength(1);
    const unlogged = await signBlob(data, keySigner(key));
    expect(unlogged.logIndexes).toHaveLength(0);
    const trustedRoot = parseTrustedRoot(JSON.stringify(sigstore.trustedRoot), "trusted_root.json");
    expect(await verifyBlob(data, { bundle: signed.bundleJson, publicKey: key.publicKey, trustedRoot, tlogThreshold: 1 })).toMatchObject({ kind: "key", logIndexes: signed.logIndexes });
    await expect(verifyBlob(data, { bundle: unlogged.bundleJson, publicKey: key.publicKey, trustedRoot, tlogThreshold: 1 })).rejects.toThrow(/expected 1 tlog entries, got 0/);
  });
});
