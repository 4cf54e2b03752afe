import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signerFromSpec } from "./entry.js";
import { generateKeyPair } from "./keys.js";
import { policyFromJson } from "./verify-images.js";
import { verifyMaterialFrom } from "./verify-images.js";
import { buildStatement, parseStatement, subjectFor } from "./intoto.js";

describe("signerFromSpec", () => {
  it("takes the key as PEM text or as a path", async () => {
    const pair = await generateKeyPair({ password: "pw" });
    expect((await signerFromSpec({ keyPem: pair.privatePem, keyPassword: "pw" })).kind).toBe("key");
    const dir = await mkdtemp(join(tmpdir(), "stella-entry-"));
    await writeFile(join(dir, "cosign.key"), pair.privatePem);
    const s = await signerFromSpec({ keyPem: join(dir, "cosign.key"), keyPassword: "pw" });
    expect(s.publicKeyPem).toBe(pair.publicPem);
    await expect(signerFromSpec({ keyPem: join(dir, "missing.key"), keyPassword: "pw" })).rejects.toThrow(/is neither a PEM key nor a readable file/);
    await expect(signerFromSpec({ keyPem: join(dir, "cosign.key"), keyPassword: "nope" })).rejects.toThrow(/cosign.key: cannot decrypt the private key: wrong password/);
  });

  it("needs exactly one of key and keyless, and keyless needs a token source", async () => {
    await expect(signerFromSpec({})).rejects.toThrow(/nothing to sign with/);
    await expect(signerFromSpec({ keyPem: "x", keyless: true })).rejects.toThrow(/exclude each other/);
    await expect(signerFromSpec({ keyless: true, oidc: { requestUrl: undefined, requestToken: undefined, gitea: true } })).rejects.toThrow(/Gitea/);
  });
});

describe("verification options", () => {
  it("needs a key or an identity with an issuer; checks regular expressions", async () => {
    await expect(verifyMaterialFrom({})).rejects.toThrow(/say whose signature to accept/);
    await expect(verifyMaterialFrom({ identity: { subject: "x" } })).rejects.toThrow(/needs --certificate-oidc-issuer/);
    await expect(verifyMaterialFrom({ identity: { subjectRegExp: "(", issuer: "i" }, trustedRootJson: "{}" })).rejects.toThrow(/invalid regular expression/);
  });

  it("JSON policy: pointers to expected values or regexps, every failure named", () => {
    const policy = policyFromJson(JSON.stringify({ predicate: { "/runDetails/builder/id": { regexp: "^https://github.com/stella/" }, "/buildDefinition/buildType": "https://actions.github.io/buildtypes/workflow/v1" } }), "policy.json");
    const st = (builder: string) => parseStatement(buildStatement([subjectFor("a", `sha256:${"a".repeat(64)}`)], "https://slsa.dev/provenance/v1", { runDetails: { builder: { id: builder } }, buildDefinition: { buildType: "other" } }));
    expect(policy(st("https://github.com/stella/ops/.github/workflows/r.yml@refs/heads/main"))).toEqual(['/buildDefinition/buildType is "other", expected "https://actions.github.io/buildtypes/workflow/v1"']);
    expect(policy(st("https://evil.example/x"))).toHaveLength(2);
    expect(() => policyFromJson("{}", "p.json")).toThrow(/p.json: expected \{"predicate"/);
  });
});
