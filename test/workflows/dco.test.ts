import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadJobs } from "./workflow-files.js";

// release-engineering-playbook.md §10: all pipelines enforce Signed-off-by (DCO).
function repoWith(messages: string[]): { dir: string; base: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), "dco-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: "A", GIT_AUTHOR_EMAIL: "a@x", GIT_COMMITTER_NAME: "A", GIT_COMMITTER_EMAIL: "a@x" } }).toString().trim();
  git("init", "-q", "-b", "main");
  git("commit", "-q", "--allow-empty", "-m", "base");
  const base = git("rev-parse", "HEAD");
  messages.forEach((m, i) => {
    writeFileSync(join(dir, `f${i}`), m);
    git("add", ".");
    git("commit", "-q", "-m", m);
  });
  return { dir, base, head: git("rev-parse", "HEAD") };
}

function runDco(repo: { dir: string; base: string; head: string }) {
  const step = loadJobs("workflows/dco.yml").dco?.steps?.find((s) => s.run);
  return spawnSync("bash", ["-e", "-c", step?.run ?? "exit 99"], { cwd: repo.dir, env: { PATH: process.env.PATH, BASE: repo.base, HEAD: repo.head }, encoding: "utf8" });
}

describe("dco workflow", () => {
  it("passes when every commit is signed off", () => {
    const r = runDco(repoWith(["feat: a\n\nSigned-off-by: Ann Dev <ann@example.org>", "fix: b\n\nSigned-off-by: Bo Dev <bo@example.org>"]));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("all commits signed off");
  });

  it("fails naming each commit without a sign-off", () => {
    const r = runDco(repoWith(["feat: signed\n\nSigned-off-by: Ann Dev <ann@example.org>", "fix: forgot the trailer", "docs: says Signed-off-by: in the middle of a line"]));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("fix: forgot the trailer");
    expect(r.stdout).toContain("docs: says Signed-off-by");
    expect(r.stdout).not.toContain("feat: signed");
    expect(r.stdout).toContain("2 commit(s) without DCO sign-off");
  });
});
