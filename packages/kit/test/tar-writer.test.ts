import { execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeHeader, paxRecord } from "../src/tar-header.js";
import { walkTree, writeTarball } from "../src/tar-writer.js";

let dir: string;
let tree: string;
const mtime = new Date("2026-11-06T00:00:00Z");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-tar-"));
  tree = join(dir, "tree");
  await mkdir(join(tree, "nvd", "2026"), { recursive: true });
  await mkdir(join(tree, "a-b"), { recursive: true });
  await mkdir(join(tree, "a"), { recursive: true });
  await writeFile(join(tree, "a", "x.json"), "{}\n");
  await writeFile(join(tree, "a-b", "y.json"), "[]\n");
  await writeFile(join(tree, "nvd", "2026", "CVE-2026-0001.json"), JSON.stringify({ id: "CVE-2026-0001" }));
  await writeFile(join(tree, "run.sh"), "#!/bin/sh\n");
  await chmod(join(tree, "run.sh"), 0o700);
  await writeFile(join(tree, "big.db"), Buffer.alloc(3 * 1024 * 1024 + 17, 7));
  const long = "d".repeat(120);
  await mkdir(join(tree, long), { recursive: true });
  await writeFile(join(tree, long, "ünïcode-é.json"), "1");
  await symlink("a/x.json", join(tree, "link"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("deterministic tar", () => {
  it("gives byte-identical gzip and zstd archives on two runs", async () => {
    for (const compression of ["gzip", "zstd", "none"] as const) {
      const a = await writeTarball(walkTree(tree), join(dir, `a.${compression}`), { mtime, compression });
      const b = await writeTarball(walkTree(tree), join(dir, `b.${compression}`), { mtime, compression });
      expect(a.digest).toBe(b.digest);
      expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
    }
  });

  it("gzip header has MTIME 0, no FNAME, OS unix", async () => {
    const a = await writeTarball(walkTree(tree), join(dir, "h.tar.gz"), { mtime, compression: "gzip" });
    const head = (await readFile(a.path)).subarray(0, 10);
    expect([...head]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  });

  it("GNU tar reads it: sorted names, fixed mtime, owner 0/0, normalised modes, content intact", async () => {
    const a = await writeTarball(walkTree(tree), join(dir, "l.tar.zst"), { mtime, compression: "zstd" });
    const listing = execFileSync("tar", ["--zstd", "-tvf", a.path, "--numeric-owner", "--full-time"], { encoding: "utf8" }).trim().split("\n");
    const names = listing.map((l) => l.split(/\s+/).slice(5).join(" "));
    expect(names.slice(0, 4)).toEqual(["a/", "a/x.json", "a-b/", "a-b/y.json"]);
    expect(names).toContain(`${"d".repeat(120)}/ünïcode-é.json`);
    for (const l of listing) expect(l).toMatch(/^\S+ 0\/0 +\d+ 2026-11-06 00:00:00 /);
    expect(listing.find((l) => l.endsWith("run.sh"))).toMatch(/^-rwxr-xr-x/);
    expect(listing.find((l) => l.endsWith("a/x.json"))).toMatch(/^-rw-r--r--/);
    expect(listing.find((l) => l.includes("link ->"))).toMatch(/^lrwxrwxrwx .* link -> a\/x.json$/);
    const out = join(dir, "out");
    await mkdir(out);
    execFileSync("tar", ["--zstd", "-xf", a.path, "-C", out]);
    expect((await readFile(join(out, "big.db"))).equals(await readFile(join(tree, "big.db")))).toBe(true);
  });

  it("pax records count their own length", () => {
    for (const v of ["x", "y".repeat(89), "z".repeat(95), "w".repeat(990)]) {
      const r = paxRecord("path", v);
      expect(Number(r.split(" ")[0])).toBe(Buffer.byteLength(r));
    }
  });

  it("ustar header checksum is what tar computes", () => {
    const h = encodeHeader({ path: "a.json", type: "file", mode: 0o600, size: 5, mtime: 0 });
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    expect(parseInt(h.subarray(148, 154).toString("ascii"), 8)).toBe(sum);
    expect(h.subarray(265, 329).every((b) => b === 0)).toBe(true);
  });
});

describe("block zstd", () => {
  it("writes independent 4 MiB frames that zstd -d and node:zlib read back, byte-identical on each run", async () => {
    const { BlockZstdCompressor } = await import("../src/block-compress.js");
    const { Readable } = await import("node:stream");
    const { buffer } = await import("node:stream/consumers");
    const { zstdDecompressSync } = await import("node:zlib");
    const input = Buffer.alloc(21 * 2 ** 20 + 124);
    for (let i = 0; i < input.length; i += 4) input.writeUInt32LE((i * 2654435761) >>> 8, i);
    const once = async (inFlight: number) => buffer(Readable.from([input.subarray(0, 5_000_000), input.subarray(5_000_000)]).pipe(new BlockZstdCompressor(inFlight)));
    const a = await once(4);
    const b = await once(2);
    expect(a.equals(b)).toBe(true);
    expect(zstdDecompressSync(a).equals(input)).toBe(true);
    await writeFile(join(dir, "frames.zst"), a);
    expect(execFileSync("zstd", ["-dc", join(dir, "frames.zst")], { maxBuffer: 64 * 2 ** 20 }).equals(input)).toBe(true);
    const empty = await buffer(Readable.from([]).pipe(new BlockZstdCompressor()));
    expect(zstdDecompressSync(empty).length).toBe(0);
  });
});
