import { readFile } from "node:fs/promises";
import type { Logger } from "@stella/core";
import type { RegistryStoreOptions } from "@stella/oci";
import { assembleRelease, type AssembleResult } from "./assemble.js";
import { channelForRef, checkNoDowngrade, SCHEMA_CHANNEL_TO_TRAIN, TRAIN_TO_SCHEMA_CHANNEL, type Train } from "./channels.js";
import { ReleaseError } from "./errors.js";
import { loadFragments } from "./fragment.js";
import { storeOpener } from "./image-access.js";
import { loadReleaseManifest } from "./load.js";
import type { SchemaChannelId } from "./model.js";
import type { ManifestSigner } from "./sign.js";
import { defaultSkewRules, loadSkewRules } from "./skew.js";
import { isoSeconds } from "@stella/core";
import { parseSemver } from "./version.js";

/** Everything `stella manifest assemble` and actions/assemble-manifest take, already typed. */
export interface AssembleRunOptions {
  fragmentsDir: string;
  /** Helm charts of the release, listed with their digests in release.yaml (§6.1). */
  charts?: { name: string; version: string; digest: string }[];
  outDir: string;
  /** Explicit version (with `channel`), or derive both from `ref` + `versionFile`. */
  version?: string;
  /** lts | stable | edge, or the schema's stable | beta | alpha | nightly. */
  channel?: string;
  ref?: string;
  /** Path of the VERSION file (playbook §6), needed with `ref`. */
  versionFile?: string;
  rcNumber?: number;
  ltsLines?: string[];
  releasedAt: Date;
  releaseId?: string;
  releaseNotesUrl?: string;
  template?: string;
  /** The channel's current release.json: the new version must not sort below it (playbook §6, no downgrade). */
  previousManifest?: string;
  skewRules?: string;
  failOnSkew?: boolean;
  /** Check the images (claims, labels): `false` skips; else where to read them (see storeOpener). */
  checkImages: boolean;
  images?: string;
  registry?: RegistryStoreOptions;
  labels?: "error" | "warn" | "off";
  revision?: string;
  signer?: ManifestSigner;
  signedAt?: Date;
  logger?: Logger;
}

const TRAINS = ["lts", "stable", "edge"] as const;
const SCHEMA_IDS = ["stable", "beta", "alpha", "nightly"] as const;

/** Resolves version and channel, loads fragments, template and rules, and assembles. */
export async function runAssemble(o: AssembleRunOptions): Promise<AssembleResult> {
  let version: string;
  let train: Train;
  let schemaChannel: SchemaChannelId;
  if (o.ref !== undefined && o.ref !== "") {
    if (!o.versionFile) throw new ReleaseError("a ref needs the VERSION file to derive the version", { code: "VERSION", hint: "pass version-file (default VERSION)" });
    const versionFile = await readFile(o.versionFile, "utf8").catch((e: unknown) => {
      throw new ReleaseError(`cannot read VERSION file ${o.versionFile ?? ""}`, { code: "VERSION", cause: e, hint: "playbook §6: the VERSION file holds X.Y.Z" });
    });
    const d = channelForRef(o.ref, { versionFile, date: o.releasedAt, ...(o.rcNumber === undefined ? {} : { rcNumber: o.rcNumber }), ...(o.ltsLines ? { ltsLines: o.ltsLines } : {}) });
    if (o.version && o.version !== d.version) throw new ReleaseError(`version ${o.version} differs from ${d.version} derived from ${o.ref} and VERSION`, { code: "VERSION" });
    ({ version, train, schemaChannel } = d);
  } else {
    if (!o.version || !o.channel) throw new ReleaseError("pass either ref (+ VERSION file) or both version and channel", { code: "VERSION", hint: "e.g. --version 2.4.1 --channel stable" });
    version = parseSemver(o.version).version;
    const c = o.channel;
    if ((TRAINS as readonly string[]).includes(c)) {
      train = c as Train;
      schemaChannel = TRAIN_TO_SCHEMA_CHANNEL[train];
    } else if ((SCHEMA_IDS as readonly string[]).includes(c)) {
      schemaChannel = c as SchemaChannelId;
      train = SCHEMA_CHANNEL_TO_TRAIN[schemaChannel];
    } else throw new ReleaseError(`channel "${c}" is unknown`, { code: "CHANNEL", hint: "one of lts, stable, edge (trains, §1.1) or stable, beta, alpha, nightly (schema)" });
  }
  if (o.previousManifest) {
    const prev = await loadReleaseManifest(o.previousManifest);
    checkNoDowngrade(train, version, [{ train, version: prev.manifest.version }]);
  }
  const [fragments, template, rules] = await Promise.all([
    loadFragments(o.fragmentsDir),
    o.template ? loadReleaseManifest(o.template) : Promise.resolve(undefined),
    o.skewRules ? loadSkewRules(o.skewRules) : Promise.resolve(defaultSkewRules()),
  ]);
  return assembleRelease({
    fragments,
    release: {
      version,
      released_at: isoSeconds(o.releasedAt),
      train,
      schemaChannel,
      ...(o.releaseId ? { release_id: o.releaseId } : {}),
      ...(o.releaseNotesUrl ? { release_notes_url: o.releaseNotesUrl } : {}),
    },
    ...(template ? { template } : {}),
    ...(o.checkImages ? { openStore: storeOpener(o.images, o.registry) } : {}),
    labels: o.labels ?? "error",
    ...(o.revision ? { revision: o.revision } : {}),
    skewRules: rules,
    failOnSkew: o.failOnSkew ?? true,
    outDir: o.outDir,
    ...(o.charts?.length ? { charts: o.charts } : {}),
    ...(o.signer ? { signer: o.signer, signedAt: o.signedAt ?? o.releasedAt } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
  });
}
