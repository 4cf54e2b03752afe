import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../helpers/run-action.js";

export const WORKFLOW_DIRS = ["workflows", ".github/workflows", ".gitea/workflows", "action-templates"];

export function workflowFiles(): string[] {
  return WORKFLOW_DIRS.flatMap((d) => {
    const dir = join(repoRoot, d);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith(".yml"))
      .sort()
      .map((f) => `${d}/${f}`);
  });
}

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
export interface Job {
  steps?: Step[];
  uses?: string;
  with?: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function loadJobs(rel: string): Record<string, Job> {
  const doc: unknown = parse(readFileSync(join(repoRoot, rel), "utf8"));
  if (!isRecord(doc) || !isRecord(doc.jobs)) throw new Error(`${rel}: no jobs`);
  return doc.jobs as Record<string, Job>;
}

export function findStep(rel: string, job: string, id: string): Step {
  const step = loadJobs(rel)[job]?.steps?.find((s) => s.id === id);
  if (!step) throw new Error(`${rel}: job ${job} has no step ${id}`);
  return step;
}
