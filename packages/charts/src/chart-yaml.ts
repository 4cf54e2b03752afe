import { parseDocument } from "yaml";
import { ChartError } from "./errors.js";

/** The Chart.yaml fields we rely on (Helm chart API v2, and v1 charts that still package). */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  appVersion?: string;
  [key: string]: unknown;
}

const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Parses Chart.yaml text, optionally setting version/appVersion (the release's), and returns
 * the new text with comments and order kept, and the metadata. Every problem is reported.
 */
export function readChartYaml(text: string, file: string, set: { version?: string; appVersion?: string } = {}): { text: string; metadata: ChartMetadata } {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ChartError(`${file}: not valid YAML: ${doc.errors[0]?.message ?? ""}`, { code: "CHART_INVALID" });
  if (set.version !== undefined) doc.set("version", set.version);
  if (set.appVersion !== undefined) doc.set("appVersion", set.appVersion);
  const data: unknown = doc.toJS();
  const problems: string[] = [];
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new ChartError(`${file}: must be a YAML mapping`, { code: "CHART_INVALID" });
  const m = data as Record<string, unknown>;
  if (m.apiVersion !== "v2" && m.apiVersion !== "v1") problems.push(`apiVersion must be v2 (or v1), got ${JSON.stringify(m.apiVersion)}`);
  if (typeof m.name !== "string" || !NAME.test(m.name)) problems.push(`name must be lower-case letters, digits and dashes, got ${JSON.stringify(m.name)}`);
  if (typeof m.version !== "string" || !SEMVER.test(m.version)) problems.push(`version must be SemVer 2 (e.g. 2.4.1), got ${JSON.stringify(m.version)}`);
  if (m.appVersion !== undefined && typeof m.appVersion !== "string" && typeof m.appVersion !== "number") problems.push(`appVersion must be a string`);
  if (problems.length) throw new ChartError(`${file}: ${problems.join("; ")}`, { code: "CHART_INVALID", hint: "see https://helm.sh/docs/topics/charts/#the-chartyaml-file" });
  const out = set.version === undefined && set.appVersion === undefined ? text : doc.toString();
  return { text: out, metadata: { ...m, apiVersion: m.apiVersion as string, name: m.name as string, version: m.version as string, ...(typeof m.appVersion === "string" || typeof m.appVersion === "number" ? { appVersion: String(m.appVersion) } : {}) } };
}
