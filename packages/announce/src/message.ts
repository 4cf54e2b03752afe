/**
 * Release announcements (release-engineering-playbook.md §2 Notify stage: report to
 * Mattermost and Slack; §6 step 8: announce in #stella-release). Pure: the release in,
 * each service's documented incoming-webhook payload out.
 */
export interface ReleaseAnnouncement {
  product: string;
  version: string;
  channel: string;
  manifestDigest: string;
  /** Highlights taken from the release notes (first bullets). */
  highlights: string[];
  links: { title: string; url: string }[];
}

/** The first `max` bullet lines of markdown release notes, breaking changes first. */
export function highlightsFrom(notes: string, max = 5): string[] {
  const bullets: { text: string; breaking: boolean }[] = [];
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

function title(a: ReleaseAnnouncement): string {
  return `${a.product} ${a.version} released (${a.channel})`;
}

/** Slack incoming webhook: `text` fallback plus Block Kit blocks (api.slack.com/messaging/webhooks). */
export function slackPayload(a: ReleaseAnnouncement): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: title(a) } },
    { type: "section", fields: [{ type: "mrkdwn", text: `*Version*\n${a.version}` }, { type: "mrkdwn", text: `*Channel*\n${a.channel}` }] },
    { type: "section", text: { type: "mrkdwn", text: `*Manifest digest*\n\`${a.manifestDigest}\`` } },
  ];
  if (a.highlights.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Highlights*\n${a.highlights.map((h) => `• ${h}`).join("\n")}` } });
  if (a.links.length) blocks.push({ type: "context", elements: a.links.map((l) => ({ type: "mrkdwn", text: `<${l.url}|${l.title}>` })) });
  return { text: `${title(a)}: manifest ${a.manifestDigest}`, blocks };
}

/** Mattermost incoming webhook: markdown `text` (developers.mattermost.com incoming webhooks). */
export function mattermostPayload(a: ReleaseAnnouncement, options: { channel?: string; username?: string } = {}): Record<string, unknown> {
  const lines = [
    `#### ${title(a)}`,
    `| Version | Channel | Manifest digest |`,
    `| --- | --- | --- |`,
    `| ${a.version} | ${a.channel} | \`${a.manifestDigest}\` |`,
    ...(a.highlights.length ? ["", "**Highlights**", ...a.highlights.map((h) => `- ${h}`)] : []),
    ...(a.links.length ? ["", a.links.map((l) => `[${l.title}](${l.url})`).join(" · ")] : []),
  ];
  return { text: lines.join("\n"), username: options.username ?? "stella-release", ...(options.channel ? { channel: options.channel } : {}) };
}

/** A generic JSON event for other receivers; signed with HMAC by the sender. */
export function webhookPayload(a: ReleaseAnnouncement): Record<string, unknown> {
  return { event: "release.published", product: a.product, version: a.version, channel: a.channel, manifest_digest: a.manifestDigest, highlights: a.highlights, links: a.links };
}
