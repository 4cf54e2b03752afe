import { parseManifest } from "./manifest.js";
import type { Descriptor, ImageStore, Platform } from "./types.js";

/** What `stella inspect` prints (issue 3): digest, media type, platforms, layers, labels, referrers. */
export interface ImageDetails {
  digest: string;
  mediaType: string;
  size: number;
  /** For an index: one entry per platform image. */
  platforms: PlatformImage[];
  /** For an image manifest: its layers and config facts; empty for an index. */
  layers: Descriptor[];
  labels: Record<string, string>;
  config?: ConfigFacts;
  referrers: Descriptor[];
}

export interface PlatformImage {
  digest: string;
  mediaType: string;
  platform?: Platform;
  layers: Descriptor[];
  labels: Record<string, string>;
}

export interface ConfigFacts {
  os?: string;
  architecture?: string;
  variant?: string;
  created?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The bits of an image config (OCI or Docker) inspect shows, read through guards. */
export function configFacts(bytes: Uint8Array): { facts: ConfigFacts; labels: Record<string, string> } {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return { facts: {}, labels: {} };
  }
  if (!isRecord(doc)) return { facts: {}, labels: {} };
  const facts: ConfigFacts = {};
  for (const k of ["os", "architecture", "variant", "created"] as const) {
    const v = doc[k];
    if (typeof v === "string") facts[k] = v;
  }
  const labels: Record<string, string> = {};
  const inner = doc.config;
  if (isRecord(inner) && isRecord(inner.Labels)) {
    for (const [k, v] of Object.entries(inner.Labels)) if (typeof v === "string") labels[k] = v;
  }
  return { facts, labels };
}

const isConfigJson = (mediaType: string) => mediaType.endsWith("+json") || mediaType.endsWith(".json") || mediaType === "application/octet-stream";

async function imageOf(store: ImageStore, digest: string, mediaType: string): Promise<{ layers: Descriptor[]; labels: Record<string, string>; facts: ConfigFacts }> {
  const blob = await store.getManifest(digest);
  const parsed = parseManifest(blob.bytes, digest, mediaType);
  if (parsed.kind !== "manifest") return { layers: [], labels: {}, facts: {} };
  const config = parsed.manifest.config;
  const read = isConfigJson(config.mediaType) && config.size <= 4 * 1024 * 1024 ? configFacts(await store.getBlobBytes(config)) : { facts: {}, labels: {} };
  return { layers: parsed.manifest.layers, ...read };
}

export async function inspectImage(store: ImageStore, reference: string): Promise<ImageDetails> {
  const top = await store.getManifest(reference);
  const parsed = parseManifest(top.bytes, `${store.location}@${top.descriptor.digest}`, top.descriptor.mediaType);
  const digest = top.descriptor.digest;
  const referrers = await store.referrers(digest);
  const base = { digest, mediaType: parsed.mediaType, size: top.bytes.byteLength, referrers };
  if (parsed.kind === "index") {
    const platforms: PlatformImage[] = [];
    for (const m of parsed.index.manifests) {
      const image = await imageOf(store, m.digest, m.mediaType);
      platforms.push({ digest: m.digest, mediaType: m.mediaType, ...(m.platform ? { platform: m.platform } : {}), layers: image.layers, labels: image.labels });
    }
    return { ...base, platforms, layers: [], labels: {} };
  }
  const image = await imageOf(store, digest, parsed.mediaType);
  return { ...base, platforms: [], layers: image.layers, labels: image.labels, config: image.facts };
}

function human(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** Plain text for people (stdout of `stella inspect`). */
export function formatImageDetails(name: string, d: ImageDetails): string {
  const lines = [`Name:       ${name}`, `Digest:     ${d.digest}`, `MediaType:  ${d.mediaType}`];
  if (d.config?.os) lines.push(`Platform:   ${d.config.os}/${d.config.architecture ?? "?"}${d.config.variant ? `/${d.config.variant}` : ""}`);
  if (d.config?.created) lines.push(`Created:    ${d.config.created}`);
  const layerLines = (layers: Descriptor[], indent: string) => layers.map((l) => `${indent}${l.digest}  ${human(l.size)}  ${l.mediaType}`);
  if (d.platforms.length > 0) {
    lines.push("Platforms:");
    for (const p of d.platforms) {
      const plat = p.platform ? `${p.platform.os}/${p.platform.architecture}${p.platform.variant ? `/${p.platform.variant}` : ""}` : "(no platform)";
      lines.push(`  ${plat}  ${p.digest}  ${p.layers.length} layers`);
    }
  } else {
    lines.push(`Layers:     ${d.layers.length} (${human(d.layers.reduce((n, l) => n + l.size, 0))})`, ...layerLines(d.layers, "  "));
  }
  const labels = Object.entries(d.labels).sort(([a], [b]) => (a < b ? -1 : 1));
  if (labels.length > 0) lines.push("Labels:", ...labels.map(([k, v]) => `  ${k}=${v}`));
  lines.push(`Referrers:  ${d.referrers.length}`, ...d.referrers.map((r) => `  ${r.digest}  ${r.artifactType ?? r.mediaType}`));
  return lines.join("\n");
}
