import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage } from "@stella/core";
import { ReleaseError, formatProblem, type ManifestProblem } from "./errors.js";
import type { ServiceRelease } from "./model.js";
import { releaseFragment } from "./generated/validators.js";
import { resolvePointer } from "./validate.js";

/**
 * What one image job of the release matrix leaves behind (the fan-in's input): the service
 * entry for the manifest (the schema's ServiceRelease), the referrers it claims to have
 * attached (signature, SBOMs, attestations), and its signature's log entry for release.yaml.
 * Written by sign-image/build-sbom jobs (or by hand) as `*.json` in a workflow artifact.
 */
export interface ImageFragment {
  fragment_version: 1;
  service: ServiceRelease;
  claims?: ReferrerClaim[];
  signature?: { rekor_uuid?: string; log_index?: number; ref?: string };
}

export type ClaimKind = "signature" | "sbom" | "attestation";

export interface ReferrerClaim {
  kind: ClaimKind;
  /** The referrer's artifactType (e.g. application/vnd.cyclonedx+json). */
  artifact_type: string;
  /** The referrer manifest's digest, when the job knows it. */
  digest?: string;
}

/** Validates one fragment, every problem named with its pointer and value. */
export function parseFragment(value: unknown, source: string): ImageFragment {
  // release-fragment.schema.json, compiled at build time (scripts/gen-validators.mjs).
  if (releaseFragment(value)) return value as ImageFragment;
  const problems: ManifestProblem[] = (releaseFragment.errors ?? []).map((e) => ({
    pointer: e.keyword === "required" ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath,
    value: e.keyword === "required" ? undefined : resolvePointer(value, e.instancePath),
    expected: e.keyword === "additionalProperties" ? `no property "${String(e.params.additionalProperty)}"` : (e.message ?? e.keyword),
  }));
  throw new ReleaseError(`${source}: not a release fragment\n${problems.map((p) => `  - ${formatProblem(source, p)}`).join("\n")}`, {
    code: "FRAGMENT",
    hint: "a fragment is { fragment_version: 1, service: { service_id, image, digest, ... }, claims: [{ kind, artifact_type, digest? }] }",
  });
}

/**
 * Every `*.json` fragment under `dir` (recursively: @actions/artifact unpacks each artifact in
 * its own folder), sorted by service id; two fragments for one service id are refused.
 */
export async function loadFragments(dir: string): Promise<ImageFragment[]> {
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".json")).sort();
  } catch (e) {
    throw new ReleaseError(`cannot read fragments directory ${dir}: ${errorMessage(e)}`, { code: "FRAGMENT", cause: e, hint: "pass the directory the image jobs' fragments were downloaded to" });
  }
  if (files.length === 0) throw new ReleaseError(`no *.json fragments in ${dir}`, { code: "FRAGMENT", hint: "each image job writes its fragment with `stella manifest fragment ... --out FILE` and uploads it as an artifact named release-fragment-<service>" });
  const out: ImageFragment[] = [];
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const f of files) {
    const path = join(dir, f);
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path, "utf8")) as unknown;
    } catch (e) {
      problems.push(`${path}: not JSON: ${errorMessage(e)}`);
      continue;
    }
    try {
      const frag = parseFragment(value, path);
      const prev = seen.get(frag.service.service_id);
      if (prev !== undefined) problems.push(`${path}: service ${frag.service.service_id} already comes from ${prev}`);
      else {
        seen.set(frag.service.service_id, path);
        out.push(frag);
      }
    } catch (e) {
      problems.push(errorMessage(e));
    }
  }
  if (problems.length > 0) throw new ReleaseError(`fragments in ${dir}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`, { code: "FRAGMENT" });
  return out.sort((a, b) => (a.service.service_id < b.service.service_id ? -1 : 1));
}
