import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/run-cli.js";
import { fixture } from "./fixtures.js";

const env = { SOURCE_DATE_EPOCH: "1768055400" }; // 2026-01-10T14:30:00Z

async function lockAndSticker(out: string) {
  const lock = await runCli(["deploy", "lock", "--manifest", fixture("release.json"), "--environment", "production", "--compose", fixture("compose/docker-compose.yml"), "--out", out], { env });
  expect(lock.exitCode, lock.stderr).toBe(0);
  const sticker = await runCli(
    ["deploy", "sticker", "--manifest", fixture("release.json"), "--previous", fixture("release-previous.json"), "--environment", "production", "--target", "prod-web-01", "--user", "john.doe", "--agent", "prod-agent-01", "--key", fixture("sticker-key.pem"), "--key-ref", "stella/signing/test-key", "--out", join(out, "stella.version.json")],
    { env },
  );
  expect(sticker.exitCode, sticker.stderr).toBe(0);
  return { lock: await readFile(join(out, "compose.stella.lock.yml")), sticker: await readFile(join(out, "stella.version.json")) };
}

describe("stella deploy (bundled CLI, offline)", () => {
  it("lock and sticker are byte-identical across runs; verify, store, drift work offline", async () => {
    const a = await mkdtemp(join(tmpdir(), "stella-deploy-a-"));
    const b = await mkdtemp(join(tmpdir(), "stella-deploy-b-"));
    const first = await lockAndSticker(a);
    const second = await lockAndSticker(b);
    expect(second.lock.equals(first.lock)).toBe(true);
    expect(second.sticker.equals(first.sticker)).toBe(true);
    expect(first.lock.toString()).toContain("# Generated: 2026-01-10T14:30:00Z\n");
    expect(execFileSync("sha256sum", ["-c", "checksums.sha256"], { cwd: a, encoding: "utf8" })).toBe("compose.stella.lock.yml: OK\n");

    const ok = await runCli(["deploy", "verify", "--key", fixture("sticker-key.pub"), join(a, "stella.version.json")]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain("signature valid (RS256, stella/signing/test-key)");
    const wrongKey = await runCli(["deploy", "verify", "--key", fixture("other-key.pub"), join(a, "stella.version.json")]);
    expect(wrongKey.exitCode).toBe(1);

    const root = await mkdtemp(join(tmpdir(), "stella-artifacts-"));
    const storeArgs = ["deploy", "store", "--root", root, "--tenant", "acme", "--deployment", "d-2026-01-10", "--environment", "production", join(a, "compose.stella.lock.yml"), join(a, "stella.version.json")];
    const stored = await runCli(storeArgs);
    expect(stored.exitCode, stored.stderr).toBe(0);
    const dir = join(root, "acme", "d-2026-01-10");
    expect(execFileSync("sha256sum", ["-c", "checksums.sha256"], { cwd: dir, encoding: "utf8" })).toBe("compose.stella.lock.yml: OK\nmanifest.json: OK\nstella.version.json: OK\n");
    expect((await runCli(storeArgs)).stdout).toContain("already stored (identical)");
    await writeFile(join(b, "compose.stella.lock.yml"), "services: {}\n");
    const refused = await runCli([...storeArgs.slice(0, -2), join(b, "compose.stella.lock.yml"), join(a, "stella.version.json")]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("is immutable");

    const same = await runCli(["deploy", "drift", "--expected", join(a, "stella.version.json"), "--key", fixture("sticker-key.pub"), dir]);
    expect(same.exitCode, same.stdout + same.stderr).toBe(0);

    const edited = join(b, "stella.version.json");
    await writeFile(edited, (await readFile(join(a, "stella.version.json"), "utf8")).replace('"userName": "john.doe"', '"userName": "mallory"'));
    const corrupted = await runCli(["deploy", "drift", "--json", "--expected", join(a, "stella.version.json"), "--key", fixture("sticker-key.pub"), edited]);
    expect(corrupted.exitCode).toBe(1);
    expect(JSON.parse(corrupted.stdout)).toMatchObject({ driftDetected: true, driftType: "corrupted", details: { field: "signature" } });

    const missing = await runCli(["deploy", "drift", "--expected", join(a, "stella.version.json"), await mkdtemp(join(tmpdir(), "empty-"))]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toMatch(/^drift: missing on target [0-9a-f-]{36}/);

    const prune = await runCli(["deploy", "prune", "--root", root, "--dry-run", "--now", "2034-01-01T00:00:00Z"]);
    expect(prune.stdout).toContain("would remove acme/d-2026-01-10 (production, created 2026-01-10T14:30:00Z): production retention 7 years: expired 2033-01-10");
    expect(execFileSync("ls", [join(root, "acme")], { encoding: "utf8" })).toBe("d-2026-01-10\n");
  });
});
