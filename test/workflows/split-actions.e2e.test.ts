import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../helpers/run-action.js";

// Consumers write `uses: stella/<action>@v1`: scripts/split-actions.mjs makes each action its
// own tree (action.yml, bundled dist/, generated README), tags vX.Y.Z and moves vX.
describe("splitting the actions into their own repositories", () => {
  it("makes a runnable tree per action, tagged and with a README from action.yml", () => {
    const out = mkdtempSync(join(tmpdir(), "split-"));
    execFileSync(process.execPath, [join(repoRoot, "scripts/split-actions.mjs"), "--out", out, "--version", "v1.2.3"], { stdio: "pipe" });
    const dir = join(out, "announce-release");
    const action = parse(readFileSync(join(dir, "action.yml"), "utf8")) as { runs: { using: string; main: string }; inputs: Record<string, unknown> };
    expect(action.runs).toEqual({ using: "node24", main: "dist/index.js" });
    expect(existsSync(join(dir, action.runs.main))).toBe(true);
    const tags = execFileSync("git", ["-C", dir, "tag", "--list"]).toString().trim().split("\n").sort();
    expect(tags).toEqual(["v1", "v1.2.3"]);
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    expect(readme).toContain("uses: stella/announce-release@v1");
    for (const input of Object.keys(action.inputs)) expect(readme).toContain(`| \`${input}\` |`);

    // Run the split action the way a runner runs it, from its own tree only.
    const output = join(out, "gh-output");
    writeFileSync(output, "");
    const r = spawnSync(process.execPath, [join(dir, action.runs.main)], {
      cwd: out,
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, "INPUT_VERSION": "1.2.3", "INPUT_CHANNEL": "stable", "INPUT_MANIFEST-DIGEST": `sha256:${"d".repeat(64)}` },
      encoding: "utf8",
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("nothing announced");
    expect(readFileSync(output, "utf8")).toContain("results");

    // A second version moves v1 and adds v1.2.4; v1.2.3 stays where it was.
    const first = execFileSync("git", ["-C", dir, "rev-parse", "v1.2.3"]).toString();
    execFileSync(process.execPath, [join(repoRoot, "scripts/split-actions.mjs"), "--out", out, "--version", "v1.2.4", "--only", "announce-release"], { stdio: "pipe" });
    expect(execFileSync("git", ["-C", dir, "rev-parse", "v1.2.3"]).toString()).toBe(first);
    expect(execFileSync("git", ["-C", dir, "rev-parse", "v1"]).toString()).toBe(execFileSync("git", ["-C", dir, "rev-parse", "v1.2.4"]).toString());
  });
});
