import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Validator } from "@cfworker/json-schema";
import { ManifestValidationError, parseReleaseManifest, loadReleaseManifest, releaseManifestSchema, validateReleaseManifest, ReleaseError } from "@stella/release";

const fixtures = new URL("../../../test/fixtures/release/", import.meta.url);
const goodPath = new URL("release.json", fixtures).pathname;
const brokenPath = new URL("seed-example.broken.json", fixtures).pathname;
const goodText = readFileSync(goodPath, "utf8");
const brokenText = readFileSync(brokenPath, "utf8");

describe("release.json schema validation", () => {
  it("accepts the corrected seed example", async () => {
    const m = await loadReleaseManifest(goodPath);
    expect(m.manifest.services.map((s) => s.service_id)).toEqual(["orchestrator", "policy-engine", "scanner", "findings-ledger", "vex-lens", "concelier"]);
    expect(validateReleaseManifest(JSON.parse(goodText))).toEqual([]);
  });

  it("rejects the seed's own example naming every bad digest, with value, expectation, line and hint", () => {
    let err: unknown;
    try {
      parseReleaseManifest(brokenText, { source: "seed.json" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ManifestValidationError);
    const problems = (err as ManifestValidationError).problems;
    expect(problems.map((p) => p.pointer)).toEqual([
      "/manifest/services/0/digest",
      "/manifest/services/1/digest",
      "/manifest/services/2/digest",
      "/manifest/services/3/digest",
      "/manifest/services/4/digest",
      "/manifest/services/5/digest",
      "/manifest/manifest_digest",
    ]);
    expect(problems[0]).toMatchObject({ value: "sha256:orch123def456789012345678901234567890123456789012345678901234orch", expected: "a string matching ^sha256:[a-f0-9]{64}$" });
    const lines = brokenText.split("\n");
    for (const p of problems) {
      expect(p.line).toBeDefined();
      expect(lines[(p.line ?? 0) - 1]).toContain(String(p.value));
      expect(p.hint).toMatch(/sha256: \+ 64 lowercase hex/);
    }
    const msg = (err as ManifestValidationError).message;
    expect(msg).toContain('seed.json:14 /manifest/services/0/digest: got "sha256:orch123def');
    expect(msg).toContain("7 schema problems");
  });

  it("names missing required fields, wrong enums and formats", () => {
    const doc = JSON.parse(goodText) as { manifest: Record<string, unknown> & { services: Record<string, unknown>[] } };
    delete doc.manifest.services[2].image;
    doc.manifest.released_at = "yesterday";
    doc.manifest.services[0].ports = [{ container_port: 80, protocol: "sctp" }];
    const problems = validateReleaseManifest(doc);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: "/manifest/services/2/image", expected: 'required property "image"' }),
        expect.objectContaining({ pointer: "/manifest/released_at", value: "yesterday", expected: "a date-time string" }),
        expect.objectContaining({ pointer: "/manifest/services/0/ports/0/protocol", value: "sctp", expected: 'one of "tcp", "udp"' }),
      ]),
    );
    expect(validateReleaseManifest({ channels: [] })).toEqual([expect.objectContaining({ pointer: "/manifest" })]);
  });

  it("reports text that is not JSON as MANIFEST_PARSE", () => {
    expect(() => parseReleaseManifest("{ nope", { source: "x.json" })).toThrow(ReleaseError);
    expect(() => parseReleaseManifest("{ nope", { source: "x.json" })).toThrow(/x\.json: not valid JSON/);
  });

  it("agrees with an independent validator (@cfworker/json-schema, draft 2020-12)", () => {
    const other = new Validator(releaseManifestSchema, "2020-12", false);
    const good = other.validate(JSON.parse(goodText));
    expect(good.valid).toBe(true);
    const bad = other.validate(JSON.parse(brokenText));
    expect(bad.valid).toBe(false);
    const ours = validateReleaseManifest(JSON.parse(brokenText)).map((p) => p.pointer);
    const theirs = new Set(bad.errors.filter((e) => e.keyword === "pattern").map((e) => e.instanceLocation.replace(/^#/, "")));
    expect([...theirs].sort()).toEqual([...ours].sort());
  });
});
