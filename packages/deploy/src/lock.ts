/**
 * `compose.stella.lock.yml` (artifact-generation.md §1 "Compose Lock File"): the Compose
 * profile with every image pinned to the release manifest's digest, the original tag as a
 * comment under the image, `stella.*` labels, `x-stella` metadata, and the header lines,
 * in the layout the spec shows. `x-stella.checksums.sha256` is the SHA-256 of the file with
 * that value empty (a file cannot contain its own hash); `checksums.sha256` beside it holds
 * the hash of the final bytes for `sha256sum -c`.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Document, isMap, parseAllDocuments, Scalar, type Pair, type YAMLMap } from "yaml";
import { sha256Hex, errorMessage } from "@stella/core";
import { parseDockerReference } from "@stella/oci";
import { interpolate, parseEnvFile, unmirror, type EnvValue, type Mirror } from "@stella/profiles";
import type { ReleaseManifest, ServiceRelease } from "@stella/release";
import { formatChecksums } from "./checksums.js";
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

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Compose merge of overlays: maps merge key by key, everything else is replaced. */
function merge(base: Json, over: Json): Json {
  if (isRecord(base) && isRecord(over)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k] ?? null, v) : v;
    return out;
  }
  return over;
}

async function readCompose(file: string): Promise<Record<string, Json>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new DeployError(`cannot read Compose profile ${file}: ${errorMessage(e)}`, { code: "LOCK_INPUT", hint: "pass --compose FILE (repeat for overlays)" });
  }
  let root: Json = {};
  const docs = parseAllDocuments(text, { merge: true });
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) throw new DeployError(`${file}: ${doc.errors[0]?.message ?? "invalid YAML"}`, { code: "LOCK_INPUT" });
    root = merge(root, doc.toJS({ maxAliasCount: -1 }) as Json);
  }
  return isRecord(root) ? root : {};
}

/** Compose `extends` (same file or `file:`), resolved per file: the base first, the service on top. */
async function resolveExtends(file: string, services: Record<string, Json>, depth = 0): Promise<Record<string, Json>> {
  const out: Record<string, Json> = {};
  for (const [name, svc] of Object.entries(services)) {
    if (!isRecord(svc) || svc.extends === undefined) {
      out[name] = svc;
      continue;
    }
    const ext = svc.extends;
    const base = typeof ext === "string" ? ext : isRecord(ext) && typeof ext.service === "string" ? ext.service : undefined;
    const other = isRecord(ext) && typeof ext.file === "string" ? join(dirname(file), ext.file) : file;
    if (base === undefined || depth > 16) throw new DeployError(`${file}: services.${name}.extends cannot be resolved`, { code: "LOCK_INPUT", hint: "extends needs a service name and must not form a cycle" });
    const pool = other === file ? services : ((await readCompose(other)).services ?? {});
    if (!isRecord(pool) || !isRecord(pool[base])) throw new DeployError(`${file}: services.${name} extends "${base}", which is not a service of ${other}`, { code: "LOCK_INPUT" });
    const resolved = (await resolveExtends(other, { [base]: pool[base] ?? null }, depth + 1))[base] ?? {};
    const { extends: _e, ...own } = svc;
    void _e;
    out[name] = merge(resolved, own);
  }
  return out;
}

async function loadProfile(files: string[]): Promise<{ root: Record<string, Json>; env: Map<string, EnvValue> }> {
  let root: Json = {};
  for (const file of files) {
    const one = await readCompose(file);
    if (isRecord(one.services)) one.services = await resolveExtends(file, one.services);
    root = merge(root, one);
  }
  const first = files[0];
  const env = new Map<string, EnvValue>();
  if (first !== undefined) {
    const dotenv = join(dirname(first), ".env");
    const text = await readFile(dotenv, "utf8").catch(() => undefined);
    if (text !== undefined) for (const [k, v] of parseEnvFile(dotenv, text)) env.set(k, v);
  }
  return { root: isRecord(root) ? root : {}, env };
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
