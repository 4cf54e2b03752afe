import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { pack, type Header } from "tar-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { extractSafely, previousPathFor, rollback } from "../src/extract.js";

type Item = Partial<Header> & { name: string; body?: string | Buffer };

async function tarball(items: Item[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    p.on("data", (c: unknown) => void chunks.push(c as Buffer));
    p.on("end", () => resolve());
    p.on("error", reject);
  });
  for (const { body, ...h } of items) {
    await new Promise<void>((resolve, reject) => p.entry(h, body ?? "", (err) => (err ? reject(err) : resolve())));
  }
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

let dir: string;
let target: string;

async function writeKit(items: Item[]): Promise<string> {
  const file = join(dir, "kit.tar.gz");
  await writeFile(file, await tarball(items));
  return file;
}

/** The refusal left no trace: the target holds only its old file, the parent only what it had. */
async function expectUntouched(): Promise<void> {
  expect(await readdir(target)).toEqual(["old.txt"]);
  expect((await readdir(dir)).sort()).toEqual(["kit.tar.gz", "target"]);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-extract-"));
  target = join(dir, "target");
  await mkdir(target);
  await writeFile(join(target, "old.txt"), "old");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("extractSafely refuses", () => {
  const cases: [string, Item[], RegExp][] = [
    ["a ../ path", [{ name: "ok.json", body: "1" }, { name: "../evil.txt", body: "x" }], /climbs out/],
    ["a nested ../ path", [{ name: "a/../../evil.txt", body: "x" }], /climbs out/],
    ["an absolute path", [{ name: "/tmp/evil.txt", body: "x" }], /absolute path/],
    ["a symlink pointing out", [{ name: "l", type: "symlink", linkname: "../../etc" }], /outside the target/],
    ["an absolute symlink", [{ name: "l", type: "symlink", linkname: "/etc/passwd" }], /absolute path/],
    ["a write through a symlink", [{ name: "sub", type: "directory" }, { name: "l", type: "symlink", linkname: "sub" }, { name: "l/x", body: "x" }], /through symlink/],
    ["a hardlink pointing out", [{ name: "h", type: "link", linkname: "../../etc/passwd" }], /climbs out/],
    ["a hardlink to an absolute path", [{ name: "h", type: "link", linkname: "/etc/passwd" }], /absolute path/],
    ["a hardlink to something not extracted", [{ name: "h", type: "link", linkname: "nothere" }], /does not point at a file/],
    ["a character device", [{ name: "null", type: "character-device", devmajor: 1, devminor: 3 }], /character-device/],
    ["a block device", [{ name: "sda", type: "block-device", devmajor: 8, devminor: 0 }], /block-device/],
    ["a fifo", [{ name: "pipe", type: "fifo" }], /fifo/],
    ["a duplicate entry", [{ name: "a.json", body: "1" }, { name: "./a.json", body: "2" }], /appears twice/],
  ];
  for (const [what, items, message] of cases) {
    it(what, async () => {
      const file = await writeKit(items);
      await expect(extractSafely(file, target)).rejects.toThrow(message);
      await expectUntouched();
    });
  }

  it("an entry whose size differs from the manifest, before writing it", async () => {
    const file = await writeKit([{ name: "a.json", body: "12345" }]);
    const expected = new Map([["a.json", { size: 4, digest: sha256Digest("1234") }]]);
    await expect(extractSafely(file, target, { expected })).rejects.toMatchObject({ code: "SIZE_MISMATCH" });
    await expectUntouched();
  });

  it("an entry whose digest differs from the manifest", async () => {
    const file = await writeKit([{ name: "a.json", body: "12345" }]);
    const expected = new Map([["a.json", { size: 5, digest: sha256Digest("54321") }]]);
    await expect(extractSafely(file, target, { expected })).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
    await expectUntouched();
  });

  it("an entry the manifest does not list, and a listed one missing", async () => {
    const file = await writeKit([{ name: "a.json", body: "1" }]);
    await expect(extractSafely(file, target, { expected: new Map() })).rejects.toThrow(/not in the kit manifest/);
    await expect(extractSafely(file, target, { expected: new Map([["a.json", { size: 1, digest: sha256Digest("1") }], ["b.json", { size: 1, digest: sha256Digest("1") }]]) })).rejects.toThrow(/lacks 1 file/);
    await expectUntouched();
  });

  it("a decompression bomb by ratio", async () => {
    const file = await writeKit([{ name: "zeros.bin", body: Buffer.alloc(64 * 2 ** 20) }]);
    await expect(extractSafely(file, target)).rejects.toMatchObject({ code: "BOMB" });
    await expectUntouched();
  });

  it("a decompression bomb by total size, from the header before writing", async () => {
    const file = await writeKit([{ name: "a.bin", body: Buffer.alloc(1000, 1) }, { name: "b.bin", body: Buffer.alloc(1000, 2) }]);
    await expect(extractSafely(file, target, { limits: { maxTotalBytes: 1500 } })).rejects.toThrow(/exceed 1500 bytes.*b\.bin/);
    await expectUntouched();
  });
});

describe("extractSafely extracts", () => {
  it("swaps the tree in, keeps the previous one, rolls back", async () => {
    const file = await writeKit([
      { name: "feeds", type: "directory" },
      { name: "feeds/a.json", body: "{}" },
      { name: "feeds/run.sh", body: "#!/bin/sh", mode: 0o4777 },
      { name: "feeds/same.json", type: "link", linkname: "feeds/a.json" },
      { name: "latest", type: "symlink", linkname: "feeds/a.json" },
    ]);
    const result = await extractSafely(file, target);
    expect(result.previous).toBe(previousPathFor(target));
    expect(await readFile(join(target, "latest"), "utf8")).toBe("{}");
    expect(await readFile(join(target, "feeds/same.json"), "utf8")).toBe("{}");
    expect(await readFile(join(previousPathFor(target), "old.txt"), "utf8")).toBe("old");
    await rollback(target);
    expect(await readdir(target)).toEqual(["old.txt"]);
  });

  it("reads the manifest from the first entry and checks the rest against it", async () => {
    const manifest = JSON.stringify({ "a.json": { size: 1, digest: sha256Digest("1") } });
    const parse = (b: Buffer) => new Map(Object.entries(JSON.parse(b.toString()) as Record<string, { size: number; digest: string }>));
    const good = await writeKit([{ name: "manifest.json", body: manifest }, { name: "a.json", body: "1" }]);
    await expect(extractSafely(good, target, { manifestEntry: { path: "manifest.json", parse } })).resolves.toMatchObject({ files: 2 });
    const late = await writeKit([{ name: "a.json", body: "1" }, { name: "manifest.json", body: manifest }]);
    await expect(extractSafely(late, join(dir, "t2"), { manifestEntry: { path: "manifest.json", parse } })).rejects.toThrow(/must start with manifest.json/);
  });
});

describe("extractSafely on a large, well-compressed but legitimate archive", () => {
  it("checks the ratio on every chunk past the floor without failing (regression: the compressed-bytes counter was single-use)", async () => {
    const text = Buffer.from(Array.from({ length: 40 * 2 ** 20 / 64 }, (_, i) => `{"id":"CVE-2026-${String(i).padStart(8, "0")}","v":${i % 97}}\n`.padEnd(64, " ")).join(""));
    const file = await writeKit([{ name: "feeds.jsonl", body: text }]);
    await expect(extractSafely(file, target, { limits: { ratioFloorBytes: 1 << 20 } })).resolves.toMatchObject({ files: 1 });
    expect((await readFile(join(target, "feeds.jsonl"))).length).toBe(text.length);
  });
});
