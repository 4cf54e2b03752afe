import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "@stella/core";
import { OciLayoutStore, pruneLayout } from "@stella/oci";
import { loadPublicKey, verifyImages } from "@stella/signing";
import { startRegistry, type RunningServer } from "../../../test/helpers/servers.js";
import { keyKitSigner, keyKitVerifier } from "../src/blob-signature.js";
import { buildOfflineKit, offlineKitName, OFFLINE_KIT_KIND } from "../src/offline/build.js";
import { importOfflineKit } from "../src/offline/import.js";
import { packTree } from "../src/pack.js";
import { extractSafely } from "../src/extract.js";
import { readKitManifestFromArchive } from "../src/archive-manifest.js";
import { cosignKey } from "./ouk-helpers.js";
import { pushImages, writeRelease } from "./offline-fixtures.js";

const run = promisify(execFile);
let dir: string;
let source: RunningServer;
const started: RunningServer[] = [];
let keys: Awaited<ReturnType<typeof cosignKey>>;
let releasePath: string;
let kitPath: string;
const created = new Date("2027-06-20T12:00:00Z");

async function freshRegistry(): Promise<string> {
  const r = await startRegistry();
  started.push(r);
  return `127.0.0.1:${r.port}`;
}

async function catalog(registry: string): Promise<string[]> {
  const res = await fetch(`http://${registry}/v2/_catalog`);
  return ((await res.json()) as { repositories: string[] }).repositories;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offline-kit-"));
  keys = await cosignKey();
  source = await startRegistry();
  const images = await pushImages(
    `127.0.0.1:${source.port}`,
    [
      { service: "orchestrator", repository: "stellaops/orchestrator", seed: "orch-1", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] },
      { service: "policy-engine", repository: "stellaops/policy-engine", seed: "policy-1" },
    ],
    keys.key,
  );
  releasePath = await writeRelease(dir, images, keys.key);
  await mkdir(join(dir, "charts", "platform"), { recursive: true });
  await writeFile(join(dir, "charts", "platform", "Chart.yaml"), "apiVersion: v2\nname: platform\nversion: 2.4.1\n");
  await mkdir(join(dir, "compose"), { recursive: true });
  await writeFile(join(dir, "compose", "docker-compose.yml"), "services: {}\n");
  kitPath = join(dir, offlineKitName("stable", "2.4.1"));
}, 300_000);

