import { toSpdxExpression } from "../licenses.js";
import { purl } from "../purl.js";
import type { Cataloger, Component } from "../types.js";
import { listZip, readZipEntry, ZipError } from "./zip.js";

const ARCHIVE = /\.(jar|war|ear|jpi|hpi)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;
const MAX_DEPTH = 3;
const MAX_ENTRY = 16 * 1024 * 1024;

/** JAR manifest (JAR File Specification "Manifest-Format"): `Name: value`, 72-byte lines continued by one space. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (raw === "") {
      if (out.size) break; // main section only
      continue;
    }
    if (raw.startsWith(" ") && last) {
      out.set(last, (out.get(last) ?? "") + raw.slice(1));
      continue;
    }
    const colon = raw.indexOf(":");
    if (colon <= 0) continue;
    last = raw.slice(0, colon).trim();
    out.set(last, raw.slice(colon + 1).trim());
  }
  return out;
}

/** Java `.properties` (key=value or key: value, # comments), enough for pom.properties. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith("#") || t.startsWith("!")) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(t);
    if (m) out.set(m[1] ?? "", m[2] ?? "");
  }
  return out;
}

interface Found {
  group?: string;
  artifact: string;
  version: string;
  license?: string;
  location: string;
  via: string;
}

/** Components in one archive: its pom.properties, else its manifest, then nested archives. */
function scanArchive(buf: Buffer, location: string, depth: number, warn: (where: string, m: string) => void, out: Found[]): void {
  let entries;
  try {
    entries = listZip(buf);
  } catch (e) {
    warn(location, `not a readable Java archive (${e instanceof Error ? e.message : String(e)}); skipped`);
    return;
  }
  const read = (name: string): string | undefined => {
    const e = entries.find((x) => x.name === name);
    if (!e) return undefined;
    try {
      return readZipEntry(buf, e, MAX_ENTRY).toString("utf8");
    } catch (err) {
      warn(`${location}!/${name}`, err instanceof ZipError ? err.message : String(err));
      return undefined;
    }
  };
  const manifest = parseManifest(read("META-INF/MANIFEST.MF") ?? "");
  const license = toSpdxExpression(manifest.get("Bundle-License")?.split(/[;,]/)[0]?.replace(/^https?:\/\/\S+$/, ""));
  const poms = entries.filter((e) => POM_PROPERTIES.test(e.name)).sort((a, b) => a.name.localeCompare(b.name));
  for (const p of poms) {
    const props = parseProperties(read(p.name) ?? "");
    const artifact = props.get("artifactId");
    const version = props.get("version");
    if (!artifact || !version) continue;
    const group = props.get("groupId");
    out.push({ ...(group ? { group } : {}), artifact, version, ...(license ? { license } : {}), location, via: p.name });
  }
  if (poms.length === 0) {
    const version = manifest.get("Implementation-Version") ?? manifest.get("Bundle-Version") ?? manifest.get("Specification-Version");
    const stem = location.slice(location.lastIndexOf("/") + 1).replace(ARCHIVE, "");
    const artifact = manifest.get("Bundle-SymbolicName")?.split(";")[0]?.trim() ?? manifest.get("Implementation-Title") ?? stem.replace(/-\d[\w.-]*$/, "");
    const vendorGroup = manifest.get("Implementation-Vendor-Id");
    if (artifact && version) out.push({ ...(vendorGroup ? { group: vendorGroup } : {}), artifact, version, ...(license ? { license } : {}), location, via: "META-INF/MANIFEST.MF" });
  }
  if (depth >= MAX_DEPTH) return;
  for (const e of entries) {
    if (!ARCHIVE.test(e.name)) continue;
    try {
      scanArchive(Buffer.from(readZipEntry(buf, e, 64 * 1024 * 1024)), `${location}!/${e.name}`, depth + 1, warn, out);
    } catch (err) {
      warn(`${location}!/${e.name}`, err instanceof Error ? err.message : String(err));
    }
  }
}

/**
 * Java archives (jar, war, ear, Jenkins plugins): Maven coordinates from
 * `META-INF/maven/<g>/<a>/pom.properties`, else the manifest's Implementation/Bundle
 * headers; nested archives (Spring Boot `BOOT-INF/lib`, `WEB-INF/lib`) up to 3 deep.
 */
export const javaCataloger: Cataloger = {
  name: "java-archive",
  open(info, buffer) {
    return ARCHIVE.test(info.path) ? buffer() : undefined;
  },
  catalog(ctx): Component[] {
    const out: Component[] = [];
    for (const f of ctx.files("java-archive")) {
      if (!(f.result instanceof Buffer)) continue;
      const found: Found[] = [];
      scanArchive(f.result, f.path, 0, ctx.warn, found);
      for (const j of found) {
        out.push({
          ecosystem: "java-archive",
          type: "library",
          name: j.group ? `${j.group}:${j.artifact}` : j.artifact,
          version: j.version,
          purl: purl("maven", j.group, j.artifact, j.version),
          ...(j.license ? { license: j.license } : {}),
          layerDigest: f.layerDigest,
          sourcePath: j.location,
          properties: { "stella:java:found-by": j.via },
        });
      }
    }
    return out;
  },
};
