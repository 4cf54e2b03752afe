import { mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OciLayoutStore } from "@stella/oci";
import { generateKeyPair, keySigner, loadPrivateKey, signImage } from "@stella/signing";
import { COSIGN_SIGNATURE_TYPE, parseReleaseManifest, parseReleaseYaml, type ImageFragment } from "@stella/release";
import { runAction } from "../../test/helpers/run-action.js";
import { runCli } from "../../test/helpers/run-cli.js";
import { attachReferrer, exampleImage, releaseLabels } from "../../packages/release/test/oci-fixtures.js";

const CDX = "application/vnd.cyclonedx+json";
const SPDX = "application/spdx+json";

async function setup() {
  const root = await mkdtemp(join(tmpdir(), "assemble-e2e-"));
  const layoutDir = join(root, "images");
  const store = await OciLayoutStore.open(layoutDir, { create: true });
  const pair = await generateKeyPair({ password: "pw", scrypt: { N: 1024, r: 8, p: 1 } });
  const signer = keySigner(await loadPrivateKey(pair.privatePem, "pw", "cosign.key"));
  const frags = join(root, "fragments");
  const services = [
    { id: "scanner", version: "2.4.1" },
    { id: "policy-engine", version: "2.4.0" },
  ];
  for (const s of services) {
    const image = `registry.example/stellaops/${s.id}`;
    const desc = await exampleImage(store, s.id, releaseLabels(s.version));
    await attachReferrer(store, desc, CDX, `{"bomFormat":"CycloneDX","name":"${s.id}"}`);
    await signImage({ store, dockerReference: image, digest: desc.digest, signer });
    const fragment: ImageFragment = {
      fragment_version: 1,
      service: { service_id: s.id, image, digest: desc.digest, version: s.version, sbom_ref: `oci://${image}@${desc.digest}` },
      claims: [
        { kind: "sbom", artifact_type: CDX },
        { kind: "signature", artifact_type: COSIGN_SIGNATURE_TYPE },
      ],
    };
    await mkdir(join(frags, `release-fragment-${s.id}`), { recursive: true });
    await writeFile(join(frags, `release-fragment-${s.id}`, "fragment.json"), JSON.stringify(fragment));
  }
  await writeFile(join(root, "cosign.pub"), pair.publicPem);
  return { root, layoutDir, frags, pair };
}

describe("actions/assemble-manifest (bundled)", () => {
  it("assembles, checks the images in a layout, signs; the CLI verifies offline and images too; tampering fails", async () => {
    const { root, layoutDir, frags, pair } = await setup();
    const inputs = { "fragments-dir": frags, images: `oci:${layoutDir}`, version: "2.4.1", channel: "stable", key: pair.privatePem, "key-password": "pw", "out-dir": join(root, "out"), revision: "0123456789abcdef0123456789abcdef01234567" };
    const run = await runAction("assemble-manifest", inputs, { env: { SOURCE_DATE_EPOCH: "1813492800" } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ version: "2.4.1", channel: "stable", "schema-channel": "stable", "release-json": join(root, "out/release.json"), bundle: join(root, "out/release.json.sigstore.json") });
    expect(run.outputs["manifest-digest"]).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.summary).toContain("| policy-engine | 2.4.0 | registry.example/stellaops/policy-engine |");
    expect(run.summary).toMatch(/\| scanner \| 2\.4\.1 \| .* \| ✅ \| ✅ \|/);
    const logged = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::"));
    expect(logged.join("\n")).not.toContain("PRIVATE KEY"); // the key never reaches the log, only the mask commands
    expect(run.stdout).toContain("::add-mask::");
    const release = parseReleaseManifest(await readFile(join(root, "out/release.json"), "utf8"));
    expect(release.manifest.services.map((s) => s.service_id)).toEqual(["policy-engine", "scanner"]);
    expect(release.manifest.signatures?.[0]).toMatchObject({ signature_type: "dsse", signed_at: "2027-06-20T12:00:00Z" });
    expect(parseReleaseYaml(await readFile(join(root, "out/release.yaml"), "utf8")).manifestDigest).toBe(run.outputs["manifest-digest"]);

    // same inputs -> same bytes
    const again = await runAction("assemble-manifest", { ...inputs, "out-dir": join(root, "out2") }, { env: { SOURCE_DATE_EPOCH: "1813492800" } });
    expect(again.exitCode).toBe(0);
    expect(await readFile(join(root, "out2/release.yaml"))).toEqual(await readFile(join(root, "out/release.yaml")));
    // ECDSA signatures are randomized (node has no RFC 6979), so only the signature value may differ
    const unsign = async (p: string) => (await readFile(p, "utf8")).replace(/"signature": "[^"]+"/, '"signature": "…"');
    expect(await unsign(join(root, "out2/release.json"))).toBe(await unsign(join(root, "out/release.json")));

    const verify = await runCli(["manifest", "verify", join(root, "out/release.json"), "--key", join(root, "cosign.pub"), "--images", `oci:${layoutDir}`]);
    expect(verify.exitCode, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("image OK: scanner");
    expect(verify.stdout).toContain("signature=verified sbom=attached");

    const tampered = (await readFile(join(root, "out/release.json"), "utf8")).replace('"version": "2.4.0"', '"version": "2.4.9"');
    await writeFile(join(root, "out/release.json"), tampered);
    const bad = await runCli(["manifest", "verify", join(root, "out/release.json"), "--key", join(root, "cosign.pub")]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("release.json was changed after it was signed");
  });

  it("fails naming the image whose claimed SBOM is not attached, and writes nothing", async () => {
    const { root, layoutDir, frags } = await setup();
    const file = join(frags, "release-fragment-scanner", "fragment.json");
    const frag = JSON.parse(await readFile(file, "utf8")) as ImageFragment;
    frag.claims?.push({ kind: "sbom", artifact_type: SPDX });
    await writeFile(file, JSON.stringify(frag));
    const run = await runAction("assemble-manifest", { "fragments-dir": frags, images: `oci:${layoutDir}`, version: "2.4.1", channel: "stable", "out-dir": join(root, "out"), labels: "warn" }, { env: { SOURCE_DATE_EPOCH: "1813492800" } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`registry.example/stellaops/scanner@${frag.service.digest} (service scanner) claims a sbom ${SPDX} referrer but oci:${layoutDir} lists only`);
    await expect(readFile(join(root, "out/release.json"))).rejects.toThrow(/ENOENT/);
  });
});
