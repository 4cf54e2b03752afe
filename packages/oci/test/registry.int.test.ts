import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { BlobOrigins, MediaType, isOciError, openRegistryStore, referrersTagFor, tryMountBlob, type Descriptor } from "@stella/oci";
import { blobOf, exec, makeImage, makeReferrer, pushImage, skopeoRaw } from "./registry-image.js";

// The anonymous docker-registry (distribution 2.8) of the global setup; skopeo is the
// independent client that reads what we push and pushes what we read.
const host = inject("registry");
const repo = (name: string) => `stella/${name}-${randomBytes(3).toString("hex")}`;

describe("registry store against docker-registry 2.8", () => {
  it("pushes an image that skopeo reads with the identical digest, and reads it back verified", async () => {
    const name = repo("app");
    const store = openRegistryStore({ registry: host, repository: name });
    const image = makeImage(3, 4096);
    const pushed = await pushImage(store, image, "v1");
    expect(pushed.digest).toBe(image.digest);
    expect(sha256Digest(await skopeoRaw(`${host}/${name}:v1`))).toBe(image.digest);
    expect(await store.resolve("v1")).toEqual({ mediaType: MediaType.ociManifest, digest: image.digest, size: image.manifest.byteLength });
    const got = await store.getManifest(image.digest);
    expect(Buffer.from(got.bytes).equals(image.manifest)).toBe(true);
    for (const layer of image.layers) {
      expect(await store.hasBlob(layer.descriptor.digest)).toBe(true);
      expect(Buffer.from(await store.getBlobBytes(layer.descriptor)).equals(layer.bytes)).toBe(true);
    }
    expect(await store.hasBlob(sha256Digest("absent"))).toBe(false);
  });

  it("uploads streamed blobs monolithically and in chunks (Content-Range), and skips existing ones", async () => {
    const name = repo("chunks");
    const store = openRegistryStore({ registry: host, repository: name }, { monolithicMaxBytes: 100_000, chunkSize: 64 * 1024 });
    const big = randomBytes(300_000 + 17);
    const small = randomBytes(50_000);
    const slices = (b: Buffer) => () => Readable.from([b.subarray(0, 1000), b.subarray(1000, 70_000), b.subarray(70_000)]);
    const bigD = { digest: sha256Digest(big), size: big.byteLength };
    const smallD = { digest: sha256Digest(small), size: small.byteLength };
    let calls = 0;
    await store.putBlob(bigD, () => (calls++, slices(big)()));
    await store.putBlob(smallD, slices(small));
    expect(calls).toBe(1);
    await store.putBlob(bigD, () => (calls++, slices(big)()));
    expect(calls).toBe(1); // HEAD said it exists: source never opened
    expect(Buffer.from(await store.getBlobBytes(bigD)).equals(big)).toBe(true);
    expect(Buffer.from(await store.getBlobBytes(smallD)).equals(small)).toBe(true);
  });

  it("refuses to upload bytes that do not match the digest, and the registry keeps nothing", async () => {
    const store = openRegistryStore({ registry: host, repository: repo("bad") });
    const bytes = randomBytes(100);
    const claimed = { digest: sha256Digest("something else"), size: 100 };
    await expect(store.putBlob(claimed, () => bytes)).rejects.toThrow(/digest mismatch .* expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64}/);
    await expect(store.putBlob(claimed, () => Readable.from([bytes]))).rejects.toThrow();
    expect(await store.hasBlob(claimed.digest)).toBe(false);
  });

  it("lists tags across pages (?n= and Link)", async () => {
    const name = repo("tags");
    const store = openRegistryStore({ registry: host, repository: name }, { pageSize: 2 });
    const image = makeImage(1, 64);
    await pushImage(store, image);
    const tags = ["a", "b", "c", "d", "e"];
    for (const t of tags) await store.putManifest(image.manifest, MediaType.ociManifest, t);
    expect(await store.listTags()).toEqual(tags);
    expect(await openRegistryStore({ registry: host, repository: repo("none") }).listTags()).toEqual([]);
  });

  it("mounts blobs across repositories of one registry instead of uploading them", async () => {
    const src = openRegistryStore({ registry: host, repository: repo("mount-src") });
    const dst = openRegistryStore({ registry: host, repository: repo("mount-dst") });
    const image = makeImage(2, 2048);
    await pushImage(src, image, "v1");
    const layer = image.layers[0].descriptor;
    expect(await dst.hasBlob(layer.digest)).toBe(false);
    expect(await tryMountBlob(src, dst, layer)).toBe(true);
    expect(await dst.hasBlob(layer.digest)).toBe(true);
    expect(await dst.mountBlob({ digest: sha256Digest("never pushed") }, src.repository)).toBe(false);
  });

  it("mounts on its own when the blob was seen in another repository of the registry (copy needs no hint)", async () => {
    const srcName = repo("auto-src");
    const image = makeImage(2, 2048);
    await pushImage(openRegistryStore({ registry: host, repository: srcName }), image, "v1");
    const blobOrigins = new BlobOrigins();
    const src = openRegistryStore({ registry: host, repository: srcName }, { blobOrigins });
    const dst = openRegistryStore({ registry: host, repository: repo("auto-dst") }, { blobOrigins });
    const m = await src.getManifest("v1");
    for (const b of [image.config, ...image.layers]) {
      await dst.putBlob(b.descriptor, () => {
        throw new Error("the source must not be read: the blob is mounted");
      });
    }
    await dst.putManifest(m.bytes, m.descriptor.mediaType, "v1");
    expect((await dst.getManifest("v1")).descriptor.digest).toBe(image.digest);
  });

  it("round-trips a multi-arch index that skopeo reads with the same digest", async () => {
    const name = repo("multi");
    const store = openRegistryStore({ registry: host, repository: name });
    const manifests: Descriptor[] = [];
    for (const arch of ["amd64", "arm64"]) {
      const image = makeImage(1, 512, arch);
      const d = await pushImage(store, image);
      manifests.push({ ...d, platform: { architecture: arch, os: "linux" } });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }));
    const d = await store.putManifest(index, MediaType.ociIndex, "multi");
    expect(sha256Digest(await skopeoRaw(`${host}/${name}:multi`))).toBe(d.digest);
    const got = await store.getManifest("multi");
    expect(got.descriptor).toEqual({ mediaType: MediaType.ociIndex, digest: d.digest, size: index.byteLength });
  });

  it("pushes and reads Docker v2 schema 2 manifests and manifest lists; skopeo agrees", async () => {
    const name = repo("docker");
    const store = openRegistryStore({ registry: host, repository: name });
    const layer = blobOf(randomBytes(300), MediaType.dockerLayerGzip);
    const config = blobOf(Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } })), MediaType.dockerConfig);
    for (const b of [layer, config]) await store.putBlob(b.descriptor, () => b.bytes);
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifest, config: config.descriptor, layers: [layer.descriptor] }, null, 3));
    const m = await store.putManifest(manifest, MediaType.dockerManifest);
    const list = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifestList, manifests: [{ ...m, platform: { architecture: "amd64", os: "linux" } }] }, null, 3));
    const l = await store.putManifest(list, MediaType.dockerManifestList, "list");
    expect(sha256Digest(await skopeoRaw(`${host}/${name}:list`))).toBe(l.digest);
    expect((await store.resolve("list")).mediaType).toBe(MediaType.dockerManifestList);
    const got = await store.getManifest(m.digest);
    expect(got.descriptor.mediaType).toBe(MediaType.dockerManifest);
    expect(Buffer.from(got.bytes).equals(manifest)).toBe(true);
  });

  it("reads what skopeo pushed from a umoci-built layout, every blob verified", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-umoci-"));
    try {
      await exec("umoci", ["init", "--layout", join(dir, "img")]);
      await exec("umoci", ["new", "--image", `${join(dir, "img")}:v1`]);
      await exec("umoci", ["config", "--image", `${join(dir, "img")}:v1`, "--config.label", "made.by=umoci"]);
      const name = repo("skopeo");
      await exec("skopeo", ["copy", "--dest-tls-verify=false", `oci:${join(dir, "img")}:v1`, `docker://${host}/${name}:v1`]);
      const store = openRegistryStore({ registry: host, repository: name });
      const m = await store.getManifest("v1");
      expect(m.descriptor.digest).toBe(sha256Digest(await skopeoRaw(`${host}/${name}:v1`)));
      const doc = JSON.parse(Buffer.from(m.bytes).toString()) as { config: Descriptor; layers: Descriptor[] };
      const config = JSON.parse(Buffer.from(await store.getBlobBytes(doc.config)).toString()) as { config: { Labels: Record<string, string> } };
      expect(config.config.Labels["made.by"]).toBe("umoci");
      for (const l of doc.layers) await store.getBlobBytes(l);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says 'not found' naming the reference for an unknown tag, digest or repository", async () => {
    const name = repo("missing");
    const store = openRegistryStore({ registry: host, repository: name });
    const err = await store.getManifest("nope").catch((e: unknown) => e);
    expect(isOciError(err, "NOT_FOUND")).toBe(true);
    expect(String(err)).toContain(`docker://${host}/${name}:nope not found`);
    await expect(store.resolve("nope")).rejects.toThrow(`docker://${host}/${name}:nope not found`);
    const digest = sha256Digest("x");
    await expect(store.getManifest(digest)).rejects.toThrow(`docker://${host}/${name}@${digest} not found`);
    await expect(store.getBlob({ digest, size: 1 })).rejects.toThrow(`blob docker://${host}/${name}@${digest} not found`);
  });
});

