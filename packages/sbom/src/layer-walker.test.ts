import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { pack, type Header } from "tar-stream";
import { describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { isSbomError } from "./errors.js";
import { walkLayers, type LayerSource } from "./layer-walker.js";
import type { Cataloger } from "./types.js";

type Entry = [name: string, body?: string, extra?: Partial<Header>];

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  for (const [name, body, extra] of entries) p.entry({ name, mode: 0o644, ...extra }, body ?? "");
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function layer(bytes: Buffer, digest = sha256Digest(bytes)): LayerSource {
  return { digest, size: bytes.length, open: () => Promise.resolve(Readable.from([bytes.subarray(0, 7), bytes.subarray(7)])) };
}

/** Collects every file under etc/ and reports what it saw. */
const etc: Cataloger = {
  name: "etc",
  open: (info, buffer) => (info.path.startsWith("etc/") ? buffer() : undefined),
  catalog: () => [],
};

function view(r: Awaited<ReturnType<typeof walkLayers>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, f] of r.collected.get("etc") ?? []) out[path] = `${String(f.result)}@${f.layerDigest.slice(7, 11)}`;
  return out;
}

describe("walkLayers", () => {
  it("reads gzip, zstd and plain tar layers and tracks the layer of each file", async () => {
    const l1 = await tarOf([["./etc/a", "one"], ["etc/b", "two"], ["usr/x", "ignored"]]);
    const l2 = await tarOf([["etc/b", "TWO"]]);
    const l3 = await tarOf([["/etc/c", "three"]]);
    const layers = [layer(gzipSync(l1)), layer(zstdCompressSync(l2)), layer(l3)];
    const r = await walkLayers(layers, [etc]);
    const d = layers.map((l) => l.digest.slice(7, 11));
    expect(view(r)).toEqual({ "etc/a": `one@${d[0]}`, "etc/b": `TWO@${d[1]}`, "etc/c": `three@${d[2]}` });
    expect(r.layers.map((l) => l.files)).toEqual([3, 1, 1]);
  });

  it("reads every frame of a multi-frame zstd layer (as zstd:chunked and pzstd write them)", async () => {
    const l1 = await tarOf([["etc/a", "one"], ["etc/b", "two".repeat(1000)], ["etc/c", "three"]]);
    // Frames cut at arbitrary points, all in one chunk: node:zlib alone stops after the first.
    const frames = Buffer.concat([zstdCompressSync(l1.subarray(0, 700)), zstdCompressSync(l1.subarray(700, 3000)), zstdCompressSync(l1.subarray(3000))]);
    const r = await walkLayers([{ digest: sha256Digest(frames), size: frames.length, open: () => Promise.resolve(Readable.from([frames])) }], [etc]);
    expect(Object.keys(view(r)).sort()).toEqual(["etc/a", "etc/b", "etc/c"]);
  });

  it("applies .wh. whiteouts and opaque directories to lower layers only", async () => {
    const l1 = await tarOf([["etc/a", "a"], ["etc/sub/x", "x"], ["etc/sub/y", "y"], ["etc/keep", "k"]]);
    const l2 = await tarOf([["etc/.wh.a"], ["etc/sub/.wh..wh..opq"], ["etc/sub/z", "z"]]);
    const r = await walkLayers([layer(gzipSync(l1)), layer(gzipSync(l2))], [etc]);
    expect(Object.keys(view(r)).sort()).toEqual(["etc/keep", "etc/sub/z"]);
    expect(r.layers[1]?.whiteouts).toBe(2);
  });

  it("a whiteout of a directory removes everything below it; a symlink replaces a file", async () => {
    const l1 = await tarOf([["etc/d/one", "1"], ["etc/d/two", "2"], ["etc/l", "file"]]);
    const l2 = await tarOf([["etc/.wh.d"], ["etc/l", "", { type: "symlink", linkname: "/dev/null" }]]);
    const r = await walkLayers([layer(l1), layer(l2)], [etc]);
    expect(view(r)).toEqual({});
  });

  it("hard links share their target's collected bytes", async () => {
    const l1 = await tarOf([["etc/t", "target"], ["etc/h", "", { type: "link", linkname: "etc/t" }]]);
    const r = await walkLayers([layer(l1)], [etc]);
    expect(Object.values(view(r)).map((v) => v.split("@")[0])).toEqual(["target", "target"]);
  });

  it("a truncated layer is an error naming the layer", async () => {
    const full = gzipSync(await tarOf([["etc/a", "x".repeat(50_000)]]));
    const cut = full.subarray(0, full.length - 40);
    const l = layer(cut);
    const err = await walkLayers([l], [etc]).catch((e: unknown) => e);
    expect(isSbomError(err, "LAYER_TRUNCATED")).toBe(true);
    expect(String(err)).toContain(l.digest);
  });

  it("a digest mismatch is an error naming both digests", async () => {
    const bytes = gzipSync(await tarOf([["etc/a", "x"]]));
    const wrong = sha256Digest("something else");
    const err = await walkLayers([layer(bytes, wrong)], [etc]).catch((e: unknown) => e);
    expect(isSbomError(err, "DIGEST_MISMATCH")).toBe(true);
    expect(String(err)).toContain(wrong);
    expect(String(err)).toContain(sha256Digest(bytes));
  });

  it("a zip-bomb style file over the per-file limit is skipped with a warning naming it, memory stays bounded", async () => {
    // 64 MiB of zeros compress to ~64 KiB; the cataloger asked for it but may buffer only 1 MiB.
    const big = Buffer.alloc(64 << 20);
    const l = layer(gzipSync(await tarOf([["etc/bomb", big.toString("latin1")], ["etc/ok", "fine"]])));
    const before = process.memoryUsage().arrayBuffers;
    const r = await walkLayers([l], [etc], { maxFileBytes: 1 << 20, maxTotalBytes: 2 << 20 });
    expect(view(r)["etc/ok"]).toMatch(/^fine@/);
    expect(r.collected.get("etc")?.get("etc/bomb")?.result).toBeUndefined();
    expect(r.warnings).toEqual([{ where: "etc/bomb", message: expect.stringContaining("per-file limit") as unknown }]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20);
  });

  it("a header claiming a 5 GB file with no data behind it is a truncation error, fast", async () => {
    const header = await tarOf([["etc/huge", "x"]]);
    // Patch the size field (offset 124, 12 octal bytes) to 5 GiB and recompute the checksum.
    const h = Buffer.from(header.subarray(0, 512));
    h.write((5 * 1024 ** 3).toString(8).padStart(11, "0") + "\0", 124, "latin1");
    h.fill(" ", 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
    const bytes = gzipSync(Buffer.concat([h, Buffer.alloc(4096)]));
    const err = await walkLayers([layer(bytes)], [etc]).catch((e: unknown) => e);
    expect(isSbomError(err, "LAYER_TRUNCATED")).toBe(true);
  });
});

describe("walkLayers on GNU tar's sparse files (a 5 GiB file in a 10 KiB layer)", () => {
  it.each(["gnu", "pax"])("%s sparse format: a warning naming the file, nothing expanded", async (format) => {
    const dir = mkdtempSync(join(tmpdir(), "sparse-"));
    try {
      mkdirSync(join(dir, "etc"));
      execFileSync("truncate", ["-s", "5G", join(dir, "etc/huge")]);
      execFileSync("tar", ["-C", dir, "--sparse", `--format=${format}`, "-cf", join(dir, "l.tar"), "etc/huge"]);
      const bytes = readFileSync(join(dir, "l.tar"));
      expect(bytes.length).toBeLessThan(64 * 1024);
      const r = await walkLayers([layer(gzipSync(bytes))], [etc]);
      expect(view(r)).toEqual({});
      expect(r.warnings).toEqual([{ where: "etc/huge", message: expect.stringMatching(/^sparse or unsupported tar entry \(5368709120 bytes\)|^sparse or unsupported tar entry/) as unknown }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
