import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { mapLimit, sha256Digest, sha256Hex } from "@stella/core";
import { tarChunks, type TarEntry } from "@stella/kit";
import { MediaType, type Descriptor, type ImageStore, type Platform } from "@stella/oci";

/**
 * The embedded example release of `stella pipeline run`: services named as in
 * architecture-devops.md §13, each an image built from an example root filesystem (a
 * Debian-like base layer with a dpkg database, and an application layer with npm or
 * Python packages), labelled as §6.2 asks. Deterministic: same inputs, same digests.
 */
export interface ExampleService {
  name: string;
  version: string;
  kind: "node" | "python" | "go";
  /** More than one => an image index (multi-arch). */
  platforms: Platform[];
}

const AMD64: Platform = { architecture: "amd64", os: "linux" };
const ARM64: Platform = { architecture: "arm64", os: "linux", variant: "v8" };

export const EXAMPLE_SERVICES: readonly ExampleService[] = [
  { name: "authority", version: "2.4.1", kind: "go", platforms: [AMD64] },
  { name: "signer", version: "2.4.1", kind: "go", platforms: [AMD64] },
  { name: "scanner-web", version: "2.4.1", kind: "python", platforms: [AMD64, ARM64] },
  { name: "policy", version: "2.4.0", kind: "python", platforms: [AMD64] },
  { name: "concelier", version: "2.4.1", kind: "python", platforms: [AMD64] },
  { name: "excititor", version: "2.3.2", kind: "python", platforms: [AMD64] },
  { name: "backend", version: "2.4.1", kind: "node", platforms: [AMD64, ARM64] },
  { name: "web-ui", version: "2.4.1", kind: "node", platforms: [AMD64] },
];

const DPKG_PACKAGES: [string, string, string][] = [
  ["base-files", "12.4+deb12u5", "Debian base system miscellaneous files"],
  ["ca-certificates", "20230311", "Common CA certificates"],
  ["libc6", "2.36-9+deb12u4", "GNU C Library: Shared libraries"],
  ["libssl3", "3.0.11-1~deb12u2", "Secure Sockets Layer toolkit - shared libraries"],
  ["tzdata", "2024a-0+deb12u1", "time zone and daylight-saving time data"],
  ["zlib1g", "1:1.2.13.dfsg-1", "compression library - runtime"],
];

const NPM_PACKAGES: [string, string, string][] = [
  ["express", "4.19.2", "MIT"],
  ["body-parser", "1.20.2", "MIT"],
  ["debug", "2.6.9", "MIT"],
  ["ms", "2.0.0", "MIT"],
  ["cookie", "0.6.0", "MIT"],
];
const PY_PACKAGES: [string, string, string][] = [
  ["requests", "2.28.1", "Apache-2.0"],
  ["urllib3", "1.26.12", "MIT"],
  ["idna", "3.3", "BSD-3-Clause"],
  ["certifi", "2022.9.24", "MPL-2.0"],
];

function file(path: string, text: string): TarEntry {
  const bytes = Buffer.from(text);
  return { path, type: "file", mode: 0o644, size: bytes.length, open: () => Promise.resolve(bytes) };
}

function dirs(paths: string[]): TarEntry[] {
  const all = new Set<string>();
  for (const p of paths) {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) all.add(parts.slice(0, i).join("/"));
  }
  return [...all].sort().map((d) => ({ path: d, type: "directory", mode: 0o755, size: 0 }));
}

