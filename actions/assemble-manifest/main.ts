import * as core from "@actions/core";
import { DefaultArtifactClient } from "@actions/artifact";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { timestampFrom } from "@stella/core";
import { actionsTokenProvider, keySigner, keylessSigner, loadPrivateKey } from "@stella/signing";
import { assembleSummary, globMatch, runAssemble, sigstoreManifestSigner } from "@stella/release";
import { actionLogger, isGitea, maskSecrets, runAction } from "../_shared/run.js";
import { assembleInputs } from "./inputs.js";

/** The release date: SOURCE_DATE_EPOCH, the released-at input, else the checked-out commit's time (never the wall clock). */
function releaseDate(input: string | undefined): Date {
  if ((process.env.SOURCE_DATE_EPOCH ?? "") !== "" || input) return timestampFrom(process.env.SOURCE_DATE_EPOCH, input);
  const ct = execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: process.env.GITHUB_WORKSPACE ?? ".", encoding: "utf8" }).trim();
  return timestampFrom(ct, undefined);
}

/** On a runner without fragments-dir: every workflow artifact matching the pattern, one folder each. */
async function downloadFragments(pattern: string): Promise<string> {
  await mkdir(process.env.RUNNER_TEMP ?? "/tmp", { recursive: true });
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP ?? "/tmp", "fragments-"));
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts({ latest: true });
  for (const a of artifacts.filter((x) => globMatch(pattern, x.name))) await client.downloadArtifact(a.id, { path: join(dir, a.name) });
  return dir;
}

await runAction(async () => {
  const inputs = assembleInputs((n) => core.getInput(n), process.env);
  // a PEM spans lines and runners mask line by line: register the whole value and each line
  maskSecrets(inputs.key, inputs.keyPassword, ...(inputs.key ?? "").split("\n").filter((l) => l.trim().length > 8));
  const fragmentsDir = inputs.fragmentsDir ?? (await downloadFragments(inputs.fragmentsPattern));
  const token = () => actionsTokenProvider({ requestUrl: process.env.ACTIONS_ID_TOKEN_REQUEST_URL, requestToken: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, gitea: isGitea() });
  const witness = inputs.rekorUrl ? { rekorUrl: inputs.rekorUrl } : {};
  const signer = inputs.key
    ? sigstoreManifestSigner(keySigner(await loadPrivateKey(inputs.key, inputs.keyPassword, 'input "key"'), witness))
    : inputs.keyless
      ? sigstoreManifestSigner(keylessSigner({ token: token(), ...witness, ...(inputs.fulcioUrl ? { fulcioUrl: inputs.fulcioUrl } : {}) }))
      : undefined;
  const releasedAt = releaseDate(inputs.releasedAt);
  const r = await runAssemble({ ...inputs.options, fragmentsDir, releasedAt, ...(signer ? { signer, signedAt: releasedAt } : {}), logger: actionLogger() });
  core.setOutput("release-json", r.releaseJsonPath);
  core.setOutput("release-yaml", r.releaseYamlPath);
  core.setOutput("bundle", r.bundlePath ?? "");
  core.setOutput("manifest-digest", r.manifestDigest);
  core.setOutput("version", r.version);
  core.setOutput("channel", r.train);
  core.setOutput("schema-channel", r.channel);
  await core.summary.addRaw(assembleSummary(r)).write();
});
