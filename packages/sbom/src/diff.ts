import type { Component } from "./types.js";

type Comparable = Pick<Component, "purl" | "ecosystem" | "name" | "version"> & { sourcePath?: string };

/**
 * A component as compared across SBOMs: identity (purl without version; plus the file it
 * was found in when both sides record it, so removing one of two copies shows), then its
 * versions.
 */
export interface DiffEntry {
  key: string;
  name: string;
  ecosystem: string;
  versions: string[];
}

export interface SbomDiff {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: { key: string; name: string; ecosystem: string; from: string[]; to: string[] }[];
}

/** The purl without version and qualifiers other than arch, else ecosystem:name. */
export function identityOf(c: Pick<Component, "purl" | "ecosystem" | "name">): string {
  if (!c.purl) return `${c.ecosystem}:${c.name}`;
  const [base = "", query = ""] = c.purl.split("#")[0]?.split("?") ?? [];
  const at = base.lastIndexOf("@");
  const noVersion = at > base.indexOf("/") ? base.slice(0, at) : base;
  const arch = new URLSearchParams(query).get("arch");
  return arch ? `${noVersion}?arch=${arch}` : noVersion;
}

function group(components: readonly Comparable[], withPath: boolean): Map<string, DiffEntry> {
  const m = new Map<string, DiffEntry>();
  for (const c of components) {
    const key = withPath ? `${identityOf(c)} /${c.sourcePath ?? ""}` : identityOf(c);
    const e = m.get(key) ?? { key, name: c.name, ecosystem: c.ecosystem, versions: [] };
    if (!e.versions.includes(c.version)) e.versions.push(c.version);
    m.set(key, e);
  }
  for (const e of m.values()) e.versions.sort();
  return m;
}

/** Added, removed and changed (other versions) components from `a` to `b`, sorted. */
export function diffComponents(a: readonly Comparable[], b: readonly Comparable[]): SbomDiff {
  const withPath = [...a, ...b].every((c) => c.sourcePath !== undefined);
  const ga = group(a, withPath);
  const gb = group(b, withPath);
  const out: SbomDiff = { added: [], removed: [], changed: [] };
  for (const [k, e] of gb) if (!ga.has(k)) out.added.push(e);
  for (const [k, e] of ga) {
    const other = gb.get(k);
    if (!other) out.removed.push(e);
    else if (other.versions.join("\n") !== e.versions.join("\n")) out.changed.push({ key: k, name: e.name, ecosystem: e.ecosystem, from: e.versions, to: other.versions });
  }
  const byKey = (x: { key: string }, y: { key: string }) => x.key.localeCompare(y.key);
  out.added.sort(byKey);
  out.removed.sort(byKey);
  out.changed.sort(byKey);
  return out;
}

export function isEmptyDiff(d: SbomDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

/** One line per difference, for logs, step failures and `stella sbom diff`. */
export function formatDiff(d: SbomDiff): string {
  const lines = [
    ...d.added.map((e) => `+ ${e.key} ${e.versions.join(", ")}`),
    ...d.removed.map((e) => `- ${e.key} ${e.versions.join(", ")}`),
    ...d.changed.map((e) => `~ ${e.key} ${e.from.join(", ")} -> ${e.to.join(", ")}`),
  ];
  return lines.length ? lines.join("\n") : "no differences";
}
