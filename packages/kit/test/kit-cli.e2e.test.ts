import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/run-cli.js";
import { startRegistry, type RunningServer } from "../../../test/helpers/servers.js";
import { cosignKey } from "./ouk-helpers.js";
import { pushImages, writeRelease } from "./offline-fixtures.js";

let dir: string;
const servers: RunningServer[] = [];
let release: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-cli-"));
  const src = await startRegistry();
  servers.push(src);
  const keys = await cosignKey();
  await writeFile(join(dir, "cosign.key"), keys.privatePem);
  await writeFile(join(dir, "cosign.pub"), keys.publicPem);
  const images = await pushImages(`127.0.0.1:${src.port}`, [{ service: "orchestrator", repository: "stellaops/orchestrator", seed: "cli-1" }], keys.key);
  release = await writeRelease(dir, images, keys.key);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe("stella kit (bundled CLI)", () => {
  it("build → import into a fresh registry", async () => {
    const built = await runCli(["kit", "build", "--manifest", release, "--channel", "stable", "--key", "cosign.key"], { cwd: dir, env: { COSIGN_PASSWORD: "kit-test", SOURCE_DATE_EPOCH: "1797768000" } });
    expect(built.stderr).not.toMatch(/error/);
    expect(built.exitCode).toBe(0);
    const out = JSON.parse(built.stdout) as { output: string };
    expect(out.output).toMatch(/stellaops-kit-stable-2\.4\.1\.tar\.zst$/);
    const dst = await startRegistry();
    servers.push(dst);
    const imported = await runCli(["kit", "import", out.output, "--registry", `docker://127.0.0.1:${dst.port}/site`, "--key", "cosign.pub"], { cwd: dir });
    expect(imported.exitCode).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ pushed: [{ service: "orchestrator" }] });
    const bad = await runCli(["kit", "import", out.output, "--registry", `docker://127.0.0.1:${dst.port}/site`, "--key", "cosign.key"], { cwd: dir });
    expect(bad.exitCode).not.toBe(0);
  });
});
