/**
 * `.helmignore` rules as `helm package` applies them: one pattern a line, `#` comments,
 * `!` negates, a trailing `/` matches directories only, `*`, `?` and `[...]` globs within one
 * path segment; a pattern without `/` matches the base name at any depth, one with `/`
 * matches the path from the chart root. The last matching rule wins.
 */
export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
  regex: RegExp;
  source: string;
}

function globToRegex(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

export function parseHelmignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    rules.push({ negate, dirOnly, anchored, regex: globToRegex(line), source: raw.trim() });
  }
  return rules;
}

/** True when `relPath` (chart-relative, `/`-separated) is ignored. */
export function isIgnored(rules: readonly IgnoreRule[], relPath: string, isDir: boolean): boolean {
  let ignored = false;
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const hit = r.anchored ? r.regex.test(relPath) : r.regex.test(base);
    if (hit) ignored = !r.negate;
  }
  return ignored;
}
