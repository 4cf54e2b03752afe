/**
 * Packages never print or read the environment (DESIGN.md "One picture"); they report
 * through a Logger handed in by the entry point (CLI: stderr; action: @actions/core).
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Progress of a long transfer: one call per chunk or per finished item. */
export type ProgressCallback = (event: { id: string; done: number; total?: number; phase?: string }) => void;

/**
 * Redacts every secret value from a text before it may reach a log or an error
 * message. Values shorter than 4 characters are ignored (they would shred ordinary text).
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join("***");
  }
  return out;
}
