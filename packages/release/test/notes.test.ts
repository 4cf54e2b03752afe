import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitsBetween, parseCommit, previousTag, releaseNotes } from "@stella/release";

describe("conventional commits", () => {
  it("parses type, scope, ! and BREAKING CHANGE footers", () => {
    expect(parseCommit({ sha: "a", message: "feat(scanner)!: drop v1 API" })).toMatchObject({ type: "feat", scope: "scanner", subject: "drop v1 API", breaking: true });
    expect(parseCommit({ sha: "b", message: "fix: retry uploads\n\nBody text.\n\nBREAKING CHANGE: assets are replaced, not appended\nRefs: #12" })).toMatchObject({ type: "fix", breaking: true, breakingNote: "assets are replaced, not appended" });
    expect(parseCommit({ sha: "c", message: "Merge something odd" })).toMatchObject({ type: "other", subject: "Merge something odd", breaking: false });
  });
  it("groups with breaking changes first and the manifest diff appended", () => {
    const notes = releaseNotes(
      [
        { sha: "1111111aaaa", message: "fix(ui): button" },
        { sha: "2222222bbbb", message: "feat: new scanner\n\nBREAKING CHANGE: config key renamed" },
        { sha: "3333333cccc", message: "feat(policy): v2" },
        { sha: "4444444dddd", message: "update readme" },
      ],
      { tag: "2.5.0", previousTag: "2.4.1", manifestDiff: "## Release manifest diff 2.4.1 → 2.5.0\n\n| service |", commitUrl: "https://git.example/c/" },
    );
    expect(notes).toBe(
      [
        "## 2.5.0",
        "",
        "Changes since 2.4.1.",
        "",
        "### ⚠ BREAKING CHANGES",
        "",
        "- new scanner ([2222222](https://git.example/c/2222222bbbb))\n  config key renamed",
        "",
        "### Features",
        "",
        "- **policy:** v2 ([3333333](https://git.example/c/3333333cccc))",
        "",
        "### Bug fixes",
        "",
        "- **ui:** button ([1111111](https://git.example/c/1111111aaaa))",
        "",
        "### Other changes",
        "",
        "- update readme ([4444444](https://git.example/c/4444444dddd))",
        "",
        "### Release manifest diff 2.4.1 → 2.5.0",
        "",
        "| service |",
        "",
      ].join("\n"),
    );
  });
});

describe("commits between tags (real git)", () => {
  it("finds the previous release tag and the commits since", async () => {
    const dir = await mkdtemp(join(tmpdir(), "git-"));
    const git = (...a: string[]) => execFileSync("git", a, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@x", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@x" } }).toString();
    git("init", "-q", "-b", "main");
    const commit = async (msg: string) => {
      await writeFile(join(dir, "f"), msg);
      git("add", "f");
      git("commit", "-q", "-m", msg);
    };
    await commit("feat: one");
    git("tag", "2.4.0");
    await commit("fix: two");
    git("tag", "2.5.0-rc.1");
    await commit("feat!: three");
    git("tag", "2.5.0");
    expect(await previousTag(dir, "2.5.0")).toBe("2.4.0");
    expect(await previousTag(dir, "2.5.0-rc.1")).toBe("2.4.0");
    expect(await previousTag(dir, "2.4.0")).toBeUndefined();
    const commits = await commitsBetween(dir, "2.4.0", "2.5.0");
    expect(commits.map((c) => c.message)).toEqual(["feat!: three", "fix: two"]);
    await expect(commitsBetween(dir, "nope", "2.5.0")).rejects.toThrow(/fetch-depth: 0|git log/);
  });
});
