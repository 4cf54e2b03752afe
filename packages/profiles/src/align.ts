/**
 * The whole check as one call for the CLI and the action: load the manifest, extract
 * image references, check alignment, optionally `--fix` and check again, write SARIF.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { errorMessage, silentLogger, writeFileAtomic, type Logger } from "@stella/core";
import { parseReleaseManifest, type ReleaseManifest } from "@stella/release";
import { checkAlignment, type AlignmentResult } from "./alignment.js";
import { ProfilesError } from "./errors.js";
import { extractImages, type ExtractOptions, type Extraction } from "./extract.js";
import type { Finding } from "./findings.js";
import { planFixes, writeFixes, type FixPlan } from "./fix.js";
import type { Mirror } from "./mirrors.js";
import { sarifText } from "./sarif.js";

export interface AlignOptions extends ExtractOptions {
  manifestPath: string;
  channel: string;
  profiles: string[];
  mirrors?: Mirror[];
  fix?: boolean;
  sarifPath?: string;
  toolVersion?: string;
  logger?: Logger;
}

export interface AlignReport {
  release: string;
  channel: string;
  /** Findings after `--fix` (when fixing) or of the only check. */
  findings: Finding[];
  /** Findings before fixing, when --fix ran. */
  fixedFindings?: Finding[];
  filesChanged: string[];
  skipped: FixPlan["skipped"];
  imagesChecked: number;
  filesChecked: number;
  sarifPath?: string;
}

async function loadManifest(path: string): Promise<{ manifest: ReleaseManifest; text: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ProfilesError(`cannot read release manifest ${path}: ${errorMessage(e)}`, { code: "PROFILE_READ", hint: "pass --manifest / input manifest: the channel's release.json" });
  }
  return { manifest: parseReleaseManifest(text, { source: path }), text };
}

async function check(options: AlignOptions, manifest: ReleaseManifest, text: string, manifestPath: string): Promise<{ extraction: Extraction; result: AlignmentResult }> {
  const extraction = await extractImages(options.profiles, options);
  const result = checkAlignment({ manifest, manifestPath, manifestText: text, channel: options.channel, images: extraction.images, mirrors: options.mirrors ?? [] });
  result.findings.push(...extraction.findings);
  return { extraction, result };
}

export async function alignProfiles(options: AlignOptions): Promise<AlignReport> {
  const logger = options.logger ?? silentLogger;
  const cwd = options.cwd ?? process.cwd();
  const manifestPath = resolve(cwd, options.manifestPath);
  const { manifest, text } = await loadManifest(manifestPath);
  let { extraction, result } = await check({ ...options, cwd }, manifest, text, manifestPath);
  const report: AlignReport = {
    release: manifest.manifest.release_id,
    channel: options.channel,
    findings: result.findings,
    filesChanged: [],
    skipped: [],
    imagesChecked: extraction.images.length,
    filesChecked: extraction.files.size,
  };
  if (options.fix && result.fixes.length > 0) {
    const texts = new Map<string, string>(extraction.files);
    for (const { image } of result.fixes) {
      const file = image.site?.file;
      if (file !== undefined && !texts.has(file)) texts.set(file, await readFile(file, "utf8"));
    }
    const plan = planFixes(result.fixes, texts);
    report.filesChanged = await writeFixes(plan, texts);
    report.skipped = plan.skipped;
    for (const f of report.filesChanged) logger.info(`fixed digests in ${f}`);
    report.fixedFindings = result.findings;
    ({ extraction, result } = await check({ ...options, cwd }, manifest, text, manifestPath));
    report.findings = result.findings;
    report.imagesChecked = extraction.images.length;
  }
  if (options.sarifPath !== undefined) {
    report.sarifPath = resolve(cwd, options.sarifPath);
    await writeFileAtomic(report.sarifPath, sarifText(report.findings, { baseDir: cwd, ...(options.toolVersion === undefined ? {} : { toolVersion: options.toolVersion }) }));
  }
  return report;
}
