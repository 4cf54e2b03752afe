import * as core from "@actions/core";
import { markdownSummary, parseNotifySmokeSettings, resultJson, runNotifySmoke, secretsOf, smokeFailure, textTable } from "@stella/notify";
import { actionLogger, isGitea, maskSecrets, runAction } from "../_shared/run.js";
import { describeSetting, rawSettings } from "./inputs.js";

await runAction(async () => {
  const raw = rawSettings((name) => core.getInput(name), process.env);
  // Mask before anything can print: token, tenant, DSN and its password (even a malformed DSN).
  maskSecrets(...secretsOf(raw));
  const settings = parseNotifySmokeSettings(raw, { describe: describeSetting });
  const result = await runNotifySmoke(settings, { logger: actionLogger() });
  core.setOutput("passed", String(result.passed));
  core.setOutput("missing-kinds", result.missingKinds.join(","));
  core.setOutput("result", resultJson(result));
  await core.summary.addRaw(markdownSummary(result)).write();
  // Gitea renders job summaries only from 1.27 with a new runner (go-gitea/gitea#37500): log the table too.
  if (isGitea()) core.info(textTable(result));
  if (!result.passed) throw smokeFailure(result);
});
