import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { decryptKeyDocument, pemDecodeAll, SIGSTORE_KEY_LABEL } from "./cosign-key.js";
import { generateKeyPair, loadPrivateKey, loadPublicKey, signBytes, verifyBytes } from "./keys.js";
import { SigningError } from "./errors.js";

const vectors = join(import.meta.dirname, "../../../test/fixtures/signing/cosign-vectors");
const read = (name: string) => readFile(join(vectors, name), "utf8");

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

describe("cosign key format", () => {
  it("generates ENCRYPTED SIGSTORE PRIVATE KEY with cosign's JSON body and a PKIX public key", async () => {
    const pair = await generateKeyPair({ password: "s3cret" });
    const [block] = pemDecodeAll(pair.privatePem);
    expect(block?.label).toBe(SIGSTORE_KEY_LABEL);
    const doc: unknown = JSON.parse(block?.body.toString() ?? "");
    expect(isRecord(doc) && Object.keys(doc)).toEqual(["kdf", "cipher", "ciphertext"]);
    expect(block?.body.toString()).toMatch(/^\{"kdf":\{"name":"scrypt","params":\{"N":32768,"r":8,"p":1\},"salt":"[A-Za-z0-9+/=]{44}"\},"cipher":\{"name":"nacl\/secretbox","nonce":"[A-Za-z0-9+/=]{32}"\},"ciphertext":"/);
    expect(pair.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = await loadPrivateKey(pair.privatePem, "s3cret", "cosign.key");
    expect(key.algorithm).toBe("ecdsa-p256");
    expect(key.publicPem).toBe(pair.publicPem);
    const sig = signBytes(key, Buffer.from("hello"));
    expect(verifyBytes(loadPublicKey(pair.publicPem, "cosign.pub"), Buffer.from("hello"), sig)).toBe(true);
    expect(verifyBytes(loadPublicKey(pair.publicPem, "cosign.pub"), Buffer.from("hellO"), sig)).toBe(false);
  });

  it("refuses a wrong password with a clear error that says nothing else about the key", async () => {
    const pair = await generateKeyPair({ password: "right" });
    const err: unknown = await loadPrivateKey(pair.privatePem, "wrong", "cosign.key").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningError);
    expect(err instanceof SigningError && err.code).toBe("KEY_PASSWORD");
    expect(err instanceof SigningError && err.message).toBe("cosign.key: cannot decrypt the private key: wrong password");
  });

  it("decrypts go-securesystemslib's published vectors (legacy, standard and OWASP scrypt parameters)", async () => {
    const fixture: unknown = JSON.parse(await read("securesystemslib-vectors.json"));
    if (!isRecord(fixture) || !isRecord(fixture.vectors) || typeof fixture.passphrase !== "string") throw new Error("bad fixture");
    const names = Object.keys(fixture.vectors);
    expect(names).toEqual(["legacy", "standard", "owasp"]);
    for (const name of names) {
      const json = Buffer.from(JSON.stringify(fixture.vectors[name]));
      // These vectors come from go-securesystemslib's Marshal: the plaintext is the JSON of a Go []byte.
      const expected = JSON.stringify(Buffer.from(String(fixture.plaintext)).toString("base64"));
      expect((await decryptKeyDocument(json, fixture.passphrase, name)).toString()).toBe(expected);
      await expect(decryptKeyDocument(json, "supersecreT", name)).rejects.toThrow(/wrong password/);
    }
  });

  it("refuses absurd scrypt parameters before running scrypt", async () => {
    const doc = Buffer.from(JSON.stringify({ kdf: { name: "scrypt", params: { N: 99, r: 99, p: 99 }, salt: "AA==" }, cipher: { name: "nacl/secretbox", nonce: Buffer.alloc(24).toString("base64") }, ciphertext: "AA==" }));
    await expect(decryptKeyDocument(doc, "x", "k")).rejects.toThrow(/unsupported scrypt parameters/);
  });

  it("loads cosign's test keys: SIGSTORE label, COSIGN label, COSIGN label with N=65536, PKCS#8 EC and Ed25519", async () => {
    expect((await loadPrivateKey(await read("sigstore-label-p256.key"), "hello", "k")).algorithm).toBe("ecdsa-p256");
    expect((await loadPrivateKey(await read("cosign-label-p256.key"), "hello", "k")).algorithm).toBe("ecdsa-p256");
    expect((await loadPrivateKey(await read("cosign-label-ec-sec1-n65536.key"), "hello", "k")).algorithm).toBe("ecdsa-p256");
    expect((await loadPrivateKey(await read("ec-p256-pkcs8.key"), undefined, "k")).algorithm).toBe("ecdsa-p256");
    const ed = await loadPrivateKey(await read("ed25519-pkcs8.key"), undefined, "k");
    expect(ed.algorithm).toBe("ed25519");
    const sig = signBytes(ed, Buffer.from("m"));
    expect(verifyBytes(ed.publicKey, Buffer.from("m"), sig)).toBe(true);
    await expect(loadPrivateKey(await read("sigstore-label-p256.key"), "Hello", "k")).rejects.toThrow(/wrong password/);
  });

  it("writes keys openssl reads and signatures `openssl dgst -sha256 -verify` accepts", async () => {
    const pair = await generateKeyPair({ password: "" });
    const key = await loadPrivateKey(pair.privatePem, "", "k");
    const dir = mkdtempSync(join(tmpdir(), "stella-keys-"));
    writeFileSync(join(dir, "cosign.pub"), pair.publicPem);
    writeFileSync(join(dir, "data"), "payload bytes");
    writeFileSync(join(dir, "sig"), signBytes(key, Buffer.from("payload bytes")));
    const out = execFileSync("openssl", ["dgst", "-sha256", "-verify", join(dir, "cosign.pub"), "-signature", join(dir, "sig"), join(dir, "data")]).toString();
    expect(out.trim()).toBe("Verified OK");
  });

  it("names the file when the PEM is not a key", async () => {
    await expect(loadPrivateKey("not a key", "", "keys/cosign.key")).rejects.toThrow(/^keys\/cosign.key: no PEM private key found/);
    expect(() => loadPublicKey("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n", "cosign.pub")).toThrow(/cosign.pub: no PUBLIC KEY/);
  });
});
