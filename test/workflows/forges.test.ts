import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { giteaWorkflow, githubWorkflow } from "@stella/pipeline";
import { repoRoot } from "../helpers/run-action.js";

describe("one workflow source for GitHub and Gitea", () => {
  it("installed copies are in sync with workflows/", () => {
    expect(() => execFileSync(process.execPath, [join(repoRoot, "scripts/gen-workflows.mjs"), "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("the Gitea copy drops OIDC and signs key-based by default", () => {
    const gitea = readFileSync(join(repoRoot, ".gitea/workflows/release.yml"), "utf8");
    expect(gitea).not.toContain("id-token");
    expect(gitea).toMatch(/keyless:\n\s+description: [^\n]+\n\s+type: boolean\n\s+default: false/);
    expect(gitea).not.toContain("# gitea:");
    const github = readFileSync(join(repoRoot, ".github/workflows/release.yml"), "utf8");
    expect(github).toContain("id-token: write");
    expect(github).not.toContain("# gitea:");
  });

  it("applies drop and replace marks at the source's indentation", () => {
    const src = "jobs:\n  a:\n    permissions:\n      id-token: write # gitea: drop\n    steps:\n      - uses: actions/upload-artifact@v4 # gitea: - uses: actions/upload-artifact@v3\n  b:\n    uses: stella/actions/.github/workflows/release.yml@v1\n";
    const out = giteaWorkflow("x.yml", src);
    expect(out).toContain("      - uses: actions/upload-artifact@v3\n");
    expect(out).not.toContain("id-token");
    expect(out).toContain("uses: stella/actions/.gitea/workflows/release.yml@v1");
    expect(githubWorkflow("x.yml", src)).toContain("      id-token: write\n");
  });
});
