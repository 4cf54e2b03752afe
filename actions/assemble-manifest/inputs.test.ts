import { describe, expect, it } from "vitest";
import { assembleInputs } from "./inputs.js";

const getter = (m: Record<string, string>) => (n: string) => m[n] ?? "";

describe("assemble-manifest inputs", () => {
  it("derives from the ref and VERSION by default", () => {
    const i = assembleInputs(getter({ "fragments-dir": "frags" }), { GITHUB_REF: "refs/tags/2.4.1", GITHUB_WORKSPACE: "/w", GITHUB_SHA: "abc", GITHUB_RUN_NUMBER: "7" });
    expect(i).toMatchObject({ fragmentsDir: "frags", fragmentsPattern: "release-fragment-*", keyless: false, options: { outDir: "release", ref: "refs/tags/2.4.1", versionFile: "/w/VERSION", rcNumber: 7, revision: "abc", labels: "error", checkImages: true, failOnSkew: true } });
  });
  it("takes explicit version and channel, lists and booleans", () => {
    const i = assembleInputs(getter({ version: "2.4.1", channel: "lts", "lts-lines": "2.4,\n3.0", "allow-skew": "TRUE", "check-images": "false", labels: "warn", key: "PEM", "key-password": "pw" }), { GITHUB_REF: "refs/heads/main" });
    expect(i.options).toMatchObject({ version: "2.4.1", channel: "lts", ltsLines: ["2.4", "3.0"], failOnSkew: false, checkImages: false, labels: "warn" });
    expect(i.options.ref).toBeUndefined();
    expect(i).toMatchObject({ key: "PEM", keyPassword: "pw" });
  });
  it("collects every bad input", () => {
    expect(() => assembleInputs(getter({ version: "2.4.1", labels: "loud", keyless: "yes", "rc-number": "x" }), {})).toThrow(
      /"version" and "channel" go together[\s\S]*"labels" must be error, warn or off[\s\S]*"rc-number" must be a positive integer[\s\S]*"keyless" must be true or false/,
    );
  });
  it("reads the release's charts, one NAME VERSION DIGEST a line, and refuses a malformed line", () => {
    const d = `sha256:${"e".repeat(64)}`;
    expect(assembleInputs(getter({ "fragments-dir": "f", charts: `platform 2.4.1 ${d}\n\n` }), {}).options.charts).toEqual([{ name: "platform", version: "2.4.1", digest: d }]);
    expect(() => assembleInputs(getter({ "fragments-dir": "f", charts: "platform 2.4.1" }), {})).toThrow(/input "charts": "platform 2.4.1" is not "NAME VERSION sha256:<64 hex>"/);
  });
});
