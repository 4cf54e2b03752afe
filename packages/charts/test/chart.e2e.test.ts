import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openImage } from "@stella/oci";
import { generateKeyPair, keySigner, loadPrivateKey, loadPublicKey, signImage, verifyImage } from "@stella/signing";
import { generateGpgKey, type GpgKey } from "../../../test/helpers/gpg.js";
import { repoRoot, runAction } from "../../../test/helpers/run-action.js";
import { runCli } from "../../../test/helpers/run-cli.js";
import { HELM_CHART_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE, HELM_PROV_MEDIA_TYPE, pullChart } from "../src/index.js";

const chartDir = join(repoRoot, "test/fixtures/charts/stella");

describe("actions/package-chart and stella chart", () => {
  let key: GpgKey;
  let work: string;
  beforeAll(async () => {
    key = generateGpgKey("Stella Release <release@stella.test>", "pass-phrase-42");
    work = await mkdtemp(join(tmpdir(), "chart-e2e-"));
    await writeFile(join(work, "pub.asc"), key.publicArmored);
  }, 60_000);

  it("packages, signs and pushes to a real registry; skopeo shows the Helm media types; the pull verifies", async () => {
    const registry = inject("registry");
    const r = await runAction(
      "package-chart",
      { chart: chartDir, version: "2.4.1", "app-version": "2.4.1", "output-dir": join(work, "out"), key: key.secretArmored, "key-passphrase": "pass-phrase-42", "push-to": `docker://${registry}/charts` },
      { env: { SOURCE_DATE_EPOCH: "1700000000" } },
    );
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.path).toBe(join(work, "out", "stella-2.4.1.tgz"));
    expect(r.outputs.ref).toMatch(new RegExp(`charts/stella@sha256:[a-f0-9]{64}$`));
    expect(r.outputs).toMatchObject({ name: "stella", version: "2.4.1" });
    expect(r.outputs.ref.endsWith(r.outputs["manifest-digest"])).toBe(true);
    expect(r.stdout.replace(/::add-mask::.*\n/g, "")).not.toContain("pass-phrase-42");
    expect(r.summary).toContain("Chart stella 2.4.1");
    // gpg (independent) accepts the .prov
    const gv = spawnSync("gpg", ["--homedir", key.home, "--batch", "--verify", r.outputs["prov-path"]], { encoding: "utf8" });
    expect(gv.status, gv.stderr).toBe(0);
    // skopeo (independent) reads the chart manifest from the registry
    const raw = JSON.parse(execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${registry}/charts/stella:2.4.1`]).toString()) as { config: { mediaType: string }; layers: { mediaType: string }[] };
    expect(raw.config.mediaType).toBe(HELM_CONFIG_MEDIA_TYPE);
    expect(raw.layers.map((l) => l.mediaType)).toEqual([HELM_CHART_MEDIA_TYPE, HELM_PROV_MEDIA_TYPE]);
    const opened = await openImage(`docker://${registry}/charts/stella:2.4.1`);
    const pulled = await pullChart(opened.store, opened.reference);
    // cosign-signed like any artifact (release-engineering-playbook.md §5), and verified.
    const pair = await generateKeyPair({ password: "pw" });
    const signer = keySigner(await loadPrivateKey(pair.privatePem, "pw", "cosign.key"));
    const chartDigest = r.outputs.ref.split("@")[1];
    await signImage({ store: opened.store, dockerReference: `${registry}/charts/stella`, digest: chartDigest, signer });
    const verified = await verifyImage({ store: opened.store, digest: chartDigest, publicKey: loadPublicKey(pair.publicPem, "cosign.pub") });
    expect(verified.every((v) => v.verified)).toBe(true);
    await opened.close();
    expect(Buffer.compare(Buffer.from(pulled.archive), await readFile(r.outputs.path))).toBe(0);
    expect(pulled.prov).toBe(await readFile(r.outputs["prov-path"], "utf8"));
  });

  it("stella chart package is byte-identical across runs and stella chart verify reads like helm verify", async () => {
    const env = { SOURCE_DATE_EPOCH: "1700000000", STELLA_CHART_KEY_PASSPHRASE: "pass-phrase-42" };
    await writeFile(join(work, "key.asc"), key.secretArmored);
    const a = await runCli(["chart", "package", chartDir, "--version", "2.4.1", "--output", join(work, "a"), "--sign", join(work, "key.asc")], { env });
    const b = await runCli(["chart", "package", chartDir, "--version", "2.4.1", "--output", join(work, "b")], { env });
    expect(a.exitCode, a.stderr).toBe(0);
    expect(b.exitCode, b.stderr).toBe(0);
    const archive = join(work, "a", "stella-2.4.1.tgz");
    expect(Buffer.compare(await readFile(archive), await readFile(join(work, "b", "stella-2.4.1.tgz")))).toBe(0);
    const v = await runCli(["chart", "verify", archive, "--keyring", join(work, "pub.asc")]);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout).toContain(`Using Key With Fingerprint: ${key.fingerprint}`);
    expect(v.stdout).toContain("Chart Hash Verified: sha256:");
    const bytes = await readFile(archive);
    bytes[bytes.length - 3] ^= 0x01;
    await writeFile(archive, bytes);
    const bad = await runCli(["chart", "verify", archive, "--keyring", join(work, "pub.asc")]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/does not match its provenance|not a gzip/);
  });
});
