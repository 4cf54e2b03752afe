/**
 * SLSA provenance v1 predicate (slsa.dev/spec/v1.0/provenance) for a workflow run on GitHub,
 * Gitea or Forgejo (architecture-devops.md §2.2: SLSA provenance attached as an OCI referrer).
 * The build type is the one GitHub's own attestations use, so policy tools read it unchanged.
 * The context comes from the runner environment (`contextFromEnv` takes the env as an argument;
 * packages never read process.env themselves).
 */
import { isoSeconds } from "@stella/core";
import { SigningError } from "./errors.js";

export const GITHUB_WORKFLOW_BUILD_TYPE = "https://actions.github.io/buildtypes/workflow/v1";

export interface ResourceDescriptor {
  uri: string;
  digest: Record<string, string>;
  name?: string;
}

export interface BuildContext {
  platform: "github" | "gitea" | "forgejo";
  /** https://github.com, https://gitea.example.com */
  serverUrl: string;
  /** owner/name */
  repository: string;
  /** refs/heads/main */
  ref: string;
  /** full commit SHA */
  sha: string;
  /** path of the workflow file in the repository (.github/workflows/release.yml) */
  workflowPath: string;
  /** ref the workflow file was taken from (GITHUB_WORKFLOW_REF's @ part); defaults to `ref` */
  workflowRef?: string;
  eventName: string;
  runId: string;
  runAttempt: string;
  runnerEnvironment?: string;
  runnerOs?: string;
  runnerArch?: string;
  repositoryId?: string;
  repositoryOwnerId?: string;
  /** Inputs resolved by the build beyond the source: base images by digest, toolchains. */
  resolvedDependencies?: ResourceDescriptor[];
  startedOn?: Date;
  finishedOn?: Date;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads GITHUB_* (also set by Gitea/Forgejo runners) and GITEA_* variables; every missing one is named. */
export function contextFromEnv(env: Env, extra: Pick<BuildContext, "resolvedDependencies" | "startedOn" | "finishedOn"> = {}): BuildContext {
  const get = (name: string) => env[name] ?? env[name.replace(/^GITHUB_/, "GITEA_")];
  const required = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_REF", "GITHUB_SHA", "GITHUB_RUN_ID"];
  const missing = required.filter((n) => !get(n));
  const workflowRefVar = get("GITHUB_WORKFLOW_REF"); // owner/repo/.github/workflows/x.yml@refs/heads/main
  if (!workflowRefVar && !get("GITHUB_WORKFLOW")) missing.push("GITHUB_WORKFLOW_REF");
  if (missing.length > 0) {
    throw new SigningError(`provenance: the runner context lacks ${missing.join(", ")}`, {
      code: "FORMAT",
      hint: "attest-provenance runs inside a GitHub/Gitea/Forgejo workflow; outside one, pass the build context explicitly",
    });
  }
  const repository = get("GITHUB_REPOSITORY") ?? "";
  let workflowPath = get("GITHUB_WORKFLOW") ?? "";
  let workflowRef: string | undefined;
  if (workflowRefVar) {
    const at = workflowRefVar.lastIndexOf("@");
    const path = at >= 0 ? workflowRefVar.slice(0, at) : workflowRefVar;
    workflowPath = path.startsWith(`${repository}/`) ? path.slice(repository.length + 1) : path;
    workflowRef = at >= 0 ? workflowRefVar.slice(at + 1) : undefined;
  }
  const platform = env.GITEA_ACTIONS === "true" ? (env.FORGEJO_ACTIONS === "true" || env.FORGEJO_TOKEN ? "forgejo" : "gitea") : "github";
  return {
    platform,
    serverUrl: (get("GITHUB_SERVER_URL") ?? "").replace(/\/+$/, ""),
    repository,
    ref: get("GITHUB_REF") ?? "",
    sha: get("GITHUB_SHA") ?? "",
    workflowPath,
    ...(workflowRef ? { workflowRef } : {}),
    eventName: get("GITHUB_EVENT_NAME") ?? "unknown",
    runId: get("GITHUB_RUN_ID") ?? "",
    runAttempt: get("GITHUB_RUN_ATTEMPT") ?? "1",
    ...(env.RUNNER_ENVIRONMENT ? { runnerEnvironment: env.RUNNER_ENVIRONMENT } : {}),
    ...(env.RUNNER_OS ? { runnerOs: env.RUNNER_OS } : {}),
    ...(env.RUNNER_ARCH ? { runnerArch: env.RUNNER_ARCH } : {}),
    ...(get("GITHUB_REPOSITORY_ID") ? { repositoryId: get("GITHUB_REPOSITORY_ID") } : {}),
    ...(get("GITHUB_REPOSITORY_OWNER_ID") ? { repositoryOwnerId: get("GITHUB_REPOSITORY_OWNER_ID") } : {}),
    ...extra,
  };
}

/** The predicate object; serialize it through buildStatement (sorted keys). */
export function slsaProvenancePredicate(ctx: BuildContext): Record<string, unknown> {
  const repoUrl = `${ctx.serverUrl}/${ctx.repository}`;
  const workflowRef = ctx.workflowRef ?? ctx.ref;
  const deps: ResourceDescriptor[] = [
    { uri: `git+${repoUrl}@${ctx.ref}`, digest: { gitCommit: ctx.sha } },
    ...[...(ctx.resolvedDependencies ?? [])].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)),
  ];
  const internal: Record<string, string> = { event_name: ctx.eventName, platform: ctx.platform };
  if (ctx.repositoryId) internal.repository_id = ctx.repositoryId;
  if (ctx.repositoryOwnerId) internal.repository_owner_id = ctx.repositoryOwnerId;
  if (ctx.runnerEnvironment) internal.runner_environment = ctx.runnerEnvironment;
  if (ctx.runnerOs) internal.runner_os = ctx.runnerOs;
  if (ctx.runnerArch) internal.runner_arch = ctx.runnerArch;
  const metadata: Record<string, string> = { invocationId: `${repoUrl}/actions/runs/${ctx.runId}/attempts/${ctx.runAttempt}` };
  if (ctx.startedOn) metadata.startedOn = isoSeconds(ctx.startedOn);
  if (ctx.finishedOn) metadata.finishedOn = isoSeconds(ctx.finishedOn);
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: { workflow: { ref: workflowRef, repository: repoUrl, path: ctx.workflowPath } },
      internalParameters: { github: internal },
      resolvedDependencies: deps,
    },
    runDetails: {
      builder: { id: `${repoUrl}/${ctx.workflowPath}@${workflowRef}` },
      metadata,
    },
  };
}
