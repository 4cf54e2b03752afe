import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import * as core from "@actions/core";
import { DefaultArtifactClient } from "@actions/artifact";
import { lowerThreadPoolPriority } from "@stella/core";
import { defaultOpenStore, runBuildOuk } from "@stella/kit";
import { giteaForge, githubForge } from "@stella/release";
import { actionLogger, runsWithNodeFlags, maskSecrets, runAction } from "../_shared/run.js";
import { buildOukInputs } from "./inputs.js";

declare const STELLA_VERSION: string;

if (await runsWithNodeFlags()) await runAction(async () => {
  const inputs = buildOukInputs((n) => core.getInput(n), process.env, new Date());
  maskSecrets(...inputs.secrets);
  const logger = actionLogger();
  // Packing is compression in the thread pool fed by this thread: the pool yields to it.
  await lowerThreadPoolPriority();
  const jwt = inputs.build.clientJwt;
  const clientJwt = jwt === undefined || jwt.startsWith("eyJ") ? jwt : await readFile(resolve(jwt), "utf8");
  const p = inputs.publish;
  const forge = p && (p.gitea ? giteaForge({ token: p.token, repository: p.repository, serverUrl: p.serverUrl, logger }) : githubForge({ token: p.token, repository: p.repository, apiUrl: p.apiUrl, logger }));
  const r = await runBuildOuk({
    ...inputs.build,
    ...(clientJwt === undefined ? {} : { clientJwt }),
    output: resolve(inputs.build.output),
    workDir: await mkdir(process.env.RUNNER_TEMP ?? tmpdir(), { recursive: true }).then(() => mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), "stella-ouk-"))),
    openStore: defaultOpenStore(),
    toolVersion: STELLA_VERSION,
    ...(forge && p ? { publish: { forge, tag: p.tag } } : {}),
    logger,
  });
  if (inputs.artifact) {
    const up = await new DefaultArtifactClient().uploadArtifact(inputs.artifact, r.files, dirname(r.kit.path));
    core.setOutput("artifact-id", String(up.id ?? ""));
  }
  core.setOutput("path", r.kit.path);
  core.setOutput("digest", r.kit.digest);
  core.setOutput("checksum-file", r.kit.checksumFile);
  core.setOutput("signature", r.kit.signatureFile ?? "");
  core.setOutput("bundle", r.kit.bundleFile ?? "");
  core.setOutput("feeds", JSON.stringify(r.kit.feeds));
  core.setOutput("release-url", r.published?.release.htmlUrl ?? "");
  await core.summary
    .addHeading(`Offline Update Kit ${inputs.build.date}`, 3)
    .addRaw(`\`${basename(r.kit.path)}\` ${r.kit.size} bytes, ${r.kit.digest}, signed by ${r.kit.signedBy ?? "nobody"}; client.jwt expires ${r.kit.token.exp}\n\n`)
    .addTable([[{ data: "feed", header: true }, { data: "records", header: true }, { data: "newest", header: true }, { data: "version", header: true }], ...r.kit.feeds.map((f) => [f.name, String(f.records), f.newest ?? "-", f.version])])
    .write();
});
