import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as openpgp from "openpgp";
import { TagError } from "./errors.js";
import { parseTagObject } from "./tag-object.js";

const run = promisify(execFile);

export interface VerifyTagOptions {
  repoDir: string;
  tag: string;
  /** The pinned keyring: armored OpenPGP public keys and/or SSH public keys (`ssh-ed25519 AAAA… comment` or allowed_signers lines). */
  keyring: string;
  /** When given, the tag must point at this commit (the one being released). */
  expectedCommit?: string;
}

export interface TagVerification {
  tag: string;
  commit: string;
  tagger: string;
  format: "openpgp" | "ssh";
  /** OpenPGP fingerprint or SSH key fingerprint (SHA256:…) that matched. */
  signer: string;
  signerName: string;
}

async function git(repoDir: string, args: string[]): Promise<Buffer> {
  const { stdout } = await run("git", ["-C", repoDir, ...args], { encoding: "buffer", maxBuffer: 16 << 20 });
  return stdout;
}

function splitKeyring(keyring: string): { pgp: string; ssh: string[] } {
  const pgpBlocks = keyring.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g) ?? [];
  const rest = pgpBlocks.reduce((t, b) => t.replace(b, ""), keyring);
  const ssh = rest
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && /(^|\s)(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh.com|sk-ecdsa-sha2-nistp256@openssh.com) /.test(l + " "));
  return { pgp: pgpBlocks.join("\n"), ssh };
}

async function verifyOpenPgp(payload: Buffer, armored: string, keyringText: string, tag: string): Promise<{ signer: string; signerName: string }> {
  const keys = keyringText ? await openpgp.readKeys({ armoredKeys: keyringText }) : [];
  const expected = keys.map((k) => k.getFingerprint().toUpperCase());
  const signature = await openpgp.readSignature({ armoredSignature: armored }).catch((e: unknown) => {
    throw new TagError(`tag ${tag}: its OpenPGP signature cannot be read`, { code: "TAG_BAD_SIGNATURE", cause: e });
  });
  const issuer = signature.getSigningKeyIDs().map((id) => id.toHex().toUpperCase());
  const signer = keys.find((k) => signature.getSigningKeyIDs().some((id) => k.getKeys(id).length > 0));
  if (!signer) {
    throw new TagError(`tag ${tag} is signed by OpenPGP key ${issuer.join(", ") || "(no issuer)"}, which is not in the pinned keyring (expected one of: ${expected.join(", ") || "no OpenPGP keys"})`, {
      code: "TAG_UNKNOWN_SIGNER",
      hint: "sign the tag with the release key (git tag -s), or add the signer's public key to the keyring input",
    });
  }
  const result = await openpgp.verify({ message: await openpgp.createMessage({ binary: payload }), signature, verificationKeys: [signer] });
  try {
    await result.signatures[0]?.verified;
  } catch (e) {
    throw new TagError(`tag ${tag}: the OpenPGP signature by ${signer.getFingerprint().toUpperCase()} does not match the tag's content (${e instanceof Error ? e.message : String(e)})`, { code: "TAG_BAD_SIGNATURE" });
  }
  const name = (await signer.getPrimaryUser().catch(() => undefined))?.user.userID?.userID ?? "";
  return { signer: signer.getFingerprint().toUpperCase(), signerName: name };
}

