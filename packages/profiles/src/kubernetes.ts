/**
 * Image references in rendered Kubernetes manifests (multi-document YAML): the pod
 * template of Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
 * Job and CronJob (and `kind: List` items); containers, initContainers and
 * ephemeralContainers.
 */
import type { Document, Node, YAMLMap } from "yaml";
import { parseDockerReference } from "@stella/oci";
import { hasDigestPart, located, stringSite, type FoundImage } from "./found-image.js";
import { asMap, asScalar, asSeq, mapGet, scalarText, type SourceFile } from "./yaml-tree.js";

/** Where the PodSpec sits in each workload kind. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  PodTemplate: ["template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

export function isKubernetesObject(node: unknown, doc: Document.Parsed): boolean {
  const map = asMap(node, doc);
  return map !== undefined && scalarText(mapGet(map, "apiVersion", doc), doc) !== undefined && scalarText(mapGet(map, "kind", doc), doc) !== undefined;
}

export function extractKubernetes(file: SourceFile): FoundImage[] {
  const out: FoundImage[] = [];
  for (const doc of file.docs) objectImages(file, doc, doc.contents, out, 0);
  return out;
}

function objectImages(file: SourceFile, doc: Document.Parsed, node: Node | null | undefined, out: FoundImage[], depth: number): void {
  const obj = asMap(node, doc);
  if (!obj || depth > 4) return;
  const kind = scalarText(mapGet(obj, "kind", doc), doc) ?? "";
  if (kind === "List" || kind.endsWith("List")) {
    for (const item of asSeq(mapGet(obj, "items", doc), doc)?.items ?? []) objectImages(file, doc, item as Node, out, depth + 1);
    return;
  }
  const specPath = POD_SPEC_PATH[kind];
  if (!specPath) return;
  let spec: YAMLMap | undefined = obj;
  for (const key of specPath) spec = asMap(mapGet(spec, key, doc), doc);
  if (!spec) return;
  const name = scalarText(mapGet(asMap(mapGet(obj, "metadata", doc), doc), "name", doc), doc) ?? "?";
  for (const list of CONTAINER_LISTS) {
    const seq = asSeq(mapGet(spec, list, doc), doc);
    seq?.items.forEach((item, i) => {
      const container = asMap(item, doc);
      const node = mapGet(container, "image", doc);
      const scalar = asScalar(node, doc);
      const value = scalarText(scalar, doc);
      if (!scalar || value === undefined) return;
      const cname = scalarText(mapGet(container, "name", doc), doc) ?? String(i);
      const hasDigest = hasDigestPart(value, parseDockerReference);
      const found: FoundImage = { kind: "kubernetes", file: file.path, ...located(file, scalar), path: `${kind}/${name} ${list}[${cname}].image`, value };
      const site = stringSite(file, scalar, hasDigest);
      if (site) found.site = site;
      out.push(found);
    });
  }
}
