/**
 * Image references in Helm values files, in the shapes public charts use:
 *   image: "repo:tag@sha256:…"                                  single string
 *   image: { repository, tag, digest }                          most charts
 *   image: { registry, repository, tag, digest }                bitnami style (+ global.imageRegistry)
 *   image: { registry, image, tag, digest }                     ingress-nginx style
 *   image: { repository, tag, sha }                             prometheus-community style (bare hex)
 * under any key named `image` or ending in `Image` (initImage, sidecarImage, …).
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from "yaml";
import { located, stringSite, type DigestSite, type FoundImage } from "./found-image.js";
import { asMap, asScalar, deref, mapEntries, mapGet, positionOf, scalarText, type SourceFile } from "./yaml-tree.js";

const IMAGE_KEY = /^(image|.+Image)$/;

interface Ctx {
  file: SourceFile;
  doc: Document.Parsed;
  globalRegistry: string | undefined;
  out: FoundImage[];
}

export function extractHelmValues(file: SourceFile): FoundImage[] {
  const out: FoundImage[] = [];
  for (const doc of file.docs) {
    const root = asMap(doc.contents, doc);
    if (!root) continue;
    const global = asMap(mapGet(root, "global", doc), doc);
    const registry = scalarText(mapGet(global, "imageRegistry", doc), doc);
    walk(root, "", { file, doc, globalRegistry: registry === "" ? undefined : registry, out }, 0);
  }
  return out;
}

function entriesOf(map: YAMLMap, doc: Document.Parsed): Iterable<[string, Node | undefined]> {
  for (const p of map.items) {
    if (isScalar(p.key) && p.key.value === "<<") return mapEntries(map, doc);
  }
  const list: [string, Node | undefined][] = [];
  for (const p of map.items) {
    const k = isScalar(p.key) ? p.key.value : undefined;
    if (typeof k === "string" || typeof k === "number") list.push([String(k), (p.value as Node | null) ?? undefined]);
  }
  return list;
}

function walk(node: Node | undefined, path: string, ctx: Ctx, depth: number): void {
  if (depth > 64) return;
  const n = deref(node, ctx.doc);
  if (isMap(n)) {
    for (const [key, value] of entriesOf(n, ctx.doc)) {
      const sub = path ? `${path}.${key}` : key;
      if (IMAGE_KEY.test(key) && imageAt(value, sub, ctx)) continue;
      walk(value, sub, ctx, depth + 1);
    }
  } else if (isSeq(n)) {
    n.items.forEach((item, i) => walk(item as Node, `${path}[${i}]`, ctx, depth + 1));
  }
}

/** Records the image at `node` if it has an image shape; true when it did. */
function imageAt(node: Node | undefined, path: string, ctx: Ctx): boolean {
  const { file, doc } = ctx;
  const n = deref(node, doc);
  if (isScalar(n)) {
    const value = scalarText(n, doc);
    if (value === undefined || value === "" || /\s|\{\{/.test(value)) return false;
    const found: FoundImage = { kind: "helm", file: file.path, ...located(file, n), path, value };
    const site = stringSite(file, n, value.includes("@"));
    if (site) found.site = site;
    ctx.out.push(found);
    return true;
  }
  if (!isMap(n)) return false;
  const repoNode = asScalar(mapGet(n, "repository", doc), doc) ?? asScalar(mapGet(n, "image", doc), doc);
  const repository = scalarText(repoNode, doc);
  if (repoNode === undefined || repository === undefined) return false;
  if (repository === "") return true; // an image slot the chart leaves empty (disabled component)
  const registry = ctx.globalRegistry ?? scalarText(mapGet(n, "registry", doc), doc);
  const tag = scalarText(mapGet(n, "tag", doc), doc);
  const digestNode = asScalar(mapGet(n, "digest", doc), doc);
  const shaNode = digestNode ? undefined : asScalar(mapGet(n, "sha", doc), doc);
  let digest = scalarText(digestNode ?? shaNode, doc) ?? "";
  if (shaNode && digest !== "" && !digest.startsWith("sha256:")) digest = `sha256:${digest}`;
  const value = `${registry ? `${registry}/` : ""}${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
  const found: FoundImage = { kind: "helm", file: file.path, ...located(file, repoNode), path, value };
  const dNode = digestNode ?? shaNode;
  if (dNode?.range && digest !== "") {
    const p = positionOf(file, dNode.range[0]);
    found.digestLine = p.line;
    found.digestColumn = p.column;
  }
  const site = fieldSite(file, n, dNode, shaNode !== undefined);
  if (site) found.site = site;
  else found.unfixable = `${path} is a flow mapping; add a digest field by hand`;
  ctx.out.push(found);
  return true;
}

function fieldSite(file: SourceFile, map: YAMLMap, node: Scalar | undefined, bareHex: boolean): DigestSite | undefined {
  if (node?.range) {
    const [start, end] = node.range;
    const source = file.text.slice(start, end);
    const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
    const inner = quoted ? { start: start + 1, end: end - 1 } : { start, end: start + source.trimEnd().length };
    if (bareHex) return { file: file.path, ...inner, mode: "hex" };
    return { file: file.path, start, end: quoted ? end : inner.end, mode: "field" };
  }
  if (map.flow || map.items.length === 0) return undefined;
  const first = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  const lastEnd = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | null)?.range?.[1];
  if (!first?.range || lastEnd === undefined) return undefined;
  const col = positionOf(file, first.range[0]).column;
  let at = file.text.indexOf("\n", lastEnd);
  if (at < 0) at = file.text.length;
  return { file: file.path, start: at, end: at, mode: "insert-line", indent: " ".repeat(col - 1) };
}
