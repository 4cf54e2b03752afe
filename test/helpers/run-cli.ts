import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./run-action.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a user types it: `node dist/cli/stella.js ARGS…`. */
export async function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [join(repoRoot, "dist/cli/stella.js"), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", CI: "true", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.input ?? "");
  const exitCode = await new Promise<number>((r) => child.on("close", (code) => r(code ?? 1)));
  return { exitCode, stdout, stderr };
}