function baseLayerFiles(): TarEntry[] {
  const status = DPKG_PACKAGES.map(([name, version, desc]) =>
    [`Package: ${name}`, "Status: install ok installed", "Priority: required", "Section: libs", "Installed-Size: 100", "Maintainer: Debian <debian@example.invalid>", "Architecture: amd64", `Version: ${version}`, `Description: ${desc}`, ""].join("\n"),
  ).join("\n");
  const files = [
    file("etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'),
    file("var/lib/dpkg/status", status),
  ];
  return [...dirs(files.map((f) => f.path)), ...files];
}

function appLayerFiles(s: ExampleService): TarEntry[] {
  const files: TarEntry[] = [file("app/service.json", JSON.stringify({ service: s.name, version: s.version }) + "\n")];
  if (s.kind === "node") {
    files.push(file("app/package.json", JSON.stringify({ name: `@stellaops/${s.name}`, version: s.version, private: true }, null, 2)));
    for (const [name, version, license] of NPM_PACKAGES) files.push(file(`app/node_modules/${name}/package.json`, JSON.stringify({ name, version, license }, null, 2)));
  } else if (s.kind === "python") {
    for (const [name, version, license] of PY_PACKAGES) {
      files.push(file(`usr/lib/python3/dist-packages/${name}-${version}.dist-info/METADATA`, `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nLicense: ${license}\n`));
    }
  } else {
    files.push(file(`usr/local/bin/${s.name}.txt`, `${s.name} ${s.version}\n`));
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return [...dirs(files.map((f) => f.path)), ...files];
}

const gzipAsync = promisify(gzip);

async function layerBlob(entries: TarEntry[], mtime: Date): Promise<{ gz: Buffer; diffId: string }> {
  const chunks: Buffer[] = [];
  for await (const c of tarChunks(entries, mtime)) chunks.push(c);
  const tar = Buffer.concat(chunks);
  // On the thread pool: the layers of several images compress at once, beside other stages.
  return { gz: await gzipAsync(tar, { level: 6 }), diffId: `sha256:${sha256Hex(tar)}` };
}

async function putJson(store: ImageStore, value: unknown): Promise<{ bytes: Buffer; digest: string }> {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = sha256Digest(bytes);
  await store.putBlob({ digest, size: bytes.length }, () => bytes);
  return { bytes, digest };
}

export interface ExampleReleaseInfo {
  version: string;
  calendar: string;
  channel: string;
  created: string;
  revision: string;
}

/**
 * Builds every example service into `store`, tagged by service name; returns each image's
 * descriptor. `width` images are built at once (the store's bytes do not depend on it).
 */
export async function buildExampleServices(store: ImageStore, release: ExampleReleaseInfo, services: readonly ExampleService[] = EXAMPLE_SERVICES, width = 4): Promise<Map<string, Descriptor>> {
  const mtime = new Date(release.created);
  const base = await layerBlob(baseLayerFiles(), mtime);
  const baseDesc = { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(base.gz), size: base.gz.length };
  await store.putBlob(baseDesc, () => base.gz);
  // Results in the order of `services`, whatever order the builds finish in.
  const built = await mapLimit(services, width, async (s): Promise<[string, Descriptor]> => {
    const app = await layerBlob(appLayerFiles(s), mtime);
    const appDesc = { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(app.gz), size: app.gz.length };
    await store.putBlob(appDesc, () => app.gz);
    const manifests: Descriptor[] = [];
    for (const platform of s.platforms) {
      // architecture-devops.md §6.2: release metadata as OCI labels on every image.
      const labels = {
        "org.opencontainers.image.title": s.name,
        "org.opencontainers.image.version": s.version,
        "org.opencontainers.image.revision": release.revision,
        "org.opencontainers.image.created": release.created,
        "org.stellaops.release.calendar": release.calendar,
        "org.stellaops.release.channel": release.channel,
        "org.stellaops.build.slsaProvenance": `oci://registry.stella-ops.org/stellaops/${s.name}/attestations`,
      };
      const config = await putJson(store, {
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        created: release.created,
        config: { Labels: labels, Entrypoint: [`/app/${s.name}`] },
        rootfs: { type: "layers", diff_ids: [base.diffId, app.diffId] },
        history: [{ created: release.created, created_by: "stella example base" }, { created: release.created, created_by: `stella example ${s.name}` }],
      });
      const manifest = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociConfig, digest: config.digest, size: config.bytes.length }, layers: [baseDesc, appDesc] }),
      );
      const desc = s.platforms.length === 1 ? await store.putManifest(manifest, MediaType.ociManifest, s.name) : await store.putManifest(manifest, MediaType.ociManifest);
      manifests.push({ ...desc, platform });
    }
    if (s.platforms.length === 1) return [s.name, manifests[0]];
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: manifests.map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.size, platform: m.platform })) }));
    return [s.name, await store.putManifest(index, MediaType.ociIndex, s.name)];
  });
  return new Map(built);
}
