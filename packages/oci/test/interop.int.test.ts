import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sha256Digest } from "@stella/core";
import {
  EMPTY_JSON_DIGEST,
  MediaType,
  OciLayoutStore,
  buildExampleImage,
  copyImage,
  inspectImage,
  openImage,
  referrersTagFor,
  type Descriptor,
} from "../src/index.js";

/**
 * Interoperability with tools we did not write (issue 3 "What it must show"): skopeo reads
 * what we write and push with byte-identical digests; we read what skopeo and umoci write;
 * multi-arch and referrers round trips through the real docker-registry (tag schema).
 */
const run = promisify(execFile);
const skopeo = async (...args: string[]) => (await run("skopeo", args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
const umoci = async (...args: string[]) => (await run("umoci", args, { maxBuffer: 64 * 1024 * 1024 })).stdout;

let dir: string;
let registry: string;
let n = 0;
const repo = () => `${registry}/interop/r${++n}-${process.pid}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-interop-"));
  registry = inject("registry");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const platforms = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64", variant: "v8" },
];

async function attach(store: OciLayoutStore, subject: Descriptor, artifactType: string, note: string): Promise<Descriptor> {
  await store.putBlob({ digest: sha256Digest(note), size: note.length }, () => Buffer.from(note));
  await store.putBlob({ digest: EMPTY_JSON_DIGEST, size: 2 }, () => Buffer.from("{}"));
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
      layers: [{ mediaType: "text/plain", digest: sha256Digest(note), size: note.length }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations: { "org.opencontainers.image.created": "2026-01-01T00:00:00Z" },
    }),
  );
  return store.putReferrer(bytes, MediaType.ociManifest);
}

describe("skopeo reads what we write", () => {
  it("copies our multi-arch layout to a layout and a registry with byte-identical digests", async () => {
    const src = await OciLayoutStore.open(join(dir, "ours"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1", platforms });
    const raw = await skopeo("inspect", "--raw", `oci:${join(dir, "ours")}:v1`);
    expect(sha256Digest(raw)).toBe(image.digest);

    await skopeo("copy", "--all", "-q", `oci:${join(dir, "ours")}:v1`, `oci:${join(dir, "skopeo-copy")}:v1`);
    expect(sha256Digest(await skopeo("inspect", "--raw", `oci:${join(dir, "skopeo-copy")}:v1`))).toBe(image.digest);

    const target = repo();
    await skopeo("copy", "--all", "-q", "--dest-tls-verify=false", `oci:${join(dir, "ours")}:v1`, `docker://${target}:v1`);
    expect(sha256Digest(await skopeo("inspect", "--raw", "--tls-verify=false", `docker://${target}:v1`))).toBe(image.digest);
    // ... and we read it back from the registry, every platform, verified.
    const back = await openImage(`docker://${target}:v1`);
    const details = await inspectImage(back.store, back.reference);
    expect(details.digest).toBe(image.digest);
    expect(details.platforms.map((p) => p.platform?.architecture)).toEqual(["amd64", "arm64"]);
  });

  it("sees what we push to the registry byte for byte", async () => {
    const src = await OciLayoutStore.open(join(dir, "push"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1", platforms, seed: "push" });
    const target = repo();
    const dst = await openImage(`docker://${target}:v2`, { mode: "write" });
    const result = await copyImage({ store: src, reference: "v1" }, dst, { all: true });
    expect(result.digest).toBe(image.digest);
    expect(sha256Digest(await skopeo("inspect", "--raw", "--tls-verify=false", `docker://${target}:v2`))).toBe(image.digest);
    const child = (await src.getManifest("v1")).bytes;
    const firstChild = (JSON.parse(Buffer.from(child).toString()) as { manifests: Descriptor[] }).manifests[0];
    const childRaw = await skopeo("inspect", "--raw", "--tls-verify=false", `docker://${target}@${firstChild?.digest}`);
    expect(sha256Digest(childRaw)).toBe(firstChild?.digest);
    // skopeo can pull the whole image from our push (it verifies every blob).
    await skopeo("copy", "--all", "-q", "--src-tls-verify=false", `docker://${target}:v2`, `oci:${join(dir, "pulled")}:v2`);
    expect(sha256Digest(await skopeo("inspect", "--raw", `oci:${join(dir, "pulled")}:v2`))).toBe(image.digest);
  });

  it("reads our oci-archive, and we read skopeo's", async () => {
    const src = await OciLayoutStore.open(join(dir, "arch-src"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1", seed: "archive" });
    const out = await openImage(`oci-archive:${join(dir, "ours.tar")}:v1`, { mode: "write" });
    await copyImage({ store: src, reference: "v1" }, out);
    await out.commit();
    await out.close();
    expect(sha256Digest(await skopeo("inspect", "--raw", `oci-archive:${join(dir, "ours.tar")}:v1`))).toBe(image.digest);
    await skopeo("copy", "-q", `oci:${join(dir, "arch-src")}:v1`, `oci-archive:${join(dir, "skopeo.tar")}:t`);
    const theirs = await openImage(`oci-archive:${join(dir, "skopeo.tar")}:t`);
    expect((await theirs.store.resolve(theirs.reference)).digest).toBe(image.digest);
    await theirs.close();
  });
});

describe("we read what other tools write", () => {
  it("reads a layout skopeo wrote without tag, and one umoci built, unpacked and repacked", async () => {
    const src = await OciLayoutStore.open(join(dir, "u-src"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1", seed: "untagged" });
    await skopeo("copy", "-q", `oci:${join(dir, "u-src")}:v1`, `oci:${join(dir, "untagged")}`);
    const untagged = await openImage(`oci:${join(dir, "untagged")}`);
    expect(untagged.reference).toBe(image.digest);

    const layout = join(dir, "umoci");
    await umoci("init", "--layout", layout);
    await umoci("new", "--image", `${layout}:base`);
    await writeFile(join(dir, "hello.txt"), "hello from umoci\n");
    await umoci("insert", "--image", `${layout}:base`, join(dir, "hello.txt"), "/etc/hello.txt");
    await umoci("config", "--image", `${layout}:base`, "--config.label", "org.opencontainers.image.title=umoci-test");
    await umoci("unpack", "--image", `${layout}:base`, join(dir, "bundle"));
    await writeFile(join(dir, "bundle", "rootfs", "etc", "second.txt"), "second\n");
    await umoci("repack", "--image", `${layout}:repacked`, join(dir, "bundle"));

    const opened = await openImage(`oci:${layout}:repacked`);
    const details = await inspectImage(opened.store, opened.reference);
    expect(details.layers).toHaveLength(2);
    expect(details.labels["org.opencontainers.image.title"]).toBe("umoci-test");
    const copy = await openImage(`oci:${join(dir, "from-umoci")}:r`, { mode: "write" });
    const result = await copyImage(opened, copy);
    expect(result.digest).toBe(details.digest);
    // umoci reads our copy back.
    expect(await umoci("ls", "--layout", join(dir, "from-umoci"))).toContain("r");
    await umoci("stat", "--image", `${join(dir, "from-umoci")}:r`);
  });
});

describe("docker-archive written by skopeo", () => {
  it("is read with the same config and layers as the source (uncompressed, digests = diff_ids)", async () => {
    const src = await OciLayoutStore.open(join(dir, "da-src"), { create: true });
    await buildExampleImage(src, { tag: "v1", seed: "docker-archive" });
    await skopeo("copy", "-q", `oci:${join(dir, "da-src")}:v1`, `docker-archive:${join(dir, "save.tar")}:example/app:v1`);
    const source = await inspectImage(src, "v1");
    const opened = await openImage(`docker-archive:${join(dir, "save.tar")}:example/app:v1`);
    const details = await inspectImage(opened.store, opened.reference);
    await opened.close();
    expect(details.mediaType).toBe(MediaType.dockerManifest);
    expect(details.labels).toEqual(source.labels);
    expect(details.layers).toHaveLength(source.layers.length);
    const srcManifest = JSON.parse(Buffer.from((await src.getManifest("v1")).bytes).toString()) as { config: Descriptor };
    const config = JSON.parse(Buffer.from(await src.getBlobBytes(srcManifest.config)).toString()) as { rootfs: { diff_ids: string[] } };
    expect(details.layers.map((l) => l.digest)).toEqual(config.rootfs.diff_ids);
  });
});

describe("referrers round trip through a registry without the Referrers API", () => {
  it("pushes an image with an SBOM, provenance and a signature of the SBOM, and brings them all back", async () => {
    const src = await OciLayoutStore.open(join(dir, "ref-src"), { create: true });
    const image = await buildExampleImage(src, { tag: "v1", platforms, seed: "referrers" });
    const sbom = await attach(src, image, "application/spdx+json", "sbom");
    const prov = await attach(src, image, "application/vnd.in-toto+json", "provenance");
    const sig = await attach(src, sbom, "application/vnd.dev.cosign.artifact.sig.v1+json", "signature");
    const target = repo();
    const dst = await openImage(`docker://${target}:v1`, { mode: "write" });
    const pushed = await copyImage({ store: src, reference: "v1" }, dst, { all: true });
    expect(pushed.referrers).toBe(3);

    // The fallback tag is a valid image index listing both referrers with their artifactType (what oras/cosign read).
    const tagIndex = JSON.parse(await skopeo("inspect", "--raw", "--tls-verify=false", `docker://${target}:${referrersTagFor(image.digest)}`)) as {
      mediaType: string;
      manifests: Descriptor[];
    };
    expect(tagIndex.mediaType).toBe(MediaType.ociIndex);
    expect(tagIndex.manifests.map((d) => [d.digest, d.artifactType]).sort()).toEqual(
      [
        [sbom.digest, "application/spdx+json"],
        [prov.digest, "application/vnd.in-toto+json"],
      ].sort(),
    );

    const back = await openImage(`oci:${join(dir, "ref-back")}:v1`, { mode: "write" });
    const pulled = await copyImage(await openImage(`docker://${target}:v1`), back, { all: true });
    expect(pulled).toMatchObject({ digest: image.digest, referrers: 3 });
    const layout = await OciLayoutStore.open(join(dir, "ref-back"));
    expect((await layout.referrers(image.digest)).map((d) => d.digest).sort()).toEqual([sbom.digest, prov.digest].sort());
    expect((await layout.referrers(sbom.digest)).map((d) => d.digest)).toEqual([sig.digest]);
    // skopeo reads the referrer manifests we wrote into the layout under their tag index.
    expect(sha256Digest(await skopeo("inspect", "--raw", `oci:${join(dir, "ref-back")}:${referrersTagFor(sbom.digest)}`))).toBe(
      (await layout.resolve(referrersTagFor(sbom.digest))).digest,
    );
  });
});
