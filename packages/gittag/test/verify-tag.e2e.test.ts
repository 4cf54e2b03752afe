import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateGpgKey, type GpgKey } from "../../../test/helpers/gpg.js";
import { runAction } from "../../../test/helpers/run-action.js";

describe("actions/verify-tag as a runner runs it", () => {
  let key: GpgKey;
  let repo: string;
  let head: string;
  beforeAll(() => {
    key = generateGpgKey("Stella Release <release@stella.test>");
    repo = mkdtempSync(join(tmpdir(), "tag-e2e-"));
    const git = (args: string[]) => execFileSync("git", args, { cwd: repo, env: { ...process.env, GNUPGHOME: key.home, GIT_AUTHOR_NAME: "R", GIT_AUTHOR_EMAIL: "r@x", GIT_COMMITTER_NAME: "R", GIT_COMMITTER_EMAIL: "r@x" } }).toString().trim();
    git(["init", "-q", "-b", "main"]);
    writeFileSync(join(repo, "VERSION"), "2.4.1\n");
    git(["add", "."]);
    git(["commit", "-q", "-m", "2.4.1"]);
    head = git(["rev-parse", "HEAD"]);
    git(["-c", `user.signingkey=${key.fingerprint}`, "tag", "-s", "2.4.1", "-m", "Release 2.4.1"]);
    git(["tag", "2.4.1-light"]);
  }, 60_000);

  it("passes a tag signed by the pinned key (on GitHub and Gitea)", async () => {
    for (const gitea of [false, true]) {
      const r = await runAction("verify-tag", { keyring: key.publicArmored, path: repo }, { env: { GITHUB_REF_NAME: "2.4.1", GITHUB_SHA: head }, gitea });
      expect(r.exitCode, r.stdout).toBe(0);
      expect(r.outputs).toMatchObject({ signer: key.fingerprint, format: "openpgp", "signer-name": "Stella Release <release@stella.test>" });
    }
  });

  it("stops the release on a lightweight tag with an error that names the tag and the fix", async () => {
    const r = await runAction("verify-tag", { keyring: key.publicArmored, path: repo, tag: "2.4.1-light" }, { env: { GITHUB_SHA: head } });
    expect(r.exitCode).not.toBe(0);
    expect(r.annotations.join("\n")).toContain("tag 2.4.1-light is a lightweight tag");
    expect(r.annotations.join("\n")).toContain("git tag -s 2.4.1-light");
  });
});
