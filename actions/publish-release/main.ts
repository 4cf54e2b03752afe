import * as core from "@actions/core";
import { mkdir, mkdtemp } from "node:fs/promises";
import { join, resolve } from "node:path";
import { giteaForge, githubForge, runPublish } from "@stella/release";
import { actionLogger, maskSecrets, runAction } from "../_shared/run.js";
import { publishInputs } from "./inputs.js";

await runAction(async () => {
  const i = publishInputs((n) => core.getInput(n), process.env);
  maskSecrets(i.token);
  const logger = actionLogger();
  const forge = i.forge === "gitea" ? giteaForge({ token: i.token, repository: i.repository, serverUrl: i.serverUrl, logger }) : githubForge({ token: i.token, repository: i.repository, apiUrl: i.apiUrl, logger });
  const at = (p: string) => resolve(i.cwd, p);
  const r = await runPublish({
    forge,
    tag: i.tag,
    cwd: i.cwd,
    ...(i.previousTag ? { previousTag: i.previousTag } : {}),
    ...(i.manifest ? { manifest: at(i.manifest) } : {}),
    ...(i.previousManifest ? { previousManifest: at(i.previousManifest) } : {}),
    assets: i.assets.map(at),
    checksums: i.checksums,
    workDir: await mkdir(process.env.RUNNER_TEMP ?? "/tmp", { recursive: true }).then(() => mkdtemp(join(process.env.RUNNER_TEMP ?? "/tmp", "publish-"))),
    commitUrl: `${i.serverUrl.replace(/\/+$/, "")}/${i.repository}/commit/`,
    ...(i.name ? { name: i.name } : {}),
    ...(i.prerelease === undefined ? {} : { prerelease: i.prerelease }),
    logger,
  });
  core.setOutput("release-id", String(r.release.id));
  core.setOutput("url", r.release.htmlUrl);
  core.setOutput("created", String(r.created));
  core.setOutput("uploaded", r.uploaded.join("\n"));
  core.setOutput("replaced", r.replaced.join("\n"));
  core.setOutput("unchanged", r.unchanged.join("\n"));
  await core.summary
    .addRaw(`### ${r.created ? "Created" : r.updated ? "Updated" : "Kept"} release [${i.tag}](${r.release.htmlUrl}) on ${i.forge}\n\n`)
    .addRaw(`Assets: ${r.uploaded.length} uploaded, ${r.replaced.length} replaced, ${r.unchanged.length} unchanged.\n\n`)
    .addRaw(`<details><summary>Release notes</summary>\n\n${r.notes}\n</details>\n`)
    .write();
});
