/**
 * `compose.stella.lock.yml` (artifact-generation.md §1 "Compose Lock File"): the Compose
 * profile with every image pinned to the release manifest's digest, the original tag as a
 * comment under the image, `stella.*` labels, `x-stella` metadata, and the header lines,
 * in the layout the spec shows. `x-stella.checksums.sha256` is the SHA-256 of the file with
 * that value empty (a file cannot contain its own hash); `checksums.sha256` beside it holds
 * the hash of the final bytes for `sha256sum -c`.
 */
import { Document, isMap, Scalar, type Pair, type YAMLMap } from "yaml";
import { sha256Hex } from "@stella/core";
import { parseDockerReference } from "@stella/oci";
import { interpolate, unmirror, type Mirror } from "@stella/profiles";
import type { ReleaseManifest, ServiceRelease } from "@stella/release";
import { formatChecksums } from "./checksums.js";
import { isRecord, loadProfile, type Json } from "./compose-profile.js";
import { DeployError } from "./errors.js";
import { componentIdOf, deploymentIdOf, environmentIdOf, releaseIdOf } from "./release-ids.js";

export const LOCK_FILE_NAME = "compose.stella.lock.yml";

export interface LockOptions {
  manifest: ReleaseManifest;
  /** Compose profile files, merged in order like `docker compose -f a -f b`. */
  composeFiles: string[];
  environment: { name: string; id?: string };
  deployment?: { id?: string; startedAt?: string };
  /** `# Generated:` (from SOURCE_DATE_EPOCH or the manifest's released_at, never the clock). */
  generatedAt: string;
  /** `stella-artifact-generator@<version>`. */
  generator: string;
  mirrors?: Mirror[];
}

export interface LockResult {
  text: string;
  /** `checksums.sha256` content for the lock file. */
  checksums: string;
  deploymentId: string;
  releaseId: string;
}

function nameOf(image: string, mirrors: readonly Mirror[]): string | undefined {
  try {
    const r = parseDockerReference(image);
    return unmirror(`${r.registry}/${r.repository}`, mirrors);
  } catch {
    return undefined;
  }
}

function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = "QUOTE_DOUBLE";
  return s;
}

export async function generateLockFile(options: LockOptions): Promise<LockResult> {
  const { manifest } = options;
  const mirrors = options.mirrors ?? [];
  const { root, env } = await loadProfile(options.composeFiles);
  const services = isRecord(root.services) ? root.services : {};
  const byName = new Map<string, ServiceRelease>();
  for (const s of manifest.manifest.services) {
    const n = nameOf(s.image, []);
    if (n) byName.set(n, s);
  }
  const releaseId = releaseIdOf(manifest);
  const environmentId = options.environment.id ?? environmentIdOf(options.environment.name);
  const startedAt = options.deployment?.startedAt ?? options.generatedAt;
  const deploymentId = options.deployment?.id ?? deploymentIdOf(releaseId, environmentId, startedAt);

  const doc = new Document({}, { version: "1.2" });
  const problems: string[] = [];
  const out: Record<string, Json> = {};
  const comments = new Map<string, string>();
  for (const [name, raw] of Object.entries(services)) {
    if (!isRecord(raw)) continue;
    const image = typeof raw.image === "string" ? interpolate(raw.image, env).value : undefined;
    const svc = manifest.manifest.services.find((s) => s.service_id === name) ?? (image ? byName.get(nameOf(image, mirrors) ?? "") : undefined);
    const { image: _img, labels, ...rest } = raw;
    void _img;
    let pinned: string;
    let digest: string;
    let originalTag: string | undefined;
    if (svc) {
      digest = svc.digest;
      pinned = `${svc.image}@${svc.digest}`;
      originalTag = svc.tag ?? (image ? safeTag(image) : undefined);
    } else {
      const ref = image ? safeRef(image) : undefined;
      if (!ref?.digest) {
        if (image) problems.push(`services.${name}.image ${image} is not in release ${manifest.manifest.release_id} and has no digest to pin`);
        continue; // build-only service without image: nothing to pin
      }
      digest = ref.digest;
      pinned = `${ref.registry}/${ref.repository}@${ref.digest}`;
      originalTag = ref.tag;
    }
    const labelMap: Record<string, Json> = {};
    if (Array.isArray(labels)) {
      for (const l of labels) if (typeof l === "string") labelMap[l.split("=")[0] ?? l] = l.includes("=") ? l.slice(l.indexOf("=") + 1) : "";
    } else if (isRecord(labels)) Object.assign(labelMap, labels);
    if (svc) labelMap["stella.component.id"] = componentIdOf(svc);
    labelMap["stella.release.id"] = releaseId;
    labelMap["stella.digest"] = digest;
    out[name] = { image: pinned, ...rest, labels: labelMap };
    if (originalTag) comments.set(name, ` Original tag: ${originalTag}`);
  }
  if (problems.length > 0) {
    throw new DeployError(`cannot pin the Compose profile:\n  ${problems.join("\n  ")}`, { code: "LOCK_UNPINNABLE", hint: "add the image to the release manifest or pin it by digest in the profile (architecture-devops.md §3.1)" });
  }
  const body: Record<string, Json> = { version: "3.8", services: out };
  for (const key of ["networks", "volumes", "configs", "secrets"]) if (root[key] !== undefined) body[key] = root[key] ?? null;
  body["x-stella"] = {
    release: { id: releaseId, name: manifest.manifest.release_id, created_at: manifest.manifest.released_at ?? options.generatedAt },
    environment: { id: environmentId, name: options.environment.name },
    deployment: { id: deploymentId, started_at: startedAt },
    checksums: { sha256: "" },
  };
  doc.contents = doc.createNode(body);
  decorate(doc, comments);
  doc.commentBefore = [` ${LOCK_FILE_NAME}`, " Generated by Stella Ops - DO NOT EDIT", ` Release: ${manifest.manifest.release_id}`, ` Generated: ${options.generatedAt}`, ` Generator: ${options.generator}`].join("\n");
  // The spec's header runs straight into `version:` (the yaml library leaves a blank line).
  const unsigned = doc.toString({ lineWidth: 0 }).replace(/\n\nversion: /, "\nversion: ");
  const text = withLockChecksum(unsigned, sha256Hex(unsigned));
  return { text, checksums: formatChecksums([{ name: LOCK_FILE_NAME, sha256: sha256Hex(text) }]), deploymentId, releaseId };
}

