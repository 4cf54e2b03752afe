import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { OciLayoutStore, REF_NAME } from "../src/layout.js";
import { buildExampleImage } from "../src/example-image.js";
import { EMPTY_JSON_DIGEST, MediaType, pruneLayout, referrersTagFor, type Descriptor } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-layout-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const enc = (v: unknown) => Buffer.from(JSON.stringify(v));

function referrerOf(subject: Descriptor, artifactType: string, note: string): Buffer {
  return enc({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType,
    config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
    layers: [{ mediaType: "text/plain", digest: sha256Digest(note), size: note.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: { note },
  });
}

describe("OciLayoutStore.open", () => {
  it("creates a layout in a new or empty directory", async () => {
    const store = await OciLayoutStore.open(join(dir, "new"), { create: true });
    expect(JSON.parse(await readFile(join(dir, "new", "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
    expect(await store.readIndex()).toMatchObject({ schemaVersion: 2, manifests: [] });
  });

  it("refuses a directory without oci-layout, even when asked to create, and writes nothing there", async () => {
    await writeFile(join(dir, "something.txt"), "x");
    await expect(OciLayoutStore.open(dir)).rejects.toThrow(/has no oci-layout file/);
    await expect(OciLayoutStore.open(dir, { create: true })).rejects.toMatchObject({ code: "BAD_LAYOUT" });
    expect(await readdir(dir)).toEqual(["something.txt"]);
  });

  it("lets several writers create the same new layout at once", async () => {
    const target = join(dir, "racy");
    // Staggered starts, so some writers find the directory half-created by others.
    const stores = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        for (let k = 0; k < i * 3; k++) await new Promise<void>((r) => setImmediate(r));
        return OciLayoutStore.open(target, { create: true });
      }),
    );
    await Promise.all(stores.map((s, i) => buildExampleImage(s, { tag: `t${i}`, seed: `s${i % 2}` })));
    expect(await stores[0]?.listTags()).toEqual(["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"]);
    expect((await readdir(target)).sort()).toEqual(["blobs", "index.json", "oci-layout"]);
  });

  it("says a missing directory is missing when reading", async () => {
    await expect(OciLayoutStore.open(join(dir, "nope"))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("blobs", () => {
  it("stores a streamed blob, verifies reads, skips existing", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const data = Buffer.from("hello blob");
    const d = { digest: sha256Digest(data), size: data.byteLength };
    await store.putBlob(d, () => Readable.from([data.subarray(0, 3), data.subarray(3)]));
    expect(await store.hasBlob(d.digest)).toBe(true);
    expect(await text(await store.getBlob(d))).toBe("hello blob");
    let called = 0;
    await store.putBlob(d, () => {
      called++;
      return data;
    });
    expect(called).toBe(0);
  });

  it("refuses bytes that do not match, names both digests, stores nothing", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const wanted = sha256Digest("expected");
    const actual = sha256Digest("tampered");
    const put = store.putBlob({ digest: wanted, size: 8 }, () => Readable.from([Buffer.from("tampered")]));
    await expect(put).rejects.toThrow(`expected ${wanted}, got ${actual}`);
    await expect(store.putBlob({ digest: wanted, size: 8 }, () => Buffer.from("tampered"))).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
    expect(await readdir(join(dir, "blobs", "sha256"))).toEqual([]);
  });

  it("fails a read of a blob corrupted on disk", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const data = Buffer.from("good content");
    const d = { digest: sha256Digest(data), size: data.byteLength };
    await store.putBlob(d, () => data);
    await writeFile(store.blobPath(d.digest), "bad content!");
    await expect(text(await store.getBlob(d))).rejects.toThrow(`expected ${d.digest}, got ${sha256Digest("bad content!")}`);
    await expect(store.getBlobBytes(d)).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
  });

  it("rejects a digest that would escape the layout", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    await expect(store.hasBlob("sha256:../../etc/passwd")).rejects.toMatchObject({ code: "BAD_REFERENCE" });
  });
});

describe("manifests and tags", () => {
  it("tags, resolves by tag and digest, re-tags", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const a = await buildExampleImage(store, { tag: "v1", seed: "a" });
    const b = await buildExampleImage(store, { tag: "v2", seed: "b" });
    expect(await store.listTags()).toEqual(["v1", "v2"]);
    expect((await store.resolve("v1")).digest).toBe(a.digest);
    expect((await store.getManifest(b.digest)).descriptor.mediaType).toBe(MediaType.ociManifest);
    const entry = (await store.readIndex()).manifests.find((d) => d.digest === a.digest);
    expect(entry?.annotations?.[REF_NAME]).toBe("v1");
    await store.tag(b, "v1");
    expect((await store.resolve("v1")).digest).toBe(b.digest);
    await expect(store.resolve("v3")).rejects.toThrow(/tag "v3" not found in oci:.*\n?/);
    await expect(store.resolve(sha256Digest("none"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.soleManifest()).resolves.toMatchObject({ digest: b.digest });
  });

  it("builds the same example image twice to the same digest", async () => {
    const one = await buildExampleImage(await OciLayoutStore.open(join(dir, "1"), { create: true }), { platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] });
    const two = await buildExampleImage(await OciLayoutStore.open(join(dir, "2"), { create: true }), { platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] });
    expect(one.digest).toBe(two.digest);
    expect(one.mediaType).toBe(MediaType.ociIndex);
  });

  it("keeps every tag when two writers tag at once", async () => {
    const first = await OciLayoutStore.open(dir, { create: true });
    const second = await OciLayoutStore.open(dir);
    const image = await buildExampleImage(first, { tag: "base" });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).tag(image, `t${i}`)));
    expect(await first.listTags()).toHaveLength(21);
    expect((await readdir(dir)).filter((f) => f.includes(".lock") || f.endsWith(".tmp"))).toEqual([]);
  });

  it("commits changes asked for together in fewer index.json writes, in the same bytes whatever the order; a failing change fails only its caller", async () => {
    const a = await OciLayoutStore.open(join(dir, "a"), { create: true });
    const b = await OciLayoutStore.open(join(dir, "b"), { create: true });
    const image = await buildExampleImage(a, {});
    await buildExampleImage(b, {});
    let reads = 0;
    const readIndex = a.readIndex.bind(a);
    a.readIndex = () => (reads++, readIndex());
    const tags = Array.from({ length: 30 }, (_, i) => `t${String(i).padStart(2, "0")}`);
    const bad = a.updateIndex(() => {
      throw new Error("this change is refused");
    });
    await Promise.all(tags.map((t) => a.tag(image, t)));
    await expect(bad).rejects.toThrow("this change is refused");
    expect(reads).toBeLessThan(10);
    for (const t of [...tags].reverse()) await b.tag(image, t);
    expect(await readFile(join(dir, "a", "index.json"), "utf8")).toBe(await readFile(join(dir, "b", "index.json"), "utf8"));
  });
});

