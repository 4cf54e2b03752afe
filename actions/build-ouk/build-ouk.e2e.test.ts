import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../test/helpers/run-action.js";
import { startFeedServer, type FeedServer } from "../../test/helpers/feed-servers.js";
import { cosignKey } from "../../packages/kit/test/ouk-helpers.js";

let dir: string;
let feeds: FeedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "build-ouk-e2e-"));
  feeds = await startFeedServer({ cves: [{ id: "CVE-2026-7777", lastModified: "2026-11-01T00:00:00.000" }], apiKey: "nvd-secret-key" });
});
afterAll(async () => {
  await feeds.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("actions/build-ouk (bundled)", () => {
  it("builds and signs the kit, writes outputs and the summary, never prints secrets", async () => {
    const keys = await cosignKey();
    const tokenKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const r = await runAction(
      "build-ouk",
      { date: "2026-11-06", nvd: "true", "nvd-url": feeds.url, "nvd-api-key": "nvd-secret-key", key: keys.privatePem, "key-password": keys.password, "token-key": tokenKey, publish: "false", output: join(dir, "ouk-20261106.tar.zst") },
      { cwd: dir },
    );
    expect(r.stderr + r.annotations.join("\n")).not.toMatch(/error/i);
    expect(r.exitCode).toBe(0);
    expect(r.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(JSON.parse(r.outputs.feeds ?? "[]")).toMatchObject([{ name: "nvd", records: 1 }]);
    await stat(r.outputs.bundle ?? "");
    expect(r.summary).toContain("Offline Update Kit 2026-11-06");
    expect(r.stdout).toContain("::add-mask::nvd-secret-key");
    expect(r.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n")).not.toContain("nvd-secret-key");
  });
});
