import { lstat, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { OciLayoutStore } from "../src/layout.js";
import { buildExampleImage } from "../src/example-image.js";
import { tarOf } from "../src/tar-entry.js";
import { EMPTY_JSON_DIGEST, MediaType, copyImage, inspectImage, openImage, type Descriptor } from "../src/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-copy-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const amd64 = { os: "linux", architecture: "amd64" };
const arm64 = { os: "linux", architecture: "arm64", variant: "v8" };

function referrerOf(subject: Descriptor, artifactType: string, note: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
      layers: [{ mediaType: "text/plain", digest: sha256Digest(note), size: note.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    }),
  );
}

/** An attached artifact with its one text layer and the `{}` config. */
async function attach(store: OciLayoutStore, subject: Descriptor, artifactType: string, note: string): Promise<Descriptor> {
  await store.putBlob({ digest: sha256Digest(note), size: note.length }, () => Buffer.from(note));
  await store.putBlob({ digest: EMPTY_JSON_DIGEST, size: 2 }, () => Buffer.from("{}"));
  return store.putReferrer(referrerOf(subject, artifactType, note), MediaType.ociManifest);
}

describe("copyImage between layouts", () => {
  it("copies an image with identical bytes and skips blobs the destination has", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1" });
    const dst = await OciLayoutStore.open(join(dir, "dst"), { create: true });
    const first = await copyImage({ store: src, reference: "v1" }, { store: dst, tag: "copied" });
    expect(first.digest).toBe(image.digest);
    expect(first.blobs).toBe(4);
    expect((await dst.resolve("copied")).digest).toBe(image.digest);
    expect(Buffer.compare(await readFile(src.blobPath(image.digest)), await readFile(dst.blobPath(image.digest)))).toBe(0);
    const again = await copyImage({ store: src, reference: "v1" }, { store: dst, tag: "copied" });
    expect(again).toMatchObject({ blobs: 0, blobsSkipped: 4 });
  });

  it("copies every platform of an index with all, one platform without", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const index = await buildExampleImage(src, { platforms: [amd64, arm64] });
    const all = await OciLayoutStore.open(join(dir, "all"), { create: true });
    const r = await copyImage({ store: src, reference: "latest" }, { store: all, tag: "latest" }, { all: true });
    expect(r).toMatchObject({ digest: index.digest, mediaType: MediaType.ociIndex, manifests: 3 });
    const details = await inspectImage(all, "latest");
    expect(details.platforms.map((p) => p.platform?.architecture)).toEqual(["amd64", "arm64"]);
    expect(details.platforms[1]?.labels["org.opencontainers.image.title"]).toBe("stella-example");

    const one = await OciLayoutStore.open(join(dir, "one"), { create: true });
    const r1 = await copyImage({ store: src, reference: "latest" }, { store: one, tag: "latest" }, { platform: arm64 });
    const srcIndex = JSON.parse((await readFile(src.blobPath(index.digest))).toString()) as { manifests: Descriptor[] };
    expect(r1.digest).toBe(srcIndex.manifests[1]?.digest);
    await expect(copyImage({ store: src, reference: "latest" }, { store: one }, { platform: { os: "linux", architecture: "s390x" } })).rejects.toThrow(
      /without a linux\/s390x image/,
    );
  });

  it("carries referrers recursively with all (a signature of an SBOM) and not without", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src);
    const sbom = await attach(src, image, "application/spdx+json", "sbom");
    const sig = await attach(src, sbom, "application/vnd.dev.cosign.artifact.sig.v1+json", "sig-of-sbom");
    const prov = await attach(src, image, "application/vnd.in-toto+json", "provenance");

    const plain = await OciLayoutStore.open(join(dir, "plain"), { create: true });
    expect((await copyImage({ store: src, reference: "latest" }, { store: plain, tag: "latest" })).referrers).toBe(0);
    expect(await plain.referrers(image.digest)).toEqual([]);

    const dst = await OciLayoutStore.open(join(dir, "dst"), { create: true });
    const r = await copyImage({ store: src, reference: "latest" }, { store: dst, tag: "latest" }, { all: true });
    expect(r.referrers).toBe(3);
    expect((await dst.referrers(image.digest)).map((d) => d.digest).sort()).toEqual([sbom.digest, prov.digest].sort());
    expect((await dst.referrers(sbom.digest)).map((d) => d.digest)).toEqual([sig.digest]);
    expect((await inspectImage(dst, "latest")).referrers).toHaveLength(2);
  });

  it("refuses a corrupted source blob, stores nothing for it and sets no tag", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { layers: 2 });
    const manifest = JSON.parse((await readFile(src.blobPath(image.digest))).toString()) as { layers: Descriptor[] };
    const layer = manifest.layers[1];
    if (!layer) throw new Error("no layer");
    await writeFile(src.blobPath(layer.digest), Buffer.alloc(layer.size, 1));
    const target = await openImage(`oci:${join(dir, "dst")}:x`, { mode: "write" });
    await expect(copyImage({ store: src, reference: "latest" }, target)).rejects.toThrow(`expected ${layer.digest}, got ${sha256Digest(Buffer.alloc(layer.size, 1))}`);
    const dst = await OciLayoutStore.open(join(dir, "dst"));
    expect(await dst.hasBlob(layer.digest)).toBe(false);
    expect(await dst.listTags()).toEqual([]);
    await target.abort();
    await expect(stat(join(dir, "dst"))).rejects.toThrow();
  });
});

