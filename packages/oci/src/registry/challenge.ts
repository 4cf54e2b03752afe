/**
 * `WWW-Authenticate` challenges (RFC 7235 §4.1, as the distribution spec's token flow uses
 * them: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`). Pure functions.
 */
export interface Challenge {
  /** Lower-case scheme: `bearer`, `basic`, … */
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses one header value into its challenges. Parameters may be quoted strings (with `\`
 * escapes) or tokens; a comma inside quotes does not split. Unreadable input gives [].
 */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const out: Challenge[] = [];
  let i = 0;
  const s = header;
  const skipWs = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === ",")) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < s.length && /[!#$%&'*+.^_`|~0-9A-Za-z/-]/.test(s[i] ?? "")) i++;
    return s.slice(start, i);
  };
  let current: Challenge | undefined;
  while (i < s.length) {
    skipWs();
    const word = readToken();
    if (!word) {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && (s[j] === " " || s[j] === "\t")) j++;
    if (s[j] === "=" && current) {
      i = j + 1;
      while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
      let value = "";
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\" && i + 1 < s.length) i++;
          value += s[i];
          i++;
        }
        i++;
      } else {
        // Lenient: servers send unquoted URLs (`realm=https://…`), so read up to , or space.
        const start = i;
        while (i < s.length && s[i] !== "," && s[i] !== " " && s[i] !== "\t") i++;
        value = s.slice(start, i);
      }
      current.params[word.toLowerCase()] = value;
    } else {
      current = { scheme: word.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

/** `repository:<name>:<actions>` (distribution token scope grammar). */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${actions.join(",")}`;
}

/**
 * Merges scopes: the same resource's actions are united (`repository:a:pull` +
 * `repository:a:push` = `repository:a:pull,push`), sorted for a stable cache key.
 */
export function mergeScopes(...lists: readonly (readonly string[])[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const list of lists) {
    for (const scope of list) {
      for (const one of scope.split(" ").filter(Boolean)) {
        const at = one.lastIndexOf(":");
        const resource = at > 0 ? one.slice(0, at) : one;
        const actions = at > 0 ? one.slice(at + 1).split(",").filter(Boolean) : [];
        const set = byResource.get(resource) ?? new Set<string>();
        actions.forEach((a) => set.add(a));
        byResource.set(resource, set);
      }
    }
  }
  return [...byResource.entries()].map(([r, a]) => (a.size ? `${r}:${[...a].sort().join(",")}` : r)).sort();
}

/** True when every scope in `needed` is covered by `granted` (same resource, all actions). */
export function scopesCover(granted: readonly string[], needed: readonly string[]): boolean {
  const have = new Map<string, Set<string>>();
  for (const g of mergeScopes(granted)) {
    const at = g.lastIndexOf(":");
    have.set(g.slice(0, at), new Set(g.slice(at + 1).split(",")));
  }
  return mergeScopes(needed).every((n) => {
    const at = n.lastIndexOf(":");
    const set = have.get(n.slice(0, at));
    return set !== undefined && n.slice(at + 1).split(",").every((a) => set.has(a));
  });
}
