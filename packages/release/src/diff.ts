import type { BreakingChange, MigrationStep, ReleaseManifest, ServiceRelease } from "./model.js";
import semver from "semver";

/** What changed between two releases (§10.1: the update banner shows a manifest diff). */
export interface ManifestDiff {
  from: string;
  to: string;
  added: { service_id: string; image: string; digest: string; version?: string }[];
  removed: { service_id: string; image: string; digest: string; version?: string }[];
  changed: ServiceChange[];
  breaking_changes: BreakingChange[];
  migrations: MigrationStep[];
}

export interface ServiceChange {
  service_id: string;
  image?: { from: string; to: string };
  digest?: { from: string; to: string };
  version?: { from: string | undefined; to: string | undefined; bump: "major" | "minor" | "patch" | "prerelease" | "downgrade" | "other" };
}

/** Pure diff by service id; lists sorted by service id; breaking changes and migrations of `next` not in `prev`. */
export function diffManifests(prev: ReleaseManifest, next: ReleaseManifest): ManifestDiff {
  const a = new Map(prev.manifest.services.map((s) => [s.service_id, s]));
  const b = new Map(next.manifest.services.map((s) => [s.service_id, s]));
  const brief = (s: ServiceRelease) => ({ service_id: s.service_id, image: s.image, digest: s.digest, ...(s.version === undefined ? {} : { version: s.version }) });
  const byId = (x: { service_id: string }, y: { service_id: string }) => (x.service_id < y.service_id ? -1 : x.service_id > y.service_id ? 1 : 0);
  const added = [...b.values()].filter((s) => !a.has(s.service_id)).map(brief).sort(byId);
  const removed = [...a.values()].filter((s) => !b.has(s.service_id)).map(brief).sort(byId);
  const changed: ServiceChange[] = [];
  for (const [id, n] of b) {
    const o = a.get(id);
    if (!o) continue;
    const c: ServiceChange = { service_id: id };
    if (o.image !== n.image) c.image = { from: o.image, to: n.image };
    if (o.digest !== n.digest) c.digest = { from: o.digest, to: n.digest };
    if (o.version !== n.version) c.version = { from: o.version, to: n.version, bump: bumpOf(o.version, n.version) };
    if (c.image || c.digest || c.version) changed.push(c);
  }
  changed.sort(byId);
  const oldBc = new Set((prev.manifest.breaking_changes ?? []).map((x) => x.change_id));
  const oldMig = new Set((prev.manifest.migrations ?? []).map((x) => x.migration_id));
  return {
    from: prev.manifest.version,
    to: next.manifest.version,
    added,
    removed,
    changed,
    breaking_changes: (next.manifest.breaking_changes ?? []).filter((x) => !oldBc.has(x.change_id)),
    migrations: (next.manifest.migrations ?? []).filter((x) => !oldMig.has(x.migration_id)),
  };
}

function bumpOf(from: string | undefined, to: string | undefined): NonNullable<ServiceChange["version"]>["bump"] {
  const a = semver.parse(from ?? "");
  const b = semver.parse(to ?? "");
  if (!a || !b) return "other";
  if (semver.lt(b, a)) return "downgrade";
  const d = semver.diff(a, b);
  if (d === "major" || d === "premajor") return "major";
  if (d === "minor" || d === "preminor") return "minor";
  if (d === "patch" || d === "prepatch") return "patch";
  return d === "prerelease" ? "prerelease" : "other";
}

export type DiffFormat = "text" | "markdown" | "json";

export function renderDiff(diff: ManifestDiff, format: DiffFormat): string {
  if (format === "json") return `${JSON.stringify(diff, null, 2)}\n`;
  const md = format === "markdown";
  const short = (d: string) => d.slice(0, 19);
  const lines: string[] = [md ? `## Release manifest diff ${diff.from} → ${diff.to}` : `release ${diff.from} -> ${diff.to}`, ""];
  const none = diff.added.length + diff.removed.length + diff.changed.length + diff.breaking_changes.length + diff.migrations.length === 0;
  if (none) lines.push(md ? "_No changes._" : "no changes");
  if (diff.breaking_changes.length > 0) {
    lines.push(md ? "### ⚠ Breaking changes" : "BREAKING CHANGES:");
    for (const b of diff.breaking_changes) lines.push(`${md ? "- **" : "  ! "}${b.change_id}${md ? "**" : ""}${b.service ? ` (${b.service})` : ""}: ${b.description}. Migration: ${b.migration_guide}`);
    lines.push("");
  }
  if (diff.migrations.length > 0) {
    lines.push(md ? "### Migrations" : "migrations:");
    for (const m of diff.migrations) lines.push(`${md ? "- " : "  * "}${m.migration_id} [${m.type}${m.requires_downtime ? ", downtime" : ""}${m.reversible ? ", reversible" : ""}]: ${m.description}`);
    lines.push("");
  }
  if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
    if (md) lines.push("### Services", "", "| service | change | version | digest |", "| --- | --- | --- | --- |");
    else lines.push("services:");
    for (const s of diff.added) lines.push(md ? `| ${s.service_id} | added | ${s.version ?? ""} | \`${short(s.digest)}\` |` : `  + ${s.service_id} ${s.version ?? ""} ${s.digest}`);
    for (const s of diff.removed) lines.push(md ? `| ${s.service_id} | removed | ${s.version ?? ""} | \`${short(s.digest)}\` |` : `  - ${s.service_id} ${s.version ?? ""} ${s.digest}`);
    for (const c of diff.changed) {
      const v = c.version ? `${c.version.from ?? "?"} → ${c.version.to ?? "?"} (${c.version.bump})` : "";
      const d = c.digest ? `${short(c.digest.from)} → ${short(c.digest.to)}` : "";
      const what = [c.image ? `image ${c.image.from} → ${c.image.to}` : "", c.version ? "version" : "", c.digest ? "digest" : ""].filter(Boolean).join(", ");
      lines.push(md ? `| ${c.service_id} | ${what} | ${v} | ${d ? `\`${d}\`` : ""} |` : `  ~ ${c.service_id}: ${what}${v ? ` ${v.replace(/→/g, "->")}` : ""}${c.digest ? ` ${c.digest.from} -> ${c.digest.to}` : ""}`);
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
