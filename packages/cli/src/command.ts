import type { Logger } from "@stella/core";

/** What a command gets from the CLI shell: its argv (after the command word) and the process edges. */
export interface CommandContext {
  argv: string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  logger: Logger;
  /** Results (JSON, tables) go to stdout; logs to stderr. */
  stdout: (text: string) => void;
  /** True when stderr is a terminal (progress bars) rather than CI (plain lines). */
  interactive: boolean;
}

/**
 * One top-level `stella <name>` command, one file under `commands/`. The build collects
 * every file there (scripts/build.mjs), so adding a command never edits a shared list.
 * `run` returns the exit code.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(ctx: CommandContext): Promise<number>;
}

/** A command known by name, its module loaded only when it runs (commands.generated.ts). */
export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}
