/**
 * validate-profiles without Docker or Helm (deployment-profiles.md "Workflow": the bundles
 * must lint and template cleanly): Compose files against the official Compose
 * Specification JSON schema, rendered manifests against the Kubernetes API schemas of
 * `kubernetes-models`. Every problem is reported with file:line:col.
 */
import { parseAllDocuments, type Document } from "yaml";
import type { Finding } from "./findings.js";
import { composeSpec } from "./generated/validators.js";
import { interpolate, type Environment } from "./interpolate.js";
import { kubernetesModel } from "./kubernetes-models.js";
import { positionOf, type SourceFile } from "./yaml-tree.js";

interface SchemaError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The position of the deepest node of `path` that exists in the source (merge keys may hide the rest). */
function positionAt(file: SourceFile, doc: Document.Parsed, path: (string | number)[]): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return positionOf(file, node.range[0]);
  }
  return { line: 1, column: 1 };
}

/** The offending node: for an unknown property, the property itself rather than its parent. */
function errorPath(e: SchemaError): (string | number)[] {
  const path = pathOf(e.instancePath);
  const extra = e.params?.additionalProperty;
  return typeof extra === "string" ? [...path, extra] : path;
}

function describe(e: SchemaError): string {
  const where = e.instancePath === "" ? "(root)" : e.instancePath.slice(1).replace(/\//g, ".");
  const extra = e.params && "additionalProperty" in e.params ? ` "${String(e.params.additionalProperty)}"` : e.params && "allowedValues" in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
  return `${where} ${e.message ?? "is invalid"}${extra}`;
}

/** Compose validates after interpolation (`"${PORT}:80"` is checked as the port it becomes). */
function interpolated(value: unknown, env: Environment): unknown {
  if (typeof value === "string") return interpolate(value, env).value;
  if (Array.isArray(value)) return value.map((v) => interpolated(v, env));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolated(v, env)]));
  return value;
}

export function validateCompose(file: SourceFile, env: Environment = new Map()): Finding[] {
  const findings: Finding[] = [];
  // Validate with merge keys applied, as Compose reads the file.
  const merged = parseAllDocuments(file.text, { merge: true });
  const docs = Array.isArray(merged) ? merged : [];
  docs.forEach((doc, i) => {
    // The Compose Specification schema, compiled at build time (scripts/gen-validators.mjs).
    const validate = composeSpec;
    if (validate(interpolated(doc.toJS({ maxAliasCount: -1 }), env))) return;
    const source = file.docs[i] ?? doc;
    for (const e of validate.errors ?? []) {
      findings.push({ rule: "schema", severity: "error", file: file.path, ...positionAt(file, source, errorPath(e)), message: `Compose Specification: ${describe(e)}` });
    }
  });
  return dedupe(findings);
}

export function validateKubernetes(file: SourceFile): Finding[] {
  const findings: Finding[] = [];
  for (const doc of file.docs) {
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (value === null || typeof value !== "object") continue;
    const obj = value as Record<string, unknown>;
    const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
    const kind = typeof obj.kind === "string" ? obj.kind : "";
    const model = kubernetesModel(apiVersion, kind);
    if (!model) {
      findings.push({ rule: "schema", severity: "warning", file: file.path, ...positionAt(file, doc, ["kind"]), message: `no Kubernetes schema for ${apiVersion} ${kind}; not validated` });
      continue;
    }
    for (const e of model(obj)) {
      findings.push({ rule: "schema", severity: "error", file: file.path, ...positionAt(file, doc, errorPath(e)), message: `Kubernetes ${apiVersion} ${kind}: ${describe(e)}` });
    }
  }
  return dedupe(findings);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.line}:${f.column}:${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
