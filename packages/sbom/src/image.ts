import { parseManifest, isIndexMediaType, type Descriptor, type ImageStore, type ImageManifest } from "@stella/oci";
import { SbomError } from "./errors.js";
import type { LayerSource } from "./layer-walker.js";

/** One platform's image, ready to walk. */
export interface ResolvedImage {
  /** Digest of the image manifest (what the SBOM describes and refers to). */
  digest: string;
  descriptor: Descriptor;
  manifest: ImageManifest;
  platform?: string;
  /** Image config `created` (image-spec config.md), the fallback timestamp. */
  created?: string;
  layers: LayerSource[];
}

function platformString(d: Descriptor): string | undefined {
  const p = d.platform;
  return p ? `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}` : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

async function resolveOne(store: ImageStore, descriptor: Descriptor, platform: string | undefined): Promise<ResolvedImage> {
  const blob = await store.getManifest(descriptor.digest);
  const parsed = parseManifest(blob.bytes, `${store.location}@${descriptor.digest}`, descriptor.mediaType);
  if (parsed.kind !== "manifest") throw new SbomError(`${store.location}@${descriptor.digest} is a nested index`, { code: "UNSUPPORTED" });
  const manifest = parsed.manifest;
  let created: string | undefined;
  try {
    const config: unknown = JSON.parse(Buffer.from(await store.getBlobBytes(manifest.config)).toString("utf8"));
    if (isRecord(config) && typeof config.created === "string") created = config.created;
  } catch (e) {
    if (e instanceof SyntaxError) throw new SbomError(`image config ${manifest.config.digest} is not JSON`, { code: "BAD_IMAGE", cause: e });
    throw e;
  }
  return {
    digest: descriptor.digest,
    descriptor: { mediaType: parsed.mediaType, digest: descriptor.digest, size: descriptor.size },
    manifest,
    ...(platform ? { platform } : {}),
    ...(created ? { created } : {}),
    layers: manifest.layers.map((l) => ({ digest: l.digest, size: l.size, open: () => store.getBlob(l) })),
  };
}

/**
 * The image(s) a reference names: a manifest as is; an index resolved to `platform`
 * (`os/arch[/variant]`, default linux/amd64 else the first image), or every image in it
 * when platform is `all`. Attestation manifests (`unknown/unknown`) are skipped.
 */
export async function resolveImages(store: ImageStore, reference: string, platform?: string): Promise<ResolvedImage[]> {
  const top = await store.resolve(reference);
  if (!isIndexMediaType(top.mediaType)) return [await resolveOne(store, top, undefined)];
  const blob = await store.getManifest(top.digest);
  const parsed = parseManifest(blob.bytes, `${store.location}@${top.digest}`, top.mediaType);
  if (parsed.kind !== "index") return [await resolveOne(store, top, undefined)];
  const images = parsed.index.manifests.filter((m) => !isIndexMediaType(m.mediaType) && platformString(m) !== "unknown/unknown");
  if (images.length === 0) throw new SbomError(`index ${store.location}@${top.digest} lists no image manifests`, { code: "BAD_IMAGE" });
  if (platform === "all") return Promise.all(images.map((m) => resolveOne(store, m, platformString(m))));
  const wanted = platform ?? "linux/amd64";
  const hit = images.find((m) => platformString(m) === wanted) ?? (platform === undefined ? images[0] : undefined);
  if (!hit) {
    throw new SbomError(`index ${store.location}@${top.digest} has no image for platform ${wanted}`, {
      code: "BAD_OPTION",
      hint: `choose one of: ${images.map((m) => platformString(m) ?? "?").join(", ")}, or "all"`,
    });
  }
  return [await resolveOne(store, hit, platformString(hit))];
}
