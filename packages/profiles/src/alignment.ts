/**
 * check-channel-alignment (deployment-profiles.md "Additional tooling"): for a channel's
 * release manifest, every service is referenced by exactly its digest, no profile
 * references an image that is not in it, and tag-only references are refused
 * (architecture-devops.md §3.1 "Pull by digest only").
 */
import { parseDockerReference } from "@stella/oci";
import type { ReleaseManifest, ServiceRelease } from "@stella/release";
import { LineCounter, parseDocument, isMap, isSeq, type Node } from "yaml";
import { ProfilesError } from "./errors.js";
import { compareFindings, type Finding } from "./findings.js";
import type { FoundImage } from "./found-image.js";
import { unmirror, type Mirror } from "./mirrors.js";

export interface AlignmentInput {
  manifest: ReleaseManifest;
  /** Path and text of the manifest file, for the position of `missing-service` findings. */
  manifestPath: string;
  manifestText?: string;
  channel: string;
  images: readonly FoundImage[];
  mirrors?: readonly Mirror[];
}

/** A finding that `--fix` can resolve by writing `digest` at the image's site. */
export interface PlannedFix {
  image: FoundImage;
  digest: string;
}

export interface AlignmentResult {
  findings: Finding[];
  fixes: PlannedFix[];
  /** service_id -> number of references found. */
  referenced: Map<string, number>;
}

function normalisedName(value: string): string {
  const r = parseDockerReference(value);
  return `${r.registry}/${r.repository}`;
}

/** Position of `manifest.services[i]` in the manifest text (JSON is YAML), 1:1 fallback. */
function servicePositions(text: string | undefined, count: number): { line: number; column: number }[] {
  const fallback = Array.from({ length: count }, () => ({ line: 1, column: 1 }));
  if (text === undefined) return fallback;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const seq = doc.getIn(["manifest", "services"], true);
  if (!isSeq(seq)) return fallback;
  return fallback.map((f, i) => {
    const item = seq.items[i] as Node | undefined;
    const id = isMap(item) ? (item.get("service_id", true) as Node | undefined) : undefined;
    const at = (id ?? item)?.range?.[0];
    if (at === undefined) return f;
    const p = lines.linePos(at);
    return { line: p.line, column: p.col };
  });
}

export function checkAlignment(input: AlignmentInput): AlignmentResult {
  const { manifest, channel } = input;
  const mirrors = input.mirrors ?? [];
  const body = manifest.manifest;
  const findings: Finding[] = [];
  const fixes: PlannedFix[] = [];

  if (manifest.channels && manifest.channels.length > 0) {
    const entry = manifest.channels.find((c) => c.channel_id === channel);
    if (!entry) {
      throw new ProfilesError(`channel "${channel}" is not in ${input.manifestPath} (channels: ${manifest.channels.map((c) => c.channel_id).join(", ")})`, {
        code: "CHANNEL_UNKNOWN",
        hint: "pass the channel the manifest is published on (--channel / input channel)",
      });
    }
    if (entry.current_version !== undefined && entry.current_version !== body.version) {
      findings.push({ rule: "channel-version", severity: "error", file: input.manifestPath, line: 1, column: 1, message: `channel ${channel} names current_version ${entry.current_version} but the manifest is ${body.version}`, expected: body.version, actual: entry.current_version });
    }
  }

  const byName = new Map<string, ServiceRelease>();
  for (const s of body.services) {
    try {
      byName.set(normalisedName(s.image), s);
    } catch {
      byName.set(s.image, s);
    }
  }
  const referenced = new Map<string, number>(body.services.map((s) => [s.service_id, 0]));

  for (const image of input.images) {
    const at = { file: image.file, line: image.line, column: image.column };
    let ref;
    try {
      ref = parseDockerReference(image.value);
    } catch (e) {
      findings.push({ rule: "invalid-reference", severity: "error", ...at, message: `${image.path}: ${e instanceof Error ? e.message : String(e)}`, actual: image.value });
      continue;
    }
    const name = unmirror(`${ref.registry}/${ref.repository}`, mirrors);
    const service = byName.get(name);
    if (!service) {
      // Same repository path under another registry: most likely a mirror nobody declared.
      const twin = [...byName.keys()].find((n) => n.slice(n.indexOf("/") + 1) === ref.repository);
      const hint = twin ? `; if ${ref.registry} mirrors ${twin.slice(0, twin.indexOf("/"))}, declare it: --mirror ${twin.slice(0, twin.indexOf("/"))}=${ref.registry}` : "";
      findings.push({ rule: "unknown-image", severity: "error", ...at, message: `${image.path}: ${image.value} is not an image of release ${body.release_id} (channel ${channel})${hint}`, actual: image.value, expected: "one of the manifest's services" });
      continue;
    }
    referenced.set(service.service_id, (referenced.get(service.service_id) ?? 0) + 1);
    if (ref.digest === undefined) {
      findings.push({ rule: "tag-only", severity: "error", ...at, service: service.service_id, message: `${image.path}: ${image.value} has no digest; pull by digest only (architecture-devops.md §3.1): expected @${service.digest}`, expected: service.digest, actual: ref.tag ?? "(no tag)" });
      fixes.push({ image, digest: service.digest });
    } else if (ref.digest !== service.digest) {
      const where = image.digestLine === undefined ? at : { file: image.file, line: image.digestLine, column: image.digestColumn ?? 1 };
      findings.push({ rule: "digest-mismatch", severity: "error", ...where, service: service.service_id, message: `${image.path}: ${service.service_id} is ${service.digest} in release ${body.release_id}, the profile has ${ref.digest}`, expected: service.digest, actual: ref.digest });
      fixes.push({ image, digest: service.digest });
    }
  }

  const positions = servicePositions(input.manifestText, body.services.length);
  body.services.forEach((s, i) => {
    if ((referenced.get(s.service_id) ?? 0) > 0) return;
    const p = positions[i] ?? { line: 1, column: 1 };
    findings.push({ rule: "missing-service", severity: "error", file: input.manifestPath, ...p, service: s.service_id, message: `service ${s.service_id} (${s.image}@${s.digest}) of release ${body.release_id} is referenced by none of the profiles`, expected: `${s.image}@${s.digest}` });
  });
  findings.sort(compareFindings);
  return { findings, fixes, referenced };
}
