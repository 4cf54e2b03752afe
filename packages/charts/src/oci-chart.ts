import { sha256Digest } from "@stella/core";
import type { Descriptor, ImageStore } from "@stella/oci";
import { ChartError } from "./errors.js";
import type { ChartMetadata } from "./chart-yaml.js";

// Helm 3.8+ OCI layout of a chart (helm.sh/docs/topics/registries): a config holding the
// chart metadata as JSON, the chart archive as a layer, and the .prov as a second layer.
export const HELM_CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
export const HELM_CHART_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
export const HELM_PROV_MEDIA_TYPE = "application/vnd.cncf.helm.chart.provenance.v1.prov";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The tag Helm uses for a chart version (`+` is not allowed in tags). */
export function chartTag(version: string): string {
  return version.replace(/\+/g, "_");
}

/**
 * Pushes a chart as Helm does, deterministic (sorted config keys, no created time), and tags
 * it with its version. Returns the manifest descriptor, which cosign-style signing can take.
 */
export async function pushChart(store: ImageStore, chart: { metadata: ChartMetadata; archive: Uint8Array; prov?: string }): Promise<Descriptor> {
  const config = Buffer.from(canonicalJson(chart.metadata));
  const configDesc = { mediaType: HELM_CONFIG_MEDIA_TYPE, digest: sha256Digest(config), size: config.length };
  const chartDesc = { mediaType: HELM_CHART_MEDIA_TYPE, digest: sha256Digest(chart.archive), size: chart.archive.length };
  await store.putBlob(configDesc, () => config);
  await store.putBlob(chartDesc, () => chart.archive);
  const layers: Descriptor[] = [chartDesc];
  if (chart.prov !== undefined) {
    const prov = Buffer.from(chart.prov);
    const provDesc = { mediaType: HELM_PROV_MEDIA_TYPE, digest: sha256Digest(prov), size: prov.length };
    await store.putBlob(provDesc, () => prov);
    layers.push(provDesc);
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: configDesc,
    layers,
    annotations: {
      "org.opencontainers.image.title": chart.metadata.name,
      "org.opencontainers.image.version": chart.metadata.version,
      ...(typeof chart.metadata.description === "string" ? { "org.opencontainers.image.description": chart.metadata.description } : {}),
    },
  };
  return store.putManifest(Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST, chartTag(chart.metadata.version));
}

function isDescriptor(v: unknown): v is Descriptor {
  return typeof v === "object" && v !== null && typeof (v as Descriptor).digest === "string" && typeof (v as Descriptor).mediaType === "string" && typeof (v as Descriptor).size === "number";
}

/** Reads a chart pushed as above (by tag or digest): the archive and the .prov when present. */
export async function pullChart(store: ImageStore, reference: string): Promise<{ archive: Uint8Array; prov?: string; descriptor: Descriptor }> {
  const { bytes, descriptor } = await store.getManifest(reference);
  const doc: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
  const config = (doc as { config?: unknown }).config;
  const layers = (doc as { layers?: unknown }).layers;
  if (!isDescriptor(config) || config.mediaType !== HELM_CONFIG_MEDIA_TYPE || !Array.isArray(layers) || !layers.every(isDescriptor)) {
    throw new ChartError(`${store.location}:${reference} is not a Helm chart (config media type ${isDescriptor(config) ? config.mediaType : "missing"})`, { code: "CHART_INVALID" });
  }
  const chartLayer = layers.find((l) => l.mediaType === HELM_CHART_MEDIA_TYPE);
  if (!chartLayer) throw new ChartError(`${store.location}:${reference} has no ${HELM_CHART_MEDIA_TYPE} layer`, { code: "CHART_INVALID" });
  const provLayer = layers.find((l) => l.mediaType === HELM_PROV_MEDIA_TYPE);
  const archive = await store.getBlobBytes(chartLayer);
  const prov = provLayer ? Buffer.from(await store.getBlobBytes(provLayer)).toString("utf8") : undefined;
  return { archive, descriptor, ...(prov === undefined ? {} : { prov }) };
}
