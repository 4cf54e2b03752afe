import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { announceRelease, highlightsFrom } from "@stella/announce";
import type { Command } from "../command.js";
import { parseCommandArgs, UsageError } from "../args.js";

const usage = `usage: stella announce --version V --channel C --manifest-digest sha256:… [--notes FILE] [--link TITLE=URL]… [--fail-on-error]

Posts the release to Mattermost and Slack incoming webhooks (release-engineering-playbook.md §2
Notify) and a generic webhook signed with HMAC-SHA256 (X-Stella-Signature-256). The webhook URLs
are secrets and come from the environment only: STELLA_SLACK_WEBHOOK_URL,
STELLA_MATTERMOST_WEBHOOK_URL (+ STELLA_MATTERMOST_CHANNEL), STELLA_WEBHOOK_URL + STELLA_WEBHOOK_SECRET.
A failed announcement is reported and exits 0 unless --fail-on-error.`;

const command: Command = {
  name: "announce",
  summary: "announce a release to Mattermost, Slack and webhooks",
  usage,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      { version: { type: "string" }, channel: { type: "string" }, "manifest-digest": { type: "string" }, notes: { type: "string" }, link: { type: "string", multiple: true }, "fail-on-error": { type: "boolean", default: false }, product: { type: "string", default: "Stella Ops" } },
      usage,
    );
    const missing = (["version", "channel", "manifest-digest"] as const).filter((k) => !values[k]);
    if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(", ")}`, usage);
    const links = (values.link ?? []).map((l) => {
      const at = l.indexOf("=");
      if (at < 1) throw new UsageError(`--link must be TITLE=URL, got "${l}"`, usage);
      return { title: l.slice(0, at), url: l.slice(at + 1) };
    });
    const env = ctx.env;
    if (!env.STELLA_SLACK_WEBHOOK_URL && !env.STELLA_MATTERMOST_WEBHOOK_URL && !env.STELLA_WEBHOOK_URL) {
      throw new UsageError("no webhook configured: set STELLA_SLACK_WEBHOOK_URL, STELLA_MATTERMOST_WEBHOOK_URL or STELLA_WEBHOOK_URL", usage);
    }
    const results = await announceRelease(
      { product: values.product, version: values.version!, channel: values.channel!, manifestDigest: values["manifest-digest"]!, highlights: values.notes ? highlightsFrom(await readFile(resolve(ctx.cwd, values.notes), "utf8")) : [], links },
      {
        ...(env.STELLA_SLACK_WEBHOOK_URL ? { slackWebhookUrl: env.STELLA_SLACK_WEBHOOK_URL } : {}),
        ...(env.STELLA_MATTERMOST_WEBHOOK_URL ? { mattermostWebhookUrl: env.STELLA_MATTERMOST_WEBHOOK_URL } : {}),
        ...(env.STELLA_MATTERMOST_CHANNEL ? { mattermostChannel: env.STELLA_MATTERMOST_CHANNEL } : {}),
        ...(env.STELLA_WEBHOOK_URL ? { webhookUrl: env.STELLA_WEBHOOK_URL } : {}),
        ...(env.STELLA_WEBHOOK_SECRET ? { webhookSecret: env.STELLA_WEBHOOK_SECRET } : {}),
      },
      { logger: ctx.logger, failOnError: values["fail-on-error"] },
    );
    ctx.stdout(JSON.stringify(results, null, 2));
    return 0;
  },
};
export default command;
