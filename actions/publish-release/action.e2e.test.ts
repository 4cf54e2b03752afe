import { execFileSync } from "node:child_process";
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAction } from "../../test/helpers/run-action.js";

const fixture = new URL("../../test/fixtures/release/release.json", import.meta.url).pathname;

/** A stand-in for Gitea's release API (the network boundary: no Gitea server on this machine). */
async function fakeGitea() {
  let release: { id: number; tag_name: string; name: string; body: string; prerelease: boolean; html_url: string } | undefined;
  const assets: { id: number; name: string; size: number }[] = [];
  let nextId = 1;
  let failNextUpload = true;
  const log: string[] = [];
  const body = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const data = await body(req);
      log.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, json?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(json === undefined ? "" : JSON.stringify(json));
      };
      if (req.headers.authorization !== "token g1tea") return send(401, { message: "unauthorized" });
      const p = url.pathname.replace("/api/v1/repos/acme/stella", "");
      if (req.method === "GET" && p.startsWith("/releases/tags/")) return release ? send(200, release) : send(404, { message: "not found" });
      if (req.method === "POST" && p === "/releases") {
        const b = JSON.parse(data.toString()) as { tag_name: string; name: string; body: string; prerelease: boolean };
        release = { id: 42, ...b, html_url: "http://gitea.local/acme/stella/releases/tag/" + b.tag_name };
        return send(201, release);
      }
      if (req.method === "PATCH" && p === "/releases/42") return send(200, (release = { ...release!, ...(JSON.parse(data.toString()) as object) }));
      if (req.method === "GET" && p === "/releases/42/assets") return send(200, assets);
      if (req.method === "POST" && p === "/releases/42/assets") {
        if (failNextUpload) {
          failNextUpload = false;
          return send(503, { message: "try again" });
        }
        const a = { id: nextId++, name: url.searchParams.get("name") ?? "", size: data.length };
        assets.push(a);
        return send(201, a);
      }
      if (req.method === "DELETE" && p.startsWith("/releases/42/assets/")) {
        const id = Number(p.split("/").pop());
        assets.splice(assets.findIndex((a) => a.id === id), 1);
        return send(204);
      }
      return send(404, { message: `no route ${req.method} ${p}` });
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, assets, log, release: () => release, close: () => server.close() };
}

describe("actions/publish-release (bundled, Gitea mode)", () => {
  it("creates the release with grouped notes and the manifest diff, uploads assets + checksums; a re-run adds no duplicate", async () => {
    const repo = await mkdtemp(join(tmpdir(), "publish-e2e-"));
    const git = (...a: string[]) => execFileSync("git", a, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@x", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@x" } });
    git("init", "-q", "-b", "main");
    await writeFile(join(repo, "VERSION"), "2025.10.0\n");
    git("add", "VERSION");
    git("commit", "-q", "-m", "chore: start");
    git("tag", "2025.9.0");
    await copyFile(fixture, join(repo, "previous.json"));
    const next = JSON.parse(await readFile(fixture, "utf8")) as { manifest: { version: string; services: { service_id: string; version: string }[] } };
    next.manifest.version = "2025.10.1";
    next.manifest.services[0].version = "2025.10.1";
    await writeFile(join(repo, "release.json"), JSON.stringify(next));
    await writeFile(join(repo, "release.yaml"), "release: {}\n");
    git("add", ".");
    git("commit", "-q", "-m", "feat(scanner)!: new wire format\n\nBREAKING CHANGE: scanner v1 clients must upgrade");
    git("commit", "-q", "--allow-empty", "-m", "fix: typo");
    git("tag", "2025.10.1");
    const gitea = await fakeGitea();
    try {
      const inputs = { token: "g1tea", tag: "2025.10.1", manifest: "release.json", "previous-manifest": "previous.json", assets: "release.yaml" };
      const env = { GITHUB_REPOSITORY: "acme/stella", GITHUB_SERVER_URL: gitea.url, GITHUB_WORKSPACE: repo };
      const first = await runAction("publish-release", inputs, { gitea: true, env, cwd: repo });
      expect(first.exitCode, first.stdout + first.stderr).toBe(0);
      expect(first.outputs).toMatchObject({ "release-id": "42", created: "true", uploaded: "release.json\nrelease.yaml\nchecksums.sha256" });
      const notes = gitea.release()?.body ?? "";
      expect(notes.indexOf("### ⚠ BREAKING CHANGES")).toBeGreaterThan(-1);
      expect(notes.indexOf("### ⚠ BREAKING CHANGES")).toBeLessThan(notes.indexOf("### Bug fixes"));
      expect(notes).toContain("scanner v1 clients must upgrade");
      expect(notes).toContain("Changes since 2025.9.0.");
      expect(notes).toContain("| orchestrator | version | 2025.10.0 → 2025.10.1 (patch) |");
      expect(gitea.log).toContain("POST /api/v1/repos/acme/stella/releases/42/assets?name=release.json"); // retried after the 503

      const second = await runAction("publish-release", inputs, { gitea: true, env, cwd: repo });
      expect(second.exitCode, second.stdout + second.stderr).toBe(0);
      expect(second.outputs).toMatchObject({ created: "false", uploaded: "", replaced: "release.json\nrelease.yaml\nchecksums.sha256" });
      expect(gitea.assets.map((a) => a.name).sort()).toEqual(["checksums.sha256", "release.json", "release.yaml"]);
    } finally {
      gitea.close();
    }
  });
});
