import * as core from "@actions/core";
import { verifyTag } from "@stella/gittag";
import { runAction } from "../_shared/run.js";

await runAction(async () => {
  const tag = core.getInput("tag") || process.env.GITHUB_REF_NAME || "";
  if (!tag) throw new Error('input "tag" is empty and GITHUB_REF_NAME is not set: run on a tag push or pass tag');
  const commitInput = core.getInput("commit");
  const commit = commitInput === "none" ? undefined : commitInput || process.env.GITHUB_SHA;
  const v = await verifyTag({ repoDir: core.getInput("path") || ".", tag, keyring: core.getInput("keyring", { required: true }), ...(commit ? { expectedCommit: commit } : {}) });
  core.setOutput("signer", v.signer);
  core.setOutput("signer-name", v.signerName);
  core.setOutput("format", v.format);
  core.info(`tag ${v.tag} (${v.commit}) is signed (${v.format}) by ${v.signerName} ${v.signer}`);
  await core.summary.addRaw(`✔ tag \`${v.tag}\` signed (${v.format}) by ${v.signerName} \`${v.signer}\`\n`).write();
});
