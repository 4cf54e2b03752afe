import type { SchemaChannelId } from "./model.js";
import { ReleaseError } from "./errors.js";
import { parseSemver } from "./version.js";

/**
 * Release trains (architecture-devops.md §1.1): LTS (12-month support, quarterly), stable
 * (default, monthly rollup), edge (weekly, no guarantees).
 */
export type Train = "lts" | "stable" | "edge";

/** What a git ref builds (release-engineering-playbook.md §1 "Versioning & Branching"). */
export type BuildKind = "nightly" | "rc" | "release";

/**
 * The schema's channel ids (stable/beta/alpha/nightly) against the trains (LTS/stable/edge).
 *
 * The schema grades *maturity*, §1.1 grades *cadence and support*. They meet like this:
 * - `stable` <-> LTS and stable: both are tagged `X.Y.Z` releases that passed the canary week
 *   (§2.4); LTS is not a different maturity but a longer support window given to chosen minor
 *   lines, so the schema has no id for it and an LTS release is published on `stable`
 *   (`trainOf` tells them apart from the configured LTS lines).
 * - `beta` <-> edge: release candidates `X.Y-rcN` from `release/X.Y` are what "one week on
 *   edge before stable" (§2.4) runs; early adopters, no guarantees.
 * - `alpha` <-> edge: less mature than beta and also without guarantees; edge is the only train
 *   that promises nothing, so alpha lands there too. Our refs never produce alpha.
 * - `nightly` <-> edge: `nightly-*` builds of main (playbook §1) are not a train at all; when
 *   someone subscribes to them, they get edge's promise (none).
 * The reverse direction is a function: lts -> stable, stable -> stable, edge -> beta.
 */
export const SCHEMA_CHANNEL_TO_TRAIN: Readonly<Record<SchemaChannelId, Train>> = { stable: "stable", beta: "edge", alpha: "edge", nightly: "edge" };
export const TRAIN_TO_SCHEMA_CHANNEL: Readonly<Record<Train, SchemaChannelId>> = { lts: "stable", stable: "stable", edge: "beta" };

export interface ChannelOptions {
  /** The VERSION file's content (playbook §6: bumped before tagging). */
  versionFile: string;
  /** Build date, for nightly ids (`nightly-YYYYMMDD`). */
  date: Date;
  /** Release-candidate number N of `X.Y-rcN` (from the run number or the count of earlier rc tags). */
  rcNumber?: number;
  /** Minor lines (`2.4`) that are LTS; releases of other lines are stable. */
  ltsLines?: readonly string[];
}

export interface ChannelDecision {
  kind: BuildKind;
  train: Train;
  schemaChannel: SchemaChannelId;
  /** The manifest `version` (semver). */
  version: string;
  /** The image tag the playbook names: `nightly-YYYYMMDD`, `X.Y-rcN`, `X.Y.Z`. */
  imageTag: string;
}

const TAG_RE = /^refs\/tags\/(.+)$/;
const RELEASE_BRANCH_RE = /^refs\/heads\/release\/(\d+)\.(\d+)$/;

/**
 * Which release a ref produces (playbook §1): `main` -> nightly images; `release/X.Y` ->
 * `X.Y-rcN`; tags `X.Y.Z` -> the release (stable, or LTS for a configured line). Anything
 * else is refused with a hint; the checks of playbook §6 (tag equals VERSION) run here too.
 */