afterAll(async () => {
  await Promise.all([source, ...started].map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

const material = () => ({ publicKey: loadPublicKey(keys.publicPem, "cosign.pub") });

function build(output: string, extra: Partial<Parameters<typeof buildOfflineKit>[0]> = {}) {
  return buildOfflineKit({
    manifestPath: releasePath,
    channel: "stable",
    output,
    workDir: join(dir, `work-${output.split("/").pop() ?? ""}`),
    include: { charts: join(dir, "charts"), compose: join(dir, "compose") },
    created,
    signer: keyKitSigner(keys.key),
    toolVersion: "test",
    logger: silentLogger,
    ...extra,
  });
}

function importInto(file: string, registry: string) {
  return importOfflineKit({ file, registry: `docker://${registry}/site`, verifier: keyKitVerifier(keys.key.publicKey), material: material(), workDir: join(dir, `import-${Date.now()}`), logger: silentLogger });
}

describe("stella kit build / import", () => {
  it("builds a deterministic signed kit with images (all platforms + referrers), sboms, charts, compose, manifest", async () => {
    const a = await build(kitPath);
    // The extra directories given once the images are in the tree (as the pipeline does): same kit.
    const b = await build(join(dir, "again.tar.zst"), { include: () => Promise.resolve({ charts: join(dir, "charts"), compose: join(dir, "compose") }) });
    expect(b.digest).toBe(a.digest);
    const paths = (await a.files());
    expect(paths).toEqual(expect.arrayContaining(["manifest/release.json", "manifest/release.json.sigstore.json", "manifest/release.yaml", "images/index.json", "images/oci-layout", "charts/platform/Chart.yaml", "compose/docker-compose.yml"]));
    expect(paths.filter((p) => p.startsWith("sboms/"))).toHaveLength(2);
    expect(a.manifest.kind).toBe(OFFLINE_KIT_KIND);
    // skopeo reads the layout inside the kit: the multi-arch index with both platforms.
    const x = join(dir, "x");
    await extractSafely(kitPath, x);
    const { stdout } = await run("skopeo", ["inspect", "--raw", `oci:${join(x, "images")}:orchestrator`]);
    expect((JSON.parse(stdout) as { manifests: unknown[] }).manifests).toHaveLength(2);
    // Every blob of images/ is reached from its index.json: no earlier referrers tag index rides along.
    const layout = await OciLayoutStore.open(join(x, "images"));
    expect((await pruneLayout(layout)).removed).toEqual([]);
  });

  it("imports into a fresh registry after verifying everything; skopeo and our verify accept the images there", async () => {
    const dst = await freshRegistry();
    const r = await importInto(kitPath, dst);
    expect(r.pushed.map((p) => p.service)).toEqual(["orchestrator", "policy-engine"]);
    for (const p of r.pushed) {
      const { stdout } = await run("skopeo", ["inspect", "--tls-verify=false", "--raw", p.reference.replace("docker://", "docker://")]);
      expect(stdout.length).toBeGreaterThan(10);
    }
    const reports = await verifyImages(r.pushed.map((p) => p.reference), material());
    expect(reports.every((x) => x.verified)).toBe(true);
  });

  it("refuses an image changed inside the kit (kit re-signed with the kit key) before pushing anything", async () => {
    const x = join(dir, "tamper");
    await extractSafely(kitPath, x);
    const blobs = join(x, "images", "blobs", "sha256");
    const sizes = await Promise.all((await readdir(blobs)).map(async (n) => ({ n, size: (await readFile(join(blobs, n))).length })));
    const layer = sizes.sort((p, q) => q.size - p.size)[0].n;
    const bytes = await readFile(join(blobs, layer));
    bytes[bytes.length - 1] ^= 1;
    await writeFile(join(blobs, layer), bytes);
    await rm(join(x, "manifest.json"));
    const evil = join(dir, "evil.tar.zst");
    const base = await readKitManifestFromArchive(kitPath);
    await packTree(x, evil, { kind: OFFLINE_KIT_KIND, created, tool: base.tool, meta: base.meta, signer: keyKitSigner(keys.key), logger: silentLogger });
    const dst = await freshRegistry();
    await expect(importInto(evil, dst)).rejects.toThrow(/blob stored under another digest/);
    expect(await catalog(dst)).toEqual([]);
    // A byte changed in the kit file itself: the kit signature check refuses first.
    const file = await readFile(kitPath);
    file[file.length - 100] ^= 1;
    await writeFile(join(dir, "flipped.tar.zst"), file);
    for (const ext of [".sig", ".sigstore.json"]) await writeFile(join(dir, `flipped.tar.zst${ext}`), await readFile(kitPath + ext));
    await expect(importInto(join(dir, "flipped.tar.zst"), dst)).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
    expect(await catalog(dst)).toEqual([]);
  });

  it("refuses an unsigned image, pushing nothing", async () => {
    const images = await pushImages(`127.0.0.1:${source.port}`, [{ service: "orchestrator", repository: "stellaops/orchestrator", seed: "orch-unsigned", sign: false }, { service: "policy-engine", repository: "stellaops/policy-engine", seed: "policy-1" }], keys.key);
    const rel = await writeRelease(join(dir), images, keys.key, "2.4.2");
    const k = await build(join(dir, "unsigned.tar.zst"), { manifestPath: rel });
    const dst = await freshRegistry();
    await expect(importInto(k.path, dst)).rejects.toThrow(/image signatures do not verify/);
    expect(await catalog(dst)).toEqual([]);
  });

  it("a delta kit carries only new layers and needs the previous kit imported first", async () => {
    const images = await pushImages(`127.0.0.1:${source.port}`, [{ service: "orchestrator", repository: "stellaops/orchestrator", seed: "orch-1", platforms: [{ os: "linux", architecture: "amd64" }, { os: "linux", architecture: "arm64" }] }, { service: "policy-engine", repository: "stellaops/policy-engine", seed: "policy-2" }], keys.key);
    const rel = await writeRelease(dir, images, keys.key, "2.4.3");
    const full = await build(join(dir, "full-2.4.3.tar.zst"), { manifestPath: rel });
    const delta = await build(join(dir, "delta-2.4.3.tar.zst"), { manifestPath: rel, delta: kitPath });
    expect(delta.delta?.omitted.length).toBeGreaterThan(0);
    expect(delta.size).toBeLessThan(full.size);
    const fresh = await freshRegistry();
    await expect(importInto(delta.path, fresh)).rejects.toThrow(/import the base kit stellaops-kit-stable-2\.4\.1\.tar\.zst/);
    expect(await catalog(fresh)).toEqual([]);
    await importInto(kitPath, fresh);
    const r = await importInto(delta.path, fresh);
    expect((await verifyImages(r.pushed.map((p) => p.reference), material())).every((x) => x.verified)).toBe(true);
  });
});