describe("referrers on a registry without the Referrers API (tag schema)", () => {
  const name = repo("refs");
  const store = openRegistryStore({ registry: host, repository: name });
  let subject: Descriptor;
  beforeAll(async () => {
    subject = await pushImage(store, makeImage(1, 256), "v1");
  });
  afterAll(() => undefined);

  it("pushes referrers under the sha256-<hex> index tag, lists and filters them, skopeo reads the tag", async () => {
    const sbom = makeReferrer(subject, "application/spdx+json", Buffer.from('{"spdxVersion":"SPDX-2.3"}'));
    const prov = makeReferrer(subject, "application/vnd.in-toto+json", Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}'));
    for (const r of [sbom, prov]) {
      for (const b of r.blobs) await store.putBlob(b.descriptor, () => b.bytes);
      await store.putReferrer(r.manifest, MediaType.ociManifest);
    }
    await store.putReferrer(sbom.manifest, MediaType.ociManifest); // twice: listed once
    const all = await store.referrers(subject.digest);
    expect(all.map((d) => d.digest).sort()).toEqual([sha256Digest(sbom.manifest), sha256Digest(prov.manifest)].sort());
    expect(all.find((d) => d.digest === sha256Digest(sbom.manifest))?.artifactType).toBe("application/spdx+json");
    expect((await store.referrers(subject.digest, "application/spdx+json")).map((d) => d.digest)).toEqual([sha256Digest(sbom.manifest)]);
    const tag = referrersTagFor(subject.digest);
    expect(await store.listTags()).toContain(tag);
    const raw = await skopeoRaw(`${host}/${name}:${tag}`);
    const index = JSON.parse(raw.toString()) as { mediaType: string; manifests: Descriptor[] };
    expect(index.mediaType).toBe(MediaType.ociIndex);
    expect(index.manifests).toHaveLength(2);
    expect(await store.referrers(sha256Digest("no such subject"))).toEqual([]);
  });

  it("keeps every referrer of a subject pushed at once (this process's tag updates take turns)", async () => {
    const other = await pushImage(store, makeImage(1, 300), "v2");
    const refs = Array.from({ length: 6 }, (_, i) => makeReferrer(other, "application/vnd.example+json", Buffer.from(`{"n":${i}}`)));
    for (const r of refs) for (const b of r.blobs) await store.putBlob(b.descriptor, () => b.bytes);
    // Half through a second store object for the same repository.
    const twin = openRegistryStore({ registry: host, repository: name });
    await Promise.all(refs.map((r, i) => (i % 2 ? twin : store).putReferrer(r.manifest, MediaType.ociManifest)));
    const index = JSON.parse((await skopeoRaw(`${host}/${name}:${referrersTagFor(other.digest)}`)).toString()) as { manifests: Descriptor[] };
    expect(index.manifests.map((d) => d.digest).sort()).toEqual(refs.map((r) => sha256Digest(r.manifest)).sort());
  });

  it("refuses a referrer manifest without subject", async () => {
    const plain = makeImage(1, 16);
    for (const b of [plain.config, ...plain.layers]) await store.putBlob(b.descriptor, () => b.bytes);
    await expect(store.putReferrer(plain.manifest, MediaType.ociManifest)).rejects.toThrow(/has no subject/);
  });

  it("stores a small blob given as bytes (empty config blob)", async () => {
    const empty = blobOf(Buffer.from("{}"), MediaType.ociEmpty);
    await store.putBlob(empty.descriptor, () => empty.bytes);
    expect(await store.hasBlob(empty.descriptor.digest)).toBe(true);
  });
});
