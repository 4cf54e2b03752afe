import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "@stella/core";
import { privateKeyFrom } from "@stella/signing";
import { keyKitSigner, keyKitVerifier, type KitSigner } from "../src/blob-signature.js";
import { packTree } from "../src/pack.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "pack-sign-"));
  await mkdir(join(dir, "tree", "feeds"), { recursive: true });
  await writeFile(join(dir, "tree", "feeds", "a.json"), JSON.stringify({ a: "x".repeat(5000) }));
  await writeFile(join(dir, "tree", "feeds", "b.bin"), Buffer.alloc(300_000, 7));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pack = (signer: KitSigner, name: string) => packTree(join(dir, "tree"), join(dir, name), { kind: "test", created: new Date("2026-11-06T00:00:00Z"), tool: { name: "stella", version: "test" }, meta: {}, signer, logger: silentLogger });

describe("packTree signing", () => {
  it("signs an ECDSA kit while writing it (no second read); openssl and our verifier accept it", async () => {
    const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const streaming = keyKitSigner(privateKeyFrom(pair.privateKey, "test key"));
    const signer: KitSigner = { ...streaming, sign: () => Promise.reject(new Error("the kit was read again to sign it")) };
    const kit = await pack(signer, "kit.tar.zst");
    await writeFile(join(dir, "cosign.pub"), pair.publicKey.export({ type: "spki", format: "pem" }));
    await writeFile(join(dir, "sig.der"), Buffer.from((await readFile(`${kit.path}.sig`, "utf8")).trim(), "base64"));
    expect(execFileSync("openssl", ["dgst", "-sha256", "-verify", join(dir, "cosign.pub"), "-signature", join(dir, "sig.der"), kit.path], { encoding: "utf8" })).toMatch(/Verified OK/);
    const v = await keyKitVerifier(pair.publicKey).verify(kit.path, await readFile(`${kit.path}.sigstore.json`), (await readFile(`${kit.path}.sig`, "utf8")).trim());
    expect(v.digest).toBe(kit.digest);
    // The same tree packed again gives the same kit bytes (the signature is beside it, not in it).
    expect((await pack(streaming, "again.tar.zst")).digest).toBe(kit.digest);
  });

  it("signs with a key that cannot stream (Ed25519) by reading the written kit", async () => {
    const pair = generateKeyPairSync("ed25519");
    const signer = keyKitSigner(privateKeyFrom(pair.privateKey, "test key"));

    const kit = await pack(signer, "kit.tar.gz");
    const v = await keyKitVerifier(pair.publicKey).verify(kit.path, await readFile(`${kit.path}.sigstore.json`), undefined);
    expect(v.digest).toBe(kit.digest);
    // openssl checks the pure Ed25519 signature over the kit's bytes.
    await writeFile(join(dir, "ed.pub"), pair.publicKey.export({ type: "spki", format: "pem" }));
    await writeFile(join(dir, "ed.sig"), Buffer.from((await readFile(`${kit.path}.sig`, "utf8")).trim(), "base64"));
    expect(execFileSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", join(dir, "ed.pub"), "-rawin", "-in", kit.path, "-sigfile", join(dir, "ed.sig")], { encoding: "utf8" })).toMatch(/Signature Verified Successfully/);
    // A changed kit is refused.
    await writeFile(kit.path, Buffer.concat([await readFile(kit.path), Buffer.from([0])]));
    await expect(keyKitVerifier(pair.publicKey).verify(kit.path, await readFile(`${kit.path}.sigstore.json`), undefined)).rejects.toThrow(/does not verify/);
  });
});
