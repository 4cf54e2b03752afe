#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import {
  httpRequest
} from "./chunk-SIZMBGD5.js";
import {
  StellaError,
  redact
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/announce.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

// packages/announce/src/message.ts
function highlightsFrom(notes, max = 5) {
  const bullets = [];
  let breakingSection = false;
  for (const line of notes.split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      breakingSection = /breaking/i.test(heading[1] ?? "");
      continue;
    }
    const bullet = /^\s*[-*]\s+(.+?)\s*$/.exec(line);
    if (bullet?.[1]) bullets.push({ text: bullet[1], breaking: breakingSection || /BREAKING/.test(bullet[1]) });
  }
  return [...bullets.filter((b) => b.breaking), ...bullets.filter((b) => !b.breaking)].slice(0, max).map((b) => b.text);
}
__name(highlightsFrom, "highlightsFrom");
function title(a) {
  return `${a.product} ${a.version} released (${a.channel})`;
}
__name(title, "title");
function slackPayload(a) {
  const blocks = [
    { type: "header", text: { type: "plain_text", text: title(a) } },
    { type: "section", fields: [{ type: "mrkdwn", text: `*Version*
${a.version}` }, { type: "mrkdwn", text: `*Channel*
${a.channel}` }] },
    { type: "section", text: { type: "mrkdwn", text: `*Manifest digest*
\`${a.manifestDigest}\`` } }
  ];
  if (a.highlights.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Highlights*
${a.highlights.map((h) => `\u2022 ${h}`).join("\n")}` } });
  if (a.links.length) blocks.push({ type: "context", elements: a.links.map((l) => ({ type: "mrkdwn", text: `<${l.url}|${l.title}>` })) });
  return { text: `${title(a)}: manifest ${a.manifestDigest}`, blocks };
}
__name(slackPayload, "slackPayload");
function mattermostPayload(a, options = {}) {
  const lines = [
    `#### ${title(a)}`,
    `| Version | Channel | Manifest digest |`,
    `| --- | --- | --- |`,
    `| ${a.version} | ${a.channel} | \`${a.manifestDigest}\` |`,
    ...a.highlights.length ? ["", "**Highlights**", ...a.highlights.map((h) => `- ${h}`)] : [],
    ...a.links.length ? ["", a.links.map((l) => `[${l.title}](${l.url})`).join(" \xB7 ")] : []
  ];
  return { text: lines.join("\n"), username: options.username ?? "stella-release", ...options.channel ? { channel: options.channel } : {} };
}
__name(mattermostPayload, "mattermostPayload");
function webhookPayload(a) {
  return { event: "release.published", product: a.product, version: a.version, channel: a.channel, manifest_digest: a.manifestDigest, highlights: a.highlights, links: a.links };
}
__name(webhookPayload, "webhookPayload");

