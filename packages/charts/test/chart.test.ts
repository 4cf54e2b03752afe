import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateGpgKey, type GpgKey } from "../../../test/helpers/gpg.js";
import { repoRoot } from "../../../test/helpers/run-action.js";
import { isIgnored, packageChart, parseHelmignore, provenanceMessage, signProvenance, verifyProvenance } from "../src/index.js";

const chartDir = join(repoRoot, "test/fixtures/charts/stella");
const mtime = new Date(1_700_000_000_000);

function tarList(file: string): string[] {
  return execFileSync("tar", ["-tzf", file]).toString().trim().split("\n");
}

describe(".helmignore", () => {
  it("ignores base-name globs at any depth, anchored paths, directories, and honours negation", () => {
    const rules = parseHelmignore("*.tmp\n!keep.tmp\nnotes/\n/top.txt\n# comment\n");
    expect(isIgnored(rules, "a/b/x.tmp", false)).toBe(true);
    expect(isIgnored(rules, "keep.tmp", false)).toBe(false);
    expect(isIgnored(rules, "notes", true)).toBe(true);
    expect(isIgnored(rules, "notes", false)).toBe(false);
    expect(isIgnored(rules, "top.txt", false)).toBe(true);
    expect(isIgnored(rules, "sub/top.txt", false)).toBe(false);
  });
});

describe("stella chart package", () => {
  it("lays the archive out as helm package does and is byte-identical when packaged twice", async () => {
    const a = await packageChart(chartDir, { outputDir: await mkdtemp(join(tmpdir(), "chart-a-")), version: "2.4.1", appVersion: "2.4.1", mtime });
    const b = await packageChart(chartDir, { outputDir: await mkdtemp(join(tmpdir(), "chart-b-")), version: "2.4.1", appVersion: "2.4.1", mtime });
    expect(a.path.endsWith("stella-2.4.1.tgz")).toBe(true);
    expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
    expect(a.digest).toBe(b.digest);
    const names = tarList(a.path);
    expect(names[0]).toBe("stella/Chart.yaml");
    expect(names).toContain("stella/values.yaml");
    expect(names).toContain("stella/templates/deployment.yaml");
    expect(names).toContain("stella/keep.tmp");
    expect(names).toContain("stella/.helmignore");
    expect(names).not.toContain("stella/scratch.tmp");
    expect(names.some((n) => n.startsWith("stella/notes"))).toBe(false);
    const chartYaml = execFileSync("tar", ["-xzOf", a.path, "stella/Chart.yaml"]).toString();
    expect(chartYaml).toContain("version: 2.4.1");
    expect(chartYaml).toContain("# The Stella Ops chart"); // comments kept
    // gzip header: no file name, mtime 0 (bytes 4-7)
    const head = (await readFile(a.path)).subarray(0, 10);
    expect(head.readUInt32LE(4)).toBe(0);
    expect(head[3] & 0x08).toBe(0);
    // entries carry the fixed mtime
    expect(execFileSync("tar", ["--full-time", "-tvzf", a.path]).toString()).toContain("2023-11-14 22:13:20");
  });

  it("refuses a directory without Chart.yaml, and a bad version, naming them", async () => {
    await expect(packageChart(join(repoRoot, "test/fixtures"), { outputDir: tmpdir() })).rejects.toThrow(/is not a chart: no Chart.yaml/);
    await expect(packageChart(chartDir, { outputDir: tmpdir(), version: "two" })).rejects.toThrow(/version must be SemVer 2.*"two"/);
  });
});

describe("chart provenance (.prov)", () => {
  let key: GpgKey;
  let other: GpgKey;
  let archive: Buffer;
  let prov: string;
  const name = "stella-2.4.1.tgz";
  let dir: string;

  beforeAll(async () => {
    key = generateGpgKey("Stella Release <release@stella.test>", "s3cret");
    other = generateGpgKey("Somebody Else <else@example.test>");
    dir = await mkdtemp(join(tmpdir(), "prov-"));
    const chart = await packageChart(chartDir, { outputDir: dir, version: "2.4.1", mtime });
    archive = await readFile(chart.path);
    prov = await signProvenance(provenanceMessage(chart.chartYaml, name, archive), key.secretArmored, "s3cret");
    await writeFile(join(dir, `${name}.prov`), prov);
  }, 60_000);

  it("is accepted by gpg --verify (independent) and by ours, naming the signer", async () => {
    const r = spawnSync("gpg", ["--homedir", key.home, "--batch", "--verify", join(dir, `${name}.prov`)], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('Good signature from "Stella Release <release@stella.test>"');
    const v = await verifyProvenance(archive, name, prov, key.publicArmored);
    expect(v.fingerprint).toBe(key.fingerprint);
    expect(v.signedBy).toBe("Stella Release <release@stella.test>");
    expect(v.fileHash).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(prov).toContain("Hash: SHA512");
    expect(prov).toContain(`files:\n  ${name}: sha256:`);
  });

  it("accepts a .prov clear-signed by gpg itself", async () => {
    const msgFile = join(dir, "msg.txt");
    await writeFile(msgFile, provenanceMessage("apiVersion: v2\nname: stella\nversion: 2.4.1\n", name, archive));
    execFileSync("gpg", ["--homedir", key.home, "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", "s3cret", "--digest-algo", "SHA512", "--clearsign", "-o", join(dir, "gpg.prov"), msgFile]);
    const v = await verifyProvenance(archive, name, await readFile(join(dir, "gpg.prov"), "utf8"), key.publicArmored);
    expect(v.fingerprint).toBe(key.fingerprint);
  });

  it("refuses a changed archive, an edited .prov, another signer, and a wrong passphrase", async () => {
    const changed = Buffer.from(archive);
    changed[changed.length - 5] ^= 0xff;
    await expect(verifyProvenance(changed, name, prov, key.publicArmored)).rejects.toThrow(/sha256 of stella-2.4.1.tgz does not match its provenance/);
    const edited = prov.replace("version: 2.4.1", "version: 2.4.2");
    await expect(verifyProvenance(archive, name, edited, key.publicArmored)).rejects.toThrow(/provenance signature does not verify/);
    await expect(verifyProvenance(archive, name, prov, other.publicArmored)).rejects.toThrow(/provenance signature does not verify/);
    await expect(verifyProvenance(archive, "other-1.0.0.tgz", prov, key.publicArmored)).rejects.toThrow(/no sha256 for a file named "other-1.0.0.tgz"/);
    await expect(signProvenance("x", key.secretArmored, "wrong")).rejects.toThrow(/passphrase is wrong/);
  });
});