describe("referrers on a layout", () => {
  it("keeps referrers untagged in index.json and in the sha256-<hex> index, and merges both", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const image = await buildExampleImage(store);
    const sbom = await store.putReferrer(referrerOf(image, "application/vnd.example.sbom", "s"), MediaType.ociManifest);
    const sig = await store.putReferrer(referrerOf(image, "application/vnd.example.sig", "g"), MediaType.ociManifest);
    await store.putReferrer(referrerOf(image, "application/vnd.example.sig", "g"), MediaType.ociManifest);
    const index = await store.readIndex();
    const tag = referrersTagFor(image.digest);
    const untagged = index.manifests.filter((d) => d.annotations?.[REF_NAME] === undefined).map((d) => d.digest);
    expect(untagged.sort()).toEqual([sbom.digest, sig.digest].sort());
    const tagIndex = JSON.parse(Buffer.from((await store.getManifest(tag)).bytes).toString()) as { manifests: Descriptor[] };
    expect(tagIndex.manifests.map((d) => d.digest).sort()).toEqual([sbom.digest, sig.digest].sort());
    expect(tagIndex.manifests.find((d) => d.digest === sbom.digest)?.artifactType).toBe("application/vnd.example.sbom");
    expect((await store.referrers(image.digest)).map((d) => d.digest).sort()).toEqual([sbom.digest, sig.digest].sort());
    expect((await store.referrers(image.digest, "application/vnd.example.sig")).map((d) => d.digest)).toEqual([sig.digest]);
    // Still one image when read without a tag: referrers and the tag index are not images.
    expect((await store.soleManifest()).digest).toBe(image.digest);
  });

  it("finds a referrer listed only in index.json (written by oras) and one only under the tag (cosign style)", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const image = await buildExampleImage(store);
    const orasStyle = referrerOf(image, "application/vnd.example.oras", "o");
    const d = await store.putManifest(orasStyle, MediaType.ociManifest);
    await writeFile(join(dir, "index.json"), JSON.stringify({ ...(await store.readIndex()), manifests: [...(await store.readIndex()).manifests, d] }));
    const cosignStyle = await store.putReferrer(referrerOf(image, "application/vnd.example.cosign", "c"), MediaType.ociManifest);
    const idx = await store.readIndex();
    await writeFile(join(dir, "index.json"), JSON.stringify({ ...idx, manifests: idx.manifests.filter((m) => m.digest !== cosignStyle.digest) }));
    expect((await store.referrers(image.digest)).map((r) => r.digest).sort()).toEqual([d.digest, cosignStyle.digest].sort());
  });

  it("lists every referrer of a subject put at once by two writers, in one tag index of them all", async () => {
    const first = await OciLayoutStore.open(dir, { create: true });
    const second = await OciLayoutStore.open(dir);
    const image = await buildExampleImage(first);
    const put = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? first : second).putReferrer(referrerOf(image, `application/vnd.example.t${i % 3}`, `n${i}`), MediaType.ociManifest)));
    const want = put.map((d) => d.digest).sort();
    const tagIndex = JSON.parse(Buffer.from((await first.getManifest(referrersTagFor(image.digest))).bytes).toString()) as { manifests: Descriptor[] };
    expect(tagIndex.manifests.map((d) => d.digest).sort()).toEqual(want);
    expect((await second.referrers(image.digest)).map((d) => d.digest).sort()).toEqual(want);
    const untagged = (await first.readIndex()).manifests.filter((d) => d.annotations?.[REF_NAME] === undefined).map((d) => d.digest);
    expect(untagged.sort()).toEqual(want);
    expect((await readdir(dir)).filter((f) => f.includes(".lock") || f.endsWith(".tmp"))).toEqual([]);
  });

  it("reads index.json again once another writer has changed it, even in place and at the same size", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const image = await buildExampleImage(store, { tag: "aaaa" });
    expect(await store.listTags()).toEqual(["aaaa"]);
    const path = join(dir, "index.json");
    const before = await readFile(path, "utf8");
    await writeFile(path, before.replace('"aaaa"', '"bbbb"'));
    expect(await store.listTags()).toEqual(["bbbb"]);
    await (await OciLayoutStore.open(dir)).tag(image, "cccc");
    expect((await store.listTags()).sort()).toEqual(["bbbb", "cccc"]);
  });

  it("prunes the blobs index.json does not reach (earlier referrers tag indexes, stray temp files) and keeps every image and referrer", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const image = await buildExampleImage(store, { tag: "app" });
    const put: Descriptor[] = [];
    for (let i = 0; i < 4; i++) put.push(await store.putReferrer(referrerOf(image, "application/vnd.example.sig", `n${i}`), MediaType.ociManifest));
    for (const r of put) await store.putBlob({ digest: sha256Digest(`n${put.indexOf(r)}`), size: 2 }, () => Buffer.from(`n${put.indexOf(r)}`));
    await writeFile(join(dir, "blobs", "sha256", ".left-over.tmp"), "x");
    const before = await readdir(join(dir, "blobs", "sha256"));
    const { removed, kept } = await pruneLayout(store);
    // three earlier versions of the tag index and the temp file
    expect(removed).toHaveLength(4);
    expect(kept + removed.length).toBe(before.length);
    expect((await store.resolve("app")).digest).toBe(image.digest);
    expect((await store.referrers(image.digest)).map((d) => d.digest).sort()).toEqual(put.map((d) => d.digest).sort());
    for (const r of put) await store.getManifest(r.digest);
    expect((await pruneLayout(store)).removed).toEqual([]);
  });

  it("a layout whose index lists a manifest it lacks does not hide that referrer from another layout that has it", async () => {
    const a = await OciLayoutStore.open(join(dir, "a"), { create: true });
    const b = await OciLayoutStore.open(join(dir, "b"), { create: true });
    const image = await buildExampleImage(b);
    await buildExampleImage(a);
    const orasStyle = await b.putManifest(referrerOf(image, "application/vnd.example.oras", "shared"), MediaType.ociManifest);
    await writeFile(join(dir, "b", "index.json"), JSON.stringify({ ...(await b.readIndex()), manifests: [...(await b.readIndex()).manifests, orasStyle] }));
    await writeFile(join(dir, "a", "index.json"), JSON.stringify({ ...(await a.readIndex()), manifests: [...(await a.readIndex()).manifests, orasStyle] }));
    expect(await a.referrers(image.digest)).toEqual([]);
    expect((await b.referrers(image.digest)).map((d) => d.digest)).toEqual([orasStyle.digest]);
  });

  it("refuses a referrer without subject", async () => {
    const store = await OciLayoutStore.open(dir, { create: true });
    const bytes = enc({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 }, layers: [] });
    await expect(store.putReferrer(bytes, MediaType.ociManifest)).rejects.toThrow(/no subject/);
    await mkdir(join(dir, "x"));
  });
});
