import { describe, expect, it } from "vitest";
import { signBlobInputs } from "./inputs.js";

const from = (v: Record<string, string>) => (name: string) => v[name] ?? "";

describe("sign-blob inputs", () => {
  it("maps files and the signer", () => {
    expect(signBlobInputs(from({ files: "a.tar\nb.json", keyless: "true" }), { ACTIONS_ID_TOKEN_REQUEST_URL: "u", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" })).toMatchObject({
      files: ["a.tar", "b.json"],
      signer: { keyless: true, oidc: { requestUrl: "u", requestToken: "t", gitea: false } },
      secrets: [],
    });
  });
  it("names the missing inputs", () => {
    expect(() => signBlobInputs(from({}), {})).toThrow(/2 problem\(s\)[\s\S]*"files" is required[\s\S]*give input "key"/);
  });
});
