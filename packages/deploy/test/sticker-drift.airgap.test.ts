import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSticker, checkDrift, formatDrift, parseSticker, pemStickerSigner, pemStickerVerifier, serializeSticker, signSticker, stickerPayload, STICKER_FILE_NAME, storeArtifacts, verifySticker } from "@stella/deploy";
import { fixture, keyPem, loadRelease, pubPem } from "./fixtures.js";

async function sticker(overrides: { manifest?: string; target?: string } = {}) {
  const s = buildSticker({
    manifest: await loadRelease(overrides.manifest),
    previous: await loadRelease("release-previous.json"),
    environment: "production",
    target: overrides.target ?? "prod-web-01",
    user: "john.doe",
    agent: "prod-agent-01",
    startedAt: "2026-01-10T14:30:00Z",
    completedAt: "2026-01-10T14:35:00Z",
    generatedAt: "2026-01-10T14:35:00Z",
    generator: "stella-artifact-generator@0.1.0",
  });
  return signSticker(s, await pemStickerSigner(await keyPem(), undefined, "sticker-key.pem", "stella/signing/test-key"));
}

describe("stella.version.json", () => {
  it("has the spec's fields in the spec's order and is byte-identical across runs", async () => {
    const a = serializeSticker(await sticker());
    const b = serializeSticker(await sticker());
    expect(b).toBe(a);
    const s = parseSticker(a);
    expect(Object.keys(s)).toEqual(["version", "generatedAt", "generator", "release", "deployment", "deployer", "previous", "signature", "signatureAlgorithm", "signerKeyRef"]);
    expect(Object.keys(s.deployment)).toEqual(["id", "promotionId", "environmentId", "environmentName", "targetId", "targetName", "strategy", "startedAt", "completedAt"]);
    expect(s.release.components.map((c) => `${c.name} ${c.semver} ${c.tag}`)).toEqual(["api 2.3.1 v2.3.1", "worker 2.3.1 v2.3.1"]);
    expect(s.previous).toMatchObject({ releaseName: "myapp-v2.3.0", digest: expect.stringMatching(/^sha256:[a-f0-9]{64}$/) as unknown });
    expect(s.signatureAlgorithm).toBe("RS256");
  });

  it("verifies offline with the public key, also with openssl", async () => {
    const s = await sticker();
    expect(await verifySticker(s, pemStickerVerifier(await pubPem(), "sticker-key.pub"))).toMatchObject({ valid: true });
    expect(await verifySticker(s, pemStickerVerifier(await pubPem("other-key.pub"), "other-key.pub"))).toMatchObject({ valid: false });
    const dir = await mkdtemp(join(tmpdir(), "stella-sticker-"));
    await writeFile(join(dir, "payload"), stickerPayload(s));
    await writeFile(join(dir, "sig"), Buffer.from(s.signature ?? "", "base64"));
    const out = execFileSync("openssl", ["dgst", "-sha256", "-verify", fixture("sticker-key.pub"), "-signature", join(dir, "sig"), join(dir, "payload")], { encoding: "utf8" });
    expect(out.trim()).toBe("Verified OK");
  });
});

describe("drift", () => {
  const verifier = async () => pemStickerVerifier(await pubPem(), "sticker-key.pub");

  async function target(content?: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "stella-target-"));
    if (content !== undefined) await writeFile(join(dir, STICKER_FILE_NAME), content);
    return dir;
  }

  it("reports no drift for the same sticker", async () => {
    const s = await sticker();
    const d = await checkDrift({ expected: s, target: await target(serializeSticker(s)), verifier: await verifier() });
    expect(d).toMatchObject({ driftDetected: false, targetId: s.deployment.targetId, actualSticker: s });
    expect(formatDrift(d)).toContain("no drift");
  });

  it("missing: no sticker on the target", async () => {
    const s = await sticker();
    const d = await checkDrift({ expected: s, target: await target() });
    expect(d).toMatchObject({ driftDetected: true, driftType: "missing", actualSticker: null });
  });

  it("corrupted: a hand-edited sticker fails its signature", async () => {
    const s = await sticker();
    const edited = serializeSticker(s).replace('"strategy": "rolling"', '"strategy": "recreate"');
    const d = await checkDrift({ expected: s, target: await target(edited), verifier: await verifier() });
    expect(d).toMatchObject({ driftDetected: true, driftType: "corrupted", details: { field: "signature" } });
  });

  it("corrupted: a stored artifact fails checksums.sha256", async () => {
    const s = await sticker();
    const root = await mkdtemp(join(tmpdir(), "stella-store-"));
    const { dir } = await storeArtifacts({ root, tenant: "acme", deploymentId: s.deployment.id, environment: "production", createdAt: "2026-01-10T14:35:00Z", files: [{ name: STICKER_FILE_NAME, bytes: Buffer.from(serializeSticker(s)) }, { name: "compose.stella.lock.yml", bytes: Buffer.from("services: {}\n") }] });
    const copy = await target();
    await cp(dir, copy, { recursive: true });
    await writeFile(join(copy, "compose.stella.lock.yml"), "services: {x: 1}\n");
    const d = await checkDrift({ expected: s, target: copy, verifier: await verifier() });
    expect(d).toMatchObject({ driftType: "corrupted", details: { field: "checksums.sha256:compose.stella.lock.yml" } });
  });

  it("mismatch: a different digest names the field with expected and actual", async () => {
    const expected = await sticker();
    const other = JSON.parse(await readFile(fixture("release.json"), "utf8")) as { manifest: { services: { digest: string }[] } };
    const worker = other.manifest.services[1];
    if (worker) worker.digest = `sha256:${"ab".repeat(32)}`;
    const dir = await target();
    await writeFile(join(dir, "release.json"), JSON.stringify(other));
    const { loadReleaseManifest } = await import("@stella/release");
    const actual = await signSticker(
      buildSticker({ manifest: await loadReleaseManifest(join(dir, "release.json")), environment: "production", target: "prod-web-01", user: "john.doe", agent: "prod-agent-01", startedAt: "2026-01-10T14:30:00Z", completedAt: "2026-01-10T14:35:00Z", generatedAt: "2026-01-10T14:35:00Z", generator: "g" }),
      await pemStickerSigner(await keyPem(), undefined, "k"),
    );
    await writeFile(join(dir, STICKER_FILE_NAME), serializeSticker(actual));
    const d = await checkDrift({ expected, target: dir, verifier: await verifier() });
    expect(d.driftType).toBe("mismatch");
    expect(d.mismatches?.map((m) => m.field)).toEqual(["release.id", "deployment.id", "release.components[worker].digest"]);
    expect(d.details?.field).toBe("release.id");
    const digest = d.mismatches?.find((m) => m.field === "release.components[worker].digest");
    expect(digest).toEqual({ field: "release.components[worker].digest", expected: expected.release.components[1]?.digest, actual: `sha256:${"ab".repeat(32)}` });
    expect(formatDrift(d)).toContain(`release.components[worker].digest: expected ${expected.release.components[1]?.digest ?? ""}, actual sha256:abab`);
  });
});
