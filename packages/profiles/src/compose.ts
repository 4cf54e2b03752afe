/**
 * Image references of a Compose project: `services.*.image`, after merging the `-f`
 * files in order (a later file's `image` wins), following `extends` (same file or
 * another file), expanding anchors/merge keys, and interpolating `${VAR…}` from the
 * project's `.env` files (Compose Specification "Interpolation", "extends", "Merge").
 */
import { dirname, resolve } from "node:path";
import type { Document, YAMLMap } from "yaml";
import { parseDockerReference } from "@stella/oci";
import type { Finding } from "./findings.js";
import { hasDigestPart, located, stringSite, type FoundImage } from "./found-image.js";
import { interpolate, type Environment } from "./interpolate.js";
import { asMap, asScalar, mapEntries, mapGet, scalarText, type SourceFile } from "./yaml-tree.js";

export type LoadSource = (path: string) => Promise<SourceFile>;

interface ServiceDef {
  file: SourceFile;
  doc: Document.Parsed;
  name: string;
  map: YAMLMap;
}

export interface ComposeResult {
  images: FoundImage[];
  findings: Finding[];
}

function servicesOf(file: SourceFile): Map<string, ServiceDef> {
  const out = new Map<string, ServiceDef>();
  for (const doc of file.docs) {
    const root = asMap(doc.contents, doc);
    const services = asMap(mapGet(root, "services", doc), doc);
    if (!services) continue;
    for (const [name, node] of mapEntries(services, doc)) {
      const map = asMap(node, doc);
      if (map) out.set(name, { file, doc, name, map });
    }
  }
  return out;
}

/** Follows `extends` until a definition with `image:`; cycles and dangling names become findings. */
async function imageThroughExtends(def: ServiceDef, load: LoadSource, findings: Finding[], seen: Set<string>): Promise<ServiceDef | undefined> {
  if (mapGet(def.map, "image", def.doc) !== undefined) return def;
  const ext = mapGet(def.map, "extends", def.doc);
  if (ext === undefined) return undefined;
  const key = `${def.file.path}#${def.name}`;
  const where = located(def.file, ext);
  if (seen.has(key)) {
    findings.push({ rule: "compose-extends", severity: "error", file: def.file.path, ...where, message: `service "${def.name}" extends itself through a cycle` });
    return undefined;
  }
  seen.add(key);
  const asText = scalarText(ext, def.doc);
  const extMap = asMap(ext, def.doc);
  const target = asText ?? scalarText(mapGet(extMap, "service", def.doc), def.doc);
  const otherFile = extMap ? scalarText(mapGet(extMap, "file", def.doc), def.doc) : undefined;
  if (target === undefined) {
    findings.push({ rule: "compose-extends", severity: "error", file: def.file.path, ...where, message: `service "${def.name}": extends needs a service name` });
    return undefined;
  }
  let source = def.file;
  if (otherFile !== undefined) {
    const path = resolve(dirname(def.file.path), otherFile);
    try {
      source = await load(path);
    } catch (e) {
      findings.push({ rule: "compose-extends", severity: "error", file: def.file.path, ...where, message: `service "${def.name}" extends file ${otherFile}, which cannot be read: ${e instanceof Error ? e.message : String(e)}` });
      return undefined;
    }
  }
  const next = servicesOf(source).get(target);
  if (!next) {
    findings.push({ rule: "compose-extends", severity: "error", file: def.file.path, ...where, message: `service "${def.name}" extends "${target}", which is not a service of ${source.path}` });
    return undefined;
  }
  return imageThroughExtends(next, load, findings, seen);
}

/** The image references of one Compose project (`-f` files in order). */
export async function extractCompose(files: SourceFile[], env: Environment, load: LoadSource): Promise<ComposeResult> {
  const findings: Finding[] = [];
  const layers = new Map<string, ServiceDef[]>();
  for (const file of files) {
    for (const [name, def] of servicesOf(file)) {
      const list = layers.get(name) ?? [];
      list.push(def);
      layers.set(name, list);
    }
  }
  const images: FoundImage[] = [];
  const seenSites = new Set<string>();
  for (const [name, defs] of layers) {
    // Overlays: the last file that sets `image` wins; else the last `extends` that leads to one.
    let def: ServiceDef | undefined;
    for (let i = defs.length - 1; i >= 0 && !def; i--) {
      const d = defs[i];
      if (d && mapGet(d.map, "image", d.doc) !== undefined) def = d;
    }
    for (let i = defs.length - 1; i >= 0 && !def; i--) {
      const d = defs[i];
      if (d) def = await imageThroughExtends(d, load, findings, new Set());
    }
    if (!def) continue; // build-only service
    const node = mapGet(def.map, "image", def.doc);
    const scalar = asScalar(node, def.doc);
    const where = located(def.file, scalar ?? node);
    const raw = scalarText(scalar, def.doc);
    if (raw === undefined) {
      findings.push({ rule: "invalid-reference", severity: "error", file: def.file.path, ...where, message: `services.${name}.image must be a string` });
      continue;
    }
    const result = interpolate(raw, env);
    for (const p of result.problems) {
      findings.push({ rule: "interpolation", severity: p.startsWith("required") ? "error" : "warning", file: def.file.path, ...where, message: `services.${name}.image: ${p}` });
    }
    const hasDigest = hasDigestPart(result.value, parseDockerReference);
    const found: FoundImage = { kind: "compose", file: def.file.path, ...where, path: `services.${name}.image`, value: result.value };
    const site = scalar ? stringSite(def.file, scalar, hasDigest) : undefined;
    if (site) found.site = site;
    else {
      const viaEnv = result.used.map((v) => env.get(v)).find((v) => v?.origin && /sha256:[a-f0-9]{64}/.test(v.value));
      const m = viaEnv?.origin ? /sha256:[a-f0-9]{64}/.exec(viaEnv.value) : null;
      if (viaEnv?.origin && m) {
        found.site = { file: viaEnv.origin.file, start: viaEnv.origin.start + m.index, end: viaEnv.origin.start + m.index + m[0].length, mode: "replace" };
      } else {
        found.unfixable = `the digest of services.${name}.image comes from ${result.used.map((v) => `$${v}`).join(", ") || "a value"} that is not written in a file`;
      }
    }
    // An anchor shared by several services is one place in the file: report it once.
    const key = `${found.file}:${found.line}:${found.column}:${found.value}`;
    if (seenSites.has(key)) continue;
    seenSites.add(key);
    images.push(found);
  }
  return { images, findings };
}
