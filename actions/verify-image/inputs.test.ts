import { describe, expect, it } from "vitest";
import { verifyImageInputs } from "./inputs.js";

const from = (v: Record<string, string>) => (name: string) => v[name] ?? "";

describe("verify-image inputs", () => {
  it("maps key-based and keyless inputs", () => {
    expect(verifyImageInputs(from({ images: "ghcr.io/o/a:v1", "public-key": "PEM", recursive: "false" }))).toEqual({
      images: ["docker://ghcr.io/o/a:v1"],
      spec: { publicKeyPem: "PEM", publicKeySource: 'input "public-key"', allowNetworkRoot: true },
      recursive: false,
    });
    expect(verifyImageInputs(from({ images: "oci:dir", "certificate-identity-regexp": "^https://github.com/o/", "certificate-oidc-issuer": "https://token.actions.githubusercontent.com", "trusted-root": "root.json", "attestation-type": "slsaprovenance1" }))).toMatchObject({
      images: ["oci:dir"],
      spec: { identity: { subjectRegExp: "^https://github.com/o/", issuer: "https://token.actions.githubusercontent.com" }, allowNetworkRoot: false },
      trustedRootPath: "root.json",
      attestationType: "slsaprovenance1",
    });
  });

  it("collects every problem", () => {
    expect(() => verifyImageInputs(from({ recursive: "maybe" }))).toThrow(/3 problem\(s\)[\s\S]*"images" is required[\s\S]*"public-key"[\s\S]*"recursive" must be/);
    expect(() => verifyImageInputs(from({ images: "a", "certificate-identity": "x" }))).toThrow(/needs "certificate-oidc-issuer"/);
  });
});
