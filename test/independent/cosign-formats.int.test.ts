// Interoperability with an independent implementation of cosign's formats (cosign_formats.py,
// Debian's python3-cryptography + python3-nacl, plain HTTP registry API): keys, blob signatures,
// and .sig tags in both directions, on the real docker-registry of the global setup.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildExampleImage, openRegistryStore } from "@stella/oci";
import { generateKeyPair, keySigner, loadPrivateKey, loadPublicKey, signBlob, signImage, verifyBlob, verifyImage } from "@stella/signing";
import { beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const PY = "/usr/bin/python3";
const SCRIPT = join(import.meta.dirname, "cosign_formats.py");
const registry = inject("registry");

async function py(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(PY, [SCRIPT, ...args]);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-independent-"));
});

async function pushImage(name: string) {
  const repo = `independent/${name}-${Date.now()}`;
  const store = openRegistryStore({ registry, repository: repo });
  const desc = await buildExampleImage(store, { tag: "v1", seed: repo });
  return { repo, store, digest: desc.digest };
}

describe("keys", () => {
  it("keys the independent script writes (N=32768 and N=65536) load and sign with ours; ours load in the script", async () => {
    for (const n of ["32768", "65536"]) {
      expect((await py("genkey", join(dir, `py${n}`), "py-pass", n)).code).toBe(0);
      const key = await loadPrivateKey(await readFile(join(dir, `py${n}.key`), "utf8"), "py-pass", `py${n}.key`);
      expect(key.publicPem).toBe(await readFile(join(dir, `py${n}.pub`), "utf8"));
      await expect(loadPrivateKey(await readFile(join(dir, `py${n}.key`), "utf8"), "wrong", "k")).rejects.toThrow(/wrong password/);
    }
    const ours = await generateKeyPair({ password: "our-pass" });
    await writeFile(join(dir, "ours.key"), ours.privatePem);
    const pub = await py("pubkey", join(dir, "ours.key"), "our-pass");
    expect(pub.stdout).toBe(ours.publicPem);
    expect((await py("pubkey", join(dir, "ours.key"), "nope")).code).toBe(1);
  });

  it("blob signatures cross-verify", async () => {
    await writeFile(join(dir, "blob"), "some release manifest");
    await py("genkey", join(dir, "pyblob"), "p");
    const sig = (await py("sign-blob", join(dir, "pyblob.key"), "p", join(dir, "blob"))).stdout.trim();
    const pyPub = loadPublicKey(await readFile(join(dir, "pyblob.pub"), "utf8"), "pyblob.pub");
    expect(await verifyBlob(join(dir, "blob"), { signature: sig, publicKey: pyPub })).toMatchObject({ kind: "key" });

    const ours = await generateKeyPair({ password: "x" });
    await writeFile(join(dir, "ours-blob.pub"), ours.publicPem);
    const signed = await signBlob(join(dir, "blob"), keySigner(await loadPrivateKey(ours.privatePem, "x", "k")));
    await writeFile(join(dir, "blob.sig"), signed.signature);
    expect((await py("verify-blob", join(dir, "ours-blob.pub"), join(dir, "blob"), join(dir, "blob.sig"))).stdout.trim()).toBe("Verified OK");
    await writeFile(join(dir, "blob"), "some release manifest!");
    expect((await py("verify-blob", join(dir, "ours-blob.pub"), join(dir, "blob"), join(dir, "blob.sig"))).code).toBe(1);
  });
});

describe(".sig tags on a registry", () => {
  it("a .sig tag the script pushes verifies with ours (and a wrong key is refused with a reason)", async () => {
    const { repo, store, digest } = await pushImage("py-signs");
    await py("genkey", join(dir, "pysig"), "pw");
    const pushed = await py("sign-image", registry, repo, digest, join(dir, "pysig.key"), "pw");
    expect(pushed.code, pushed.stderr).toBe(0);
    const pub = loadPublicKey(await readFile(join(dir, "pysig.pub"), "utf8"), "pysig.pub");
    const [r] = await verifyImage({ store, digest, publicKey: pub });
    expect(r?.verified).toBe(true);
    expect(r?.candidates[0]).toMatchObject({ ok: true, identity: "key" });
    const other = await generateKeyPair({ password: "" });
    const [bad] = await verifyImage({ store, digest, publicKey: loadPublicKey(other.publicPem, "other.pub") });
    expect(bad?.candidates[0]?.reason).toMatch(/^signature does not verify/);
  });

  it("what we push (appended after the script's signature) verifies in the script", async () => {
    const { repo, store, digest } = await pushImage("we-sign");
    await py("genkey", join(dir, "pyfirst"), "pw");
    await py("sign-image", registry, repo, digest, join(dir, "pyfirst.key"), "pw");
    const ours = await generateKeyPair({ password: "pw" });
    await writeFile(join(dir, "we.pub"), ours.publicPem);
    await signImage({ store, dockerReference: `${registry}/${repo}`, digest, signer: keySigner(await loadPrivateKey(ours.privatePem, "pw", "k")) });
    const v = await py("verify-image", registry, repo, digest, join(dir, "we.pub"));
    expect(v.stdout).toBe(`layer 0: signature does not verify\nlayer 1: verified (${registry}/${repo})\n`);
    expect(v.code).toBe(0);
    const stranger = await py("verify-image", registry, repo, digest, join(dir, "pysig.pub"));
    expect(stranger.code).toBe(1);
  });
});
