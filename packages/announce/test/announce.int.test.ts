import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "@stella/core";
import { announceRelease, highlightsFrom, signBody, SIGNATURE_HEADER, type ReleaseAnnouncement } from "../src/index.js";

// A real HTTP server stands in for Slack, Mattermost and a generic receiver; it checks each
// payload the way those services document them and can answer 429/500 on demand.
interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const release: ReleaseAnnouncement = {
  product: "Stella Ops",
  version: "2.4.1",
  channel: "stable",
  manifestDigest: `sha256:${"ab".repeat(32)}`,
  highlights: highlightsFrom("## Features\n- scanner: faster SBOMs\n## BREAKING CHANGES\n- policy: v1 bundles removed\n- misc\n"),
  links: [{ title: "Release notes", url: "https://git.example.test/stella/releases/2.4.1" }],
};

function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe("announce-release", () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  const plan = new Map<string, number[]>(); // path -> statuses to answer before 200

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        received.push({ path: req.url ?? "", headers: req.headers, body });
        const next = plan.get(req.url ?? "")?.shift();
        if (next === 429) {
          res.writeHead(429, { "retry-after": "0" }).end("rate limited");
          return;
        }
        if (next) {
          res.writeHead(next).end("boom");
          return;
        }
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("puts breaking changes first in the highlights", () => {
    expect(release.highlights).toEqual(["policy: v1 bundles removed", "misc", "scanner: faster SBOMs"]);
  });

  it("posts Slack Block Kit, Mattermost markdown and an HMAC-signed generic event, retrying a 429", async () => {
    received.length = 0;
    plan.set("/slack/T000/B000/XXXXSECRET", [429]);
    const logger = captureLogger();
    const results = await announceRelease(
      release,
      { slackWebhookUrl: `${base}/slack/T000/B000/XXXXSECRET`, mattermostWebhookUrl: `${base}/hooks/mmsecret123`, mattermostChannel: "stella-release", webhookUrl: `${base}/generic`, webhookSecret: "hmac-key-1" },
      { logger, retry: { minDelayMs: 1 } },
    );
    expect(results.map((r) => [r.target, r.ok])).toEqual([["slack", true], ["mattermost", true], ["webhook", true]]);
    const slack = received.filter((r) => r.path.startsWith("/slack"));
    expect(slack).toHaveLength(2); // 429 then 200
    const slackBody = JSON.parse(slack[1].body) as { text: string; blocks: { type: string }[] };
    expect(slackBody.text).toContain("Stella Ops 2.4.1 released (stable)");
    expect(slackBody.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Stella Ops 2.4.1 released (stable)" } });
    const mm = JSON.parse(received.find((r) => r.path.startsWith("/hooks"))!.body) as { text: string; channel: string; username: string };
    expect(mm.channel).toBe("stella-release");
    expect(mm.text).toContain(`| 2.4.1 | stable | \`${release.manifestDigest}\` |`);
    expect(mm.text).toContain("- policy: v1 bundles removed");
    const generic = received.find((r) => r.path === "/generic")!;
    expect(generic.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(signBody(generic.body, "hmac-key-1"));
    expect(JSON.parse(generic.body)).toMatchObject({ event: "release.published", version: "2.4.1", manifest_digest: release.manifestDigest });
    expect(logger.lines.join("\n")).not.toMatch(/XXXXSECRET|mmsecret123|hmac-key-1/);
  });

  it("reports a failing target without failing the release, unless asked to, and never prints the URL", async () => {
    plan.set("/slack/down/SECRETPATH", [500, 500, 500, 500, 500, 500]);
    const logger = captureLogger();
    const results = await announceRelease(release, { slackWebhookUrl: `${base}/slack/down/SECRETPATH`, mattermostWebhookUrl: `${base}/hooks/ok` }, { logger, retry: { minDelayMs: 1, retries: 2 } });
    expect(results.find((r) => r.target === "slack")).toMatchObject({ ok: false });
    expect(results.find((r) => r.target === "mattermost")).toMatchObject({ ok: true });
    expect(JSON.stringify(results) + logger.lines.join("\n")).not.toContain("SECRETPATH");
    plan.set("/slack/down/SECRETPATH", [500, 500, 500]);
    const err = await announceRelease(release, { slackWebhookUrl: `${base}/slack/down/SECRETPATH` }, { logger, failOnError: true, retry: { minDelayMs: 1, retries: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("announcement failed for slack");
    expect((err as Error).message).not.toContain("SECRETPATH");
  });
});
