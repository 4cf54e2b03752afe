import { parseArgs, type ParseArgsConfig } from "node:util";
import { StellaError } from "@stella/core";

export class UsageError extends StellaError<"USAGE"> {
  constructor(message: string, usage: string) {
    super(message, { code: "USAGE", hint: usage });
  }
}

/** node:util parseArgs, strict, with errors that show the command's usage. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e), usage);
  }
}

export function requirePositionals(positionals: string[], names: string[], usage: string): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names.slice(positionals.length).join(", ")}`, usage);
  }
  return positionals;
}
