/**
 * Registry mirrors (architecture-devops.md §3.1: GHCR read-only mirror, regional
 * mirrors): an explicit `FROM=TO` mapping lets a profile pull `TO/...` for an image the
 * manifest lists as `FROM/...`. Prefixes match whole path components only.
 */
import { ProfilesError } from "./errors.js";

export interface Mirror {
  /** Prefix as the release manifest writes it: `registry.stella-ops.org/stellaops`. */
  from: string;
  /** Prefix the profile may use instead: `ghcr.io/stella-ops`. */
  to: string;
}

export function parseMirrors(specs: string[], source = "--mirror"): Mirror[] {
  const problems: string[] = [];
  const out: Mirror[] = [];
  for (const spec of specs) {
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(spec);
    if (!m) problems.push(`"${spec}"`);
    else out.push({ from: trimSlash(m[1] ?? ""), to: trimSlash(m[2] ?? "") });
  }
  if (problems.length > 0) {
    throw new ProfilesError(`${source}: ${problems.join(", ")} must be FROM=TO`, { code: "MIRROR_SYNTAX", hint: "write e.g. registry.stella-ops.org/stellaops=ghcr.io/stella-ops (one per line or comma-separated)" });
  }
  return out;
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, "");
}

function hasPrefix(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(`${prefix}/`);
}

/** The manifest-side name of a profile's (normalised) image name, through the first matching mirror. */
export function unmirror(name: string, mirrors: readonly Mirror[]): string {
  for (const m of mirrors) if (hasPrefix(name, m.to)) return m.from + name.slice(m.to.length);
  return name;
}
