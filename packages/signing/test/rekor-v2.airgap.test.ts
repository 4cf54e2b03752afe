// Rekor v2 end to end with no network: bundles v0.3 whose tlog entry is a hashedrekord / dsse
// v0.0.2 entry with an RFC 6962 inclusion proof and a C2SP signed checkpoint, from a test log
// (rekor-v2-log.ts) whose Ed25519 key is in the trusted root. Our verify-blob (library and CLI with
// --trusted-root) and @sigstore/verify accept them; a tampered proof, a forged checkpoint and an
// entry for another artifact are refused, each with its reason.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { TSAWitness } from "@sigstore/sign";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { actionsTokenProvider, buildStatement, generateKeyPair, keySigner, keylessSigner, loadPrivateKey, parseTrustedRoot, serializeBundle, signBlob, signDsse, subjectFor, verifyBlob, type Bundle, type Signer } from "../src/index.js";
import { buildDist, runPrivateCli } from "./build-dist.js";
import { startTestRekorV2, type TestRekorV2 } from "./rekor-v2-log.js";
import { startLocalSigstore, type LocalSigstore } from "./sigstore-local.js";
import { reason } from "./refusal.js";

let dir: string;
let sigstore: LocalSigstore;
beforeAll(async () => {
  await buildDist([]);
  sigstore = await startLocalSigstore();
  dir = await mkdtemp(join(tmpdir(), "stella-rekor-v2-"));
});
afterAll(async () => sigstore.close());

function rootJson(log: TestRekorV2, base: Record<string, unknown> = {}): Record<string, unknown> {
  const tlogs = Array.isArray(base.tlogs) ? base.tlogs : [];
  return { certificateAuthorities: [], ctlogs: [], timestampAuthorities: [], ...base, mediaType: "application/vnd.dev.sigstore.trustedroot.v0.2+json", tlogs: [...tlogs, log.trustedRootTlog()] };
}

const withEntry = (bundle: Bundle, entry: Bundle["verificationMaterial"]["tlogEntries"][number]): Buffer =>
  serializeBundle({ ...bundle, verificationMaterial: { ...bundle.verificationMaterial, tlogEntries: [entry] } });

