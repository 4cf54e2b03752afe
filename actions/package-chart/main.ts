import * as core from "@actions/core";
import { timestampFrom } from "@stella/core";
import { releaseChart } from "@stella/charts";
import { actionLogger, maskSecrets, runAction } from "../_shared/run.js";

await runAction(async () => {
  const key = core.getInput("key");
  const passphrase = core.getInput("key-passphrase");
  maskSecrets(key, passphrase);
  const opt = (name: string) => core.getInput(name) || undefined;
  const r = await releaseChart({
    dir: core.getInput("chart", { required: true }),
    outputDir: core.getInput("output-dir") || "dist-charts",
    mtime: timestampFrom(process.env.SOURCE_DATE_EPOCH, undefined),
    logger: actionLogger(),
    ...(opt("version") ? { version: opt("version") } : {}),
    ...(opt("app-version") ? { appVersion: opt("app-version") } : {}),
    ...(key ? { signingKey: key, ...(passphrase ? { passphrase } : {}) } : {}),
    ...(opt("push-to") ? { pushTo: opt("push-to") } : {}),
    ...(opt("manifest") ? { stampFrom: { manifestPath: core.getInput("manifest"), channel: core.getInput("channel") || "stable" } } : {}),
  });
  core.setOutput("name", r.name);
  core.setOutput("version", r.version);
  core.setOutput("manifest-digest", r.pushed?.descriptor.digest ?? "");
  core.setOutput("path", r.archivePath);
  core.setOutput("prov-path", r.provPath ?? "");
  core.setOutput("digest", r.digest);
  core.setOutput("ref", r.pushed?.reference ?? "");
  await core.summary
    .addHeading(`Chart ${r.name} ${r.version}`, 3)
    .addTable([
      [{ data: "archive", header: true }, { data: "sha256", header: true }, { data: "signed", header: true }, { data: "pushed", header: true }],
      [r.archivePath, r.digest, r.provPath ? "yes (.prov)" : "no", r.pushed?.reference ?? "no"],
    ])
    .write();
});
