import canonicalize from "canonicalize";
import { sha256Digest } from "@stella/core";
import { ReleaseError } from "./errors.js";
import type { ManifestBody, ReleaseManifest } from "./model.js";

/**
 * The bytes the manifest digest covers: RFC 8785 (JCS) canonical JSON, by the well-kept
 * `canonicalize` package (not hand-made), of the whole release.json with `manifest_digest`
 * and `signatures` removed from `manifest` (DESIGN.md "Trust": the digest must not cover
 * itself, and signatures are added after it is computed).
 */
export function canonicalManifestBytes(release: ReleaseManifest): string {
  const { manifest_digest: _digest, signatures: _signatures, ...body } = release.manifest;
  const text = canonicalize({ ...release, manifest: body });
  if (text === undefined) throw new ReleaseError("release manifest cannot be canonicalized", { code: "MANIFEST_INVALID" });
  return text;
}

/** `sha256:` of canonicalManifestBytes: the value of `manifest.manifest_digest`. */
export function computeManifestDigest(release: ReleaseManifest): string {
  return sha256Digest(canonicalManifestBytes(release));
}

/** A copy with `manifest_digest` set to the computed digest (signatures kept as they are). */
export function withManifestDigest(release: ReleaseManifest): ReleaseManifest {
  const manifest: ManifestBody = { ...release.manifest, manifest_digest: computeManifestDigest(release) };
  return { ...release, manifest };
}

export interface DigestCheck {
  ok: boolean;
  expected: string;
  actual: string | undefined;
}

/** Recomputes the digest and compares it with the recorded `manifest_digest`. */
export function checkManifestDigest(release: ReleaseManifest): DigestCheck {
  const expected = computeManifestDigest(release);
  const actual = release.manifest.manifest_digest;
  return { ok: actual === expected, expected, actual };
}
