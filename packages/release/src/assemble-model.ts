import canonicalize from "canonicalize";
import { withManifestDigest } from "./canonical-digest.js";
import type { Train } from "./channels.js";
import type { ImageFragment } from "./fragment.js";
import type { ManifestBody, ReleaseChannel, ReleaseManifest, SchemaChannelId } from "./model.js";
import type { ReleaseYaml } from "./release-yaml.js";
import { calendarOf } from "./version.js";

export interface ReleaseInfo {
  version: string;
  /** RFC 3339; from SOURCE_DATE_EPOCH or the tag date, never the wall clock. */
  released_at: string;
  release_id?: string;
  codename?: string;
  release_notes_url?: string;
  train: Train;
  schemaChannel: SchemaChannelId;
}

/**
 * The release.json of a set of fragments, pure: services sorted by id, the channel entry for
 * this release set (or added), infrastructure/migrations/breaking changes/profiles taken from
 * the optional template, `manifest_digest` computed. serializeRelease writes keys sorted, so
 * the bytes depend on the data only.
 */
export function buildRelease(fragments: readonly ImageFragment[], info: ReleaseInfo, template?: ReleaseManifest): ReleaseManifest {
  const services = fragments.map((f) => f.service).sort((a, b) => (a.service_id < b.service_id ? -1 : a.service_id > b.service_id ? 1 : 0));
  const t = template?.manifest;
  const manifest: ManifestBody = {
    release_id: info.release_id ?? t?.release_id ?? `stellaops-${info.version}`,
    version: info.version,
    ...(info.codename ?? t?.codename ? { codename: info.codename ?? t?.codename } : {}),
    released_at: info.released_at,
    ...(info.release_notes_url ? { release_notes_url: info.release_notes_url } : {}),
    services,
    ...(t?.infrastructure ? { infrastructure: t.infrastructure } : {}),
    ...(t?.migrations ? { migrations: t.migrations } : {}),
    ...(t?.breaking_changes ? { breaking_changes: t.breaking_changes } : {}),
  };
  const channels = mergeChannel(template?.channels ?? [], info);
  const doc: ReleaseManifest = { manifest, ...(template?.profiles ? { profiles: template.profiles } : {}), channels };
  return withManifestDigest(doc);
}

function mergeChannel(channels: readonly ReleaseChannel[], info: ReleaseInfo): ReleaseChannel[] {
  const rest = channels.filter((c) => c.channel_id !== info.schemaChannel);
  const prev = channels.find((c) => c.channel_id === info.schemaChannel);
  const name = info.schemaChannel.charAt(0).toUpperCase() + info.schemaChannel.slice(1);
  const entry: ReleaseChannel = { ...(prev ?? { name }), channel_id: info.schemaChannel, current_version: info.version };
  const order: SchemaChannelId[] = ["stable", "beta", "alpha", "nightly"];
  return [...rest, entry].sort((a, b) => order.indexOf(a.channel_id) - order.indexOf(b.channel_id));
}

/** The release.json text: canonical key order, two-space indent, final newline. */
export function serializeRelease(release: ReleaseManifest): string {
  const sorted: unknown = JSON.parse(canonicalize(release) ?? "null"); // same data, keys in RFC 8785 order
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

export interface YamlExtras {
  /** §6.1 `channel`: the train (lts/stable/edge). */
  train: string;
  signatures?: Readonly<Record<string, NonNullable<ImageFragment["signature"]>>>;
  charts?: ReleaseYaml["charts"];
  compose?: ReleaseYaml["compose"];
}

/** The §6.1 summary of a release.json. */
export function releaseYamlOf(release: ReleaseManifest, extras: YamlExtras): ReleaseYaml {
  const m = release.manifest;
  const date = m.released_at ?? "1970-01-01T00:00:00Z";
  return {
    version: m.version,
    channel: extras.train,
    date,
    calendar: calendarOf(new Date(date)),
    ...(m.manifest_digest ? { manifestDigest: m.manifest_digest } : {}),
    components: m.services.map((s) => {
      const sig = extras.signatures?.[s.service_id];
      return {
        name: s.service_id,
        image: `${s.image}@${s.digest}`,
        ...(s.version === undefined ? {} : { version: s.version }),
        ...(s.sbom_ref === undefined ? {} : { sbom: s.sbom_ref }),
        ...(s.attestation_ref === undefined ? {} : { provenance: s.attestation_ref }),
        ...(sig === undefined ? {} : { signature: { ...(sig.rekor_uuid === undefined ? {} : { rekorUUID: sig.rekor_uuid }), ...(sig.log_index === undefined ? {} : { logIndex: sig.log_index }), ...(sig.ref === undefined ? {} : { ref: sig.ref }) } }),
      };
    }),
    ...(extras.charts ? { charts: extras.charts } : {}),
    ...(extras.compose ? { compose: extras.compose } : {}),
  };
}
