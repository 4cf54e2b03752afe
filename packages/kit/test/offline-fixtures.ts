import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256Digest } from "@stella/core";
import { buildExampleImage, openImage, type Platform } from "@stella/oci";
import { parseReleaseManifest, signManifest, sigstoreManifestSigner, type ReleaseManifest } from "@stella/release";
import { keySigner, signImages, type PrivateKey } from "@stella/signing";

export interface FixtureImage {
  service: string;
  repository: string;
  seed: string;
  platforms?: Platform[];
  sign?: boolean;
}

/** Pushes deterministic example images to `registry`, signs them (cosign format) and adds a CycloneDX SBOM referrer. */
export async function pushImages(registry: string, images: FixtureImage[], key: PrivateKey): Promise<Map<string, { image: string; digest: string }>> {
  const out = new Map<string, { image: string; digest: string }>();
  for (const img of images) {
    const opened = await openImage(`docker://${registry}/${img.repository}:2.4.1`, { mode: "write" });
    const d = await buildExampleImage(opened.store, { tag: "2.4.1", seed: img.seed, layers: 2, filesPerLayer: 2, ...(img.platforms ? { platforms: img.platforms } : {}) });
    const sbom = Buffer.from(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", metadata: { component: { name: img.service } } }));
    const empty = Buffer.from("{}");
    await opened.store.putBlob({ digest: sha256Digest(sbom), size: sbom.length }, () => sbom);
    await opened.store.putBlob({ digest: sha256Digest(empty), size: 2 }, () => empty);
    const referrer = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        artifactType: "application/vnd.cyclonedx+json",
        config: { mediaType: "application/vnd.oci.empty.v1+json", digest: sha256Digest(empty), size: 2 },
        layers: [{ mediaType: "application/vnd.cyclonedx+json", digest: sha256Digest(sbom), size: sbom.length }],
        subject: { mediaType: d.mediaType, digest: d.digest, size: d.size },
      }),
    );
    await opened.store.putReferrer(referrer, "application/vnd.oci.image.manifest.v1+json");
    await opened.close();
    const ref = `docker://${registry}/${img.repository}@${d.digest}`;
    if (img.sign !== false) await signImages([ref], { signer: keySigner(key) });
    out.set(img.service, { image: `${registry}/${img.repository}`, digest: d.digest });
  }
  return out;
}

/** The seed release trimmed to the pushed services, digest recomputed and signed; writes release.json + its bundle. */
export async function writeRelease(dir: string, images: Map<string, { image: string; digest: string }>, key: PrivateKey, version = "2.4.1"): Promise<string> {
  const seed = parseReleaseManifest(await readFile(new URL("../../../test/fixtures/release/release.json", import.meta.url), "utf8"));
  const release: ReleaseManifest = structuredClone(seed);
  release.manifest.version = version;
  release.manifest.services = release.manifest.services
    .filter((s) => images.has(s.service_id))
    .map((s) => {
      const { dependencies: _drop, ...rest } = s;
      void _drop;
      const img = images.get(s.service_id)!;
      return { ...rest, image: img.image, digest: img.digest, tag: version, version };
    });
  delete release.manifest.manifest_digest;
  delete release.manifest.signatures;
  const signed = await signManifest(release, sigstoreManifestSigner(keySigner(key)), { signedAt: new Date("2027-06-20T12:00:00Z") });
  const path = join(dir, `release-${version}.json`);
  await writeFile(path, JSON.stringify(signed.release, null, 2));
  await writeFile(`${path}.sigstore.json`, JSON.stringify(signed.bundle));
  return path;
}