function safeRef(image: string): ReturnType<typeof parseDockerReference> | undefined {
  try {
    return parseDockerReference(image);
  } catch {
    return undefined;
  }
}

function safeTag(image: string): string | undefined {
  return safeRef(image)?.tag;
}

/** Quotes what the spec quotes, puts `# Original tag` under each image and `# Stella metadata` above x-stella. */
function decorate(doc: Document, comments: ReadonlyMap<string, string>): void {
  const root = doc.contents as YAMLMap;
  const version = root.items.find((p) => keyOf(p) === "version");
  if (version) version.value = quoted("3.8");
  const services = root.items.find((p) => keyOf(p) === "services")?.value;
  if (isMap(services)) {
    for (const svc of services.items) {
      const map = svc.value;
      if (!isMap(map)) continue;
      const comment = comments.get(String(keyOf(svc)));
      const second = map.items[1];
      if (comment && second) second.key = withComment(keyOf(second), comment);
      const labels = map.items.find((p) => keyOf(p) === "labels")?.value;
      if (isMap(labels)) for (const l of labels.items) l.value = quoted(leafText(l.value));
    }
  }
  const meta = root.items.find((p) => keyOf(p) === "x-stella");
  if (meta) {
    meta.key = withComment("x-stella", " Stella metadata");
    quoteLeaves(meta.value);
  }
}

function leafText(node: unknown): string {
  const v: unknown = node instanceof Scalar ? node.value : node;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}

function keyOf(p: Pair): unknown {
  return p.key instanceof Scalar ? p.key.value : p.key;
}

function withComment(key: unknown, comment: string): Scalar {
  const s = new Scalar(key);
  s.commentBefore = comment;
  return s;
}

function quoteLeaves(node: unknown): void {
  if (!isMap(node)) return;
  for (const p of node.items) {
    if (isMap(p.value)) quoteLeaves(p.value);
    else p.value = quoted(leafText(p.value));
  }
}

/** Writes `hex` into the empty `x-stella.checksums.sha256` (the file's last line). */
function withLockChecksum(text: string, hex: string): string {
  const at = text.lastIndexOf('sha256: ""');
  return at < 0 ? text : `${text.slice(0, at)}sha256: "${hex}"${text.slice(at + 'sha256: ""'.length)}`;
}

/** Checks `x-stella.checksums.sha256` of a lock file: the hash of the text with that value emptied. */
export function verifyLockChecksum(text: string): { valid: boolean; expected: string | undefined; actual: string } {
  const m = /sha256: "([a-f0-9]{64})"\n?$/.exec(text);
  const emptied = m ? text.slice(0, m.index) + 'sha256: ""' + text.slice(m.index + m[0].length - (m[0].endsWith("\n") ? 1 : 0)) : text;
  const actual = sha256Hex(emptied);
  return { valid: m?.[1] === actual, expected: m?.[1], actual };
}
