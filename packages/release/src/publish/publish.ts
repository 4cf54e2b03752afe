import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { silentLogger, type Logger } from "@stella/core";
import { ReleaseError } from "../errors.js";
import { sha256File } from "./checksums.js";
import type { Forge, ForgeAsset, ForgeRelease } from "./forge.js";

export interface PublishAsset {
  path: string;
  /** Asset name (default: the file's base name). */
  name?: string;
  contentType?: string;
}

export interface PublishOptions {
  forge: Forge;
  tag: string;
  name?: string;
  notes: string;
  prerelease: boolean;
  targetCommitish?: string;
  assets: readonly PublishAsset[];
  logger?: Logger;
}

export interface PublishResult {
  release: ForgeRelease;
  created: boolean;
  updated: boolean;
  uploaded: string[];
  replaced: string[];
  unchanged: string[];
}

/**
 * Creates or updates the release of `tag` and uploads its assets, idempotently: an asset whose
 * name exists is left alone when the forge reports the same sha256, else replaced (deleted, then
 * uploaded), so re-running never duplicates assets. Used by actions/publish-release and by the
 * kit (OUK assets).
 */
export async function publishRelease(o: PublishOptions): Promise<PublishResult> {
  const log = o.logger ?? silentLogger;
  const names = o.assets.map((a) => a.name ?? basename(a.path));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ReleaseError(`two assets are named ${dup}`, { code: "PUBLISH", hint: "asset names must be unique within a release" });
  const fields = { tag: o.tag, name: o.name ?? o.tag, body: o.notes, prerelease: o.prerelease, ...(o.targetCommitish ? { targetCommitish: o.targetCommitish } : {}) };
  let release = await o.forge.findRelease(o.tag);
  let created = false;
  let updated = false;
  if (!release) {
    release = await o.forge.createRelease(fields);
    created = true;
    log.info(`created release ${o.tag} (${release.htmlUrl})`);
  } else if (release.name !== fields.name || release.body !== fields.body || release.prerelease !== fields.prerelease) {
    release = await o.forge.updateRelease(release.id, fields);
    updated = true;
    log.info(`updated release ${o.tag}`);
  }
  const existing = new Map<string, ForgeAsset>((await o.forge.listAssets(release.id)).map((a) => [a.name, a]));
  const result: PublishResult = { release, created, updated, uploaded: [], replaced: [], unchanged: [] };
  for (const [i, asset] of o.assets.entries()) {
    const name = names[i] ?? basename(asset.path);
    const hex = await sha256File(asset.path);
    const have = existing.get(name);
    if (have?.digest === `sha256:${hex}`) {
      result.unchanged.push(name);
      continue;
    }
    const data = await readFile(asset.path);
    if (have) {
      await o.forge.deleteAsset(release.id, have.id);
      result.replaced.push(name);
    } else result.uploaded.push(name);
    await upload(o.forge, release, name, data, asset.contentType ?? contentTypeOf(name));
    log.info(`${have ? "replaced" : "uploaded"} ${name} (${data.byteLength} bytes, sha256:${hex.slice(0, 12)}…)`);
  }
  return result;
}

/** An upload whose response was lost may already exist (GitHub answers 422 already_exists): then it counts as done. */
async function upload(forge: Forge, release: ForgeRelease, name: string, data: Uint8Array, contentType: string): Promise<void> {
  try {
    await forge.uploadAsset(release, name, data, contentType);
  } catch (e) {
    const status = typeof e === "object" && e !== null ? (e as { status?: unknown }).status : undefined;
    if (status === 422 || status === 409) {
      const now = (await forge.listAssets(release.id)).find((a) => a.name === name);
      if (now && now.size === data.byteLength) return;
    }
    throw e;
  }
}

export function contentTypeOf(name: string): string {
  if (name.endsWith(".json")) return "application/json";
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return "application/yaml";
  if (name.endsWith(".sha256") || name.endsWith(".txt") || name.endsWith(".sig") || name.endsWith(".pem")) return "text/plain";
  if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) return "application/gzip";
  if (name.endsWith(".zst")) return "application/zstd";
  return "application/octet-stream";
}
