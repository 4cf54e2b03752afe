/**
 * Retention by environment (artifact-generation.md "Retention": Development 30 days,
 * Staging 90 days, Production 7 years for compliance). `planPrune` lists every stored
 * deployment with what happens to it and why; `prune` removes the expired ones.
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage } from "@stella/core";
import { MANIFEST_FILE, parseArtifactManifest } from "./store.js";

export type RetentionClass = "development" | "staging" | "production";

export const RETENTION: Readonly<Record<RetentionClass, { days?: number; years?: number; label: string }>> = {
  development: { days: 30, label: "30 days" },
  staging: { days: 90, label: "90 days" },
  production: { years: 7, label: "7 years" },
};

export function retentionClassOf(environment: string): RetentionClass | undefined {
  const e = environment.toLowerCase();
  if (/^(dev|development|test|testing|qa|sandbox|local)\b/.test(e)) return "development";
  if (/^(stag|stage|staging|preprod|pre-prod|uat)\b/.test(e)) return "staging";
  if (/^(prod|production|live)\b/.test(e)) return "production";
  return undefined;
}

export function expiryOf(createdAt: Date, cls: RetentionClass): Date {
  const r = RETENTION[cls];
  const d = new Date(createdAt.getTime());
  if (r.years !== undefined) d.setUTCFullYear(d.getUTCFullYear() + r.years);
  if (r.days !== undefined) d.setUTCDate(d.getUTCDate() + r.days);
  return d;
}

export interface PruneEntry {
  tenant: string;
  deploymentId: string;
  path: string;
  environment: string | undefined;
  createdAt: string | undefined;
  expiresAt: string | undefined;
  action: "remove" | "keep";
  reason: string;
}

export async function planPrune(root: string, now: Date): Promise<PruneEntry[]> {
  const out: PruneEntry[] = [];
  const tenants = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const tenant of tenants) {
    const deployments = (await readdir(join(root, tenant), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    for (const deploymentId of deployments) {
      const path = join(root, tenant, deploymentId);
      const base = { tenant, deploymentId, path, environment: undefined, createdAt: undefined, expiresAt: undefined };
      let text: string;
      try {
        text = await readFile(join(path, MANIFEST_FILE), "utf8");
      } catch (e) {
        out.push({ ...base, action: "keep", reason: `no readable ${MANIFEST_FILE} (${errorMessage(e)}); kept for inspection` });
        continue;
      }
      let m;
      try {
        m = parseArtifactManifest(text, join(path, MANIFEST_FILE));
      } catch (e) {
        out.push({ ...base, action: "keep", reason: `${errorMessage(e)}; kept for inspection` });
        continue;
      }
      const created = new Date(m.createdAt);
      const environment = typeof m.environment === "string" ? m.environment : undefined;
      const cls = environment === undefined ? undefined : retentionClassOf(environment);
      if (!cls || Number.isNaN(created.getTime())) {
        out.push({ ...base, environment, createdAt: m.createdAt, action: "keep", reason: `environment "${environment ?? "(none)"}" has no retention class (development/staging/production); kept` });
        continue;
      }
      const expires = expiryOf(created, cls);
      const expired = expires.getTime() <= now.getTime();
      out.push({
        ...base,
        environment,
        createdAt: m.createdAt,
        expiresAt: expires.toISOString().replace(/\.\d{3}Z$/, "Z"),
        action: expired ? "remove" : "keep",
        reason: `${cls} retention ${RETENTION[cls].label}: ${expired ? "expired" : "retained until"} ${expires.toISOString().slice(0, 10)}`,
      });
    }
  }
  return out;
}

/** Removes the expired deployments (unless dryRun); returns the whole plan. */
export async function prune(root: string, now: Date, dryRun: boolean): Promise<PruneEntry[]> {
  const plan = await planPrune(root, now);
  if (!dryRun) for (const e of plan) if (e.action === "remove") await rm(e.path, { recursive: true, force: true });
  return plan;
}
