import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { mapLimit, type Logger } from "@stella/core";
import { copyImage, OciLayoutStore, openImage, parseDockerReference, type OpenImageOptions } from "@stella/oci";
import { parseReleaseManifest, sigstoreManifestVerifier, verifyManifest } from "@stella/release";
import { formatVerifyReport, verifyImages, type VerifyMaterial } from "@stella/signing";
import { errorMessage } from "@stella/core";
import type { KitVerifier } from "../blob-signature.js";
import { KitError } from "../errors.js";
import { extractSafely } from "../extract.js";
import { expectedFiles, KIT_MANIFEST_PATH, parseKitManifest, type KitManifest } from "../kit-manifest.js";
import { sidecarsOf } from "../pack.js";
import { OFFLINE_KIT_KIND, type DeltaInfo, type KitImage } from "./build.js";
import { blobPath } from "./layout-blobs.js";

export interface OfflineKitImportOptions {
  file: string;
  /** Images verified and pushed at once (default 4; 1 for one after another). */
  concurrency?: number;
  /** `docker://HOST/PREFIX`: images go to `HOST/PREFIX/<repository path of the image>`. */
  registry: string;
  /** Kit signature (the .sigstore.json beside the kit). */
  verifier: KitVerifier;
  /** Who must have signed release.json and every image (cosign.pub or identity + trusted root). */
  material: VerifyMaterial;
  workDir: string;
  open?: OpenImageOptions;
  logger: Logger;
}

export interface OfflineKitImportResult {
  digest: string;
  release: { version: string; manifest_digest: string };
  pushed: { service: string; reference: string; digest: string; referrers: number }[];
}

/**
 * `docker://HOST/PREFIX` + `ghcr.io/stellaops/web` → `HOST/PREFIX/stellaops/web`; an `oci:DIR` site
 * store gets one OCI layout per repository path (`oci:DIR/stellaops/web`).
 */
