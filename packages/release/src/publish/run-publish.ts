import { join } from "node:path";
import { silentLogger, writeFileAtomic, type Logger } from "@stella/core";
import { diffManifests, renderDiff } from "../diff.js";
import { loadReleaseManifest } from "../load.js";
import { checksumsFile } from "./checksums.js";
import { commitsBetween, previousTag } from "./git-log.js";
import type { Forge } from "./forge.js";
import { releaseNotes } from "./notes.js";
import { publishRelease, type PublishAsset, type PublishResult } from "./publish.js";
import semver from "semver";

export interface RunPublishOptions {
  forge: Forge;
  tag: string;
  /** Repository checkout (full history) for the commits between tags. */
  cwd: string;
  previousTag?: string;
  /** release.json of this release (uploaded; diffed against `previousManifest`). */
  manifest?: string;
  previousManifest?: string;
  assets: readonly string[];
  /** Write and upload `checksums.sha256` over every asset (default true). */
  checksums?: boolean;
  /** Where checksums.sha256 is written. */
  workDir: string;
  commitUrl?: string;
  name?: string;
  prerelease?: boolean;
  logger?: Logger;
}

export interface RunPublishResult extends PublishResult {
  notes: string;
  previousTag?: string;
}

/** Notes from git + manifest diff, checksums, then create-or-update and idempotent uploads. */
export async function runPublish(o: RunPublishOptions): Promise<RunPublishResult> {
  const log = o.logger ?? silentLogger;
  const prev = o.previousTag ?? (await previousTag(o.cwd, o.tag));
  const commits = await commitsBetween(o.cwd, prev, o.tag);
  let manifestDiff: string | undefined;
  if (o.manifest && o.previousManifest) {
    const [a, b] = await Promise.all([loadReleaseManifest(o.previousManifest), loadReleaseManifest(o.manifest)]);
    manifestDiff = renderDiff(diffManifests(a, b), "markdown");
  }
  const notes = releaseNotes(commits, { tag: o.tag, ...(prev ? { previousTag: prev } : {}), ...(manifestDiff ? { manifestDiff } : {}), ...(o.commitUrl ? { commitUrl: o.commitUrl } : {}) });
  const files = [...new Set([...(o.manifest ? [o.manifest] : []), ...o.assets])];
  const assets: PublishAsset[] = files.map((path) => ({ path }));
  if (o.checksums !== false && files.length > 0) {
    const path = join(o.workDir, "checksums.sha256");
    await writeFileAtomic(path, await checksumsFile(files));
    assets.push({ path });
  }
  const prerelease = o.prerelease ?? (semver.parse(o.tag)?.prerelease.length ?? 0) > 0;
  log.info(`release ${o.tag}: ${commits.length} commit(s) since ${prev ?? "the beginning"}, ${assets.length} asset(s)`);
  const result = await publishRelease({ forge: o.forge, tag: o.tag, notes, prerelease, assets, ...(o.name ? { name: o.name } : {}), logger: log });
  return { ...result, notes, ...(prev ? { previousTag: prev } : {}) };
}
