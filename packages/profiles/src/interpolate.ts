/**
 * Compose variable interpolation (Compose Specification "Interpolation"): `$VAR`,
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal `$`; defaults may nest.
 */

export interface EnvValue {
  value: string;
  /** Where the value is written in an env file (for `--fix` of a digest held in `.env`). */
  origin?: { file: string; start: number; end: number };
}

export type Environment = ReadonlyMap<string, EnvValue>;

export interface Interpolated {
  value: string;
  /** Variables read (set or not), in order. */
  used: string[];
  /** Messages for `${VAR:?err}` / `${VAR?err}` that failed, and unset variables without default. */
  problems: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, env: Environment): Interpolated {
  if (!input.includes("$")) return { value: input, used: [], problems: [] };
  const used: string[] = [];
  const problems: string[] = [];
  const value = expand(input, env, used, problems);
  return { value, used, problems };
}

function expand(input: string, env: Environment, used: string[], problems: string[]): string {
  let out = "";
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{") {
      const close = matchingBrace(input, i + 1);
      if (close < 0) {
        problems.push(`unterminated "\${" in "${input}"`);
        out += input.slice(i);
        break;
      }
      out += braced(input.slice(i + 2, close), env, used, problems);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(input.slice(i + 1));
    if (!m) {
      out += "$";
      i++;
      continue;
    }
    used.push(m[0]);
    const v = env.get(m[0]);
    if (v === undefined) problems.push(`variable ${m[0]} is not set (defaulting to an empty string)`);
    out += v?.value ?? "";
    i += 1 + m[0].length;
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function braced(body: string, env: Environment, used: string[], problems: string[]): string {
  const m = NAME.exec(body);
  if (!m) {
    problems.push(`invalid interpolation "\${${body}}"`);
    return "";
  }
  const name = m[0];
  used.push(name);
  const rest = body.slice(name.length);
  const v = env.get(name)?.value;
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (rest.length > 0 && op === undefined) {
    problems.push(`invalid interpolation "\${${body}}"`);
    return v ?? "";
  }
  const arg = op === undefined ? "" : rest.slice(op.length);
  const colon = op?.startsWith(":") ?? false;
  const missing = colon ? v === undefined || v === "" : v === undefined;
  switch (op?.at(-1)) {
    case "-":
      return missing ? expand(arg, env, used, problems) : (v ?? "");
    case "?":
      if (missing) problems.push(`required variable ${name} is ${v === undefined ? "not set" : "empty"}${arg ? `: ${expand(arg, env, used, problems)}` : ""}`);
      return v ?? "";
    case "+":
      return missing ? "" : expand(arg, env, used, problems);
    default:
      if (v === undefined) problems.push(`variable ${name} is not set (defaulting to an empty string)`);
      return v ?? "";
  }
}
