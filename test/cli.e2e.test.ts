import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/run-cli.js";

describe("stella CLI shell", () => {
  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("refuses an unknown command with exit 2 and the command list", async () => {
    const r = await runCli(["no-such-command"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown command "no-such-command"');
    expect(r.stderr).toContain("version");
  });
});
