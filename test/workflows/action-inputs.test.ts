import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../helpers/run-action.js";
import { loadJobs, workflowFiles } from "./workflow-files.js";

interface ActionInput {
  required?: boolean;
  default?: unknown;
}

function actionInputs(name: string): Record<string, ActionInput> | undefined {
  const file = join(repoRoot, "actions", name, "action.yml");
  if (!existsSync(file)) return undefined;
  const doc = parse(readFileSync(file, "utf8")) as { inputs?: Record<string, ActionInput> };
  return doc.inputs ?? {};
}

/** `stella/actions/<name>@v`, `stella/<name>@v` or `./actions/<name>` to <name>. */
function ourAction(uses: string): string | undefined {
  return /^(?:stella\/actions\/|stella\/|\.\/actions\/)([a-z0-9-]+)(?:@|$)/.exec(uses)?.[1];
}

describe("workflows call our actions with the inputs their action.yml declares", () => {
  const calls = workflowFiles().flatMap((rel) =>
    Object.entries(loadJobs(rel)).flatMap(([job, j]) =>
      (j.steps ?? []).flatMap((s) => {
        const name = s.uses ? ourAction(s.uses) : undefined;
        return name && !s.uses?.includes("/.github/") && !s.uses?.includes("/.gitea/") ? [{ where: `${rel} job ${job} step ${s.name ?? s.id ?? s.uses}`, name, with: Object.keys(s.with ?? {}) }] : [];
      }),
    ),
  );

  it("finds the calls", () => {
    expect(calls.length).toBeGreaterThan(5);
  });

  it.each(calls.map((c) => [c.where, c] as const))("%s", (_where, call) => {
    const inputs = actionInputs(call.name);
    expect(inputs, `actions/${call.name}/action.yml does not exist`).toBeDefined();
    const declared = Object.keys(inputs ?? {});
    expect(call.with.filter((k) => !declared.includes(k)), `inputs not declared by actions/${call.name}/action.yml`).toEqual([]);
    const required = Object.entries(inputs ?? {})
      .filter(([, v]) => v.required === true && v.default === undefined)
      .map(([k]) => k);
    expect(required.filter((k) => !call.with.includes(k)), `required inputs of actions/${call.name} not passed`).toEqual([]);
  });
});

describe("callers of our reusable workflows pass only declared inputs and every required one", () => {
  interface CallInput {
    required?: boolean;
    default?: unknown;
  }
  const reusableInputs = (file: string): Record<string, CallInput> | undefined => {
    const path = file.startsWith("./") ? join(repoRoot, file) : join(repoRoot, "workflows", file);
    if (!existsSync(path)) return undefined;
    const doc = parse(readFileSync(path, "utf8")) as { on?: { workflow_call?: { inputs?: Record<string, CallInput> } } };
    return doc.on?.workflow_call?.inputs ?? {};
  };
  const calls = workflowFiles().flatMap((rel) =>
    Object.entries(loadJobs(rel)).flatMap(([job, j]) => {
      const m = j.uses ? /^stella\/actions\/\.(?:github|gitea)\/workflows\/([a-z0-9-]+\.yml)/.exec(j.uses) : null;
      const local = j.uses?.startsWith("./.github/workflows/") ? j.uses : undefined;
      const file = m?.[1] ?? local;
      return file ? [{ where: `${rel} job ${job} (${j.uses})`, file, with: Object.keys(j.with ?? {}) }] : [];
    }),
  );

  it("finds the calls (starter workflows and the wrappers)", () => {
    expect(calls.length).toBeGreaterThan(6);
  });

  it.each(calls.map((c) => [c.where, c] as const))("%s", (_where, call) => {
    const inputs = reusableInputs(call.file);
    expect(inputs, `workflows/${call.file} does not exist`).toBeDefined();
    expect(call.with.filter((k) => !(k in (inputs ?? {})))).toEqual([]);
    const required = Object.entries(inputs ?? {})
      .filter(([, v]) => v.required === true && v.default === undefined)
      .map(([k]) => k);
    expect(required.filter((k) => !call.with.includes(k))).toEqual([]);
  });
});
