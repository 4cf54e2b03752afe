import { describe, expect, it } from "vitest";
import { readInputs } from "./inputs.js";

const get = (m: Record<string, string>) => (n: string) => m[n] ?? "";

describe("build-sbom inputs", () => {
  it("maps inputs to generate options; attach defaults to true only for registry images", () => {
    const r = readInputs(get({ image: "docker://reg.example/app:1", formats: "cyclonedx-json,\ncyclonedx-proto", "compare-to": "attached" }), { SOURCE_DATE_EPOCH: "1700000000", GITHUB_WORKSPACE: "/w" });
    expect(r.generate).toEqual({ image: "docker://reg.example/app:1", formats: ["cyclonedx-json", "cyclonedx-proto"], outputDir: "sbom", attach: true, compareTo: "attached", sourceDateEpoch: "1700000000", cwd: "/w" });
    expect(r.upload).toBe(false);
    expect(readInputs(get({ image: "oci:dir", formats: "spdx-json" }), {}).generate.attach).toBe(false);
    expect(readInputs(get({ image: "oci:dir", formats: "spdx-json", attach: "TRUE" }), {}).generate.attach).toBe(true);
  });

  it("uploads on auto only on a runner; true off a runner is an error", () => {
    expect(readInputs(get({ image: "oci:d", formats: "spdx-json" }), { ACTIONS_RUNTIME_TOKEN: "t" }).upload).toBe(true);
    expect(() => readInputs(get({ image: "oci:d", formats: "spdx-json", "upload-artifact": "true" }), {})).toThrow(/ACTIONS_RUNTIME_TOKEN/);
  });

  it("rejects unknown formats (all named), a missing image, half credentials", () => {
    expect(() => readInputs(get({ image: "oci:d", formats: "xml,spdx-json,swid" }), {})).toThrow(/"xml", "swid"/);
    expect(() => readInputs(get({ formats: "spdx-json" }), {})).toThrow(/"image" is required/);
    expect(() => readInputs(get({ image: "oci:d", formats: "spdx-json", "registry-username": "u" }), {})).toThrow(/go together/);
  });
});
