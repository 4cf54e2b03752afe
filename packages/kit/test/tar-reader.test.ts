import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeHeader } from "../src/tar-header.js";
import { TarReader, type TarReadHeader } from "../src/tar-reader.js";

let dir: string;
const longDir = `${"d".repeat(90)}/${"e".repeat(60)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-tar-reader-"));
  const tree = join(dir, "tree");
  await mkdir(join(tree, longDir), { recursive: true });
  await writeFile(join(tree, "a.json"), "{}\n");
  await writeFile(join(tree, longDir, `${"f".repeat(120)}.json`), "long");
  await writeFile(join(tree, longDir, "short.json"), "short");
  await writeFile(join(tree, "ünï.txt"), "unicode");
  await writeFile(join(tree, "big.bin"), Buffer.alloc(70_000, 9));
  await writeFile(join(tree, "empty"), "");
  await symlink(`${"t".repeat(130)}`, join(tree, "dangling-long-link"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Seen = [string, string, number, string];

/** Reads `archive` fed in chunks of `step` bytes; what each entry was, with its content's sha256. */
function read(archive: Buffer, step: number): Seen[] {
  const seen: Seen[] = [];
  const reader = new TarReader({
    entry: (h: TarReadHeader) => {
      const hash = createHash("sha256");
      const row: Seen = [h.name, h.type === "symlink" ? `symlink->${h.linkname}` : h.type, h.size, ""];
      seen.push(row);
      if (h.type !== "file") return undefined;
      return { data: (b) => void hash.update(b), end: () => void (row[3] = hash.digest("hex").slice(0, 12)) };
    },
  });
  for (let at = 0; at < archive.length; at += step) reader.push(archive.subarray(at, at + step));
  reader.end();
  return seen.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function gnuTar(format: string): Buffer {
  // Blocking factor 1: the archive ends right after its two zero blocks.
  return execFileSync("tar", [`--format=${format}`, "--sort=name", "-b", "1", "-cf", "-", "-C", join(dir, "tree"), "."], { maxBuffer: 1 << 26 });
}

describe("TarReader", () => {
  it("reads what GNU tar writes in gnu, posix (pax) and ustar formats, whatever the chunking", () => {
    const want = read(gnuTar("posix"), 1 << 20);
    expect(want.map((r) => r[0])).toContain(`./${longDir}/${"f".repeat(120)}.json`);
    expect(want).toContainEqual(["./dangling-long-link", `symlink->${"t".repeat(130)}`, 0, ""]);
    expect(want).toContainEqual(["./ünï.txt", "file", 7, createHash("sha256").update("unicode").digest("hex").slice(0, 12)]);
    expect(want).toContainEqual(["./big.bin", "file", 70_000, createHash("sha256").update(Buffer.alloc(70_000, 9)).digest("hex").slice(0, 12)]);
    expect(want).toContainEqual([`./${longDir}`, "directory", 0, ""]);
    expect(want).toContainEqual(["./empty", "file", 0, createHash("sha256").digest("hex").slice(0, 12)]);
    for (const step of [1, 511, 513, 4096]) expect(read(gnuTar("posix"), step)).toEqual(want);
    expect(read(gnuTar("gnu"), 777)).toEqual(want);
  });

  it("joins the ustar prefix field to the name", () => {
    const archive = execFileSync("tar", ["--format=ustar", "-cf", "-", "-C", join(dir, "tree"), `${longDir}/short.json`], { maxBuffer: 1 << 26 });
    expect(archive.subarray(345, 345 + 10).toString()).toBe("d".repeat(10));
    expect(read(archive, 300)).toEqual([[`${longDir}/short.json`, "file", 5, createHash("sha256").update("short").digest("hex").slice(0, 12)]]);
  });

  it("refuses an archive cut inside an entry or a header, and a header with a bad checksum", () => {
    const archive = gnuTar("posix");
    expect(() => read(archive.subarray(0, archive.length - 1024 - 100), 4096)).toThrow(/truncated \(it ends inside an entry\)/);
    const headerCut = Buffer.concat([encodeHeader({ path: "a", type: "file", mode: 0o644, size: 0, mtime: 0 }).subarray(0, 300)]);
    expect(() => read(headerCut, 100)).toThrow(/truncated \(it ends inside a header\)/);
    const bad = Buffer.from(archive);
    bad[10] = (bad[10] + 1) & 0xff;
    expect(() => read(bad, 4096)).toThrow(/bad checksum/);
  });

  it("reads GNU base-256 sizes", () => {
    const h = encodeHeader({ path: "b256", type: "file", mode: 0o644, size: 0, mtime: 0 });
    h.fill(0, 124, 136);
    h[124] = 0x80;
    h[135] = 5;
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
    const body = Buffer.alloc(512);
    body.write("hello");
    expect(read(Buffer.concat([h, body, Buffer.alloc(1024)]), 64)).toEqual([["b256", "file", 5, createHash("sha256").update("hello").digest("hex").slice(0, 12)]]);
  });

  it("stops at the end-of-archive blocks and ignores the record padding after them", async () => {
    const archive = gnuTar("posix");
    const padded = Buffer.concat([archive, Buffer.alloc(10240)]);
    expect(read(padded, 4096)).toEqual(read(archive, 4096));
    await writeFile(join(dir, "x.tar"), archive);
    expect((await readFile(join(dir, "x.tar"))).length % 512).toBe(0);
  });
});

describe("ZstdFrameSplitter", () => {
  it("lets node:zlib read every frame of a multi-frame zstd stream (it drops all but the first without it)", async () => {
    const { Readable, Writable } = await import("node:stream");
    const { pipeline } = await import("node:stream/promises");
    const { createZstdDecompress, zstdCompressSync } = await import("node:zlib");
    const { ZstdFrameSplitter } = await import("@stella/core");
    const parts = [Buffer.from("hello "), Buffer.alloc(100_000, 7), Buffer.from(""), Buffer.from("world")];
    // Frames from node:zlib (with and without content size) and from the zstd CLI (with checksums), plus a skippable frame.
    const skippable = Buffer.concat([Buffer.from([0x50, 0x2a, 0x4d, 0x18]), Buffer.from([3, 0, 0, 0]), Buffer.from("abc")]);
    const cli = execFileSync("zstd", ["-q", "-c", "--check"], { input: "from cli" });
    const frames = Buffer.concat([...parts.map((p) => zstdCompressSync(p)), skippable, cli]);
    const want = Buffer.concat([...parts, Buffer.from("from cli")]);
    const plain = async (stages: NodeJS.ReadWriteStream[], step: number, input = frames) => {
      const chunks = Array.from({ length: Math.ceil(input.length / step) }, (_, i) => input.subarray(i * step, (i + 1) * step));
      const out: Buffer[] = [];
      await pipeline([Readable.from(chunks), ...stages, new Writable({ write: (c: Buffer, _e, cb) => void (out.push(c), cb()) })]);
      return Buffer.concat(out);
    };
    expect((await plain([createZstdDecompress()], frames.length)).length).toBeLessThan(want.length);
    for (const step of [1, 7, 4096, frames.length]) expect((await plain([new ZstdFrameSplitter(), createZstdDecompress()], step)).equals(want)).toBe(true);
    expect((await plain([new ZstdFrameSplitter()], 1)).equals(frames)).toBe(true);
    await expect(plain([new ZstdFrameSplitter()], 4096, frames.subarray(0, frames.length - 3))).rejects.toThrow(/ends inside a frame/);
    await expect(plain([new ZstdFrameSplitter()], 4096, Buffer.from("not zstd"))).rejects.toThrow(/not a zstd frame/);
  });
});
