import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../../test/helpers/run-action.js";

describe("actions/announce-release as a runner runs it", () => {
  let server: Server;
  let base: string;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        bodies.push(body);
        res.writeHead(req.url?.startsWith("/down") ? 503 : 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const inputs = { version: "2.4.1", channel: "stable", "manifest-digest": `sha256:${"c".repeat(64)}`, notes: "## Features\n- faster scans\n", links: "Release=https://example.test/r/2.4.1" };

  it("announces to Mattermost and masks the webhook URL", async () => {
    const r = await runAction("announce-release", { ...inputs, "mattermost-webhook-url": `${base}/hooks/topsecret77` });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(JSON.parse(r.outputs.results)).toEqual([{ target: "mattermost", ok: true, status: 200 }]);
    expect(r.stdout).toContain("::add-mask::");
    expect(bodies.at(-1)).toContain("- faster scans");
  });

  it("a failing webhook does not fail the step unless fail-on-error", async () => {
    const soft = await runAction("announce-release", { ...inputs, "slack-webhook-url": `${base}/down/T1/B1/SECRETX` });
    expect(soft.exitCode).toBe(0);
    expect(soft.stdout.replace(/::add-mask::.*\n/g, "")).not.toContain("SECRETX");
    expect(soft.annotations.join("\n")).toContain("slack: announcement failed");
    const hard = await runAction("announce-release", { ...inputs, "slack-webhook-url": `${base}/down/T1/B1/SECRETX`, "fail-on-error": "true" });
    expect(hard.exitCode).not.toBe(0);
    expect(hard.stdout.replace(/::add-mask::.*\n/g, "")).not.toContain("SECRETX");
  }, 120_000);
});
