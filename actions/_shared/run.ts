import { spawn } from "node:child_process";
import { once } from "node:events";
import * as core from "@actions/core";
import { isStellaError, type Logger } from "@stella/core";

/** The Logger packages report through, backed by the runner's log commands. */
export function actionLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
    error: (m) => core.error(m),
  };
}

/** Reads a boolean input as YAML 1.2 core schema does (true/false, any case); default when empty. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === "") return fallback;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new Error(`input "${name}" must be true or false, got "${raw}"`);
}

/** A list input: one item per line or comma-separated, blanks dropped. */
export function listInput(name: string): string[] {
  return core
    .getInput(name)
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Masks each secret with ::add-mask:: before anything else may print it. */
export function maskSecrets(...values: (string | undefined)[]): void {
  for (const v of values) if (v) core.setSecret(v);
}

/** True on Gitea/Forgejo runners (act_runner sets GITEA_ACTIONS). */
export function isGitea(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITEA_ACTIONS === "true";
}

/**
 * Runs an action's body: a StellaError becomes one clear failure line (what, where, fix),
 * anything else a failure with its stack for the bug report. Exit code is set by setFailed.
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (isStellaError(e)) core.setFailed(e.describe());
    else if (e instanceof Error) core.setFailed(`${e.message}\n${e.stack ?? ""}`);
    else core.setFailed(String(e));
  }
}

/**
 * Node flags the memory-heavy actions run under, the same as the installed CLI's shebang:
 * 2 MiB V8 semi-spaces keep a 1 GB scan or kit build under 200 MB RSS (issues 4 and 8);
 * with the default young generation the same work peaks 15-60 MB higher.
 */
export const LEAN_NODE_FLAGS = ["--max-semi-space-size=2"] as const;

/**
 * The runner starts an action as `node dist/<action>/index.js` and no action.yml field adds
 * node flags, so an action that needs them runs itself again as a child with them (same
 * script, environment, stdin/stdout/stderr: INPUT_*, GITHUB_OUTPUT and log commands work as
 * before), forwards SIGINT/SIGTERM, and exits with the child's status. Returns true in the
 * process that should do the work.
 */
export async function runsWithNodeFlags(flags: readonly string[] = LEAN_NODE_FLAGS): Promise<boolean> {
  if (flags.every((f) => process.execArgv.includes(f)) || !process.argv[1]) {
    core.debug(`node flags: ${process.execArgv.join(" ")}`);
    return true;
  }
  const child = spawn(process.execPath, [...process.execArgv, ...flags, process.argv[1], ...process.argv.slice(2)], { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward).on("SIGTERM", forward);
  const [code, signal] = (await once(child, "exit")) as [number | null, NodeJS.Signals | null];
  process.exitCode = code ?? (signal ? 1 : 0);
  return false;
}
