import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OciLayoutStore } from "@stella/oci";
import { Validator } from "@cfworker/json-schema";
import {
  assembleRelease,
  computeManifestDigest,
  loadReleaseManifest,
  parseReleaseManifest,
  parseReleaseYaml,
  releaseManifestSchema,
  ReleaseError,
  type ImageFragment,
  type ReleaseInfo,
} from "@stella/release";
import { attachReferrer, exampleImage, releaseLabels } from "./oci-fixtures.js";

const seedPath = new URL("../../../test/fixtures/release/release.json", import.meta.url).pathname;
const CDX = "application/vnd.cyclonedx+json";
const SPDX = "application/spdx+json";
const info: ReleaseInfo = { version: "2.4.1", released_at: "2027-06-20T12:00:00Z", train: "stable", schemaChannel: "stable" };

describe("assemble (fan-in)", () => {
  it("round-trips every service of the corrected seed example: fragments -> release.json -> release.yaml -> parse", async () => {
    const seed = await loadReleaseManifest(seedPath);
    const fragments: ImageFragment[] = [...seed.manifest.services].reverse().map((service, i) => ({ fragment_version: 1, service, signature: { rekor_uuid: `uuid-${i}`, log_index: 100 + i } }));
    const info2: ReleaseInfo = { version: seed.manifest.version, released_at: seed.manifest.released_at ?? "", release_id: seed.manifest.release_id, train: "stable", schemaChannel: "stable", ...(seed.manifest.release_notes_url ? { release_notes_url: seed.manifest.release_notes_url } : {}) };
    const out1 = await mkdtemp(join(tmpdir(), "asm-"));
    const out2 = await mkdtemp(join(tmpdir(), "asm-"));
    const r1 = await assembleRelease({ fragments, release: info2, template: seed, outDir: out1, failOnSkew: true });
    const r2 = await assembleRelease({ fragments: [...fragments].reverse(), release: info2, template: seed, outDir: out2 });
    // byte-identical for the same inputs, whatever order the fragments came in
    expect(await readFile(r1.releaseJsonPath)).toEqual(await readFile(r2.releaseJsonPath));
    expect(await readFile(r1.releaseYamlPath)).toEqual(await readFile(r2.releaseYamlPath));
    const json = parseReleaseManifest(await readFile(r1.releaseJsonPath, "utf8"));
    expect(json.manifest.services.map((s) => s.service_id)).toEqual([...seed.manifest.services.map((s) => s.service_id)].sort());
    for (const s of seed.manifest.services) expect(json.manifest.services.find((x) => x.service_id === s.service_id)).toEqual(s);
    // same data as the seed: only the service order changed (sorted), so the seed with sorted services has the same digest
    const sortedSeed = { ...seed, manifest: { ...seed.manifest, services: [...seed.manifest.services].sort((a, b) => a.service_id.localeCompare(b.service_id)) } };
    expect(json.manifest.manifest_digest).toBe(computeManifestDigest(sortedSeed));
    expect(json.manifest.manifest_digest).not.toBe(seed.manifest.manifest_digest);
    expect(new Validator(releaseManifestSchema as never, "2020-12", false).validate(json).valid).toBe(true);
    const yaml = parseReleaseYaml(await readFile(r1.releaseYamlPath, "utf8"));
    expect(yaml).toMatchObject({ version: "2025.10.0", channel: "stable", calendar: "2025.12", manifestDigest: json.manifest.manifest_digest });
    for (const s of seed.manifest.services) {
      const c = yaml.components.find((x) => x.name === s.service_id);
      expect(c).toBeDefined();
      expect(c?.image).toBe(`${s.image}@${s.digest}`);
      expect(c?.version).toBe(s.version);
      expect(c?.sbom).toBe(s.sbom_ref);
      expect(c?.provenance).toBe(s.attestation_ref);
    }
    expect(yaml.components.find((c) => c.name === "concelier")?.signature).toEqual({ rekorUUID: "uuid-0", logIndex: 100 });
  });

  it("checks referrers and labels on real images in an OCI layout; names a claimed-but-missing SBOM and a missing label", async () => {
    const store = await OciLayoutStore.open(await mkdtemp(join(tmpdir(), "layout-")), { create: true });
    const scanner = await exampleImage(store, "scanner", releaseLabels("2.4.1"));
    const policy = await exampleImage(store, "policy", releaseLabels("2.4.0", { "org.stellaops.build.slsaProvenance": undefined }));
    await attachReferrer(store, scanner, CDX, '{"bomFormat":"CycloneDX"}');
    await attachReferrer(store, policy, SPDX, '{"spdxVersion":"SPDX-2.3"}');
    const fragments: ImageFragment[] = [
      { fragment_version: 1, service: { service_id: "scanner", image: "registry.example/stellaops/scanner", digest: scanner.digest, version: "2.4.1" }, claims: [{ kind: "sbom", artifact_type: CDX }] },
      { fragment_version: 1, service: { service_id: "policy-engine", image: "registry.example/stellaops/policy-engine", digest: policy.digest, version: "2.4.0" }, claims: [{ kind: "sbom", artifact_type: SPDX }, { kind: "sbom", artifact_type: CDX }] },
    ];
    const outDir = await mkdtemp(join(tmpdir(), "asm-"));
    const run = () => assembleRelease({ fragments, release: info, outDir, openStore: () => Promise.resolve(store) });
    await expect(run()).rejects.toThrow(ReleaseError);
    const err = await run().catch((e: unknown) => e);
    const msg = (err as ReleaseError).message;
    expect(msg).toContain(`registry.example/stellaops/policy-engine@${policy.digest} (service policy-engine) claims a sbom ${CDX} referrer but oci:`);
    expect(msg).toContain(`lists only ${SPDX}`);
    expect(msg).toContain(`registry.example/stellaops/policy-engine@${policy.digest}: label org.stellaops.build.slsaProvenance is missing`);
    expect(msg).not.toContain("stellaops/scanner@");
    expect((err as ReleaseError).code).toBe("REFERRER_MISSING");
    await expect(readFile(join(outDir, "release.json"))).rejects.toThrow(/ENOENT/); // nothing written

    // fixed: claims match, labels reported as warnings only
    fragments[1].claims = [{ kind: "sbom", artifact_type: SPDX }];
    const ok = await assembleRelease({ fragments, release: info, outDir, openStore: () => Promise.resolve(store), labels: "warn" });
    expect(ok.referrers.map((r) => [r.service_id, r.status.sbom])).toEqual([["scanner", true], ["policy-engine", true]]);
    expect(ok.labels.map((l) => `${l.label} ${l.problem}`)).toEqual(["org.stellaops.build.slsaProvenance missing"]);
    expect(ok.version).toBe("2.4.1");
    expect(ok.manifestDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it("fails on skew violations, naming both services", async () => {
    const d = (n: number) => `sha256:${String(n).repeat(64)}`;
    const fragments: ImageFragment[] = [
      { fragment_version: 1, service: { service_id: "authority", image: "r/authority", digest: d(1), version: "2.4.0" } },
      { fragment_version: 1, service: { service_id: "signer", image: "r/signer", digest: d(2), version: "2.5.0" } },
    ];
    await expect(assembleRelease({ fragments, release: info, outDir: await mkdtemp(join(tmpdir(), "asm-")) })).rejects.toThrow(/trust-triangle: authority 2\.4\.0 vs signer 2\.5\.0 are 1 minors apart/);
  });
});

describe("runAssemble", () => {
  it("refuses a downgrade against the channel's current manifest, and derives version/channel from a tag + VERSION", async () => {
    const { runAssemble } = await import("@stella/release");
    const { writeFile, mkdir } = await import("node:fs/promises");
    const dir = await mkdtemp(join(tmpdir(), "run-asm-"));
    await mkdir(join(dir, "frags"));
    await writeFile(join(dir, "frags", "a.json"), JSON.stringify({ fragment_version: 1, service: { service_id: "scanner", image: "r/scanner", digest: `sha256:${"1".repeat(64)}`, version: "2025.9.0" } }));
    await writeFile(join(dir, "VERSION"), "2025.9.0\n");
    const base = { fragmentsDir: join(dir, "frags"), outDir: join(dir, "out"), releasedAt: new Date("2025-09-30T00:00:00Z"), checkImages: false };
    await expect(runAssemble({ ...base, version: "2025.9.0", channel: "stable", previousManifest: seedPath })).rejects.toThrow(/2025\.9\.0 would downgrade the stable channel, which already has 2025\.10\.0/);
    const r = await runAssemble({ ...base, ref: "refs/tags/2025.9.0", versionFile: join(dir, "VERSION") });
    expect(r).toMatchObject({ version: "2025.9.0", train: "stable", channel: "stable" });
    await expect(runAssemble({ ...base, ref: "refs/tags/2025.9.1", versionFile: join(dir, "VERSION") })).rejects.toThrow(/tag 2025\.9\.1 does not match VERSION 2025\.9\.0/);
  });
});
