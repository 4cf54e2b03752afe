import { execFile } from "node:child_process";
import { promisify } from "node:util";
import semver from "semver";
import { ReleaseError } from "../errors.js";
import type { Commit } from "./notes.js";

const run = promisify(execFile);
const SEP = "\u001e"; // record separator between commits
const FIELD = "\u001f";

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    throw new ReleaseError(`git ${args.join(" ")} failed in ${cwd}: ${e instanceof Error ? e.message : String(e)}`, {
      code: "PUBLISH",
      cause: e,
      hint: "check out the full history (actions/checkout with fetch-depth: 0) so tags and commits are there",
    });
  }
}

/**
 * The release tag before `tag`: the highest semver tag below it (pre-releases are skipped when
 * `tag` is a final release, so 2.5.0's notes cover everything since 2.4.x, not since 2.5.0-rc.3).
 */
export async function previousTag(cwd: string, tag: string): Promise<string | undefined> {
  const current = semver.parse(tag);
  if (!current) return undefined;
  const tags = (await git(cwd, ["tag", "--list"])).split("\n").map((t) => t.trim()).filter(Boolean);
  const older = tags
    .map((t) => ({ t, v: semver.parse(t) }))
    .filter((x): x is { t: string; v: semver.SemVer } => x.v !== null && semver.lt(x.v, current) && (current.prerelease.length > 0 || x.v.prerelease.length === 0))
    .sort((a, b) => semver.rcompare(a.v, b.v));
  return older[0]?.t;
}

/** Commits in `from..to` (all of `to`'s history when `from` is undefined), newest first. */
export async function commitsBetween(cwd: string, from: string | undefined, to: string): Promise<Commit[]> {
  const range = from ? `${from}..${to}` : to;
  const out = await git(cwd, ["log", "--no-merges", `--format=%H${FIELD}%B${SEP}`, range]);
  return out
    .split(SEP)
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => {
      const [sha = "", message = ""] = r.split(FIELD);
      return { sha: sha.trim(), message: message.trim() };
    });
}