describe("Rekor v2 entries (hashedrekord/dsse v0.0.2, inclusion proof, signed checkpoint)", () => {
  it("key-based: accepted by stella verify-blob --trusted-root and by @sigstore/verify; tampering refused with reasons", async () => {
    const log = startTestRekorV2();
    log.appendOther(5);
    const pair = await generateKeyPair({ password: "" });
    const key = await loadPrivateKey(pair.privatePem, "", "cosign.key");
    const signer: Signer = { ...keySigner(key), witnesses: [log] };
    const data = Buffer.from("offline update kit, logged in Rekor v2");
    const signed = await signBlob(data, signer);
    const first = signed.bundle.verificationMaterial.tlogEntries[0];
    expect(first?.kindVersion).toEqual({ kind: "hashedrekord", version: "0.0.2" });
    expect(first?.inclusionProof?.treeSize).toBe("6");
    // Later entries grow the tree; the proof for a 13-leaf tree has inner and border hashes.
    log.appendOther(7);
    const grown = log.entry(5);
    expect(grown.inclusionProof?.hashes).toHaveLength(4);
    const trustedRoot = parseTrustedRoot(JSON.stringify(rootJson(log)), "trusted_root.json");
    const opts = { publicKey: key.publicKey, trustedRoot, tlogThreshold: 1 };
    for (const bundle of [signed.bundleJson, withEntry(signed.bundle, grown)]) {
      expect(await verifyBlob(data, { bundle, ...opts })).toEqual({ kind: "key", subject: "key", logIndexes: ["5"] });
      const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(rootJson(log)), () => ({ publicKey: key.publicKey, validFor: () => true })), { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 0 });
      expect(() => verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(bundle.toString())), data))).not.toThrow();
    }

    // The CLI, offline, with the trusted root file.
    await writeFile(join(dir, "kit.tar"), data);
    await writeFile(join(dir, "kit.sigstore.json"), withEntry(signed.bundle, grown));
    await writeFile(join(dir, "cosign.pub"), pair.publicPem);
    await writeFile(join(dir, "trusted_root.json"), JSON.stringify(rootJson(log)));
    const cliArgs = (bundle: string) => ["verify-blob", join(dir, "kit.tar"), "--bundle", join(dir, bundle), "--key", join(dir, "cosign.pub"), "--trusted-root", join(dir, "trusted_root.json")];
    const ok = await runPrivateCli(cliArgs("kit.sigstore.json"));
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("Verified OK");
    expect(ok.stdout).toContain("Rekor log index 5");

    // Tampered inclusion proof: one audit-path hash changed.
    const hashes = [...(grown.inclusionProof?.hashes ?? [])].map((h) => Buffer.from(h));
    if (!hashes[1] || !grown.inclusionProof) throw new Error("no proof");
    hashes[1][0] = (hashes[1][0] ?? 0) ^ 0x01;
    const badProof = withEntry(signed.bundle, { ...grown, inclusionProof: { ...grown.inclusionProof, hashes } });
    expect(await reason(verifyBlob(data, { bundle: badProof, ...opts }))).toMatch(/^TLOG_INVALID: the Rekor inclusion proof or its checkpoint does not verify .*\(calculated root hash does not match inclusion proof\)$/);
    await writeFile(join(dir, "bad-proof.json"), badProof);
    const cliBad = await runPrivateCli(cliArgs("bad-proof.json"));
    expect(cliBad.exitCode).toBe(1);
    expect(cliBad.stderr).toMatch(/calculated root hash does not match inclusion proof/);

    // The proof's own root hash edited while the checkpoint stays: @sigstore/verify does not look at
    // that field (it still accepts), we compare it with the signed checkpoint.
    const staleRoot = withEntry(signed.bundle, { ...grown, inclusionProof: { ...grown.inclusionProof, rootHash: Buffer.alloc(32, 7) } });
    const lenient = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(rootJson(log)), () => ({ publicKey: key.publicKey, validFor: () => true })), { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 0 });
    expect(() => lenient.verify(toSignedEntity(bundleFromJSON(JSON.parse(staleRoot.toString())), data))).not.toThrow();
    expect(await reason(verifyBlob(data, { bundle: staleRoot, ...opts }))).toMatch(/^TLOG_INVALID: Rekor entry 5: the inclusion proof's root hash 0707.* differs from its signed checkpoint's [0-9a-f]{64}$/);

    // Checkpoint signed by another key under the log's name and key ID.
    const forged = withEntry(signed.bundle, log.forgeCheckpoint(grown));
    expect(await reason(verifyBlob(data, { bundle: forged, ...opts }))).toMatch(/^TLOG_INVALID: .*\(invalid checkpoint signature\)$/);
    // A log the trusted root does not hold: no key to check its checkpoint with.
    const stranger = startTestRekorV2("other-log.stella.test");
    const elsewhere = await signBlob(data, { ...keySigner(key), witnesses: [stranger] });
    expect(await reason(verifyBlob(data, { bundle: elsewhere.bundleJson, ...opts }))).toMatch(/^TLOG_INVALID: .*\(invalid checkpoint signature\)$/);

    // A valid entry of the same log, for another artifact.
    const other = await signBlob(Buffer.from("another file"), signer);
    const foreign = other.bundle.verificationMaterial.tlogEntries[0];
    if (!foreign) throw new Error("no entry");
    expect(await reason(verifyBlob(data, { bundle: withEntry(signed.bundle, foreign), ...opts }))).toMatch(/^TLOG_INVALID: the Rekor entry is for another artifact or signature \((signature|digest) mismatch\)$/);

    // @sigstore/verify refuses the same three.
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(rootJson(log)), () => ({ publicKey: key.publicKey, validFor: () => true })), { tlogThreshold: 1, ctlogThreshold: 0, timestampThreshold: 0 });
    for (const bad of [badProof, forged, withEntry(signed.bundle, foreign)]) {
      expect(() => verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(bad.toString())), data))).toThrow();
    }
  });

  it("keyless with a timestamp authority: message signature and DSSE (dsse v0.0.2) accepted by both verifiers", async () => {
    const log = startTestRekorV2();
    log.appendOther(3);
    const base = keylessSigner({ token: actionsTokenProvider({ requestUrl: sigstore.tokenUrl, requestToken: sigstore.tokenRequestToken }), fulcioUrl: sigstore.fulcioUrl });
    const signer: Signer = { ...base, witnesses: [log, new TSAWitness({ tsaBaseURL: sigstore.tsaUrl })] };
    const data = Buffer.from("release manifest");
    const message = await signBlob(data, signer);
    const dsse = await signDsse(buildStatement([subjectFor("manifest.json", sha256Digest(data))], "https://stella-ops.org/release/v1", {}), "application/vnd.in-toto+json", signer);
    expect(dsse.bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({ kind: "dsse", version: "0.0.2" });
    const root = rootJson(log, sigstore.trustedRoot);
    const trustedRoot = parseTrustedRoot(JSON.stringify(root), "trusted_root.json");
    const identity = { subject: sigstore.identity.subject, issuer: sigstore.identity.issuer };
    const independent = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(root)));
    for (const s of [message, dsse]) {
      expect(await verifyBlob(data, { bundle: s.bundleJson, trustedRoot, identity, tlogThreshold: 1 })).toMatchObject({ kind: "certificate", subject: sigstore.identity.subject, logIndexes: s.logIndexes });
      const entity = toSignedEntity(bundleFromJSON(JSON.parse(s.bundleJson.toString())), s === message ? data : undefined);
      expect(() => independent.verify(entity, { subjectAlternativeName: sigstore.identity.subject, extensions: { issuer: sigstore.identity.issuer } })).not.toThrow();
    }
    // The DSSE entry of this statement grafted onto the message bundle: a body of another kind and artifact.
    const dsseEntry = dsse.bundle.verificationMaterial.tlogEntries[0];
    if (!dsseEntry) throw new Error("no entry");
    expect(await reason(verifyBlob(data, { bundle: withEntry(message.bundle, dsseEntry), trustedRoot, identity }))).toMatch(/^TLOG_INVALID/);
  });
});
