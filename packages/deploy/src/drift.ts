/**
 * Drift detection (artifact-generation.md "Drift Detection"): the sticker on a target
 * against the expected one, as the spec's DriftCheck. `missing`: no sticker; `corrupted`:
 * unreadable, bad signature, or a file of the target failing its checksums.sha256;
 * `mismatch`: a field differs (details name the field, expected and actual). Offline.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import canonicalize from "canonicalize";
import { errorMessage, sha256Digest } from "@stella/core";
import { parseChecksums, verifyChecksums } from "./checksums.js";
import { parseSticker, STICKER_FILE_NAME, stickerPayload, type VersionSticker } from "./sticker.js";
import type { StickerVerifier } from "./sticker-signer.js";

export type DriftType = "missing" | "corrupted" | "mismatch";

export interface DriftDetails {
  field: string;
  expectedDigest: string;
  actualDigest: string;
  expected: string;
  actual: string;
}

export interface DriftCheck {
  targetId: string;
  expectedSticker: VersionSticker;
  actualSticker: VersionSticker | null;
  driftDetected: boolean;
  driftType?: DriftType;
  details?: DriftDetails;
  /** Every differing field (details is the first). */
  mismatches?: { field: string; expected: string; actual: string }[];
  /** Why a sticker is corrupted, in words. */
  reason?: string;
}

export interface SignatureCheck {
  valid: boolean;
  reason: string;
}

export async function verifySticker(sticker: VersionSticker, verifier: StickerVerifier): Promise<SignatureCheck> {
  if (!sticker.signature) return { valid: false, reason: "the sticker is not signed" };
  const ok = await verifier.verify(stickerPayload(sticker), Buffer.from(sticker.signature, "base64"), sticker.signatureAlgorithm);
  return ok ? { valid: true, reason: `signature valid (${sticker.signatureAlgorithm ?? "?"}, ${sticker.signerKeyRef ?? "?"})` } : { valid: false, reason: `signature does not verify with the given key (${sticker.signatureAlgorithm ?? "?"}, key ${sticker.signerKeyRef ?? "?"})` };
}

function canonicalDigest(v: unknown): string {
  return sha256Digest(canonicalize(v) ?? "");
}

/** The fields that say what runs where, in report order. */
function fields(s: VersionSticker): Map<string, string> {
  const m = new Map<string, string>([
    ["release.id", s.release.id],
    ["release.name", s.release.name],
    ["deployment.id", s.deployment.id],
    ["deployment.environmentId", s.deployment.environmentId],
    ["deployment.targetId", s.deployment.targetId],
  ]);
  for (const c of s.release.components) m.set(`release.components[${c.name}].digest`, c.digest);
  return m;
}

export function compareStickers(expected: VersionSticker, actual: VersionSticker): { field: string; expected: string; actual: string }[] {
  const e = fields(expected);
  const a = fields(actual);
  const out: { field: string; expected: string; actual: string }[] = [];
  for (const [k, v] of e) if (a.get(k) !== v) out.push({ field: k, expected: v, actual: a.get(k) ?? "(absent)" });
  for (const [k, v] of a) if (!e.has(k)) out.push({ field: k, expected: "(absent)", actual: v });
  return out;
}

export interface DriftOptions {
  expected: VersionSticker;
  /** A target directory holding stella.version.json (and maybe checksums.sha256), or a sticker file. */
  target: string;
  verifier?: StickerVerifier;
}

export async function checkDrift(o: DriftOptions): Promise<DriftCheck> {
  const base = { targetId: o.expected.deployment.targetId, expectedSticker: o.expected };
  const isDir = await stat(o.target).then((s) => s.isDirectory(), () => false);
  const path = isDir ? join(o.target, STICKER_FILE_NAME) : o.target;
  const corrupted = (reason: string, field: string, expected: string, actual: string, sticker: VersionSticker | null): DriftCheck => ({
    ...base,
    actualSticker: sticker,
    driftDetected: true,
    driftType: "corrupted",
    reason,
    details: { field, expected, actual, expectedDigest: expected, actualDigest: actual },
  });
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return { ...base, actualSticker: null, driftDetected: true, driftType: "missing", reason: `${path} does not exist` };
  let actual: VersionSticker;
  try {
    actual = parseSticker(text, path);
  } catch (e) {
    return corrupted(errorMessage(e), STICKER_FILE_NAME, "a version sticker", "unreadable", null);
  }
  if (isDir) {
    const sums = await readFile(join(o.target, "checksums.sha256"), "utf8").catch(() => undefined);
    if (sums !== undefined) {
      let failures;
      try {
        failures = await verifyChecksums(o.target, parseChecksums(sums, join(o.target, "checksums.sha256")));
      } catch (e) {
        return corrupted(errorMessage(e), "checksums.sha256", "valid checksums", "unreadable", actual);
      }
      const f = failures[0];
      if (f) return corrupted(`${f.name} fails checksums.sha256`, `checksums.sha256:${f.name}`, `sha256:${f.expected}`, f.actual ? `sha256:${f.actual}` : "(missing)", actual);
    }
  }
  if (o.verifier) {
    const sig = await verifySticker(actual, o.verifier);
    if (!sig.valid) return corrupted(sig.reason, "signature", "valid signature", "invalid", actual);
  }
  const mismatches = compareStickers(o.expected, actual);
  const first = mismatches[0];
  if (!first) return { ...base, actualSticker: actual, driftDetected: false };
  const isDigest = first.field.endsWith(".digest");
  return {
    ...base,
    actualSticker: actual,
    driftDetected: true,
    driftType: "mismatch",
    details: { field: first.field, expected: first.expected, actual: first.actual, expectedDigest: isDigest ? first.expected : canonicalDigest(o.expected.release), actualDigest: isDigest ? first.actual : canonicalDigest(actual.release) },
    mismatches,
  };
}

export function formatDrift(d: DriftCheck): string {
  if (!d.driftDetected) return `no drift: target ${d.targetId} runs ${d.expectedSticker.release.name} as expected`;
  const head = `drift: ${d.driftType ?? "?"} on target ${d.targetId}`;
  if (d.driftType === "missing") return `${head}: ${d.reason ?? "no sticker"}`;
  if (d.driftType === "corrupted") return `${head}: ${d.reason ?? ""} (${d.details?.field ?? ""}: expected ${d.details?.expected ?? ""}, actual ${d.details?.actual ?? ""})`;
  return [head, ...(d.mismatches ?? []).map((m) => `  ${m.field}: expected ${m.expected}, actual ${m.actual}`)].join("\n");
}
