import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { verifyTag } from "@stella/gittag";
import type { Command } from "../command.js";
import { parseCommandArgs, requirePositionals, UsageError } from "../args.js";

const usage = `usage: stella verify-tag TAG --keyring FILE [--repo DIR] [--commit SHA]

The release tag must be an annotated tag signed (OpenPGP or SSH) by a key of the pinned keyring
(release-engineering-playbook.md §1: git tag -s). FILE holds armored OpenPGP public keys and/or
SSH public keys. --commit also requires the tag to point at that commit.`;

const command: Command = {
  name: "verify-tag",
  summary: "check a release tag is signed by a pinned key",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { keyring: { type: "string" }, repo: { type: "string", default: "." }, commit: { type: "string" } }, usage);
    const [tag] = requirePositionals(positionals, ["TAG"], usage);
    if (!values.keyring) throw new UsageError("--keyring is required", usage);
    const v = await verifyTag({ repoDir: resolve(ctx.cwd, values.repo), tag: tag, keyring: await readFile(resolve(ctx.cwd, values.keyring), "utf8"), ...(values.commit ? { expectedCommit: values.commit } : {}) });
    ctx.stdout(`tag ${v.tag} (${v.commit}) is signed (${v.format}) by ${v.signerName} ${v.signer}`);
    return 0;
  },
};
export default command;
