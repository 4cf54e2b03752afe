import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  env: Record<string, string>;
  /** `::error ...::` / `::warning ...::` lines the action printed. */
  annotations: string[];
}

/** Parses the GITHUB_OUTPUT / GITHUB_ENV file format: `k=v` lines and `k<<DELIM` heredocs. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key = "", delim] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) body.push(lines[i] ?? "");
      out[key] = body.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

/**
 * Runs a bundled action the way a runner does: `node dist/<action>/index.js` with
 * `INPUT_<NAME>` (upper-cased, spaces to `_`, dashes kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * GITHUB_ENV, RUNNER_TEMP. `gitea: true` runs it as act_runner would (GITEA_ACTIONS=true).
 */
export async function runAction(
  action: string,
  inputs: Record<string, string>,
  /** `script`: another bundle of the action than dist/<action>/index.js (a test's private build). */
  options: { env?: Record<string, string>; gitea?: boolean; cwd?: string; script?: string } = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), `stella-action-${action}-`));
  const files = { GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: join(dir, "summary"), GITHUB_ENV: join(dir, "env"), GITHUB_PATH: join(dir, "path"), GITHUB_STATE: join(dir, "state") };
  await Promise.all(Object.values(files).map((f) => writeFile(f, "")));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: join(dir, "runner-temp"),
    RUNNER_OS: "Linux",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: options.cwd ?? dir,
    CI: "true",
    ...files,
    ...(options.gitea ? { GITEA_ACTIONS: "true" } : {}),
    ...options.env,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, "_").toUpperCase()}`] = v;
  const node = process.execPath;
  const child = spawn(node, [options.script ?? join(repoRoot, "dist", action, "index.js")], { cwd: options.cwd ?? dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number>((r) => child.on("close", (code) => r(code ?? 1)));
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseCommandFile(await readFile(files.GITHUB_OUTPUT, "utf8")),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, "utf8"),
    env: parseCommandFile(await readFile(files.GITHUB_ENV, "utf8")),
    annotations: stdout.split("\n").filter((l) => /^::(error|warning|notice)/.test(l)),
  };
}
