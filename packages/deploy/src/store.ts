/**
 * The artifact directory `{tenant}/{deployment}/` (artifact-generation.md "Artifact
 * Storage"): the artifacts, `manifest.json` (version, deploymentId, createdAt, artifacts
 * with name/type/size/sha256, totalSize, signature) and `checksums.sha256` over all of
 * them. Immutable ("Immutability": content-addressed, no overwrite, append-only): writing
 * the same bytes again is a no-op, other bytes are refused before anything is written.
 */
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import canonicalize from "canonicalize";
import { sha256Hex, writeFileAtomic, errorMessage } from "@stella/core";
import { formatChecksums } from "./checksums.js";
import { DeployError } from "./errors.js";
import type { StickerSigner } from "./sticker-signer.js";

export const MANIFEST_FILE = "manifest.json";
export const CHECKSUMS_FILE = "checksums.sha256";

export interface ArtifactEntry {
  name: string;
  type: string;
  size: number;
  sha256: string;
}

export interface ArtifactManifest {
  version: "1.0";
  deploymentId: string;
  /** Not in the spec's example: the retention class needs it (artifact-generation.md "Retention"). */
  environment: string;
  createdAt: string;
  artifacts: ArtifactEntry[];
  totalSize: number;
  signature?: string;
}

export interface StoreOptions {
  root: string;
  tenant: string;
  deploymentId: string;
  environment: string;
  createdAt: string;
  files: { name: string; bytes: Uint8Array; type?: string }[];
  signer?: StickerSigner;
}

export interface StoreResult {
  dir: string;
  manifest: ArtifactManifest;
  /** False when exactly these bytes were already stored. */
  written: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function artifactType(name: string): string {
  if (name === "compose.stella.lock.yml") return "compose-lock";
  if (name === "stella.version.json") return "version-sticker";
  if (name.endsWith(".dll")) return "script-compiled";
  if (name.endsWith(".csx")) return "script-source";
  if (name.endsWith(".sh")) return "script";
  return "file";
}

async function existing(path: string): Promise<Buffer | undefined> {
  return readFile(path).catch((e: unknown) => {
    if ((e as { code?: string }).code === "ENOENT") return undefined;
    throw new DeployError(`cannot read ${path}: ${errorMessage(e)}`, { code: "STORE_READ", cause: e });
  });
}

export async function storeArtifacts(o: StoreOptions): Promise<StoreResult> {
  const bad = [o.tenant, o.deploymentId, ...o.files.map((f) => f.name)].filter((n) => !NAME.test(n) || n === MANIFEST_FILE || n === CHECKSUMS_FILE);
  const reserved = o.files.filter((f) => f.name === MANIFEST_FILE || f.name === CHECKSUMS_FILE).map((f) => f.name);
  if (bad.length > 0) {
    throw new DeployError(`invalid artifact path component(s): ${bad.map((b) => `"${b}"`).join(", ")}${reserved.length ? " (manifest.json and checksums.sha256 are written by the store)" : ""}`, {
      code: "STORE_NAME",
      hint: "tenant, deployment id and file names are single path components of [A-Za-z0-9._-]",
    });
  }
  const dir = join(o.root, o.tenant, o.deploymentId);
  const artifacts = o.files
    .map((f) => ({ name: f.name, type: f.type ?? artifactType(f.name), size: f.bytes.length, sha256: sha256Hex(f.bytes) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let manifest: ArtifactManifest = {
    version: "1.0",
    deploymentId: o.deploymentId,
    environment: o.environment,
    createdAt: o.createdAt,
    artifacts,
    totalSize: artifacts.reduce((n, a) => n + a.size, 0),
  };
  if (o.signer) {
    const payload = canonicalize(manifest) ?? "";
    manifest = { ...manifest, signature: Buffer.from(await o.signer.sign(new TextEncoder().encode(payload))).toString("base64") };
  }
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const checksums = Buffer.from(formatChecksums([...artifacts.map((a) => ({ name: a.name, sha256: a.sha256 })), { name: MANIFEST_FILE, sha256: sha256Hex(manifestBytes) }]));
  const planned = new Map<string, Uint8Array>([...o.files.map((f) => [f.name, f.bytes] as const), [MANIFEST_FILE, manifestBytes], [CHECKSUMS_FILE, checksums]]);

  // Check everything first: nothing is written when any byte would change.
  const conflicts: string[] = [];
  let present = 0;
  for (const [name, bytes] of planned) {
    const have = await existing(join(dir, name));
    if (have === undefined) continue;
    present++;
    if (!have.equals(bytes)) conflicts.push(`${name} (stored sha256:${sha256Hex(have)}, new sha256:${sha256Hex(bytes)})`);
  }
  const dirExists = await stat(dir).then(() => true, () => false);
  if (conflicts.length > 0 || (dirExists && present > 0 && present < planned.size)) {
    throw new DeployError(`${dir} is immutable and already holds other content: ${conflicts.join(", ") || "a different set of artifacts"}`, {
      code: "STORE_IMMUTABLE",
      hint: "artifacts are never overwritten (artifact-generation.md \"Immutability\"); a new deployment gets a new deployment id",
    });
  }
  if (present === planned.size) return { dir, manifest, written: false };
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of planned) if (name !== MANIFEST_FILE && name !== CHECKSUMS_FILE) await writeFileAtomic(join(dir, name), bytes, 0o444);
  await writeFileAtomic(join(dir, MANIFEST_FILE), manifestBytes, 0o444);
  await writeFileAtomic(join(dir, CHECKSUMS_FILE), checksums, 0o444);
  return { dir, manifest, written: true };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a stored manifest.json through a type guard. */
export function parseArtifactManifest(text: string, source: string): ArtifactManifest {
  let v: unknown;
  try {
    v = JSON.parse(text) as unknown;
  } catch (e) {
    throw new DeployError(`${source}: not JSON: ${errorMessage(e)}`, { code: "STORE_READ" });
  }
  if (!isObj(v) || v.version !== "1.0" || typeof v.deploymentId !== "string" || typeof v.createdAt !== "string" || !Array.isArray(v.artifacts)) {
    throw new DeployError(`${source}: not an artifact manifest (version "1.0", deploymentId, createdAt, artifacts)`, { code: "STORE_READ" });
  }
  return v as unknown as ArtifactManifest;
}