async function verifySsh(payload: Buffer, armored: string, sshKeys: string[], tag: string): Promise<{ signer: string; signerName: string }> {
  const dir = await mkdtemp(join(tmpdir(), "stella-tag-"));
  try {
    // allowed_signers: "principals keytype key [comment]"; plain public-key lines get a principal.
    const lines = sshKeys.map((l, i) => (/^(ssh-|ecdsa-|sk-)/.test(l) ? `release-key-${i} namespaces="git" ${l}` : l));
    await writeFile(join(dir, "allowed_signers"), lines.join("\n") + "\n");
    await writeFile(join(dir, "tag.sig"), armored);
    let principal = "";
    try {
      principal = (await run("ssh-keygen", ["-Y", "find-principals", "-f", join(dir, "allowed_signers"), "-s", join(dir, "tag.sig")])).stdout.toString().trim().split("\n")[0] ?? "";
    } catch {
      const keyFp = await run("ssh-keygen", ["-l", "-f", join(dir, "tag.sig")]).then((r) => r.stdout.toString().trim()).catch(() => "");
      throw new TagError(`tag ${tag} is signed by an SSH key that is not in the pinned keyring${keyFp ? ` (${keyFp})` : ""} (expected one of ${sshKeys.length} SSH key(s): ${sshKeys.map((k) => k.split(/\s+/).slice(-1)[0]).join(", ")})`, {
        code: "TAG_UNKNOWN_SIGNER",
        hint: "sign the tag with the release key, or add the signer's public key to the keyring input",
      });
    }
    const verify = await new Promise<{ code: number; out: string }>((resolve) => {
      const child = execFile("ssh-keygen", ["-Y", "verify", "-f", join(dir, "allowed_signers"), "-I", principal, "-n", "git", "-s", join(dir, "tag.sig")], (err, stdout, stderr) => {
        resolve({ code: err ? 1 : 0, out: `${String(stdout)}${String(stderr)}` });
      });
      child.stdin?.end(payload);
    });
    if (verify.code !== 0) throw new TagError(`tag ${tag}: the SSH signature does not match the tag's content (${verify.out.trim()})`, { code: "TAG_BAD_SIGNATURE" });
    const m = /with (\S+) key (SHA256:\S+)/.exec(verify.out);
    const comment = sshKeys.find((k) => k.includes(principal))?.split(/\s+/).slice(-1)[0] ?? principal;
    return { signer: m ? `${m[1]} ${m[2]}` : principal, signerName: comment };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The release tag must be an annotated tag signed (OpenPGP or SSH) by a key of the pinned
 * keyring (release-engineering-playbook.md §1: release tags are signed with `git tag -s`).
 * Otherwise the release stops here, before anything is published, naming the tag, the
 * signer found and the keys expected.
 */
export async function verifyTag(options: VerifyTagOptions): Promise<TagVerification> {
  const { repoDir, tag } = options;
  const ref = `refs/tags/${tag}`;
  let kind: string;
  try {
    kind = (await git(repoDir, ["cat-file", "-t", ref])).toString().trim();
  } catch {
    throw new TagError(`tag ${tag} does not exist in ${repoDir}`, { code: "TAG_NOT_FOUND", hint: "fetch tags (actions/checkout with fetch-depth: 0 or fetch-tags: true)" });
  }
  if (kind !== "tag") {
    throw new TagError(`tag ${tag} is a lightweight tag (it points straight at a ${kind}): a release tag must be annotated and signed`, { code: "TAG_LIGHTWEIGHT", hint: `git tag -s ${tag} -m "Release ${tag}"` });
  }
  const parsed = parseTagObject(await git(repoDir, ["cat-file", "tag", ref]));
  const commit = (await git(repoDir, ["rev-parse", `${ref}^{commit}`])).toString().trim();
  if (!parsed.signature) {
    throw new TagError(`tag ${tag} is annotated but not signed (tagger ${parsed.tagger || "unknown"})`, { code: "TAG_UNSIGNED", hint: `re-create it with: git tag -s -f ${tag} ${commit.slice(0, 12)}` });
  }
  if (options.expectedCommit && !commit.startsWith(options.expectedCommit) && !options.expectedCommit.startsWith(commit)) {
    throw new TagError(`tag ${tag} points at ${commit}, not at the commit being released (${options.expectedCommit})`, { code: "TAG_WRONG_COMMIT" });
  }
  const keyring = splitKeyring(options.keyring);
  if (!keyring.pgp && keyring.ssh.length === 0) throw new TagError("the keyring input holds no OpenPGP or SSH public key", { code: "TAG_KEYRING", hint: "paste the output of gpg --armor --export KEYID, or SSH public key lines" });
  const who =
    parsed.signature.format === "openpgp" ? await verifyOpenPgp(parsed.payload, parsed.signature.armored, keyring.pgp, tag) : await verifySsh(parsed.payload, parsed.signature.armored, keyring.ssh, tag);
  return { tag, commit, tagger: parsed.tagger, format: parsed.signature.format, ...who };
}
