#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  createMessage,
  readKeys,
  readSignature,
  verify
} from "./chunk-53YZ6OCT.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import {
  StellaError
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/verify-tag.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

// packages/gittag/src/errors.ts
var TagError = class extends StellaError {
  static {
    __name(this, "TagError");
  }
};

// packages/gittag/src/tag-object.ts
var MARKERS = [
  ["-----BEGIN PGP SIGNATURE-----", "openpgp"],
  ["-----BEGIN SSH SIGNATURE-----", "ssh"]
];
function parseTagObject(raw) {
  const text = raw.toString("utf8");
  const header = /* @__PURE__ */ __name((name) => new RegExp(`^${name} (.*)$`, "m").exec(text.slice(0, text.indexOf("\n\n") < 0 ? text.length : text.indexOf("\n\n")))?.[1] ?? "", "header");
  let cut = -1;
  let format;
  for (const [marker, f] of MARKERS) {
    const at = text.lastIndexOf(`
${marker}`);
    if (at > cut) {
      cut = at;
      format = f;
    }
  }
  const base = { object: header("object"), type: header("type"), tag: header("tag"), tagger: header("tagger") };
  if (cut < 0 || !format) return { ...base, payload: raw };
  const payloadBytes = Buffer.byteLength(text.slice(0, cut + 1), "utf8");
  return { ...base, payload: raw.subarray(0, payloadBytes), signature: { format, armored: text.slice(cut + 1) } };
}
__name(parseTagObject, "parseTagObject");

