import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-cli.js";

describe("stella CLI shell", () => {
  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("keeps V8's compiled code in $TMPDIR/node-compile-cache, not when NODE_DISABLE_COMPILE_CACHE is set, and runs where it cannot write it", async () => {
    const tmp = await mkdtemp(join(tmpdir(), "stella-ncc-"));
    try {
      await mkdir(join(tmp, "a"));
      await mkdir(join(tmp, "b"));
      expect((await runCli(["--version"], { env: { TMPDIR: join(tmp, "a") } })).exitCode).toBe(0);
      expect((await readdir(join(tmp, "a", "node-compile-cache"), { recursive: true })).length).toBeGreaterThan(0);
      expect((await runCli(["--version"], { env: { TMPDIR: join(tmp, "b"), NODE_DISABLE_COMPILE_CACHE: "1" } })).exitCode).toBe(0);
      expect(await readdir(join(tmp, "b"))).toEqual([]);
      const nowhere = await runCli(["--version"], { env: { TMPDIR: join(tmp, "missing", "dir") } });
      expect(nowhere.exitCode).toBe(0);
      expect(nowhere.stderr).toBe("");
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it("refuses an unknown command with exit 2 and the command list", async () => {
    const r = await runCli(["no-such-command"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown command "no-such-command"');
    expect(r.stderr).toContain("version");
  });
});
