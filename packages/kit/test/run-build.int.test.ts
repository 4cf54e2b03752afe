import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "@stella/core";
import { giteaForge } from "@stella/release";
import { generateKeyPairSync } from "node:crypto";
import { startFeedServer, type FeedServer } from "../../../test/helpers/feed-servers.js";
import { runBuildOuk } from "../src/ouk/run-build.js";
import { cosignKey } from "./ouk-helpers.js";

let dir: string;
let feeds: FeedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ouk-run-"));
  feeds = await startFeedServer({ osv: { npm: [{ id: "GHSA-1111-2222-3333", modified: "2026-11-01T00:00:00Z" }] } });
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await feeds.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("runBuildOuk (actions/build-ouk's body)", () => {
  it("issues client.jwt (OfflineToken stage), builds, signs and publishes the four assets to a Gitea release", async () => {
    const keys = await cosignKey();
    const tokenKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const uploaded: string[] = [];
    const api = nock("https://gitea.test")
      .get("/api/v1/repos/stella/ops/releases/tags/ouk-20261106")
      .reply(404, {})
      .post("/api/v1/repos/stella/ops/releases", (b: { tag_name: string; body: string }) => b.tag_name === "ouk-20261106" && b.body.includes("| osv | 1 | 2026-11-01T00:00:00Z |"))
      .reply(201, { id: 7, tag_name: "ouk-20261106", name: "Offline Update Kit 2026-11-06", body: "", prerelease: false, html_url: "https://gitea.test/stella/ops/releases/tag/ouk-20261106" })
      .get("/api/v1/repos/stella/ops/releases/7/assets")
      .reply(200, [])
      .post(/\/api\/v1\/repos\/stella\/ops\/releases\/7\/assets\?name=.*/)
      .times(4)
      .reply(201, (uri: unknown) => {
        const url = uri;
        const text = typeof url === "string" ? url : url instanceof Request ? url.url : "";
        const name = decodeURIComponent(/[?&]name=([^&]+)/.exec(text)?.[1] ?? text);
        uploaded.push(name);
        return { id: uploaded.length, name, size: 1 };
      });
    const r = await runBuildOuk({
      date: "2026-11-06",
      output: join(dir, "ouk-20261106.tar.gz"),
      workDir: join(dir, "work"),
      osv: { baseUrl: feeds.url, ecosystems: ["npm"] },
      signer: { keyPem: keys.privatePem, keyPassword: keys.password },
      issueToken: { privateKeyPem: tokenKey, subject: "stella/ops", issuer: "https://authority.test" },
      now: new Date("2026-11-06T06:00:00Z"),
      toolVersion: "test",
      publish: { forge: giteaForge({ token: "t", repository: "stella/ops", serverUrl: "https://gitea.test" }), tag: "ouk-20261106" },
      logger: silentLogger,
    });
    expect(r.kit.token.exp).toBe("2026-12-06T06:00:00Z");
    expect(uploaded.sort()).toEqual(["ouk-20261106.tar.gz", "ouk-20261106.tar.gz.sha256", "ouk-20261106.tar.gz.sig", "ouk-20261106.tar.gz.sigstore.json"]);
    expect(r.published?.release.htmlUrl).toMatch(/ouk-20261106$/);
    expect(api.isDone()).toBe(true);
  });
});