export function channelForRef(ref: string, options: ChannelOptions): ChannelDecision {
  const fileVersion = options.versionFile.trim();
  const base = parseSemver(fileVersion, "VERSION file");
  if (ref === "refs/heads/main") {
    const day = options.date.toISOString().slice(0, 10).replace(/-/g, "");
    return { kind: "nightly", train: "edge", schemaChannel: "nightly", version: `${base.major}.${base.minor}.${base.patch}-nightly.${day}`, imageTag: `nightly-${day}` };
  }
  const branch = RELEASE_BRANCH_RE.exec(ref);
  if (branch) {
    const line = `${branch[1]}.${branch[2]}`;
    if (`${base.major}.${base.minor}` !== line) {
      throw new ReleaseError(`branch release/${line} builds VERSION ${fileVersion}, which is not in line ${line}`, { code: "VERSION", hint: `set VERSION on release/${line} to ${line}.<PATCH>` });
    }
    const n = options.rcNumber;
    if (n === undefined || !Number.isInteger(n) || n < 1) {
      throw new ReleaseError(`release candidate of ${line} needs a positive rc number, got ${String(n)}`, { code: "CHANNEL", hint: "pass rc-number (e.g. the workflow run number)" });
    }
    return { kind: "rc", train: "edge", schemaChannel: "beta", version: `${base.major}.${base.minor}.${base.patch}-rc.${n}`, imageTag: `${line}-rc${n}` };
  }
  const tag = TAG_RE.exec(ref);
  if (tag) {
    const name = tag[1] ?? "";
    checkTagMatchesVersion(name, fileVersion);
    const line = `${base.major}.${base.minor}`;
    const train: Train = options.ltsLines?.includes(line) ? "lts" : "stable";
    return { kind: "release", train, schemaChannel: TRAIN_TO_SCHEMA_CHANNEL[train], version: fileVersion, imageTag: fileVersion };
  }
  throw new ReleaseError(`ref ${ref} does not produce a release`, {
    code: "CHANNEL",
    hint: "releases come from refs/heads/main (nightly), refs/heads/release/X.Y (X.Y-rcN) and tags X.Y.Z (release-engineering-playbook.md §1)",
  });
}

/** Playbook §6 "Bump VERSION file", then "Tag X.Y.Z": the tag must name exactly VERSION. */
export function checkTagMatchesVersion(tag: string, versionFile: string): void {
  const want = versionFile.trim();
  if (tag === want) return;
  throw new ReleaseError(`tag ${tag} does not match VERSION ${want}`, {
    code: "VERSION",
    hint: tag === `v${want}` ? `tags are bare X.Y.Z (playbook §1): tag ${want} instead of ${tag}` : `bump VERSION to ${tag} before tagging, or tag ${want}`,
  });
}

/** The train of a schema channel id; `stable` releases of an LTS line are LTS. */
export function trainOf(channel: SchemaChannelId, version: string, ltsLines: readonly string[] = []): Train {
  const train = SCHEMA_CHANNEL_TO_TRAIN[channel];
  if (train !== "stable") return train;
  const v = parseSemver(version);
  return ltsLines.includes(`${v.major}.${v.minor}`) ? "lts" : "stable";
}

/** A release already published on a train (from the previous manifests or the releases API). */
export interface PublishedVersion {
  train: Train;
  version: string;
}

/**
 * No downgrade within a channel (playbook §1/§6): a new release must not sort below the
 * newest one already on its train. Re-publishing the same version is allowed (re-runs).
 * LTS keeps several minor lines alive at once, so there the comparison stays within the line.
 */
export function checkNoDowngrade(train: Train, version: string, published: readonly PublishedVersion[]): void {
  const v = parseSemver(version);
  const line = `${v.major}.${v.minor}`;
  const peers = published.filter((p) => p.train === train && (train !== "lts" || minorOf(p.version) === line));
  const newer = peers.filter((p) => parseSemver(p.version).compare(v) > 0).map((p) => p.version);
  if (newer.length === 0) return;
  const newest = newer.reduce((a, b) => (parseSemver(a).compare(parseSemver(b)) >= 0 ? a : b));
  throw new ReleaseError(`${version} would downgrade the ${train} channel, which already has ${newest}`, {
    code: "DOWNGRADE",
    hint: `release a version above ${newest} (bump VERSION), or publish ${version} on another channel`,
  });
}

function minorOf(version: string): string {
  const v = parseSemver(version);
  return `${v.major}.${v.minor}`;
}