describe("copyImage between layouts on one filesystem, one of them a scratch layout (a kit's tree, an import's staging)", () => {
  const blobsOf = async (store: OciLayoutStore, digest: string): Promise<string[]> => {
    const m = JSON.parse((await readFile(store.blobPath(digest))).toString()) as { config: Descriptor; layers: Descriptor[] };
    return [digest, m.config.digest, ...m.layers.map((l) => l.digest)];
  };

  it("shares each blob's file (a hard link, no copy), small and streamed ones, referrers too", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    // 2 MiB of random bytes per layer: past the size read whole, so the streamed check runs too.
    const image = await buildExampleImage(src, { layers: 2, randomBytesPerLayer: 2 * 1024 * 1024 });
    const sbom = await attach(src, image, "application/spdx+json", "sbom");
    const dst = await OciLayoutStore.open(join(dir, "dst"), { create: true, scratch: true });
    const r = await copyImage({ store: src, reference: "latest" }, { store: dst, tag: "copied" }, { all: true });
    // The config, two layers, and the SBOM's text layer and `{}` config.
    expect(r).toMatchObject({ digest: image.digest, blobs: 5, referrers: 1 });
    const blobs = [...(await blobsOf(src, image.digest)), ...(await blobsOf(src, sbom.digest))];
    expect((await stat(src.blobPath(blobs[2]))).size).toBeGreaterThan(1024 * 1024);
    for (const b of blobs) {
      const [a, c] = [await stat(src.blobPath(b)), await stat(dst.blobPath(b))];
      expect({ blob: b, ino: c.ino, links: c.nlink >= 2 }).toEqual({ blob: b, ino: a.ino, links: true });
    }
    expect((await dst.resolve("copied")).digest).toBe(image.digest);
    expect((await dst.referrers(image.digest)).map((d) => d.digest)).toEqual([sbom.digest]);
    // From a scratch layout into a lasting one (an import's staging into the site's store): shared too.
    const site = await OciLayoutStore.open(join(dir, "site"), { create: true });
    await copyImage({ store: dst, reference: "copied" }, { store: site, tag: "v1" }, { all: true });
    expect((await stat(site.blobPath(blobs[2]))).ino).toBe((await stat(src.blobPath(blobs[2]))).ino);
  });

  it("gives two lasting layouts files of their own: a blob changed in place in one leaves the other as it was", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { layers: 1 });
    const dst = await OciLayoutStore.open(join(dir, "dst"), { create: true });
    await copyImage({ store: src, reference: "latest" }, { store: dst, tag: "x" });
    const layer = (await blobsOf(src, image.digest))[2];
    expect((await stat(dst.blobPath(layer))).ino).not.toBe((await stat(src.blobPath(layer))).ino);
    await writeFile(dst.blobPath(layer), "changed in place");
    await expect(src.getBlobBytes({ digest: layer, size: (await stat(src.blobPath(layer))).size })).resolves.toBeDefined();
  });

  it("refuses a corrupted streamed blob by digest, linking nothing for it", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { layers: 1, randomBytesPerLayer: 2 * 1024 * 1024 });
    const layer = (await blobsOf(src, image.digest))[2];
    const size = (await stat(src.blobPath(layer))).size;
    await writeFile(src.blobPath(layer), Buffer.alloc(size, 7));
    const dst = await OciLayoutStore.open(join(dir, "dst"), { create: true, scratch: true });
    await expect(copyImage({ store: src, reference: "latest" }, { store: dst, tag: "x" })).rejects.toThrow(`expected ${layer}, got ${sha256Digest(Buffer.alloc(size, 7))}`);
    expect(await dst.hasBlob(layer)).toBe(false);
    expect(await dst.listTags()).toEqual([]);
  });

  it("copies, never links, a source blob that is a symlink (the destination gets a regular file)", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { layers: 1 });
    const layer = (await blobsOf(src, image.digest))[2];
    const moved = join(dir, "elsewhere");
    await writeFile(moved, await readFile(src.blobPath(layer)));
    await rm(src.blobPath(layer));
    await symlink(moved, src.blobPath(layer));
    const dst = await OciLayoutStore.open(join(dir, "dst"), { create: true, scratch: true });
    await copyImage({ store: src, reference: "latest" }, { store: dst, tag: "x" });
    const st = await lstat(dst.blobPath(layer));
    expect(st.isFile()).toBe(true);
    expect(st.ino).not.toBe((await stat(moved)).ino);
  });
});

