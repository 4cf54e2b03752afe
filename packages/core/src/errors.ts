/**
 * The base of every error the suite raises on purpose (STYLE.md §6): what went wrong,
 * where, and how to fix it. Each package narrows `code` to its own union by subclassing.
 * Entry points print `message` (and `hint`) and exit non-zero; anything that is not a
 * StellaError is a bug and is printed with its stack.
 */
export interface StellaErrorOptions<C extends string = string> {
  code: C;
  /** How to fix it, in the user's words (input names, flags, files). */
  hint?: string;
  cause?: unknown;
}

export class StellaError<C extends string = string> extends Error {
  readonly code: C;
  readonly hint: string | undefined;

  constructor(message: string, options: StellaErrorOptions<C>) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
  }

  /** One text for people: the message, then the hint on its own line. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

/** Several problems found by one validation pass, reported together (STYLE.md §6). */
export class ValidationError extends StellaError<"VALIDATION"> {
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[], hint?: string) {
    super(`${subject}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.map((p) => `  - ${p}`).join("\n")}`, {
      code: "VALIDATION",
      ...(hint === undefined ? {} : { hint }),
    });
    this.problems = problems;
  }
}

export function isStellaError(e: unknown): e is StellaError {
  return e instanceof StellaError;
}

/** The message of anything thrown, for wrapping as a cause without `any`. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
