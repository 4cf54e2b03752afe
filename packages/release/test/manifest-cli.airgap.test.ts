import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "@stella/signing";
import { runCli } from "../../../test/helpers/run-cli.js";

// The bundled CLI (dist/cli/stella.js, `npm run build` first), offline: sign, then verify with no network.
const fixture = new URL("../../../test/fixtures/release/release.json", import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "manifest-cli-"));
  const pair = await generateKeyPair({ password: "secret", scrypt: { N: 1024, r: 8, p: 1 } });
  await writeFile(join(dir, "cosign.key"), pair.privatePem);
  await writeFile(join(dir, "cosign.pub"), pair.publicPem);
  const other = await generateKeyPair({ password: "x", scrypt: { N: 1024, r: 8, p: 1 } });
  await writeFile(join(dir, "other.pub"), other.publicPem);
  await copyFile(fixture, join(dir, "release.json"));
  const signed = await runCli(["manifest", "sign", "release.json", "--key", "cosign.key"], { cwd: dir, env: { COSIGN_PASSWORD: "secret", SOURCE_DATE_EPOCH: "1813492800" } });
  expect(signed.exitCode, signed.stderr).toBe(0);
});

describe("stella manifest verify (offline)", () => {
  it("verifies digest and signature with the bundle found beside release.json, and without it", async () => {
    const ok = await runCli(["manifest", "verify", "release.json", "--key", "cosign.pub"], { cwd: dir });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/manifest_digest sha256:[a-f0-9]{64} OK\nsignature OK: dsse by [a-f0-9]{64} at 2027-06-20T12:00:00Z/);
    await copyFile(join(dir, "release.json"), join(dir, "alone.json"));
    const bare = await runCli(["manifest", "verify", "alone.json", "--key", "cosign.pub"], { cwd: dir });
    expect(bare.exitCode, bare.stderr).toBe(0);
  });
  it("fails with the wrong key", async () => {
    const r = await runCli(["manifest", "verify", "release.json", "--key", "other.pub"], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("signature verification failed");
  });
  it("fails when any one field is changed", async () => {
    const text = await readFile(join(dir, "release.json"), "utf8");
    const edits: [string, string][] = [
      ['"container_port": 8080', '"container_port": 8081'],
      ['"signed_at": "2027-06-20T12:00:00Z"', '"signed_at": "2027-06-19T12:00:00Z"'],
      ['"airgap_mode": true', '"airgap_mode": false'],
      ['"reversible": true', '"reversible": false'],
    ];
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      await writeFile(join(dir, "t.json"), text.replace(from, to));
      await copyFile(join(dir, "release.json.sigstore.json"), join(dir, "t.json.sigstore.json"));
      const r = await runCli(["manifest", "verify", "t.json", "--key", "cosign.pub"], { cwd: dir });
      expect(r.exitCode, `${from} -> ${to}`).toBe(1);
    }
  });
  it("validate and diff work offline too", async () => {
    expect((await runCli(["manifest", "validate", "release.json"], { cwd: dir })).exitCode).toBe(0);
    const d = await runCli(["manifest", "diff", fixture, "release.json", "--format", "json"], { cwd: dir });
    expect(JSON.parse(d.stdout)).toMatchObject({ added: [], removed: [], changed: [] });
  });
});