// packages/gittag/src/verify-tag.ts
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
var run = promisify(execFile);
async function git(repoDir, args) {
  const { stdout } = await run("git", ["-C", repoDir, ...args], { encoding: "buffer", maxBuffer: 16 << 20 });
  return stdout;
}
__name(git, "git");
function splitKeyring(keyring) {
  const pgpBlocks = keyring.match(/-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]*?-----END PGP PUBLIC KEY BLOCK-----/g) ?? [];
  const rest = pgpBlocks.reduce((t, b) => t.replace(b, ""), keyring);
  const ssh = rest.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && /(^|\s)(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh.com|sk-ecdsa-sha2-nistp256@openssh.com) /.test(l + " "));
  return { pgp: pgpBlocks.join("\n"), ssh };
}
__name(splitKeyring, "splitKeyring");
async function verifyOpenPgp(payload, armored, keyringText, tag) {
  const keys = keyringText ? await readKeys({ armoredKeys: keyringText }) : [];
  const expected = keys.map((k) => k.getFingerprint().toUpperCase());
  const signature = await readSignature({ armoredSignature: armored }).catch((e) => {
    throw new TagError(`tag ${tag}: its OpenPGP signature cannot be read`, { code: "TAG_BAD_SIGNATURE", cause: e });
  });
  const issuer = signature.getSigningKeyIDs().map((id) => id.toHex().toUpperCase());
  const signer = keys.find((k) => signature.getSigningKeyIDs().some((id) => k.getKeys(id).length > 0));
  if (!signer) {
    throw new TagError(`tag ${tag} is signed by OpenPGP key ${issuer.join(", ") || "(no issuer)"}, which is not in the pinned keyring (expected one of: ${expected.join(", ") || "no OpenPGP keys"})`, {
      code: "TAG_UNKNOWN_SIGNER",
      hint: "sign the tag with the release key (git tag -s), or add the signer's public key to the keyring input"
    });
  }
  const result = await verify({ message: await createMessage({ binary: payload }), signature, verificationKeys: [signer] });
  try {
    await result.signatures[0]?.verified;
  } catch (e) {
    throw new TagError(`tag ${tag}: the OpenPGP signature by ${signer.getFingerprint().toUpperCase()} does not match the tag's content (${e instanceof Error ? e.message : String(e)})`, { code: "TAG_BAD_SIGNATURE" });
  }
  const name = (await signer.getPrimaryUser().catch(() => void 0))?.user.userID?.userID ?? "";
  return { signer: signer.getFingerprint().toUpperCase(), signerName: name };
}
__name(verifyOpenPgp, "verifyOpenPgp");
async function verifySsh(payload, armored, sshKeys, tag) {
  const dir = await mkdtemp(join(tmpdir(), "stella-tag-"));
  try {
    const lines = sshKeys.map((l, i) => /^(ssh-|ecdsa-|sk-)/.test(l) ? `release-key-${i} namespaces="git" ${l}` : l);
    await writeFile(join(dir, "allowed_signers"), lines.join("\n") + "\n");
    await writeFile(join(dir, "tag.sig"), armored);
    let principal = "";
    try {
      principal = (await run("ssh-keygen", ["-Y", "find-principals", "-f", join(dir, "allowed_signers"), "-s", join(dir, "tag.sig")])).stdout.toString().trim().split("\n")[0] ?? "";
    } catch {
      const keyFp = await run("ssh-keygen", ["-l", "-f", join(dir, "tag.sig")]).then((r) => r.stdout.toString().trim()).catch(() => "");
      throw new TagError(`tag ${tag} is signed by an SSH key that is not in the pinned keyring${keyFp ? ` (${keyFp})` : ""} (expected one of ${sshKeys.length} SSH key(s): ${sshKeys.map((k) => k.split(/\s+/).slice(-1)[0]).join(", ")})`, {
        code: "TAG_UNKNOWN_SIGNER",
        hint: "sign the tag with the release key, or add the signer's public key to the keyring input"
      });
    }
    const verify2 = await new Promise((resolve2) => {
      const child = execFile("ssh-keygen", ["-Y", "verify", "-f", join(dir, "allowed_signers"), "-I", principal, "-n", "git", "-s", join(dir, "tag.sig")], (err, stdout, stderr) => {
        resolve2({ code: err ? 1 : 0, out: `${String(stdout)}${String(stderr)}` });
      });
      child.stdin?.end(payload);
    });
    if (verify2.code !== 0) throw new TagError(`tag ${tag}: the SSH signature does not match the tag's content (${verify2.out.trim()})`, { code: "TAG_BAD_SIGNATURE" });
    const m = /with (\S+) key (SHA256:\S+)/.exec(verify2.out);
    const comment = sshKeys.find((k) => k.includes(principal))?.split(/\s+/).slice(-1)[0] ?? principal;
    return { signer: m ? `${m[1]} ${m[2]}` : principal, signerName: comment };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
__name(verifySsh, "verifySsh");
async function verifyTag(options) {
  const { repoDir, tag } = options;
  const ref = `refs/tags/${tag}`;
  let kind;
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
  const who = parsed.signature.format === "openpgp" ? await verifyOpenPgp(parsed.payload, parsed.signature.armored, keyring.pgp, tag) : await verifySsh(parsed.payload, parsed.signature.armored, keyring.ssh, tag);
  return { tag, commit, tagger: parsed.tagger, format: parsed.signature.format, ...who };
}
__name(verifyTag, "verifyTag");

// packages/cli/src/commands/verify-tag.ts
var usage = `usage: stella verify-tag TAG --keyring FILE [--repo DIR] [--commit SHA]

The release tag must be an annotated tag signed (OpenPGP or SSH) by a key of the pinned keyring
(release-engineering-playbook.md \xA71: git tag -s). FILE holds armored OpenPGP public keys and/or
SSH public keys. --commit also requires the tag to point at that commit.`;
var command = {
  name: "verify-tag",
  summary: "check a release tag is signed by a pinned key",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { keyring: { type: "string" }, repo: { type: "string", default: "." }, commit: { type: "string" } }, usage);
    const [tag] = requirePositionals(positionals, ["TAG"], usage);
    if (!values.keyring) throw new UsageError("--keyring is required", usage);
    const v = await verifyTag({ repoDir: resolve(ctx.cwd, values.repo), tag, keyring: await readFile(resolve(ctx.cwd, values.keyring), "utf8"), ...values.commit ? { expectedCommit: values.commit } : {} });
    ctx.stdout(`tag ${v.tag} (${v.commit}) is signed (${v.format}) by ${v.signerName} ${v.signer}`);
    return 0;
  }
};
var verify_tag_default = command;
export {
  verify_tag_default as default
};
