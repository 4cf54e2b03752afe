import { cp, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mapLimit, type Logger } from "@stella/core";
import { copyImage, OciLayoutStore, openImage, pruneLayout, type ImageStore, type OpenImageOptions } from "@stella/oci";
import { loadReleaseManifest, releaseYamlOf, SBOM_ARTIFACT_TYPES, writeReleaseYaml, type ServiceRelease } from "@stella/release";
import type { KitSigner } from "../blob-signature.js";
import { fileSha256 } from "../blob-signature.js";
import { KitError } from "../errors.js";
import { packTree, type PackedKit } from "../pack.js";
import { readKitManifestFromArchive } from "../archive-manifest.js";
import { blobPath, layerBlobsOf } from "./layout-blobs.js";

export const OFFLINE_KIT_KIND = "stella-offline-kit";

/** Where the extra directories of a kit come from (architecture-devops §3.3). */
export interface KitIncludes {
  charts?: string;
  compose?: string;
  plugins?: string;
  policy?: string;
}

export interface OfflineKitBuildOptions {
  /** Images copied at once (default 4; 1 for one after another). */
  concurrency?: number;
  /** release.json (signed; its bundle `release.json.sigstore.json` beside it is taken along). */
  manifestPath: string;
  bundlePath?: string;
  channel: string;
  /** `stellaops-kit-<channel>-<version>.tar.zst`. */
  output: string;
  workDir: string;
  /**
   * The extra directories, or a function giving them once the images are in the tree (a
   * pipeline copies the images while it still aligns the compose files that go in beside them).
   */
  include?: KitIncludes | (() => Promise<KitIncludes>);
  /** A previous kit: blobs it already carries are left out (§15 delta kit). */
  delta?: string;
  /** Registry credentials etc. for pulling the images. */
  open?: OpenImageOptions;
  /** Where to read an image of the manifest from; default `docker://IMAGE@DIGEST` (e.g. an `oci:` layout or a mirror instead). */
  source?: (image: string, digest: string) => string;
  /** Kit timestamp (SOURCE_DATE_EPOCH; default the release's released_at). */
  created?: Date;
  signer?: KitSigner;
  toolVersion: string;
  logger: Logger;
}

export interface KitImage {
  service: string;
  image: string;
  digest: string;
  tag: string | undefined;
}

export interface DeltaInfo {
  base: { file: string; digest: string; version: string };
  omitted: { path: string; digest: string; size: number }[];
}

export interface OfflineKitBuildResult extends PackedKit {
  images: KitImage[];
  delta: DeltaInfo | undefined;
}

/** `stellaops-kit-<channel>-<version>.tar.zst` (§3.3). */
export function offlineKitName(channel: string, version: string): string {
  return `stellaops-kit-${channel}-${version}.tar.zst`;
}

async function referrerFiles(layout: ImageStore, s: ServiceRelease, tree: string): Promise<void> {
  const refs = [...(await layout.referrers(s.digest))].sort((a, b) => (a.digest < b.digest ? -1 : 1));
  for (const r of refs) {
    const type = r.artifactType ?? "";
    const isSbom = (SBOM_ARTIFACT_TYPES as readonly string[]).includes(type);
    const isBundle = type.startsWith("application/vnd.dev.sigstore.bundle");
    if (!isSbom && !isBundle) continue;
    const m: unknown = JSON.parse(Buffer.from((await layout.getManifest(r.digest)).bytes).toString("utf8"));
    const layers = typeof m === "object" && m !== null && Array.isArray((m as Record<string, unknown>).layers) ? ((m as Record<string, unknown>).layers as { digest: string; size: number }[]) : [];
    for (const [i, l] of layers.entries()) {
      const bytes = await layout.getBlobBytes(l);
      const short = r.digest.slice(7, 19);
      const name = isSbom ? join("sboms", `${s.service_id}-${short}${i ? `-${i}` : ""}.${type.includes("spdx") ? "spdx" : "cdx"}.${type.endsWith("protobuf") ? "pb" : type.endsWith("xml") ? "xml" : "json"}`) : join("attest", `${s.service_id}-${short}${i ? `-${i}` : ""}.sigstore.json`);
      await mkdir(join(tree, name, ".."), { recursive: true });
      await writeFile(join(tree, name), bytes);
    }
  }
}

/**
 * `stella kit build`: every image of the release (all platforms, with their signature, SBOM and
 * attestation referrers) into one OCI layout `images/`, SBOMs and DSSE bundles unpacked into
 * `sboms/` and `attest/`, the given charts/compose/plugins/policy, and `manifest/` (release.json,
 * its bundle, release.yaml), packed deterministically and signed.
 */
