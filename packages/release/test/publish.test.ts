import { createHash } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { checksumsFile, giteaForge, githubForge, githubRetryDelay, publishRelease, type Forge } from "@stella/release";

const fast = { retries: 3, minDelayMs: 1, maxDelayMs: 5 };
let dir: string;
let files: string[];
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

beforeAll(async () => {
  nock.disableNetConnect();
  dir = await mkdtemp(join(tmpdir(), "publish-"));
  files = [join(dir, "release.json"), join(dir, "release.yaml")];
  await writeFile(files[0], '{"manifest":{}}\n');
  await writeFile(files[1], "release: {}\n");
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

const assets = () => files.map((path) => ({ path }));

describe("GitHub (octokit, GHES base URL)", () => {
  const api = "https://ghes.example.com/api/v3";
  const forge = (): Forge => githubForge({ token: "t0ken", repository: "acme/stella", apiUrl: api, retry: fast });
  const rel = { id: 7, tag_name: "2.4.1", name: "2.4.1", body: "notes", prerelease: false, html_url: "https://ghes.example.com/acme/stella/releases/tag/2.4.1", upload_url: "https://ghes.example.com/api/uploads/repos/acme/stella/releases/7/assets{?name,label}" };

  it("creates the release (after a rate limit and a 502) and uploads every asset", async () => {
    nock(api).get("/repos/acme/stella/releases/tags/2.4.1").reply(404, { message: "Not Found" });
    nock(api)
      .post("/repos/acme/stella/releases", (b: { tag_name: string; body: string }) => b.tag_name === "2.4.1" && b.body === "notes")
      .reply(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000)) })
      .post("/repos/acme/stella/releases")
      .reply(502, "bad gateway")
      .post("/repos/acme/stella/releases")
      .matchHeader("authorization", "token t0ken")
      .reply(201, rel);
    nock(api).get("/repos/acme/stella/releases/7/assets").query(true).reply(200, []);
    const uploads = nock("https://ghes.example.com/api/uploads")
      .post("/repos/acme/stella/releases/7/assets")
      .query({ name: "release.json" })
      .reply(201, { id: 1, name: "release.json", size: 16 })
      .post("/repos/acme/stella/releases/7/assets")
      .query({ name: "release.yaml" })
      .reply(201, { id: 2, name: "release.yaml", size: 13 });
    const r = await publishRelease({ forge: forge(), tag: "2.4.1", notes: "notes", prerelease: false, assets: assets() });
    expect(r).toMatchObject({ created: true, updated: false, uploaded: ["release.json", "release.yaml"], replaced: [], unchanged: [] });
    expect(uploads.isDone()).toBe(true);
  });

  it("re-running updates the notes, keeps identical assets, replaces changed ones: never duplicates", async () => {
    nock(api).get("/repos/acme/stella/releases/tags/2.4.1").reply(200, { ...rel, body: "old notes" });
    nock(api).patch("/repos/acme/stella/releases/7", (b: { body: string }) => b.body === "notes").reply(200, rel);
    nock(api)
      .get("/repos/acme/stella/releases/7/assets")
      .query(true)
      .reply(200, [
        { id: 1, name: "release.json", size: 16, digest: `sha256:${sha('{"manifest":{}}\n')}` },
        { id: 2, name: "release.yaml", size: 13, digest: `sha256:${"0".repeat(64)}` },
      ]);
    nock(api).delete("/repos/acme/stella/releases/assets/2").reply(204);
    nock("https://ghes.example.com/api/uploads").post("/repos/acme/stella/releases/7/assets").query({ name: "release.yaml" }).reply(201, { id: 3, name: "release.yaml", size: 13 });
    const r = await publishRelease({ forge: forge(), tag: "2.4.1", notes: "notes", prerelease: false, assets: assets() });
    expect(r).toMatchObject({ created: false, updated: true, uploaded: [], replaced: ["release.yaml"], unchanged: ["release.json"] });
  });

  it("gives up after the retry budget with the status", async () => {
    nock(api).get("/repos/acme/stella/releases/tags/2.4.1").times(4).reply(503, "unavailable");
    await expect(publishRelease({ forge: forge(), tag: "2.4.1", notes: "n", prerelease: false, assets: [] })).rejects.toMatchObject({ status: 503 });
  });

  it("honours Retry-After and x-ratelimit-reset, capped", () => {
    const e = (status: number, headers: Record<string, string>) => ({ status, response: { headers } });
    const p = { retries: 3, minDelayMs: 100, maxDelayMs: 60_000 };
    expect(githubRetryDelay(e(429, { "retry-after": "7" }), 0, p)).toBe(7000);
    expect(githubRetryDelay(e(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1010" }), 0, p, 1_000_000)).toBe(10_000);
    expect(githubRetryDelay(e(403, {}), 0, p)).toBeUndefined(); // a plain 403 is a permission problem
    expect(githubRetryDelay(e(404, {}), 0, p)).toBeUndefined();
    expect(githubRetryDelay(e(500, {}), 3, p)).toBeUndefined();
  });
});

describe("GitHub.com", () => {
  it("uses api.github.com and uploads.github.com", async () => {
    const forge = githubForge({ token: "t", repository: "acme/stella", retry: fast });
    nock("https://api.github.com").get("/repos/acme/stella/releases/tags/2.4.1").reply(200, { id: 9, tag_name: "2.4.1", name: "2.4.1", body: "n", prerelease: false, html_url: "https://github.com/acme/stella/releases/tag/2.4.1" });
    nock("https://api.github.com").get("/repos/acme/stella/releases/9/assets").query(true).reply(200, []);
    nock("https://uploads.github.com").post("/repos/acme/stella/releases/9/assets").query({ name: "release.json" }).reply(201, { id: 5, name: "release.json", size: 16 });
    const r = await publishRelease({ forge, tag: "2.4.1", notes: "n", prerelease: false, assets: [{ path: files[0] }] });
    expect(r).toMatchObject({ created: false, updated: false, uploaded: ["release.json"] });
  });
});

describe("Gitea (its release API via @stella/http)", () => {
  const server = "https://gitea.example.org";
  const base = "/api/v1/repos/acme/stella";
  const forge = (): Forge => giteaForge({ token: "g1tea", repository: "acme/stella", serverUrl: server, retry: fast });
  const rel = { id: 11, tag_name: "2.5.0-rc.1", name: "2.5.0-rc.1", body: "notes", prerelease: true, html_url: `${server}/acme/stella/releases/tag/2.5.0-rc.1` };

  it("creates the release after 429 and 500, uploads as multipart", async () => {
    nock(server).get(`${base}/releases/tags/2.5.0-rc.1`).reply(404, { message: "not found" });
    nock(server)
      .post(`${base}/releases`)
      .reply(429, "slow down", { "retry-after": "0" })
      .post(`${base}/releases`)
      .reply(500, "oops")
      .post(`${base}/releases`, (b: { tag_name: string; prerelease: boolean }) => b.tag_name === "2.5.0-rc.1" && b.prerelease)
      .matchHeader("authorization", "token g1tea")
      .reply(201, rel);
    nock(server).get(`${base}/releases/11/assets`).reply(200, []);
    const bodies: string[] = [];
    nock(server)
      .post(`${base}/releases/11/assets`, (body: unknown) => {
        bodies.push(typeof body === "string" ? body : JSON.stringify(body));
        return true;
      })
      .query({ name: "release.json" })
      .reply(201, { id: 21, name: "release.json", size: 16 })
      .post(`${base}/releases/11/assets`)
      .query({ name: "release.yaml" })
      .reply(502, "bad gateway")
      .post(`${base}/releases/11/assets`)
      .query({ name: "release.yaml" })
      .reply(201, { id: 22, name: "release.yaml", size: 13 });
    const r = await publishRelease({ forge: forge(), tag: "2.5.0-rc.1", notes: "notes", prerelease: true, assets: assets() });
    expect(r).toMatchObject({ created: true, uploaded: ["release.json", "release.yaml"] });
    expect(bodies[0]).toContain('name="attachment"; filename="release.json"');
    expect(bodies[0]).toContain('{"manifest":{}}');
  });

  it("re-running replaces same-named assets instead of adding duplicates", async () => {
    nock(server).get(`${base}/releases/tags/2.5.0-rc.1`).reply(200, rel);
    nock(server)
      .get(`${base}/releases/11/assets`)
      .reply(200, [
        { id: 21, name: "release.json", size: 16 },
        { id: 22, name: "release.yaml", size: 13 },
      ]);
    nock(server).delete(`${base}/releases/11/assets/21`).reply(204).delete(`${base}/releases/11/assets/22`).reply(204);
    nock(server).post(`${base}/releases/11/assets`).query(true).times(2).reply(201, { id: 23, name: "x", size: 1 });
    const r = await publishRelease({ forge: forge(), tag: "2.5.0-rc.1", notes: "notes", prerelease: true, assets: assets() });
    expect(r).toMatchObject({ created: false, updated: false, uploaded: [], replaced: ["release.json", "release.yaml"] });
  });
});

describe("checksums.sha256", () => {
  it("is sha256sum's format, sorted by name", async () => {
    expect(await checksumsFile([...files].reverse())).toBe(`${sha('{"manifest":{}}\n')}  release.json\n${sha("release: {}\n")}  release.yaml\n`);
  });
});
