import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../../../test/helpers/run-cli.js";
import { startFeedServer, type FeedServer } from "../../../test/helpers/feed-servers.js";
import { cosignKey } from "./ouk-helpers.js";

let dir: string;
let feeds: FeedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ouk-cli-"));
  feeds = await startFeedServer({
    cves: [{ id: "CVE-2026-0042", lastModified: "2026-11-01T00:00:00.000" }],
    osv: { npm: [{ id: "GHSA-xxxx-yyyy-zzzz", modified: "2026-11-02T00:00:00Z" }] },
  });
  const keys = await cosignKey();
  await writeFile(join(dir, "cosign.key"), keys.privatePem);
  await writeFile(join(dir, "cosign.pub"), keys.publicPem);
  const issuer = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await writeFile(join(dir, "issuer.pem"), issuer);
});
afterAll(async () => {
  await feeds.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("stella ouk (bundled CLI)", () => {
  it("token → fetch → import → re-import → rollback", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const token = await runCli(["ouk", "token", "--key", "issuer.pem", "--subject", "customer-1", "--date", today, "--output", "client.jwt"], { cwd: dir });
    expect(token.stderr).not.toMatch(/error/);
    expect(token.exitCode).toBe(0);

    const fetched = await runCli(
      ["ouk", "fetch", "--nvd", "--osv", "--date", "2026-11-06", "--output", "ouk-20261106.tar.zst", "--sign", "cosign.key", "--client-jwt", "client.jwt", "--nvd-url", feeds.url, "--nvd-page-delay", "0", "--osv-url", feeds.url, "--osv-ecosystems", "npm"],
      { cwd: dir, env: { COSIGN_PASSWORD: "kit-test" } },
    );
    expect(fetched.stderr).not.toMatch(/error/);
    expect(fetched.exitCode).toBe(0);
    const out = JSON.parse(fetched.stdout) as { digest: string; feeds: { name: string; records: number }[] };
    expect(out.feeds.map((f) => [f.name, f.records])).toEqual([["nvd", 1], ["osv", 1]]);
    expect(await readFile(join(dir, "ouk-20261106.tar.zst.sha256"), "utf8")).toBe(`${out.digest.slice(7)}  ouk-20261106.tar.zst\n`);

    const args = ["ouk", "import", "ouk-20261106.tar.zst", "--key", "cosign.pub", "--target", "var/lib/stella/db", "--redis", inject("redisUrl")];
    const imported = await runCli(args, { cwd: dir });
    expect(imported.exitCode).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: "imported", digest: out.digest });
    const again = await runCli(args, { cwd: dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "unchanged" });

    const wrongKey = await runCli(["ouk", "import", "ouk-20261106.tar.zst", "--key", "issuer.pem", "--target", "other"], { cwd: dir });
    expect(wrongKey.exitCode).toBe(1);

    const rb = await runCli(["ouk", "rollback", "--target", "var/lib/stella/db"], { cwd: dir });
    expect(rb.stderr).toMatch(/no previous version/);
    expect(rb.exitCode).toBe(1);
  });
});
