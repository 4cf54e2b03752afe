/**
 * Profile arguments to paths: each pattern is a glob (node:fs glob; `**` crosses
 * directories) or a literal path; `a.yml+b.yml` stays one Compose project (overlays).
 * Sorted and de-duplicated so results do not depend on directory order.
 */
import { glob } from "node:fs/promises";
import { ProfilesError } from "./errors.js";

const MAGIC = /[*?[\]{}]/;

export async function expandProfiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const missing: string[] = [];
  for (const pattern of patterns) {
    if (pattern.includes("+") || !MAGIC.test(pattern)) {
      out.push(pattern);
      continue;
    }
    const found: string[] = [];
    for await (const p of glob(pattern, { cwd })) found.push(p);
    if (found.length === 0) missing.push(pattern);
    out.push(...found.sort());
  }
  if (missing.length > 0) {
    throw new ProfilesError(`no profile matches ${missing.map((m) => `"${m}"`).join(", ")}`, { code: "PROFILE_READ", hint: "check the profiles globs (relative to the workspace)" });
  }
  return [...new Set(out)];
}
