import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCredential, isRegistryError, mergeScopes, parseChallenges, scopesCover } from "@stella/oci";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-creds-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, doc: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof doc === "string" ? doc : JSON.stringify(doc));
  return path;
}

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("WWW-Authenticate challenges", () => {
  it("parses bearer parameters with quoted commas and escapes", () => {
    expect(parseChallenges('Bearer realm="https://auth.example/token",service="reg.example",scope="repository:a/b:pull,push"')).toEqual([
      { scheme: "bearer", params: { realm: "https://auth.example/token", service: "reg.example", scope: "repository:a/b:pull,push" } },
    ]);
    expect(parseChallenges('Basic realm="say \\"hi\\"", Bearer realm=https://t/x')).toEqual([
      { scheme: "basic", params: { realm: 'say "hi"' } },
      { scheme: "bearer", params: { realm: "https://t/x" } },
    ]);
    expect(parseChallenges("")).toEqual([]);
    expect(parseChallenges(null)).toEqual([]);
  });

  it("merges scopes per resource and says when a token covers what a request needs", () => {
    expect(mergeScopes(["repository:a:pull"], ["repository:a:push", "repository:b:pull"])).toEqual(["repository:a:pull,push", "repository:b:pull"]);
    expect(scopesCover(["repository:a:pull,push"], ["repository:a:pull"])).toBe(true);
    expect(scopesCover(["repository:a:pull"], ["repository:a:pull,push"])).toBe(false);
    expect(scopesCover(["repository:a:pull,push"], ["repository:a:push", "repository:b:pull"])).toBe(false);
  });
});

describe("docker config.json and auth files", () => {
  it("decodes base64 auth, plain fields and identity tokens", async () => {
    const authFile = await configFile("auth.json", {
      auths: {
        "reg.example": { auth: b64("alice:pa:ss") },
        "https://other.example": { username: "bob", password: "pw" },
        "tok.example": { auth: b64("carol:"), identitytoken: "id-123" },
      },
    });
    expect((await findCredential("reg.example", "a/b", { authFile })).credential).toEqual({ username: "alice", password: "pa:ss" });
    expect((await findCredential("other.example", "a", { authFile })).credential).toEqual({ username: "bob", password: "pw" });
    expect((await findCredential("tok.example", "a", { authFile })).credential).toEqual({ username: "carol", identityToken: "id-123" });
    expect((await findCredential("none.example", "a", { authFile })).credential).toBeUndefined();
  });

  it("prefers explicit credentials, then the auth file, then the docker config; Docker Hub's URL key works", async () => {
    const authFile = await configFile("first.json", { auths: { "reg.example": { auth: b64("from-auth-file:x") } } });
    const dockerConfigDir = join(dir, "docker");
    await mkdir(dockerConfigDir, { recursive: true });
    await writeFile(join(dockerConfigDir, "config.json"), JSON.stringify({ auths: { "reg.example": { auth: b64("from-docker:x") }, "https://index.docker.io/v1/": { auth: b64("hub:y") } } }));
    expect((await findCredential("reg.example", "a", { authFile, dockerConfigDir })).credential?.username).toBe("from-auth-file");
    expect((await findCredential("reg.example", "a", { dockerConfigDir })).credential?.username).toBe("from-docker");
    expect((await findCredential("reg.example", "a", { credentials: { username: "flag", password: "z" }, authFile })).credential?.username).toBe("flag");
    expect((await findCredential("docker.io", "library/alpine", { dockerConfigDir })).credential).toEqual({ username: "hub", password: "y" });
  });

  it("takes the most specific host/namespace entry of a containers auth file", async () => {
    const authFile = await configFile("scoped.json", { auths: { "reg.example/team": { auth: b64("team:1") }, "reg.example": { auth: b64("all:2") } } });
    expect((await findCredential("reg.example", "team/app", { authFile })).credential?.username).toBe("team");
    expect((await findCredential("reg.example", "other/app", { authFile })).credential?.username).toBe("all");
  });

  it("asks docker-credential helpers (credHelpers, credsStore), treating 'not found' as anonymous", async () => {
    const helperDir = join(dir, "bin");
    await mkdir(helperDir, { recursive: true });
    const helper = join(helperDir, "docker-credential-fake");
    await writeFile(helper, '#!/bin/sh\nread s\ncase "$s" in\n  reg.example) echo \'{"ServerURL":"reg.example","Username":"helper-user","Secret":"helper-secret"}\';;\n  tok.example) echo \'{"ServerURL":"tok.example","Username":"<token>","Secret":"id-tok"}\';;\n  *) echo "credentials not found in native keychain"; exit 1;;\nesac\n');
    await chmod(helper, 0o755);
    const authFile = await configFile("helpers.json", { credHelpers: { "reg.example": "fake" }, credsStore: "fake" });
    expect((await findCredential("reg.example", "a", { authFile, credentialHelperDir: helperDir })).credential).toEqual({ username: "helper-user", password: "helper-secret" });
    expect((await findCredential("tok.example", "a", { authFile, credentialHelperDir: helperDir })).credential).toEqual({ identityToken: "id-tok" });
    expect((await findCredential("none.example", "a", { authFile, credentialHelperDir: helperDir })).credential).toBeUndefined();
    const missing = await configFile("missing.json", { credHelpers: { "reg.example": "absent" } });
    const err = await findCredential("reg.example", "a", { authFile: missing, credentialHelperDir: helperDir }).catch((e: unknown) => e);
    expect(isRegistryError(err, "CREDENTIAL_HELPER")).toBe(true);
    expect(String(err)).toContain("docker-credential-absent");
  });

  it("reports a broken auth file with its path, and never prints the secret in it", async () => {
    const broken = await configFile("broken.json", "{ not json");
    await expect(findCredential("reg.example", "a", { authFile: broken })).rejects.toThrow(`registry auth file ${broken} is not valid JSON`);
    const noColon = await configFile("nocolon.json", { auths: { "reg.example": { auth: b64("justasecretvalue") } } });
    const err = await findCredential("reg.example", "a", { authFile: noColon }).catch((e: unknown) => e);
    expect(String(err)).toContain("is not base64 of user:password");
    expect(String(err)).not.toContain("justasecretvalue");
    expect((await findCredential("reg.example", "a", { authFile: join(dir, "absent.json") })).credential).toBeUndefined();
  });
});
