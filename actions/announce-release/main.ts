import * as core from "@actions/core";
import { announceRelease, highlightsFrom } from "@stella/announce";
import { actionLogger, booleanInput, maskSecrets, runAction } from "../_shared/run.js";

await runAction(async () => {
  const secret = (name: string) => core.getInput(name) || undefined;
  const targets = {
    slackWebhookUrl: secret("slack-webhook-url"),
    mattermostWebhookUrl: secret("mattermost-webhook-url"),
    mattermostChannel: secret("mattermost-channel"),
    webhookUrl: secret("webhook-url"),
    webhookSecret: secret("webhook-secret"),
  };
  maskSecrets(targets.slackWebhookUrl, targets.mattermostWebhookUrl, targets.webhookUrl, targets.webhookSecret);
  if (!targets.slackWebhookUrl && !targets.mattermostWebhookUrl && !targets.webhookUrl) {
    core.notice("no webhook configured (slack-webhook-url, mattermost-webhook-url, webhook-url): nothing announced");
    core.setOutput("results", "[]");
    return;
  }
  const links = core
    .getInput("links")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => ({ title: l.slice(0, l.indexOf("=")), url: l.slice(l.indexOf("=") + 1) }));
  const results = await announceRelease(
    {
      product: "Stella Ops",
      version: core.getInput("version", { required: true }),
      channel: core.getInput("channel", { required: true }),
      manifestDigest: core.getInput("manifest-digest", { required: true }),
      highlights: highlightsFrom(core.getInput("notes")),
      links,
    },
    Object.fromEntries(Object.entries(targets).filter(([, v]) => v !== undefined)),
    { logger: actionLogger(), failOnError: booleanInput("fail-on-error", false) },
  );
  core.setOutput("results", JSON.stringify(results));
  await core.summary.addTable([[{ data: "target", header: true }, { data: "result", header: true }], ...results.map((r) => [r.target, r.ok ? "✔ announced" : `✘ ${r.error ?? "failed"}`])]).write();
});
