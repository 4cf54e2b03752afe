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
