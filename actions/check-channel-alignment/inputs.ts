import { ValidationError } from "@stella/core";
import { parseMirrors, type Mirror } from "@stella/profiles";

export interface AlignmentInputs {
  manifestPath: string;
  channel: string;
  profiles: string[];
  mirrors: Mirror[];
  envFiles: string[];
  fix: boolean;
  sarifPath: string | undefined;
}

function list(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Action inputs -> one typed object (a test checks this mapping alone). */
export function alignmentInputs(get: (name: string) => string): AlignmentInputs {
  const manifestPath = get("manifest").trim();
  const channel = get("channel").trim();
  const problems: string[] = [];
  if (!manifestPath) problems.push('input "manifest" is required (path of the channel\'s release.json)');
  if (!channel) problems.push('input "channel" is required (stable, beta, alpha or nightly)');
  const profiles = list(get("profiles"));
  if (profiles.length === 0) problems.push('input "profiles" needs at least one glob (e.g. deploy/compose/*.yaml)');
  const fixRaw = get("fix").trim().toLowerCase();
  if (fixRaw !== "" && fixRaw !== "true" && fixRaw !== "false") problems.push(`input "fix" must be true or false, got "${fixRaw}"`);
  if (problems.length > 0) throw new ValidationError("check-channel-alignment inputs", problems, "see actions/check-channel-alignment/action.yml for every input");
  const sarif = get("sarif").trim();
  return {
    manifestPath,
    channel,
    profiles,
    mirrors: parseMirrors(list(get("mirrors")), 'input "mirrors"'),
    envFiles: list(get("env-files")),
    fix: fixRaw === "true",
    sarifPath: sarif === "" ? undefined : sarif,
  };
}
