import { join } from "node:path";
import { silentLogger, writeFileAtomic, type Logger } from "@stella/core";
import type { ImageStore } from "@stella/oci";
import { buildRelease, releaseYamlOf, serializeRelease, type ReleaseInfo } from "./assemble-model.js";
import { TRAIN_TO_SCHEMA_CHANNEL } from "./channels.js";
import { ReleaseError } from "./errors.js";
import type { ImageFragment } from "./fragment.js";
import { checkImageLabels, readImageLabels, type LabelFinding } from "./labels.js";
import type { ReleaseManifest } from "./model.js";
import { checkClaims, type ImageReferrerStatus } from "./referrer-check.js";
import { writeReleaseYaml, type ReleaseYaml } from "./release-yaml.js";
import { checkSkew, type SkewReport, type SkewRules } from "./skew.js";
import { calendarOf } from "./version.js";
import { checkReleaseManifest } from "./validate.js";
import { ManifestValidationError } from "./errors.js";
import { signManifest, type ManifestSigner } from "./sign.js";

export interface AssembleOptions {
  fragments: readonly ImageFragment[];
  release: ReleaseInfo;
  /** A release.json whose infrastructure, migrations, breaking changes, profiles, channels are kept. */
  template?: ReleaseManifest;
  /** Opens the store of an image repository (registry or layout); without it no image is checked. */
  openStore?: (image: string) => Promise<ImageStore>;
  /** `error` (default): missing/inconsistent §6.2 labels fail; `warn`: reported only; `off`. */
  labels?: "error" | "warn" | "off";
  /** The commit the release is built from (checked against org.opencontainers.image.revision). */
  revision?: string;
  skewRules?: SkewRules;
  /** Fail on a skew violation (default true). */
  failOnSkew?: boolean;
  charts?: ReleaseYaml["charts"];
  compose?: ReleaseYaml["compose"];
  outDir: string;
  /** Signs release.json (writes `release.json.sigstore.json` beside it). */
  signer?: ManifestSigner;
  /** `signed_at` (SOURCE_DATE_EPOCH or now), required with `signer`. */
  signedAt?: Date;
  logger?: Logger;
}

export interface AssembleResult {
  release: ReleaseManifest;
  releaseJsonPath: string;
  releaseYamlPath: string;
  bundlePath?: string;
  manifestDigest: string;
  version: string;
  /** The train (lts/stable/edge) and the schema channel id. */
  train: string;
  channel: string;
  referrers: ImageReferrerStatus[];
  labels: LabelFinding[];
  skew: SkewReport;
}

/**
 * The fan-in (issue 6 "Assembling"): fragments -> checked images -> release.json (schema)
 * and release.yaml (§6.1), services sorted, byte-identical for equal inputs. Every image's
 * claimed referrers are checked and every problem is reported together before failing;
 * nothing is written when a check fails.
 */
export async function assembleRelease(options: AssembleOptions): Promise<AssembleResult> {
  const log = options.logger ?? silentLogger;
  const info = options.release;
  const release = buildRelease(options.fragments, info, options.template);
  const checked = checkReleaseManifest(release);
  if (!checked.manifest) throw new ManifestValidationError("assembled release.json", checked.problems);

  const referrers: ImageReferrerStatus[] = [];
  const labels: LabelFinding[] = [];
  if (options.openStore) {
    for (const f of options.fragments) {
      const store = await options.openStore(f.service.image);
      log.info(`checking ${f.service.image}@${f.service.digest} (${f.service.service_id})`);
      referrers.push(await checkClaims(store, f));
      if ((options.labels ?? "error") !== "off") {
        const expected = {
          version: f.service.version ?? info.version,
          channels: [info.train, TRAIN_TO_SCHEMA_CHANNEL[info.train], info.schemaChannel],
          calendar: calendarOf(new Date(info.released_at)),
          ...(options.revision === undefined ? {} : { revision: options.revision }),
        };
        for (const p of await readImageLabels(store, f.service.digest)) labels.push(...checkImageLabels(`${f.service.image}@${f.service.digest}`, p.labels, expected, p.platform));
      }
    }
  }
  const skew = checkSkew(release.manifest.services, options.skewRules);

  const problems = [
    ...referrers.flatMap((r) => r.missing.map((m) => m.message)),
    ...((options.labels ?? "error") === "error" ? labels.map((l) => l.message) : []),
    ...(options.failOnSkew ?? true ? skew.violations.map((v) => v.message) : []),
  ];
  for (const l of labels) log.warn(l.message);
  for (const v of skew.violations) log.warn(v.message);
  if (problems.length > 0) {
    throw new ReleaseError(`release ${info.version}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`, {
      code: referrers.some((r) => r.missing.length > 0) ? "REFERRER_MISSING" : "FRAGMENT",
      hint: "attach the missing artifacts (build-sbom, sign-image), fix the image labels (§6.2), or align the service versions (§1.3 skew); nothing was written",
    });
  }

  const signatures = Object.fromEntries(options.fragments.filter((f) => f.signature).map((f) => [f.service.service_id, f.signature ?? {}]));
  const yaml = writeReleaseYaml(releaseYamlOf(release, { train: info.train, signatures, ...(options.charts ? { charts: options.charts } : {}), ...(options.compose ? { compose: options.compose } : {}) }));
  const releaseJsonPath = join(options.outDir, "release.json");
  const releaseYamlPath = join(options.outDir, "release.yaml");
  let final = release;
  let bundlePath: string | undefined;
  if (options.signer) {
    const signed = await signManifest(release, options.signer, { signedAt: options.signedAt ?? new Date(info.released_at) });
    final = signed.release;
    bundlePath = `${releaseJsonPath}.sigstore.json`;
    await writeFileAtomic(bundlePath, `${JSON.stringify(signed.bundle)}\n`);
  }
  await writeFileAtomic(releaseJsonPath, serializeRelease(final));
  await writeFileAtomic(releaseYamlPath, yaml);
  return {
    release: final,
    releaseJsonPath,
    releaseYamlPath,
    ...(bundlePath === undefined ? {} : { bundlePath }),
    manifestDigest: release.manifest.manifest_digest ?? "",
    version: info.version,
    train: info.train,
    channel: info.schemaChannel,
    referrers,
    labels,
    skew,
  };
}
