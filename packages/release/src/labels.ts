import { isImageManifestMediaType, isIndexMediaType, parseManifest, type ImageStore } from "@stella/oci";
import { ReleaseError } from "./errors.js";
import { calendarOf, isCalendarTag } from "./version.js";

/** The release metadata labels every image sets (architecture-devops.md §6.2). */
export const RELEASE_LABELS = [
  "org.opencontainers.image.version",
  "org.opencontainers.image.revision",
  "org.opencontainers.image.created",
  "org.stellaops.release.calendar",
  "org.stellaops.release.channel",
  "org.stellaops.build.slsaProvenance",
] as const;
export type ReleaseLabel = (typeof RELEASE_LABELS)[number];

export interface ExpectedLabels {
  /** The service's version (`org.opencontainers.image.version`). */
  version?: string;
  /** Values accepted for `org.stellaops.release.channel` (e.g. the train and its schema id). */
  channels?: readonly string[];
  /** `YYYY.MM` of the release. */
  calendar?: string;
  /** The commit the release was built from. */
  revision?: string;
}

export interface LabelFinding {
  image: string;
  platform?: string;
  label: ReleaseLabel;
  problem: "missing" | "invalid" | "mismatch";
  actual?: string;
  expected?: string;
  message: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const SHA_RE = /^[0-9a-f]{7,64}$/;
const URI_RE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/;

/** Pure check of one image config's labels against what the release says. */
export function checkImageLabels(image: string, labels: Readonly<Record<string, string>> | undefined, expected: ExpectedLabels, platform?: string): LabelFinding[] {
  const out: LabelFinding[] = [];
  const add = (label: ReleaseLabel, problem: LabelFinding["problem"], detail: string, actual?: string, want?: string) =>
    out.push({
      image,
      ...(platform === undefined ? {} : { platform }),
      label,
      problem,
      ...(actual === undefined ? {} : { actual }),
      ...(want === undefined ? {} : { expected: want }),
      message: `${image}${platform ? ` (${platform})` : ""}: label ${label} ${detail}`,
    });
  const get = (l: ReleaseLabel): string | undefined => {
    const v = labels?.[l];
    if (v === undefined || v.trim() === "") {
      add(l, "missing", "is missing (architecture-devops.md §6.2: set it with --label at build time)");
      return undefined;
    }
    return v;
  };
  const version = get("org.opencontainers.image.version");
  if (version !== undefined && expected.version !== undefined && version !== expected.version) add("org.opencontainers.image.version", "mismatch", `is "${version}" but the release lists version ${expected.version}`, version, expected.version);
  const revision = get("org.opencontainers.image.revision");
  if (revision !== undefined) {
    if (!SHA_RE.test(revision)) add("org.opencontainers.image.revision", "invalid", `is "${revision}", not a git commit id (hex)`, revision);
    else if (expected.revision !== undefined && revision !== expected.revision) add("org.opencontainers.image.revision", "mismatch", `is ${revision} but the release was built from ${expected.revision}`, revision, expected.revision);
  }
  const created = get("org.opencontainers.image.created");
  const createdOk = created !== undefined && RFC3339.test(created) && !Number.isNaN(Date.parse(created));
  if (created !== undefined && !createdOk) add("org.opencontainers.image.created", "invalid", `is "${created}", not an RFC 3339 date-time`, created);
  const calendar = get("org.stellaops.release.calendar");
  if (calendar !== undefined) {
    if (!isCalendarTag(calendar)) add("org.stellaops.release.calendar", "invalid", `is "${calendar}", expected YYYY.MM`, calendar);
    else if (expected.calendar !== undefined && calendar !== expected.calendar) add("org.stellaops.release.calendar", "mismatch", `is ${calendar} but the release's calendar tag is ${expected.calendar}`, calendar, expected.calendar);
    else if (expected.calendar === undefined && createdOk && created !== undefined && calendar < calendarOf(new Date(created))) {
      add("org.stellaops.release.calendar", "mismatch", `is ${calendar}, before the image was created (${created})`, calendar, calendarOf(new Date(created)));
    }
  }
  const channel = get("org.stellaops.release.channel");
  if (channel !== undefined && expected.channels !== undefined && expected.channels.length > 0 && !expected.channels.includes(channel)) {
    add("org.stellaops.release.channel", "mismatch", `is "${channel}" but the release is on ${expected.channels.join("/")}`, channel, expected.channels[0]);
  }
  const provenance = get("org.stellaops.build.slsaProvenance");
  if (provenance !== undefined && !URI_RE.test(provenance)) add("org.stellaops.build.slsaProvenance", "invalid", `is "${provenance}", expected a reference such as oci://REGISTRY/REPO@sha256:...`, provenance);
  return out;
}

export interface PlatformLabels {
  platform?: string;
  labels: Record<string, string>;
}

/** Reads `config.Labels` of an image (every platform of an index) through an ImageStore. */
export async function readImageLabels(store: ImageStore, digest: string): Promise<PlatformLabels[]> {
  const top = await store.getManifest(digest);
  const parsed = parseManifest(top.bytes, `${store.location}@${digest}`, top.descriptor.mediaType);
  const manifests: { platform?: string; digest: string }[] = [];
  if (parsed.kind === "index") {
    for (const d of parsed.index.manifests) {
      if (!isImageManifestMediaType(d.mediaType) && !isIndexMediaType(d.mediaType)) continue;
      if (d.platform?.architecture === "unknown") continue; // attestation manifests of buildx
      manifests.push({ digest: d.digest, ...(d.platform ? { platform: `${d.platform.os}/${d.platform.architecture}${d.platform.variant ? `/${d.platform.variant}` : ""}` } : {}) });
    }
  } else manifests.push({ digest });
  const out: PlatformLabels[] = [];
  for (const m of manifests) {
    const blob = m.digest === digest ? top : await store.getManifest(m.digest);
    const p = parseManifest(blob.bytes, `${store.location}@${m.digest}`, blob.descriptor.mediaType);
    if (p.kind !== "manifest") continue;
    const config: unknown = JSON.parse(new TextDecoder().decode(await store.getBlobBytes(p.manifest.config)));
    out.push({ ...(m.platform === undefined ? {} : { platform: m.platform }), labels: labelsOf(config) });
  }
  if (out.length === 0) throw new ReleaseError(`${store.location}@${digest}: no image manifest with a config found`, { code: "FRAGMENT", hint: "the digest must name an image or an index of images" });
  return out;
}

function labelsOf(config: unknown): Record<string, string> {
  const inner = isRecord(config) ? config.config : undefined;
  const labels = isRecord(inner) ? inner.Labels : undefined;
  const out: Record<string, string> = {};
  if (isRecord(labels)) for (const [k, v] of Object.entries(labels)) if (typeof v === "string") out[k] = v;
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
