import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isoSeconds } from "@stella/core";
import { openImage, type ImageStore, type OpenImageOptions } from "@stella/oci";
import { KitError } from "../errors.js";
import { extractSafely } from "../extract.js";
import type { FeedContext, FeedStamp } from "./feed-types.js";

/** Opens an image reference (`docker://host/repo:tag`) as a store plus the tag/digest to read. */
export type OpenStore = (reference: string) => Promise<{ store: ImageStore; reference: string }>;

/**
 * The two Trivy databases as Trivy pulls them (aquasecurity/trivy pkg/db, pkg/javadb): one
 * OCI artifact, config `application/vnd.aquasec.trivy.config.v1+json`, one tar+gzip layer
 * holding the DB file and `metadata.json` whose `Version` is the schema the scanner reads.
 */
export const TRIVY_DATABASES = {
  "trivy-db": { tag: "2", layerMediaType: "application/vnd.aquasec.trivy.db.layer.v1.tar+gzip", dbFile: "trivy.db", schema: 2 },
  "trivy-java-db": { tag: "1", layerMediaType: "application/vnd.aquasec.trivy.javadb.layer.v1.tar+gzip", dbFile: "trivy-java.db", schema: 1 },
} as const;

export const TRIVY_CONFIG_MEDIA_TYPE = "application/vnd.aquasec.trivy.config.v1+json";

export type TrivyDbName = keyof typeof TRIVY_DATABASES;

export interface TrivyOptions {
  name: TrivyDbName;
  /** `docker://mirror/aquasecurity/trivy-db:2` (the tag defaults to the schema's tag). */
  reference: string;
  /** The kit's directory for it, e.g. `<tree>/feeds/trivy-db`. */
  outDir: string;
  openStore: OpenStore;
}

interface TrivyMetadata {
  Version: number;
  UpdatedAt: string;
  NextUpdate?: string;
}

function isTrivyMetadata(v: unknown): v is TrivyMetadata {
  return typeof v === "object" && v !== null && typeof (v as Record<string, unknown>).Version === "number" && typeof (v as Record<string, unknown>).UpdatedAt === "string";
}

function layersOf(bytes: Uint8Array): { config: { mediaType: string }; layers: { mediaType: string; digest: string; size: number }[] } {
  const m: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
  if (typeof m !== "object" || m === null) throw new KitError("the Trivy DB manifest is not a JSON object", { code: "FEED_SCHEMA" });
  const { config, layers } = m as Record<string, unknown>;
  const okConfig = typeof config === "object" && config !== null && typeof (config as Record<string, unknown>).mediaType === "string";
  const okLayers = Array.isArray(layers) && layers.every((l: unknown) => typeof l === "object" && l !== null && typeof (l as Record<string, unknown>).mediaType === "string" && typeof (l as Record<string, unknown>).digest === "string" && typeof (l as Record<string, unknown>).size === "number");
  if (!okConfig || !okLayers) throw new KitError("the Trivy DB manifest lacks config/layers", { code: "FEED_SCHEMA" });
  return { config: config as { mediaType: string }, layers: layers as { mediaType: string; digest: string; size: number }[] };
}

/**
 * Pulls a Trivy DB artifact from the mirror registry (every byte digest-verified by the
 * store), checks media types and `metadata.json` Version, and unpacks it (safely) into
 * `outDir`. A DB of another schema, or updated after `--date`, is refused: a kit never
 * carries a DB the scanners cannot read.
 */
export async function fetchTrivyDb(options: TrivyOptions, ctx: FeedContext): Promise<FeedStamp> {
  const spec = TRIVY_DATABASES[options.name];
  const { store, reference } = await options.openStore(options.reference);
  const manifest = await store.getManifest(reference);
  const { config, layers } = layersOf(manifest.bytes);
  const where = `${options.name} (${options.reference})`;
  if (config.mediaType !== TRIVY_CONFIG_MEDIA_TYPE) throw new KitError(`${where}: config media type ${config.mediaType}, expected ${TRIVY_CONFIG_MEDIA_TYPE}`, { code: "FEED_SCHEMA", hint: "the reference does not point at a Trivy DB artifact" });
  const layer = layers.length === 1 ? layers[0] : undefined;
  if (!layer || layer.mediaType !== spec.layerMediaType) {
    throw new KitError(`${where}: expected one layer of ${spec.layerMediaType}, found ${layers.map((l) => l.mediaType).join(", ") || "none"}`, { code: "FEED_SCHEMA", hint: "the reference does not point at this Trivy DB" });
  }
  const blob = await store.getBlob(layer);
  await extractSafely(() => blob, options.outDir, { compression: "gzip", limits: { maxTotalBytes: 8 * 2 ** 30, maxRatio: 1000 } });
  const metaPath = join(options.outDir, "metadata.json");
  const meta: unknown = JSON.parse(await readFile(metaPath, "utf8").catch(() => "null"));
  if (!isTrivyMetadata(meta)) throw new KitError(`${where}: metadata.json is missing or lacks Version/UpdatedAt`, { code: "FEED_SCHEMA" });
  if (meta.Version !== spec.schema) {
    throw new KitError(`${where}: DB schema Version ${meta.Version}, the scanners read schema ${spec.schema}`, { code: "FEED_SCHEMA", hint: `point the mirror at ${options.name}:${spec.tag}, the schema this release's scanners read` });
  }
  await stat(join(options.outDir, spec.dbFile)).catch((e: unknown) => {
    throw new KitError(`${where}: the layer has no ${spec.dbFile}`, { code: "FEED_SCHEMA", cause: e });
  });
  const updated = Date.parse(meta.UpdatedAt);
  if (Number.isNaN(updated)) throw new KitError(`${where}: metadata.json UpdatedAt ${JSON.stringify(meta.UpdatedAt)} is not a date`, { code: "FEED_SCHEMA" });
  if (updated > ctx.cutoff.getTime()) {
    throw new KitError(`${where} was updated at ${meta.UpdatedAt}, after --date ${isoSeconds(ctx.cutoff)}`, { code: "FEED", hint: "a DB cannot be cut at a date: pull it by a digest from before --date, or move --date" });
  }
  ctx.logger.info(`${options.name}: schema ${meta.Version}, updated ${meta.UpdatedAt}`);
  return {
    name: options.name,
    dir: `feeds/${options.name}`,
    source: options.reference,
    records: 1,
    newest: isoSeconds(new Date(updated)),
    version: String(meta.Version),
    details: { manifest: manifest.descriptor.digest, layer: layer.digest },
  };
}

/** The default OpenStore: any transport @stella/oci opens (`docker://mirror/aquasecurity/trivy-db:2`, `oci:DIR:2`). */
export function defaultOpenStore(options: OpenImageOptions = {}): OpenStore {
  return async (reference) => {
    const img = await openImage(reference.includes("://") || reference.startsWith("oci:") ? reference : `docker://${reference}`, options);
    return { store: img.store, reference: img.reference };
  };
}
