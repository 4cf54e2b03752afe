import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { openRegistryStore } from "@stella/oci";
import { generateKeyPair, keySigner, loadPrivateKey, signImage } from "@stella/signing";
import { assembleRelease, checkReleaseImages, COSIGN_SIGNATURE_TYPE, storeOpener, ReleaseError, type ImageFragment } from "@stella/release";
import { loadPublicKey } from "@stella/signing";
import { attachReferrer, exampleImage, releaseLabels } from "./oci-fixtures.js";

const host = inject("registry");
const CDX = "application/vnd.cyclonedx+json";

describe("assemble against a real docker-registry (no Referrers API: the referrers tag schema)", () => {
  it("finds claimed SBOMs and cosign signatures, names the missing one, and verify checks every image", async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const pair = await generateKeyPair({ password: "pw", scrypt: { N: 1024, r: 8, p: 1 } });
    const signer = keySigner(await loadPrivateKey(pair.privatePem, "pw", "cosign.key"));
    const fragments: ImageFragment[] = [];
    for (const [id, version, sbom] of [["scanner", "2.4.1", true], ["concelier", "2.4.0", false]] as const) {
      const repository = `stellaops-${run}/${id}`;
      const store = openRegistryStore({ registry: host, repository });
      const desc = await exampleImage(store, `${id}-${run}`, releaseLabels(version));
      if (sbom) await attachReferrer(store, desc, CDX, '{"bomFormat":"CycloneDX"}');
      await signImage({ store, dockerReference: `${host}/${repository}`, digest: desc.digest, signer });
      fragments.push({
        fragment_version: 1,
        service: { service_id: id, image: `${host}/${repository}`, digest: desc.digest, version },
        claims: [{ kind: "sbom", artifact_type: CDX }, { kind: "signature", artifact_type: COSIGN_SIGNATURE_TYPE }],
      });
    }
    const info = { version: "2.4.1", released_at: "2027-06-20T12:00:00Z", train: "stable" as const, schemaChannel: "stable" as const };
    const outDir = await mkdtemp(join(tmpdir(), "asm-int-"));
    const err = await assembleRelease({ fragments, release: info, outDir, openStore: storeOpener(undefined) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseError);
    const msg = (err as ReleaseError).message;
    expect(msg).toContain(`${host}/stellaops-${run}/concelier@${fragments[1]?.service.digest} (service concelier) claims a sbom ${CDX} referrer but docker://${host}/stellaops-${run}/concelier lists`);
    expect(msg).not.toContain("(service scanner)");
    expect(msg.match(/claims/g)).toHaveLength(1); // the cosign .sig tags were found for both

    fragments[1].claims = [{ kind: "signature", artifact_type: COSIGN_SIGNATURE_TYPE }];
    const ok = await assembleRelease({ fragments, release: info, outDir, openStore: storeOpener(undefined) });
    expect(ok.referrers.map((r) => [r.service_id, r.status])).toEqual([
      ["scanner", { sbom: true, signature: true }],
      ["concelier", { signature: true }],
    ]);
    const checks = await checkReleaseImages(ok.release, storeOpener(undefined), { publicKey: loadPublicKey(pair.publicPem, "cosign.pub") });
    expect(checks.map((c) => [c.service_id, c.signature, c.sbom])).toEqual([
      ["concelier", true, false],
      ["scanner", true, true],
    ]);
    expect(checks[0]?.problems[0]).toMatch(/concelier@sha256:[a-f0-9]{64}: no SBOM referrer/);
  });
});
