import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateGpgKey, type GpgKey } from "../../../test/helpers/gpg.js";
import { verifyTag } from "../src/index.js";

// Real git and gpg (and ssh-keygen) in a temporary repository (issue 11).
describe("verify-tag", () => {
  let release: GpgKey;
  let stranger: GpgKey;
  let repo: string;
  let sshPub: string;
  let head: string;

  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync("git", args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: "Rel", GIT_AUTHOR_EMAIL: "rel@x", GIT_COMMITTER_NAME: "Rel", GIT_COMMITTER_EMAIL: "rel@x", ...env } }).toString().trim();

  beforeAll(() => {
    release = generateGpgKey("Stella Release <release@stella.test>");
    stranger = generateGpgKey("Mallory <mallory@example.test>");
    repo = mkdtempSync(join(tmpdir(), "tags-"));
    git(["init", "-q", "-b", "main"]);
    writeFileSync(join(repo, "VERSION"), "2.4.1\n");
    git(["add", "."]);
    git(["commit", "-q", "-m", "release 2.4.1"]);
    head = git(["rev-parse", "HEAD"]);
    git(["-c", `gpg.program=gpg`, "-c", `user.signingkey=${release.fingerprint}`, "tag", "-s", "2.4.1", "-m", "Release 2.4.1"], { GNUPGHOME: release.home });
    git(["-c", `user.signingkey=${stranger.fingerprint}`, "tag", "-s", "2.4.1-evil", "-m", "Release"], { GNUPGHOME: stranger.home });
    git(["tag", "2.4.1-light"]);
    git(["tag", "-a", "2.4.1-unsigned", "-m", "Release unsigned"]);
    const sshDir = mkdtempSync(join(tmpdir(), "ssh-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "release@stella.test", "-f", join(sshDir, "id")]);
    sshPub = readFileSync(join(sshDir, "id.pub"), "utf8").trim();
    git(["-c", "gpg.format=ssh", "-c", `user.signingkey=${join(sshDir, "id")}`, "tag", "-s", "2.4.1-ssh", "-m", "Release via SSH"]);
  }, 120_000);

  it("accepts a tag signed by a key of the pinned keyring, naming the signer", async () => {
    const v = await verifyTag({ repoDir: repo, tag: "2.4.1", keyring: release.publicArmored, expectedCommit: head });
    expect(v).toMatchObject({ tag: "2.4.1", commit: head, format: "openpgp", signer: release.fingerprint, signerName: "Stella Release <release@stella.test>" });
  });

  it("accepts an SSH-signed tag whose key is pinned", async () => {
    const v = await verifyTag({ repoDir: repo, tag: "2.4.1-ssh", keyring: `${release.publicArmored}\n${sshPub}\n` });
    expect(v.format).toBe("ssh");
    expect(v.signer).toContain("SHA256:");
  });

  it("refuses a tag signed by another key, naming the signer found and the keys expected", async () => {
    const err = await verifyTag({ repoDir: repo, tag: "2.4.1-evil", keyring: release.publicArmored }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "TAG_UNKNOWN_SIGNER" });
    const msg = (err as Error).message;
    expect(msg).toContain("2.4.1-evil");
    expect(msg).toContain(stranger.fingerprint.slice(-16));
    expect(msg).toContain(release.fingerprint);
  });

  it("refuses a lightweight tag and an unsigned annotated tag, each with its own reason", async () => {
    await expect(verifyTag({ repoDir: repo, tag: "2.4.1-light", keyring: release.publicArmored })).rejects.toMatchObject({ code: "TAG_LIGHTWEIGHT", message: expect.stringContaining("lightweight") as unknown });
    await expect(verifyTag({ repoDir: repo, tag: "2.4.1-unsigned", keyring: release.publicArmored })).rejects.toMatchObject({ code: "TAG_UNSIGNED", message: expect.stringContaining("not signed") as unknown });
    await expect(verifyTag({ repoDir: repo, tag: "9.9.9", keyring: release.publicArmored })).rejects.toMatchObject({ code: "TAG_NOT_FOUND" });
  });

  it("refuses an SSH-signed tag when only the OpenPGP key is pinned, and a tag on another commit", async () => {
    await expect(verifyTag({ repoDir: repo, tag: "2.4.1-ssh", keyring: `${release.publicArmored}\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl other@x` })).rejects.toMatchObject({ code: "TAG_UNKNOWN_SIGNER" });
    await expect(verifyTag({ repoDir: repo, tag: "2.4.1", keyring: release.publicArmored, expectedCommit: "0".repeat(40) })).rejects.toMatchObject({ code: "TAG_WRONG_COMMIT" });
  });
});
