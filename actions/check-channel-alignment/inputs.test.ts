import { describe, expect, it } from "vitest";
import { alignmentInputs } from "./inputs.js";

const from = (v: Record<string, string>) => (name: string) => v[name] ?? "";

describe("check-channel-alignment inputs", () => {
  it("maps every input", () => {
    expect(
      alignmentInputs(from({ manifest: "deploy/releases/stable.json", channel: "stable", profiles: "deploy/compose/*.yaml\ndeploy/helm/values-*.yaml, k8s/a.yml+k8s/b.yml", mirrors: "registry.stella-ops.org/stellaops=ghcr.io/stella-ops", "env-files": "ci.env", fix: "TRUE", sarif: "out.sarif" })),
    ).toEqual({
      manifestPath: "deploy/releases/stable.json",
      channel: "stable",
      profiles: ["deploy/compose/*.yaml", "deploy/helm/values-*.yaml", "k8s/a.yml+k8s/b.yml"],
      mirrors: [{ from: "registry.stella-ops.org/stellaops", to: "ghcr.io/stella-ops" }],
      envFiles: ["ci.env"],
      fix: true,
      sarifPath: "out.sarif",
    });
  });

  it("collects every missing input in one error", () => {
    expect(() => alignmentInputs(from({ fix: "maybe" }))).toThrow(/manifest" is required[\s\S]*channel" is required[\s\S]*profiles" needs[\s\S]*fix" must be true or false/);
  });

  it("refuses a malformed mirror", () => {
    expect(() => alignmentInputs(from({ manifest: "m", channel: "stable", profiles: "a", mirrors: "ghcr.io" }))).toThrow(/input "mirrors": "ghcr.io" must be FROM=TO/);
  });
});
