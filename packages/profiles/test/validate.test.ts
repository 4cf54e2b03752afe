import { describe, expect, it } from "vitest";
import { validateProfiles } from "@stella/profiles";
import { FIXTURES, PROFILES } from "./fixture-copy.js";

describe("validate-profiles (no Docker, no Helm)", () => {
  it("accepts the fixture profiles", async () => {
    const r = await validateProfiles({ profiles: PROFILES, cwd: FIXTURES });
    expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(r.validated.map((v) => `${v.file.split("/").pop()}:${v.kind}`)).toEqual([
      "docker-compose.yaml:compose",
      "docker-compose.telemetry.yaml:compose",
      "values-stable.yaml:helm",
      "values-airgap.yaml:helm",
      "rendered.yaml:kubernetes",
    ]);
    expect(r.notes.join("\n")).toContain("not rendered");
  });

  it("reports Compose schema errors at their lines", async () => {
    const r = await validateProfiles({ profiles: ["invalid/docker-compose.yaml"], cwd: FIXTURES });
    const rows = r.findings.map((f) => `${f.line}:${f.message}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^8:Compose Specification: services\.api must NOT have additional properties "imagee"$/),
        expect.stringMatching(/^7:Compose Specification: services\.api\.healthcheck\.interval must match format "duration"$/),
      ]),
    );
  });

  it("reports Kubernetes schema errors at their lines", async () => {
    const r = await validateProfiles({ profiles: ["invalid/rendered.yaml"], cwd: FIXTURES });
    const rows = r.findings.map((f) => `${f.line}:${f.message}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        "7:Kubernetes apps/v1 Deployment: spec.replicas must be integer",
        expect.stringMatching(/^13:Kubernetes apps\/v1 Deployment: spec\.template\.spec\.containers\.0 must have required property name/),
      ]),
    );
  });
});
