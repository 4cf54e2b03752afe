import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalize as independentJcs } from "json-canonicalize";
import { MODEL_KEYS } from "../src/model.js";
import type * as M from "../src/model.js";
import { canonicalManifestBytes, checkManifestDigest, computeManifestDigest, parseReleaseManifest, releaseManifestSchema, withManifestDigest } from "@stella/release";

const text = readFileSync(new URL("../../../test/fixtures/release/release.json", import.meta.url), "utf8");

describe("manifest_digest (RFC 8785)", () => {
  it("matches an independent RFC 8785 implementation (json-canonicalize)", () => {
    const release = parseReleaseManifest(text);
    const raw = JSON.parse(text) as { manifest: Record<string, unknown> };
    delete raw.manifest.manifest_digest;
    delete raw.manifest.signatures;
    const theirs = `sha256:${createHash("sha256").update(independentJcs(raw)).digest("hex")}`;
    expect(computeManifestDigest(release)).toBe(theirs);
    expect(canonicalManifestBytes(release)).toBe(independentJcs(raw));
    expect(release.manifest.manifest_digest).toBe(theirs); // the fixture carries its real digest
    expect(checkManifestDigest(release).ok).toBe(true);
  });
  it("ignores manifest_digest and signatures, and changes with any other field", () => {
    const release = parseReleaseManifest(text);
    const signed = { ...release, manifest: { ...release.manifest, manifest_digest: "sha256:" + "0".repeat(64), signatures: [{ signature_type: "cosign" as const, signature: "AAAA" }] } };
    expect(computeManifestDigest(signed)).toBe(computeManifestDigest(release));
    const changed = { ...release, profiles: [] };
    expect(computeManifestDigest(changed)).not.toBe(computeManifestDigest(release));
    expect(checkManifestDigest(changed)).toMatchObject({ ok: false, actual: release.manifest.manifest_digest });
    expect(checkManifestDigest(withManifestDigest(changed)).ok).toBe(true);
  });
  it("key order and whitespace of the input do not matter", () => {
    const release = parseReleaseManifest(text);
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : typeof v === "object" && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reorderedText = JSON.stringify(reverse(JSON.parse(text)), null, "\t");
    expect(reorderedText).not.toBe(text);
    const reordered = parseReleaseManifest(reorderedText);
    expect(computeManifestDigest(reordered)).toBe(computeManifestDigest(release));
  });
});

describe("model types mirror the schema", () => {
  it("every definition's properties are the model's keys", () => {
    const defs = (releaseManifestSchema as { definitions: Record<string, { properties: Record<string, unknown> }>; properties: Record<string, unknown> }).definitions;
    for (const [name, keys] of Object.entries(MODEL_KEYS)) {
      const props = name === "" ? (releaseManifestSchema as { properties: Record<string, unknown> }).properties : defs[name]?.properties;
      expect(Object.keys(props ?? {}).sort(), name).toEqual([...keys].sort());
    }
    expect(Object.keys(defs).filter((d) => !(d in MODEL_KEYS)).sort()).toEqual([]);
  });
});

// Compile-time: the hand-written interfaces have exactly the keys listed in MODEL_KEYS (which the
// test above checks against the schema), so type and schema cannot drift apart silently.
type Same<T, K extends readonly string[]> = [Exclude<keyof T, K[number]>, Exclude<K[number], keyof T>] extends [never, never] ? true : false;
const typeChecks: [
  Same<M.ReleaseManifest, (typeof MODEL_KEYS)[""]>,
  Same<M.ManifestBody, (typeof MODEL_KEYS)["ReleaseManifest"]>,
  Same<M.ServiceRelease, (typeof MODEL_KEYS)["ServiceRelease"]>,
  Same<M.PortMapping, (typeof MODEL_KEYS)["PortMapping"]>,
  Same<M.HealthCheckConfig, (typeof MODEL_KEYS)["HealthCheckConfig"]>,
  Same<M.ResourceRequirements, (typeof MODEL_KEYS)["ResourceRequirements"]>,
  Same<M.InfrastructureRequirements, (typeof MODEL_KEYS)["InfrastructureRequirements"]>,
  Same<M.DatabaseRequirement, (typeof MODEL_KEYS)["DatabaseRequirement"]>,
  Same<M.ExternalServiceRequirement, (typeof MODEL_KEYS)["ExternalServiceRequirement"]>,
  Same<M.MigrationStep, (typeof MODEL_KEYS)["MigrationStep"]>,
  Same<M.BreakingChange, (typeof MODEL_KEYS)["BreakingChange"]>,
  Same<M.ReleaseSignature, (typeof MODEL_KEYS)["ReleaseSignature"]>,
  Same<M.DeploymentProfile, (typeof MODEL_KEYS)["DeploymentProfile"]>,
  Same<M.ReleaseChannel, (typeof MODEL_KEYS)["ReleaseChannel"]>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true];
it("type checks compiled", () => expect(typeChecks.every(Boolean)).toBe(true));
