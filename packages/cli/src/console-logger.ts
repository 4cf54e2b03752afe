import type { Logger } from "@stella/core";

/** Logs go to stderr so stdout stays clean for results (JSON, digests). */
export function consoleLogger(debug: boolean): Logger {
  const write = (prefix: string) => (m: string) => void process.stderr.write(`${prefix}${m}\n`);
  return {
    debug: debug ? write("debug: ") : () => undefined,
    info: write(""),
    warn: write("warning: "),
    error: write("error: "),
  };
}
