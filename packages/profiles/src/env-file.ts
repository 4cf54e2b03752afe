/**
 * `.env` files as Compose reads them: `KEY=VALUE` lines, `#` comments, optional
 * `export `, single quotes literal, double quotes with escapes, unquoted values ending
 * at ` #`. Values keep their byte range so a digest held in `.env` can be fixed in place.
 */
import type { EnvValue } from "./interpolate.js";

export function parseEnvFile(path: string, text: string): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  let offset = 0;
  for (const rawLine of text.split("\n")) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, "");
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    const name = m[1] ?? "";
    const valueStart = m[0].length;
    const rest = line.slice(valueStart);
    let value: string;
    let start = lineStart + valueStart;
    let end: number;
    if (rest.startsWith("'")) {
      const close = rest.indexOf("'", 1);
      value = close < 0 ? rest.slice(1) : rest.slice(1, close);
      start += 1;
      end = start + value.length;
    } else if (rest.startsWith('"')) {
      let close = 1;
      while (close < rest.length && rest[close] !== '"') close += rest[close] === "\\" ? 2 : 1;
      if (close >= rest.length) close = -1;
      const raw = close < 0 ? rest.slice(1) : rest.slice(1, close);
      value = raw.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
      start += 1;
      end = start + raw.length;
    } else {
      const hash = rest.search(/\s#/);
      value = (hash < 0 ? rest : rest.slice(0, hash)).trimEnd();
      end = start + value.length;
    }
    out.set(name, { value, origin: { file: path, start, end } });
  }
  return out;
}
