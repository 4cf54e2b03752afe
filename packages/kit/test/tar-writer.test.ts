import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeHeader, encodeHeaderInto, headerLength, paxRecord, type TarHeaderFields } from "../src/tar-header.js";
import type { FileLane } from "../src/tar-lane.js";
import { tarChunks, walkTree, writeTarball } from "../src/tar-writer.js";

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

/**
 * A lane over a new file `name` (`size` bytes) that its entry, first in a tar stream, says is
 * `declared` bytes: data at 512, the region from 4 MiB to 12 MiB.
 */
async function laneOn(name: string, size: number, use: (lane: FileLane, file: string) => Promise<void>, declared = size): Promise<void> {
  const { FileLane: Lane } = await import("../src/tar-lane.js");
  const { ZstdFrameCompressor } = await import("../src/zstd-compressor.js");
  const file = join(dir, name);
  await writeFile(file, Buffer.alloc(size, 1));
  const compressor = new ZstdFrameCompressor(2);
  try {
    const { digestBeside } = await import("../src/file-digest.js");
    await use(new Lane(name, file, declared, 2 ** 22 - 512, 2 * 2 ** 22, 512, compressor, join(dir, `${name}.frames`), digestBeside(file, name).digest), file);
  } finally {
    compressor.close();
  }
}

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

  it("walks names in UTF-8 byte order, as tar --sort=name, also where UTF-16 order differs (U+E000..U+FFFF vs astral)", async () => {
    const root = join(dir, "order");
    const names = ["b", "a\u{1F600}", "a\uFF5E", "a~", "A", "_", "a\u00e9", "a"];
    await mkdir(root);
    for (const n of names) await writeFile(join(root, n), n);
    const walked = [...walkTree(root)].map((e) => e.path);
    expect(walked).toEqual(["A", "_", "a", "a~", "a\u00e9", "a\uFF5E", "a\u{1F600}", "b"]);
    expect([...names].sort()).not.toEqual(walked);
    const gnu = execFileSync("bash", ["-c", `tar --sort=name -cf - -C '${root}' . | tar -tf -`], { encoding: "utf8" }).trim().split("\n").filter((l) => l !== "./").map((l) => l.replace(/^\.\//, ""));
    expect(gnu).toEqual(walked);
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

  it("writes a header in place (from a template) with the same bytes as the full encoder, and knows which need pax", () => {
    const names = ["a", "a.json", "x".repeat(99), "y".repeat(100), "z".repeat(101), "dir/sub", "ünï.json", "tab\tname", "~!@#$%^&*()_+{}|:<>?"];
    const cases: TarHeaderFields[] = [];
    for (const path of names) {
      for (const mtime of [0, 1793923200, 8 ** 11 - 1]) {
        cases.push({ path, type: "file", mode: 0o600, size: 0, mtime }, { path, type: "file", mode: 0o711, size: 123_456_789, mtime });
        cases.push({ path, type: "directory", mode: 0o700, size: 99, mtime }, { path: `${path}/`, type: "directory", mode: 0o755, size: 0, mtime });
        cases.push({ path, type: "symlink", mode: 0o644, size: 7, mtime, linkTarget: names[(path.length * 7) % names.length] });
      }
    }
    cases.push({ path: "huge", type: "file", mode: 0o644, size: 0o77777777777, mtime: 0 }, { path: "huger", type: "file", mode: 0o644, size: 0o77777777777 + 1, mtime: 0 });
    const target = Buffer.alloc(2048, 0xaa);
    let inPlace = 0;
    for (const f of cases) {
      const full = encodeHeader(f);
      expect(headerLength(f), f.path).toBe(full.length);
      const n = encodeHeaderInto(target, 700, f);
      if (full.length > 512) expect(n, f.path).toBe(0);
      else {
        inPlace++;
        expect(n, f.path).toBe(512);
        expect(target.subarray(700, 1212).equals(full), `${f.type} ${f.path} ${f.mtime}`).toBe(true);
      }
    }
    expect(inPlace).toBeGreaterThan(cases.length / 2);
    expect(target.subarray(0, 700).every((b) => b === 0xaa) && target.subarray(1212).every((b) => b === 0xaa)).toBe(true);
  });
});

/** A sink output that keeps copies of what it is given. */
function collect(parts: Buffer[]) {
  return {
    write: (b: Uint8Array) => {
      parts.push(Buffer.from(b));
      return Promise.resolve();
    },
    finish: () => Promise.resolve({ digest: "", size: 0 }),
  };
}

describe("block zstd", () => {
  it("writes independent 4 MiB frames that zstd -d and node:zlib read back, byte-identical on each run", async () => {
    const { ZstdFramesSink } = await import("../src/archive-sink.js");
    const { ZstdFrameCompressor } = await import("../src/zstd-compressor.js");
    const { createHash } = await import("node:crypto");
    const { zstdDecompressSync } = await import("node:zlib");
    const input = Buffer.alloc(21 * 2 ** 20 + 124);
    for (let i = 0; i < input.length; i += 4) input.writeUInt32LE((i * 2654435761) >>> 8, i);
    const once = async (inFlight: number, cuts: number[]) => {
      const parts: Buffer[] = [];
      const sink = new ZstdFramesSink(collect(parts), new ZstdFrameCompressor(inFlight));
      let released = 0;
      let writes = 0;
      for (let at = 0, k = 0; at < input.length; k++, writes++) {
        const end = Math.min(input.length, at + (cuts[k % cuts.length] ?? input.length));
        await sink.write(input.subarray(at, end), () => released++);
        at = end;
      }
      await sink.finish();
      expect(released).toBe(writes);
      return Buffer.concat(parts);
    };
    // Whole 4 MiB blocks (compressed in place) and odd cuts (copied into frames) give the same bytes.
    const a = await once(4, [4 * 2 ** 20]);
    const b = await once(2, [5_000_000, 123_456]);
    expect(createHash("sha256").update(a).digest("hex")).toBe(createHash("sha256").update(b).digest("hex"));
    expect(zstdDecompressSync(a).equals(input)).toBe(true);
    await writeFile(join(dir, "frames.zst"), a);
    expect(execFileSync("zstd", ["-dc", join(dir, "frames.zst")], { maxBuffer: 64 * 2 ** 20 }).equals(input)).toBe(true);
    // Each frame's window holds its whole 4 MiB input (RFC 8878 §3.1.1.1.2: Window_Descriptor,
    // as no Single_Segment flag is set): a 2 MiB window sent half of each frame through zstd's slower extDict path.
    expect(a.readUInt32LE(0)).toBe(0xfd2fb528);
    expect(a[4] & 0x20).toBe(0);
    const exponent = a[5] >> 3;
    const mantissa = a[5] & 7;
    expect(2 ** (10 + exponent) + (2 ** (10 + exponent) / 8) * mantissa).toBe(4 * 2 ** 20);
    const emptyParts: Buffer[] = [];
    await new ZstdFramesSink(collect(emptyParts)).finish();
    expect(zstdDecompressSync(Buffer.concat(emptyParts)).length).toBe(0);
  });
});

describe("kit manifest bytes", () => {
  it("streams exactly the bytes of sortedJson(manifest) + newline, files sorted by path", async () => {
    const { FileTableBuilder, manifestBytes, sortedJson } = await import("../src/kit-manifest.js");
    const builder = new FileTableBuilder();
    let bytes = 0;
    for await (const chunk of tarChunks(walkTree(tree), mtime, { onFile: (path, size, sha256) => builder.add(path, size, sha256) })) bytes += chunk.length;
    expect(bytes % 512).toBe(0);
    const table = builder.table();
    expect(table.paths.slice(0, 2)).toEqual(["a/x.json", "a-b/y.json"]);
    const head = { schemaVersion: 1 as const, kind: "stella-ouk", created: "2026-11-06T00:00:00Z", tool: { name: "stella", version: "1.0.0" }, meta: { feeds: [{ name: "nvd" }], z: null } };
    const files = Object.fromEntries(table.paths.map((p, i) => [p, { size: table.sizes[i], digest: `sha256:${table.digests.toString("hex", 32 * i, 32 * i + 32)}` }]));
    const want = sortedJson({ ...head, files }) + "\n";
    // The length is told before the bytes are made (the tar header needs it), and is theirs.
    const whole = (m: { size: number; parts(): Iterable<Buffer> }) => {
      const b = Buffer.concat([...m.parts()]);
      expect(m.size).toBe(b.length);
      return b.toString();
    };
    expect(whole(manifestBytes(head, table))).toBe(want);
    expect(Object.keys(JSON.parse(want).files as object).slice(0, 2)).toEqual(["a-b/y.json", "a/x.json"]);
    expect(files["big.db"]?.digest).toBe(`sha256:${createHash("sha256").update(await readFile(join(tree, "big.db"))).digest("hex")}`);
    const empty = { paths: [], sizes: [], digests: Buffer.alloc(0) };
    expect(whole(manifestBytes(head, empty))).toBe(sortedJson({ ...head, files: {} }) + "\n");
    // Names JSON escapes or writes in several UTF-8 bytes, and enough entries for many 64 KiB parts.
    const odd = ["caf\u00e9/\u6f22\u5b57.json", 'quote"d\\back.json', "tab\tnew\nline", ...Array.from({ length: 3000 }, (_, i) => `feeds/nvd/CVE-${i}.json`)];
    const oddTable = { paths: odd, sizes: odd.map((_, i) => i * 977), digests: Buffer.alloc(32 * odd.length, 0xab) };
    const oddFiles = Object.fromEntries(odd.map((p, i) => [p, { size: i * 977, digest: `sha256:${"ab".repeat(32)}` }]));
    expect(whole(manifestBytes(head, oddTable))).toBe(sortedJson({ ...head, files: oddFiles }) + "\n");
  });
});

describe("block pool", () => {
  it("lends at most its capacity, waits, and takes back views of its blocks only", async () => {
    const { BlockPool } = await import("../src/block-pool.js");
    const pool = new BlockPool(1024, 2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    let third: Buffer | undefined;
    const waiting = pool.acquire().then((x) => (third = x));
    await Promise.resolve();
    expect(third).toBeUndefined();
    pool.release(Buffer.alloc(16));
    await Promise.resolve();
    expect(third).toBeUndefined();
    pool.release(a.subarray(0, 10));
    await waiting;
    expect(third?.buffer).toBe(a.buffer);
    expect(b.buffer).not.toBe(a.buffer);
  });

  it("dispose frees its blocks at once, and those still lent out when they come back", async () => {
    const { BlockPool } = await import("../src/block-pool.js");
    const pool = new BlockPool(1 << 20, 2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    pool.release(a);
    pool.dispose();
    expect(a.buffer.byteLength).toBe(0);
    expect(b.buffer.byteLength).toBe(1 << 20);
    pool.release(b);
    expect(b.buffer.byteLength).toBe(0);
  });

  it("compressTar gives every block of a caller's pool back (a pool shared by several parts)", async () => {
    const { BlockPool } = await import("../src/block-pool.js");
    const { compressTar } = await import("../src/tar-writer.js");
    const pool = new BlockPool(4 * 2 ** 20, 2);
    const sink = { write: () => Promise.resolve() };
    for (const compression of ["zstd", "gzip", "none"] as const) {
      await compressTar(walkTree(tree), sink, { mtime, compression, pool });
      const all = [await pool.acquire(), await pool.acquire()];
      for (const x of all) pool.release(x);
    }
  });
});

describe("packTree", () => {
  it("writes manifest.json first, then the tree, as one stream GNU tar reads; byte-identical on two runs; no temp left", async () => {
    const { packTree } = await import("../src/pack.js");
    const { silentLogger } = await import("@stella/core");
    const { readdir } = await import("node:fs/promises");
    for (const [ext, flag] of [["tar.gz", "-z"], ["tar.zst", "--zstd"], ["tar", "-a"]] as const) {
      const out = join(dir, "packs", `kit.${ext}`);
      const o = { kind: "stella-test", created: mtime, tool: { name: "stella", version: "t" }, meta: { n: 1 }, logger: silentLogger };
      const a = await packTree(tree, out, o);
      const first = await readFile(out);
      const b = await packTree(tree, out, o);
      expect(b.digest).toBe(a.digest);
      expect((await readFile(out)).equals(first)).toBe(true);
      expect(`sha256:${createHash("sha256").update(first).digest("hex")}`).toBe(a.digest);
      const names = execFileSync("tar", [flag, "-tf", out], { encoding: "utf8" }).trim().split("\n");
      expect(names[0]).toBe("manifest.json");
      expect(names.slice(1, 3)).toEqual(["a/", "a/x.json"]);
      const manifest = JSON.parse(execFileSync("tar", [flag, "-xOf", out, "manifest.json"], { encoding: "utf8" })) as { files: Record<string, { size: number; digest: string }> };
      expect(manifest.files["big.db"]).toEqual({ size: 3 * 1024 * 1024 + 17, digest: `sha256:${createHash("sha256").update(await readFile(join(tree, "big.db"))).digest("hex")}` });
      expect(Object.keys(manifest.files)).toHaveLength(a.fileCount);
      expect(await a.files()).toEqual(Object.keys(manifest.files));
      expect((await readdir(join(dir, "packs"))).filter((f) => f.includes(".tmp"))).toEqual([]);
    }
  });
});

describe("lanes: large files compressed beside the writer", () => {
  it("give the same kit, to the byte, as the writer alone (pax names, several lanes, odd offsets)", async () => {
    const { packTree } = await import("../src/pack.js");
    const { silentLogger } = await import("@stella/core");
    const { readdir } = await import("node:fs/promises");
    const t = join(dir, "lanes-tree");
    const bigName = `${"n".repeat(110)}/trivy.db`;
    await mkdir(join(t, "n".repeat(110)), { recursive: true });
    await mkdir(join(t, "feeds"), { recursive: true });
    const noise = (n: number, seed: number) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i += 4) b.writeUInt32LE(((i + seed) * 2654435761) >>> 8, Math.min(i, n - 4));
      return b;
    };
    for (let i = 0; i < 40; i++) await writeFile(join(t, "feeds", `CVE-${i}.json`), JSON.stringify({ i, text: "x".repeat(i * 97) }));
    await writeFile(join(t, bigName), noise(17 * 2 ** 20 + 12345, 1));
    await writeFile(join(t, "feeds", "java.db"), noise(16 * 2 ** 20 + 3, 2));
    await writeFile(join(t, "z-after.json"), "{}");
    const o = { kind: "stella-test", created: mtime, tool: { name: "stella", version: "t" }, meta: {}, logger: silentLogger };
    const alone = await packTree(t, join(dir, "lanes", "alone.tar.zst"), { ...o, laneMinBytes: Number.POSITIVE_INFINITY });
    const said: string[] = [];
    const laned = await packTree(t, join(dir, "lanes", "laned.tar.zst"), { ...o, laneMinBytes: 2 ** 20, logger: { ...silentLogger, debug: (m: string) => said.push(m) } });
    expect(said).toContain(`compressing feeds/java.db, ${bigName} beside the writer (lanes)`);
    expect(laned.digest).toBe(alone.digest);
    expect((await readFile(laned.path)).equals(await readFile(alone.path))).toBe(true);
    const out = join(dir, "lanes", "x");
    await mkdir(out, { recursive: true });
    execFileSync("tar", ["--zstd", "-xf", laned.path, "-C", out]);
    expect((await readFile(join(out, bigName))).equals(await readFile(join(t, bigName)))).toBe(true);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as { files: Record<string, { digest: string }> };
    expect(manifest.files[bigName]?.digest).toBe(`sha256:${createHash("sha256").update(await readFile(join(t, bigName))).digest("hex")}`);
    expect(manifest.files["feeds/java.db"]?.digest).toBe(`sha256:${createHash("sha256").update(await readFile(join(t, "feeds", "java.db"))).digest("hex")}`);
    expect((await readdir(join(dir, "lanes"))).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("a lane over a file shorter than planned fails naming it (the head it has is still hashed)", async () => {
    await laneOn("short.db", 9 * 2 ** 20, async (lane) => {
      await expect(lane.done).rejects.toThrow(/short.db changed while archiving/);
      await expect(lane.headDigest).resolves.toHaveLength(32);
    }, 3 * 2 ** 22 + 100);
  });

  it("a lane refuses a file that changed between its two reads (mtime), as GNU tar does", async () => {
    const { utimes } = await import("node:fs/promises");
    await laneOn("touched.db", 3 * 2 ** 22 + 100, async (lane, file) => {
      await lane.headDigest;
      // The lane waits for the writer's tail before its last look at the file.
      await utimes(file, new Date("2030-01-01T00:00:00Z"), new Date("2030-01-01T00:00:00Z"));
      lane.finish(Buffer.alloc(lane.size - lane.tailStart, 1));
      await expect(lane.done).rejects.toThrow(/touched.db changed while archiving/);
    });
  });

  it("the writer refuses a file whose head changed after its lane read it", async () => {
    const { tarParts } = await import("../src/tar-writer.js");
    await laneOn("moving.db", 3 * 2 ** 22 + 100, async (lane, file) => {
      await lane.headDigest;
      const fh = await (await import("node:fs/promises")).open(file, "r+");
      await fh.write(Buffer.from("X"), 0, 1, 10);
      await fh.close();
      const entry = { path: "moving.db", type: "file" as const, mode: 0o644, size: lane.size, file, lane };
      await expect(async () => {
        for await (const _ of tarParts([entry], mtime)) void _;
      }).rejects.toThrow(/moving.db changed while archiving: its first 4193792 bytes differ/);
      lane.abort();
      await lane.done.catch(() => undefined);
    });
  });
});

describe("files that change while archived", () => {
  const reader = (bytes: Buffer) => () => {
    let at = 0;
    return {
      read: (buf: Buffer, offset: number, length: number) => {
        const n = Math.min(length, bytes.length - at);
        bytes.copy(buf, offset, at, at + n);
        at += n;
        return n;
      },
      close: () => undefined,
    };
  };

  it("refuses a file that shrank, naming it", async () => {
    const shrank = { path: "feeds/a.json", type: "file" as const, mode: 0o644, size: 10, reader: reader(Buffer.from("12345")) };
    await expect(async () => {
      for await (const _ of tarChunks([shrank], mtime)) void _;
    }).rejects.toThrow(/feeds\/a.json changed while archiving: expected 10 bytes, read 5/);
  });

  it("archives a file that grew at the size it had, and hashes exactly the bytes archived", async () => {
    const grew = { path: "b.json", type: "file" as const, mode: 0o644, size: 4, reader: reader(Buffer.from("1234 and more")) };
    const seen: [string, number, string][] = [];
    const chunks: Buffer[] = [];
    for await (const c of tarChunks([grew], mtime, { onFile: (p, n, d) => seen.push([p, n, d.toString("hex")]) })) chunks.push(Buffer.from(c));
    expect(seen).toEqual([["b.json", 4, createHash("sha256").update("1234").digest("hex")]]);
    expect(Buffer.concat(chunks).subarray(512, 516).toString()).toBe("1234");
  });
});