export async function buildOfflineKit(o: OfflineKitBuildOptions): Promise<OfflineKitBuildResult> {
  const release = await loadReleaseManifest(o.manifestPath);
  const tree = join(o.workDir, "tree");
  await rm(tree, { recursive: true, force: true });
  await mkdir(join(tree, "manifest"), { recursive: true });
  try {
    await writeFile(join(tree, "manifest", "release.json"), await readFile(o.manifestPath));
    const bundlePath = o.bundlePath ?? `${o.manifestPath}.sigstore.json`;
    const hasBundle = await stat(bundlePath).then(() => true, () => false);
    if (hasBundle) await writeFile(join(tree, "manifest", "release.json.sigstore.json"), await readFile(bundlePath));
    else if (o.bundlePath) throw new KitError(`no bundle at ${o.bundlePath}`, { code: "MANIFEST" });
    else o.logger.warn(`no ${bundlePath}: the kit carries release.json without its bundle (import then verifies the signatures[] entries)`);
    await writeFile(join(tree, "manifest", "release.yaml"), writeReleaseYaml(releaseYamlOf(release, { train: o.channel })));

    // A scratch tree: packed into the kit (which is written whole) and deleted, so nothing in it is fsync'd.
    const layout = await OciLayoutStore.open(join(tree, "images"), { create: true, scratch: true });
    const services = [...release.manifest.services].sort((a, b) => (a.service_id < b.service_id ? -1 : 1));
    // Images are copied a few at a time; the layout keeps index.json sorted, so the kit's bytes do not depend on the order they finish in.
    const images: KitImage[] = await mapLimit(services, o.concurrency ?? 4, async (s) => {
      const src = await openImage(o.source ? o.source(s.image, s.digest) : `docker://${s.image}@${s.digest}`, { ...o.open, mode: "read" });
      try {
        const r = await copyImage({ store: src.store, reference: s.digest }, { store: layout, tag: s.service_id, digest: s.digest }, { all: true, logger: o.logger });
        o.logger.info(`${s.service_id}: ${s.image}@${s.digest} (${r.manifests} manifests, ${r.referrers} referrers)`);
      } finally {
        await src.close();
      }
      await referrerFiles(layout, s, tree);
      return { service: s.service_id, image: s.image, digest: s.digest, tag: s.tag };
    });
    // Only what index.json reaches goes into the kit: each referrer added to an image rewrote its
    // referrers tag index, and the earlier versions are blobs nothing points at.
    const pruned = await pruneLayout(layout);
    if (pruned.removed.length) o.logger.debug(`images/: ${pruned.removed.length} unreferenced blob(s) left out`);
    const include = typeof o.include === "function" ? await o.include() : o.include;
    for (const name of ["charts", "compose", "plugins", "policy"] as const) {
      const from = include?.[name];
      if (from) await cp(from, join(tree, name), { recursive: true, dereference: true });
    }

    let delta: DeltaInfo | undefined;
    if (o.delta) {
      const base = await readKitManifestFromArchive(o.delta);
      const layers = await layerBlobsOf(join(tree, "images"));
      const omitted: DeltaInfo["omitted"] = [];
      for (const digest of [...layers].sort()) {
        const path = blobPath(digest);
        const had = base.files[path];
        if (had?.digest !== digest) continue;
        omitted.push({ path, digest, size: had.size });
        await rm(join(tree, path));
      }
      delta = { base: { file: o.delta.split("/").pop() ?? o.delta, digest: await fileSha256(o.delta), version: typeof base.meta.version === "string" ? base.meta.version : "" }, omitted };
      o.logger.info(`delta: ${omitted.length} layer blob(s) left out, carried by ${delta.base.file}`);
    }

    const created = o.created ?? new Date(release.manifest.released_at ?? "1970-01-01T00:00:00Z");
    const packed = await packTree(tree, o.output, {
      kind: OFFLINE_KIT_KIND,
      created,
      tool: { name: "stella", version: o.toolVersion },
      meta: { channel: o.channel, version: release.manifest.version, release_id: release.manifest.release_id, manifest_digest: release.manifest.manifest_digest ?? null, images, ...(delta ? { delta } : {}) },
      ...(o.signer ? { signer: o.signer } : {}),
      logger: o.logger,
    });
    return { ...packed, images, delta };
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}
