import { describe, expect, it } from "vitest";
import { publishInputs } from "./inputs.js";

const getter = (m: Record<string, string>) => (n: string) => m[n] ?? "";

describe("publish-release inputs", () => {
  it("GitHub by default, tag from the ref, GHES API from the context", () => {
    const i = publishInputs(getter({ token: "t", assets: "a.yaml\nb.json, c.sig" }), { GITHUB_REF: "refs/tags/2.4.1", GITHUB_REPOSITORY: "acme/stella", GITHUB_API_URL: "https://ghes.example/api/v3", GITHUB_WORKSPACE: "/w" });
    expect(i).toMatchObject({ forge: "github", tag: "2.4.1", repository: "acme/stella", apiUrl: "https://ghes.example/api/v3", assets: ["a.yaml", "b.json", "c.sig"], checksums: true, cwd: "/w" });
    expect(i.prerelease).toBeUndefined();
  });
  it("Gitea when act_runner says so", () => {
    const i = publishInputs(getter({ token: "t", tag: "2.5.0-rc.1", prerelease: "true" }), { GITEA_ACTIONS: "true", GITHUB_REPOSITORY: "acme/stella", GITHUB_SERVER_URL: "https://gitea.example.org" });
    expect(i).toMatchObject({ forge: "gitea", serverUrl: "https://gitea.example.org", prerelease: true });
  });
  it("Gitea from the server's API URL too (Forgejo/Gitea runners without GITEA_ACTIONS)", () => {
    const i = publishInputs(getter({ token: "t", tag: "1.0.0" }), { GITHUB_REPOSITORY: "a/b", GITHUB_API_URL: "https://forge.example/api/v1", GITHUB_SERVER_URL: "https://forge.example" });
    expect(i).toMatchObject({ forge: "gitea", serverUrl: "https://forge.example" });
    expect(publishInputs(getter({ token: "t", tag: "1.0.0", forge: "github" }), { GITHUB_REPOSITORY: "a/b", GITHUB_API_URL: "https://forge.example/api/v1" }).forge).toBe("github");
  });
  it("collects every problem", () => {
    expect(() => publishInputs(getter({ forge: "gitlab", prerelease: "maybe" }), { GITHUB_REF: "refs/heads/main" })).toThrow(/"forge" must be[\s\S]*"token" is required[\s\S]*"repository" must be OWNER\/REPO[\s\S]*"tag" is required[\s\S]*"prerelease" must be/);
  });
});