describe("a manifest that does not match its digest", () => {
  it("is refused by digest, naming both, before anything is written", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1" });
    const tampered = Buffer.from((await readFile(src.blobPath(image.digest))).toString().replace("2026", "2025"));
    await writeFile(src.blobPath(image.digest), tampered);
    const dst = await openImage(`oci:${join(dir, "dst")}:v1`, { mode: "write" });
    await expect(copyImage({ store: src, reference: "v1" }, dst)).rejects.toThrow(`expected ${image.digest}, got ${sha256Digest(tampered)}`);
    await dst.abort();
    await expect(stat(join(dir, "dst"))).rejects.toThrow();
    await expect(inspectImage(src, image.digest)).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
  });
});

describe("openImage", () => {
  it("round-trips oci-archive, byte-identical archives for the same layout", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { platforms: [amd64, arm64] });
    for (const name of ["a.tar", "b.tar"]) {
      const out = await openImage(`oci-archive:${join(dir, name)}:v1`, { mode: "write" });
      await copyImage({ store: src, reference: "latest" }, out, { all: true });
      await out.commit();
      await out.close();
    }
    expect(Buffer.compare(await readFile(join(dir, "a.tar")), await readFile(join(dir, "b.tar")))).toBe(0);
    const back = await openImage(`oci-archive:${join(dir, "a.tar")}:v1`);
    expect((await back.store.resolve(back.reference)).digest).toBe(image.digest);
    await back.close();
    expect((await readdir(dir)).sort()).toEqual(["a.tar", "b.tar", "src"]);
  });

  it("reads a layout without tag when it holds one image, and says which tags exist otherwise", async () => {
    const src = await OciLayoutStore.open(join(dir, "src"), { create: true });
    const image = await buildExampleImage(src, { tag: "only" });
    expect((await openImage(`oci:${join(dir, "src")}`)).reference).toBe(image.digest);
    await buildExampleImage(src, { tag: "second", seed: "other" });
    await expect(openImage(`oci:${join(dir, "src")}`)).rejects.toThrow(/holds 2 images/);
    await expect(openImage(`oci:${join(dir, "src")}`)).rejects.toMatchObject({ hint: "tags: only, second" });
  });

  it("refuses a directory without oci-layout and writes nothing into it", async () => {
    await writeFile(join(dir, "file"), "x");
    await expect(openImage(`oci:${dir}`, { mode: "write" })).rejects.toMatchObject({ code: "BAD_LAYOUT" });
    expect(await readdir(dir)).toEqual(["file"]);
  });

  it("reads a docker save archive", async () => {
    const layer = tarOf([{ name: "hello.txt", content: Buffer.from("hi\n") }]);
    const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: { Labels: { a: "b" } }, rootfs: { type: "layers", diff_ids: [sha256Digest(layer)] } }));
    const manifest = Buffer.from(JSON.stringify([{ Config: "cfg.json", RepoTags: ["app:1"], Layers: ["l1/layer.tar"] }]));
    await writeFile(join(dir, "save.tar"), tarOf([{ name: "manifest.json", content: manifest }, { name: "cfg.json", content: config }, { name: "l1/layer.tar", content: layer }]));
    const opened = await openImage(`docker-archive:${join(dir, "save.tar")}`);
    const details = await inspectImage(opened.store, opened.reference);
    expect(details).toMatchObject({ mediaType: MediaType.dockerManifest, labels: { a: "b" } });
    expect(details.layers[0]?.digest).toBe(sha256Digest(layer));
    await opened.close();
    await expect(openImage(`docker-archive:${join(dir, "save.tar")}:other:2`)).rejects.toThrow(/"docker.io\/library\/other:2" is not in/);
    await expect(openImage(`docker-archive:${join(dir, "save.tar")}`, { mode: "write" })).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });
});
