import type { Descriptor, ImageStore } from "@stella/oci";
import { parseManifest } from "@stella/oci";
import { diffComponents, formatDiff, isEmptyDiff, type SbomDiff } from "./diff.js";
import { FORMAT_INFO, type SbomFormat } from "./formats.js";
import { readSbomComponents } from "./read-sbom.js";
import type { Component } from "./types.js";

/** Largest SBOM blob we read back (a 100k-component SBOM is ~60 MB of JSON). */
const MAX_SBOM_BYTES = 256 * 1024 * 1024;

/**
 * The newest SBOM attached to `subject` in one of `formats` (first format wins; among
 * several referrers of that type, the one created last, then the highest digest).
 */
export async function fetchAttachedSbom(
  store: ImageStore,
  subject: Descriptor,
  formats: readonly SbomFormat[],
): Promise<{ format: SbomFormat; referrer: Descriptor; bytes: Uint8Array } | undefined> {
  for (const format of formats) {
    const found = await store.referrers(subject.digest, FORMAT_INFO[format].artifactType);
    const sorted = [...found].sort(
      (a, b) =>
        (b.annotations?.["org.opencontainers.image.created"] ?? "").localeCompare(a.annotations?.["org.opencontainers.image.created"] ?? "") ||
        b.digest.localeCompare(a.digest),
    );
    const referrer = sorted[0];
    if (!referrer) continue;
    const m = await store.getManifest(referrer.digest);
    const parsed = parseManifest(m.bytes, `${store.location}@${referrer.digest}`, referrer.mediaType);
    const layer = parsed.kind === "manifest" ? parsed.manifest.layers[0] : undefined;
    if (!layer || layer.size > MAX_SBOM_BYTES) continue;
    return { format, referrer, bytes: await store.getBlobBytes(layer) };
  }
  return undefined;
}

export interface VerifyFormatResult {
  format: SbomFormat;
  attached: boolean;
  referrer?: string;
  diff?: SbomDiff;
  ok: boolean;
}

/**
 * `stella sbom verify` (release-engineering-playbook "Verify SBOM attachment"): every
 * wanted format is attached to the image and lists the same components as a fresh scan.
 */
export async function verifyAttached(store: ImageStore, subject: Descriptor, fresh: readonly Component[], formats: readonly SbomFormat[]): Promise<VerifyFormatResult[]> {
  const out: VerifyFormatResult[] = [];
  for (const format of formats) {
    const found = await fetchAttachedSbom(store, subject, [format]);
    if (!found) {
      out.push({ format, attached: false, ok: false });
      continue;
    }
    const diff = diffComponents(readSbomComponents(found.bytes, `referrer ${found.referrer.digest}`).components, fresh);
    out.push({ format, attached: true, referrer: found.referrer.digest, diff, ok: isEmptyDiff(diff) });
  }
  return out;
}

export function describeVerify(results: readonly VerifyFormatResult[]): string {
  return results
    .map((r) =>
      !r.attached ? `${r.format}: NOT ATTACHED` : r.ok ? `${r.format}: ok (${r.referrer ?? ""})` : `${r.format}: DRIFT (${r.referrer ?? ""})\n${formatDiff(r.diff ?? { added: [], removed: [], changed: [] })}`,
    )
    .join("\n");
}
