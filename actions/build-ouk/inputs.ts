import type { RunBuildOukOptions } from "@stella/kit";
import { signerSpecInputs } from "../sign-image/inputs.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The typed object main.ts hands to runBuildOuk (minus logger/workDir, which are the runner's). */
export interface BuildOukInputs {
  build: Omit<RunBuildOukOptions, "logger" | "workDir" | "openStore" | "publish">;
  publish: { tag: string; repository: string; token: string; gitea: boolean; serverUrl: string; apiUrl: string } | undefined;
  artifact: string | undefined;
  secrets: string[];
}

const DEFAULT_ECOSYSTEMS = "Alpine,crates.io,Debian,Go,Maven,npm,NuGet,Packagist,PyPI,RubyGems";

function bool(get: (n: string) => string, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = get(name).trim().toLowerCase();
  if (raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  problems.push(`input "${name}" must be true or false, got "${raw}"`);
  return fallback;
}

/** Action inputs (+ the runner's environment) → one typed object; every problem reported at once. */
export function buildOukInputs(get: (name: string) => string, env: Env, today: Date): BuildOukInputs {
  const problems: string[] = [];
  const opt = (n: string) => get(n).trim() || undefined;
  const date = opt("date") ?? (env.SOURCE_DATE_EPOCH ? new Date(Number(env.SOURCE_DATE_EPOCH) * 1000) : today).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) problems.push(`input "date" must be YYYY-MM-DD, got "${date}"`);
  const compact = date.replace(/-/g, "");
  const nvd = bool(get, "nvd", false, problems);
  const osv = bool(get, "osv", false, problems);
  const trivyDb = bool(get, "trivy-db", false, problems);
  const trivyJavaDb = bool(get, "trivy-java-db", false, problems);
  if (!nvd && !osv && !trivyDb && !trivyJavaDb) problems.push('choose at least one feed: "nvd", "osv", "trivy-db" or "trivy-java-db" set to true');
  const { spec, secrets } = signerSpecInputs(get, env, problems);
  const clientJwt = opt("client-jwt");
  const tokenKey = opt("token-key");
  if (!clientJwt && !tokenKey) problems.push('give input "client-jwt" (the OfflineToken stage\'s token) or "token-key" (a P-256 PKCS#8 key, a secret) to issue one');
  const nvdApiKey = opt("nvd-api-key");
  const publish = bool(get, "publish", true, problems);
  const token = opt("token") ?? "";
  const repository = opt("repository") ?? env.GITHUB_REPOSITORY ?? "";
  if (publish && (!token || !repository)) problems.push('publishing needs "token" and "repository" (or GITHUB_REPOSITORY); set "publish: false" to skip');
  if (problems.length) throw new Error(`build-ouk: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  const trivy: NonNullable<RunBuildOukOptions["trivy"]> = [];
  if (trivyDb) trivy.push({ name: "trivy-db", reference: opt("trivy-db-ref") ?? "docker://ghcr.io/aquasecurity/trivy-db:2" });
  if (trivyJavaDb) trivy.push({ name: "trivy-java-db", reference: opt("trivy-java-db-ref") ?? "docker://ghcr.io/aquasecurity/trivy-java-db:1" });
  return {
    build: {
      date,
      output: opt("output") ?? `ouk-${compact}.tar.gz`,
      ...(nvd ? { nvd: { baseUrl: opt("nvd-url") ?? "https://services.nvd.nist.gov", ...(nvdApiKey ? { apiKey: nvdApiKey } : {}), ...(opt("nvd-since") ? { since: new Date(`${opt("nvd-since") ?? ""}T00:00:00Z`) } : {}) } } : {}),
      ...(osv ? { osv: { baseUrl: opt("osv-url") ?? "https://osv-vulnerabilities.storage.googleapis.com", ecosystems: (opt("osv-ecosystems") ?? DEFAULT_ECOSYSTEMS).split(/[\n,]/).map((s) => s.trim()).filter(Boolean) } } : {}),
      trivy,
      signer: spec,
      ...(clientJwt ? { clientJwt } : {}),
      ...(tokenKey && !clientJwt ? { issueToken: { privateKeyPem: tokenKey, subject: opt("token-subject") ?? repository, issuer: opt("token-issuer") ?? "https://authority.stella-ops.org" } } : {}),
      now: today,
      toolVersion: "",
    },
    publish: publish ? { tag: opt("tag") ?? `ouk-${compact}`, repository, token, gitea: env.GITEA_ACTIONS === "true", serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com", apiUrl: env.GITHUB_API_URL ?? "https://api.github.com" } : undefined,
    artifact: env.ACTIONS_RUNTIME_TOKEN ? (opt("artifact-name") ?? `ouk-${compact}`) : undefined,
    secrets: [...secrets, ...(nvdApiKey ? [nvdApiKey] : []), ...(tokenKey ? [tokenKey] : []), ...(token ? [token] : [])],
  };
}
