import { mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { DigestVerifier, isMarkedVerified, markVerified, verifyBytes } from "../src/verify-stream.js";
import { withLockFile } from "../src/lock-file.js";

const data = Buffer.from("0123456789");
const good = { digest: sha256Digest(data), size: data.byteLength };

describe("DigestVerifier", () => {
  it("passes matching bytes through", async () => {
    expect(await text(Readable.from([data.subarray(0, 4), data.subarray(4)]).pipe(new DigestVerifier(good, "t")))).toBe("0123456789");
  });

  it.each([
    ["other bytes", Buffer.from("012345678X"), /digest mismatch for t: expected sha256:[0-9a-f]{64}, got sha256:/],
    ["too many bytes", Buffer.from("0123456789A"), /more than the expected 10 bytes/],
    ["too few bytes", Buffer.from("012345678"), /digest mismatch|9 bytes, expected 10/],
  ])("fails on %s", async (_name, bytes, message) => {
    await expect(text(Readable.from([bytes]).pipe(new DigestVerifier(good, "t")))).rejects.toThrow(message);
  });

  it("only counts bytes for a source marked verified, and still catches a wrong size", async () => {
    const marked = markVerified(Readable.from([data]), good.digest);
    expect(isMarkedVerified(marked, good.digest)).toBe(true);
    expect(isMarkedVerified(marked, sha256Digest("x"))).toBe(false);
    expect(await text(marked.pipe(new DigestVerifier(good, "t", false)))).toBe("0123456789");
    await expect(text(Readable.from([Buffer.from("01")]).pipe(new DigestVerifier(good, "t", false)))).rejects.toThrow(/2 bytes, expected 10/);
  });

  it("refuses digests it cannot check", () => {
    expect(() => new DigestVerifier({ digest: "sha512:" + "a".repeat(128), size: 1 }, "t")).toThrow(/only sha256/);
  });

  it("verifyBytes names both digests", () => {
    expect(() => verifyBytes(Buffer.from("x"), good, "blob y")).toThrow(`digest mismatch for blob y: expected ${good.digest}, got ${sha256Digest("x")}`);
    expect(() => verifyBytes(data, good, "y")).not.toThrow();
  });
});

describe("withLockFile", () => {
  it("serialises writers and removes the lock", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-lock-"));
    const lock = join(dir, "x.lock");
    const file = join(dir, "count");
    await writeFile(file, "0");
    const bump = () =>
      withLockFile(lock, async () => {
        const n = Number(await readFile(file, "utf8"));
        await new Promise((r) => setTimeout(r, 2));
        await writeFile(file, String(n + 1));
      });
    await Promise.all(Array.from({ length: 15 }, bump));
    expect(await readFile(file, "utf8")).toBe("15");
    await expect(readFile(lock)).rejects.toThrow();
    await rm(dir, { recursive: true });
  });

  it("takes the lock by linking a token, waiting for a lock another process made", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-lock-"));
    const lock = join(dir, "x.lock");
    const token = join(dir, ".next.tmp");
    await writeFile(token, "");
    await writeFile(lock, "999\n");
    let ran = false;
    const held = withLockFile(
      lock,
      async () => {
        ran = true;
        expect((await stat(lock)).ino).toBe((await stat(token)).ino);
      },
      5_000,
      token,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toBe(false);
    await rm(lock);
    await held;
    expect(ran).toBe(true);
    await expect(stat(lock)).rejects.toThrow();
    expect((await stat(token)).nlink).toBe(1);
    await rm(dir, { recursive: true });
  });

  it("falls back to a lock file of its own when the token cannot be linked (a filesystem without hard links)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-lock-"));
    const lock = join(dir, "x.lock");
    // A token that is not there: link() fails with ENOENT, as it fails with EPERM on FAT/exFAT.
    const held = await withLockFile(lock, async () => (await readFile(lock, "utf8")).trim(), 1_000, join(dir, "missing.tmp"));
    expect(held).toBe(String(process.pid));
    await expect(stat(lock)).rejects.toThrow();
    await rm(dir, { recursive: true });
  });

  it("breaks a stale lock and times out on a live one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-lock-"));
    const lock = join(dir, "x.lock");
    await writeFile(lock, "123\n");
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    await expect(withLockFile(lock, () => Promise.resolve("ran"))).resolves.toBe("ran");
    await writeFile(lock, "456\n");
    await expect(withLockFile(lock, () => Promise.resolve("no"), 100)).rejects.toMatchObject({ code: "LOCKED" });
    await rm(dir, { recursive: true });
  });
});
