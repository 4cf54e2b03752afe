import type { CatalogContext, Cataloger, Component } from "../types.js";

const PATHS = ["etc/os-release", "usr/lib/os-release"];

/** os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2] ?? "";
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1).replace(/\\(["'$`\\])/g, "$1");
    out.set(m[1] ?? "", v);
  }
  return out;
}

export type Distro = NonNullable<CatalogContext["distro"]>;

/** The image's distro, from etc/os-release (preferred) or usr/lib/os-release. */
export function distroOf(ctx: Pick<CatalogContext, "file">): { distro: Distro; path: string; layerDigest: string } | undefined {
  for (const p of PATHS) {
    const f = ctx.file("os-release", p);
    if (!(f?.result instanceof Buffer)) continue;
    const kv = parseOsRelease(f.result.toString("utf8"));
    const id = kv.get("ID");
    if (!id) continue;
    const distro: Distro = { id };
    const versionId = kv.get("VERSION_ID");
    const codename = kv.get("VERSION_CODENAME");
    const pretty = kv.get("PRETTY_NAME");
    if (versionId) distro.versionId = versionId;
    if (codename) distro.versionCodename = codename;
    if (pretty) distro.prettyName = pretty;
    return { distro, path: p, layerDigest: f.layerDigest };
  }
  return undefined;
}

/** The purl `distro` qualifier: `debian-12`, `alpine-3.20.1` (purl-spec types deb/apk/rpm). */
export function distroQualifier(d: CatalogContext["distro"]): string | undefined {
  if (!d) return undefined;
  return d.versionId ? `${d.id}-${d.versionId}` : d.id;
}

export const osReleaseCataloger: Cataloger = {
  name: "os-release",
  open(info, buffer) {
    return PATHS.includes(info.path) ? buffer() : undefined;
  },
  catalog(ctx): Component[] {
    const found = distroOf(ctx);
    if (!found) return [];
    const { distro } = found;
    const props: Record<string, string> = {};
    if (distro.prettyName) props["stella:os:pretty-name"] = distro.prettyName;
    if (distro.versionCodename) props["stella:os:codename"] = distro.versionCodename;
    return [
      {
        ecosystem: "os",
        type: "operating-system",
        name: distro.id,
        version: distro.versionId ?? "",
        layerDigest: found.layerDigest,
        sourcePath: found.path,
        properties: props,
      },
    ];
  },
};
