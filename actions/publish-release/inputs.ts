export interface PublishInputs {
  forge: "github" | "gitea";
  token: string;
  repository: string;
  /** GitHub API base (GHES: https://HOST/api/v3). */
  apiUrl: string;
  /** Gitea server base. */
  serverUrl: string;
  tag: string;
  previousTag: string | undefined;
  name: string | undefined;
  prerelease: boolean | undefined;
  manifest: string | undefined;
  previousManifest: string | undefined;
  assets: string[];
  checksums: boolean;
  cwd: string;
}

function list(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Inputs + the runner's context -> one typed object. The forge is Gitea when act_runner says so
 * (GITEA_ACTIONS=true) or the input forces it; the API comes from GITHUB_API_URL (GHES-aware) or
 * the server URL.
 */
export function publishInputs(get: (name: string) => string, env: Readonly<Record<string, string | undefined>>): PublishInputs {
  const problems: string[] = [];
  const opt = (n: string) => get(n).trim() || undefined;
  const forgeIn = opt("forge") ?? "auto";
  if (!["auto", "github", "gitea"].includes(forgeIn)) problems.push(`input "forge" must be auto, github or gitea, got "${forgeIn}"`);
  // act_runner sets GITEA_ACTIONS=true and points GITHUB_API_URL at `<server>/api/v1` (Gitea's API);
  // GitHub.com is api.github.com and GHES `<server>/api/v3`
  const giteaApi = /\/api\/v1\/?$/.test(env.GITHUB_API_URL ?? "");
  const forge: "github" | "gitea" = forgeIn === "gitea" || (forgeIn === "auto" && (env.GITEA_ACTIONS === "true" || giteaApi)) ? "gitea" : "github";
  const token = opt("token") ?? "";
  if (!token) problems.push('input "token" is required (e.g. ${{ secrets.GITHUB_TOKEN }} with contents: write, or a Gitea token)');
  const repository = opt("repository") ?? env.GITHUB_REPOSITORY ?? "";
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) problems.push(`input "repository" must be OWNER/REPO, got "${repository}"`);
  const refTag = env.GITHUB_REF?.startsWith("refs/tags/") ? env.GITHUB_REF.slice("refs/tags/".length) : undefined;
  const tag = opt("tag") ?? refTag ?? "";
  if (!tag) problems.push('input "tag" is required when the workflow does not run on a tag');
  const pre = opt("prerelease") ?? "auto";
  if (!["auto", "true", "false"].includes(pre)) problems.push(`input "prerelease" must be auto, true or false, got "${pre}"`);
  const sums = (opt("checksums") ?? "true").toLowerCase();
  if (sums !== "true" && sums !== "false") problems.push(`input "checksums" must be true or false, got "${sums}"`);
  const serverUrl = opt("server-url") ?? env.GITEA_SERVER_URL ?? env.GITHUB_SERVER_URL ?? "https://github.com";
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return {
    forge,
    token,
    repository,
    apiUrl: opt("api-url") ?? env.GITHUB_API_URL ?? "https://api.github.com",
    serverUrl,
    tag,
    previousTag: opt("previous-tag"),
    name: opt("name"),
    prerelease: pre === "auto" ? undefined : pre === "true",
    manifest: opt("manifest"),
    previousManifest: opt("previous-manifest"),
    assets: list(get("assets")),
    checksums: sums === "true",
    cwd: opt("working-directory") ?? env.GITHUB_WORKSPACE ?? ".",
  };
}
