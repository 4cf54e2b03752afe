/**
 * A Compose profile as plain values for the lock file: `-f` files merged in order,
 * `extends` resolved per file, merge keys applied, variables left as written (the lock
 * keeps `${DATABASE_URL}`), and the project `.env` for matching images to the manifest.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { errorMessage } from "@stella/core";
import { parseEnvFile, type EnvValue } from "@stella/profiles";
import { DeployError } from "./errors.js";

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Compose merge of overlays: maps merge key by key, everything else is replaced. */
function merge(base: Json, over: Json): Json {
  if (isRecord(base) && isRecord(over)) {
    const out: Record<string, Json> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k] ?? null, v) : v;
    return out;
  }
  return over;
}

async function readCompose(file: string): Promise<Record<string, Json>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new DeployError(`cannot read Compose profile ${file}: ${errorMessage(e)}`, { code: "LOCK_INPUT", hint: "pass --compose FILE (repeat for overlays)" });
  }
  let root: Json = {};
  const docs = parseAllDocuments(text, { merge: true });
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) throw new DeployError(`${file}: ${doc.errors[0]?.message ?? "invalid YAML"}`, { code: "LOCK_INPUT" });
    root = merge(root, doc.toJS({ maxAliasCount: -1 }) as Json);
  }
  return isRecord(root) ? root : {};
}

/** Compose `extends` (same file or `file:`), resolved per file: the base first, the service on top. */
async function resolveExtends(file: string, services: Record<string, Json>, depth = 0): Promise<Record<string, Json>> {
  const out: Record<string, Json> = {};
  for (const [name, svc] of Object.entries(services)) {
    if (!isRecord(svc) || svc.extends === undefined) {
      out[name] = svc;
      continue;
    }
    const ext = svc.extends;
    const base = typeof ext === "string" ? ext : isRecord(ext) && typeof ext.service === "string" ? ext.service : undefined;
    const other = isRecord(ext) && typeof ext.file === "string" ? join(dirname(file), ext.file) : file;
    if (base === undefined || depth > 16) throw new DeployError(`${file}: services.${name}.extends cannot be resolved`, { code: "LOCK_INPUT", hint: "extends needs a service name and must not form a cycle" });
    const pool = other === file ? services : ((await readCompose(other)).services ?? {});
    if (!isRecord(pool) || !isRecord(pool[base])) throw new DeployError(`${file}: services.${name} extends "${base}", which is not a service of ${other}`, { code: "LOCK_INPUT" });
    const resolved = (await resolveExtends(other, { [base]: pool[base] ?? null }, depth + 1))[base] ?? {};
    const { extends: _e, ...own } = svc;
    void _e;
    out[name] = merge(resolved, own);
  }
  return out;
}

export async function loadProfile(files: string[]): Promise<{ root: Record<string, Json>; env: Map<string, EnvValue> }> {
  let root: Json = {};
  for (const file of files) {
    const one = await readCompose(file);
    if (isRecord(one.services)) one.services = await resolveExtends(file, one.services);
    root = merge(root, one);
  }
  const first = files[0];
  const env = new Map<string, EnvValue>();
  if (first !== undefined) {
    const dotenv = join(dirname(first), ".env");
    const text = await readFile(dotenv, "utf8").catch(() => undefined);
    if (text !== undefined) for (const [k, v] of parseEnvFile(dotenv, text)) env.set(k, v);
  }
  return { root: isRecord(root) ? root : {}, env };
}