export function destinationOf(registry: string, image: string): string {
  const { repository } = parseDockerReference(image);
  if (registry.startsWith("oci:")) return `oci:${registry.slice(4).replace(/\/+$/, "")}/${repository}`;
  const base = registry.replace(/^docker:\/\//, "").replace(/\/+$/, "");
  return `docker://${base}/${repository}`;
}

/**
 * `stella kit import` (§3.3, §10.2): nothing is pushed until everything checks out — the kit's
 * signature and digest, every entry against manifest.json, release.json's signature and digest,
 * every image of the release present under its digest, every image's cosign signature, and for
 * a delta kit every left-out blob already in the site's registry. Then images and referrers go up.
 */
export async function importOfflineKit(o: OfflineKitImportOptions): Promise<OfflineKitImportResult> {
  const side = sidecarsOf(o.file);
  const bundle = await readFile(side.bundle).catch((e: unknown) => {
    throw new KitError(`no signature bundle for ${o.file} (looked for ${side.bundle})`, { code: "SIGNATURE", cause: e, hint: "copy the .sigstore.json published beside the kit" });
  });
  const detached = await readFile(side.signature, "utf8").catch(() => undefined);
  const { digest, identity } = await o.verifier.verify(o.file, bundle, detached);
  o.logger.info(`kit signature verified (${identity}), ${digest}`);

  const dir = join(o.workDir, "kit");
  await mkdir(o.workDir, { recursive: true });
  await rm(dir, { recursive: true, force: true });
  let manifest: KitManifest | undefined;
  await extractSafely(o.file, dir, {
    manifestEntry: {
      path: KIT_MANIFEST_PATH,
      parse: (bytes) => {
        manifest = parseKitManifest(bytes, o.file);
        if (manifest.kind !== OFFLINE_KIT_KIND) throw new KitError(`${o.file} is a ${manifest.kind}, not an offline kit`, { code: "MANIFEST" });
        return expectedFiles(manifest);
      },
    },
  });
  if (!manifest) throw new KitError(`${o.file} has no manifest.json`, { code: "MANIFEST" });
  const files = manifest.files;
  for (const [path, f] of Object.entries(files)) {
    const m = /^images\/blobs\/sha256\/([a-f0-9]{64})$/.exec(path);
    if (m && f.digest !== `sha256:${m[1] ?? ""}`) throw new KitError(`${path} holds ${f.digest}: a blob stored under another digest`, { code: "DIGEST_MISMATCH", hint: "the kit's image layout was altered" });
  }

  // release.json: its own digest and signature (offline, with the same trust as the images).
  const releaseBytes = await readFile(join(dir, "manifest", "release.json"), "utf8");
  const release = parseReleaseManifest(releaseBytes, { source: "manifest/release.json" });
  const releaseBundle = await readFile(join(dir, "manifest", "release.json.sigstore.json"), "utf8").then((t) => [JSON.parse(t) as unknown], () => []);
  try {
    await verifyManifest(release, sigstoreManifestVerifier({ ...(o.material.publicKey ? { publicKey: o.material.publicKey } : {}), ...(o.material.identity ? { identity: o.material.identity } : {}), ...(o.material.trustedRoot ? { trustedRoot: o.material.trustedRoot } : {}) }), releaseBundle);
  } catch (e) {
    throw new KitError(`manifest/release.json does not verify: ${errorMessage(e)}`, { code: "SIGNATURE", cause: e });
  }
  o.logger.info(`release ${release.manifest.version} verified (${release.manifest.manifest_digest ?? ""})`);

  // Every image of the release, under its digest, signed.
  const layoutDir = join(dir, "images");
  // The staging's blobs go to the site by hard link where they can (a scratch layout: removed once imported).
  const layout = await OciLayoutStore.open(layoutDir, { scratch: true });
  const problems: string[] = [];
  for (const s of release.manifest.services) {
    const got = await layout.resolve(s.service_id).then((d) => d.digest, () => undefined);
    if (got !== s.digest) problems.push(`${s.service_id}: the kit holds ${got ?? "nothing"}, release.json says ${s.digest}`);
  }
  if (problems.length) throw new KitError(`the kit's images differ from the release:\n  ${problems.join("\n  ")}`, { code: "IMAGE", hint: "the kit was built from another release or altered" });
  const reports = await verifyImages(release.manifest.services.map((s) => `oci:${layoutDir}@${s.digest}`), o.material, { logger: o.logger, ...(o.concurrency ? { concurrency: o.concurrency } : {}) }).catch((e: unknown) => {
    throw new KitError(`image signatures do not verify: ${errorMessage(e)}`, { code: "IMAGE", cause: e });
  });
  if (!reports.every((r) => r.verified)) throw new KitError(`image signatures do not verify:\n${formatVerifyReport(reports)}`, { code: "IMAGE", hint: "nothing was pushed; the kit's images were altered or signed by someone else" });

  // A delta: the blobs it leaves out must already be in the site's registry.
  const images = (Array.isArray(manifest.meta.images) ? manifest.meta.images : []) as KitImage[];
  const delta = manifest.meta.delta as DeltaInfo | undefined;
  if (delta) {
    const missing: string[] = [];
    for (const om of delta.omitted) {
      let found = false;
      for (const img of images) {
        const dst = await openImage(destinationOf(o.registry, img.image), { ...o.open, mode: "read" }).catch(() => undefined);
        if (dst && (await dst.store.hasBlob(om.digest).catch(() => false))) found = true;
        await dst?.close();
        if (found) break;
      }
      if (!found) missing.push(om.digest);
    }
    if (missing.length) {
      throw new KitError(`this delta kit leaves out ${missing.length} blob(s) the registry does not have (e.g. ${missing[0] ?? ""}): import the base kit ${delta.base.file} (${delta.base.digest}, release ${delta.base.version}) first`, { code: "DELTA_BASE_MISSING", hint: "nothing was pushed" });
    }
    for (const om of delta.omitted) if (files[blobPath(om.digest)]) throw new KitError(`delta lists ${om.digest} as left out but carries it`, { code: "MANIFEST" });
  }

  const services = [...release.manifest.services].sort((a, b) => (a.service_id < b.service_id ? -1 : 1));
  const pushed: OfflineKitImportResult["pushed"] = await mapLimit(services, o.concurrency ?? 4, async (s) => {
    const dst = await openImage(`${destinationOf(o.registry, s.image)}@${s.digest}`, { ...o.open, mode: "write" });
    try {
      // A layout lists only tagged manifests in index.json: an oci: site store tags by version.
      const tag = s.tag ?? (o.registry.startsWith("oci:") ? (s.version ?? "latest") : undefined);
      const r = await copyImage({ store: layout, reference: s.digest }, { store: dst.store, digest: s.digest, ...(tag ? { tag } : {}) }, { all: true, logger: o.logger });
      await dst.commit();
      return { service: s.service_id, reference: `${destinationOf(o.registry, s.image)}@${s.digest}`, digest: r.digest, referrers: r.referrers };
    } finally {
      await dst.close();
    }
  });
  await rm(dir, { recursive: true, force: true });
  return { digest, release: { version: release.manifest.version, manifest_digest: release.manifest.manifest_digest ?? "" }, pushed };
}