// packages/announce/src/send.ts
import { createHmac } from "node:crypto";
var AnnounceError = class extends StellaError {
  static {
    __name(this, "AnnounceError");
  }
};
var SIGNATURE_HEADER = "X-Stella-Signature-256";
function signBody(body, secret) {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
__name(signBody, "signBody");
async function announceRelease(a, targets, options) {
  const secrets = [targets.slackWebhookUrl, targets.mattermostWebhookUrl, targets.webhookUrl, targets.webhookSecret];
  const jobs = [
    ["slack", targets.slackWebhookUrl, slackPayload(a)],
    ["mattermost", targets.mattermostWebhookUrl, mattermostPayload(a, targets.mattermostChannel ? { channel: targets.mattermostChannel } : {})],
    ["webhook", targets.webhookUrl, webhookPayload(a)]
  ];
  const results = await Promise.all(
    jobs.filter(([, url]) => url).map(async ([target, url, payload]) => {
      const body = JSON.stringify(payload);
      const headers = { "content-type": "application/json", "user-agent": "stella-announce" };
      if (target === "webhook" && targets.webhookSecret) headers[SIGNATURE_HEADER] = signBody(body, targets.webhookSecret);
      try {
        const res = await httpRequest({
          method: "POST",
          url,
          headers,
          body,
          timeoutMs: options.timeoutMs ?? 15e3,
          retry: { retries: 4, minDelayMs: 250, maxElapsedMs: 6e4, ...options.retry },
          onRetry: /* @__PURE__ */ __name((r) => options.logger.info(`${target}: retry ${r.attempt} in ${r.delayMs} ms (${redact(r.reason, secrets)})`), "onRetry")
        });
        await res.body?.cancel();
        options.logger.info(`${target}: announced (HTTP ${res.status})`);
        return { target, ok: true, status: res.status };
      } catch (e) {
        const message = redact(e instanceof Error ? e.message : String(e), secrets).replace(/https?:\/\/\S+/g, "<webhook URL>");
        options.logger.warn(`${target}: announcement failed: ${message}`);
        const status = e.status;
        return { target, ok: false, error: message, ...typeof status === "number" ? { status } : {} };
      }
    })
  );
  const failed = results.filter((r) => !r.ok);
  if (failed.length && options.failOnError) {
    throw new AnnounceError(`announcement failed for ${failed.map((f) => `${f.target} (${f.error ?? "error"})`).join(", ")}`, { code: "ANNOUNCE_FAILED", hint: "check the webhook URL secrets; set fail-on-error: false to let the release pass anyway" });
  }
  return results;
}
__name(announceRelease, "announceRelease");

// packages/cli/src/commands/announce.ts
var usage = `usage: stella announce --version V --channel C --manifest-digest sha256:\u2026 [--notes FILE] [--link TITLE=URL]\u2026 [--fail-on-error]

Posts the release to Mattermost and Slack incoming webhooks (release-engineering-playbook.md \xA72
Notify) and a generic webhook signed with HMAC-SHA256 (X-Stella-Signature-256). The webhook URLs
are secrets and come from the environment only: STELLA_SLACK_WEBHOOK_URL,
STELLA_MATTERMOST_WEBHOOK_URL (+ STELLA_MATTERMOST_CHANNEL), STELLA_WEBHOOK_URL + STELLA_WEBHOOK_SECRET.
A failed announcement is reported and exits 0 unless --fail-on-error.`;
var command = {
  name: "announce",
  summary: "announce a release to Mattermost, Slack and webhooks",
  usage,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      { version: { type: "string" }, channel: { type: "string" }, "manifest-digest": { type: "string" }, notes: { type: "string" }, link: { type: "string", multiple: true }, "fail-on-error": { type: "boolean", default: false }, product: { type: "string", default: "Stella Ops" } },
      usage
    );
    const missing = ["version", "channel", "manifest-digest"].filter((k) => !values[k]);
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
      { product: values.product, version: values.version, channel: values.channel, manifestDigest: values["manifest-digest"], highlights: values.notes ? highlightsFrom(await readFile(resolve(ctx.cwd, values.notes), "utf8")) : [], links },
      {
        ...env.STELLA_SLACK_WEBHOOK_URL ? { slackWebhookUrl: env.STELLA_SLACK_WEBHOOK_URL } : {},
        ...env.STELLA_MATTERMOST_WEBHOOK_URL ? { mattermostWebhookUrl: env.STELLA_MATTERMOST_WEBHOOK_URL } : {},
        ...env.STELLA_MATTERMOST_CHANNEL ? { mattermostChannel: env.STELLA_MATTERMOST_CHANNEL } : {},
        ...env.STELLA_WEBHOOK_URL ? { webhookUrl: env.STELLA_WEBHOOK_URL } : {},
        ...env.STELLA_WEBHOOK_SECRET ? { webhookSecret: env.STELLA_WEBHOOK_SECRET } : {}
      },
      { logger: ctx.logger, failOnError: values["fail-on-error"] }
    );
    ctx.stdout(JSON.stringify(results, null, 2));
    return 0;
  }
};
var announce_default = command;
export {
  announce_default as default
};
