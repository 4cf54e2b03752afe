import { readFile } from "node:fs/promises";
import semver from "semver";
import { errorMessage } from "@stella/core";
import { ReleaseError } from "./errors.js";
import type { ServiceRelease } from "./model.js";
import defaultRules from "./skew-rules.json" with { type: "json" };

/**
 * Component version skew (architecture-devops.md §1.3): mixed minor versions are allowed
 * within a bounded skew. The rules are data (`skew-rules.json`), replaceable by the user.
 */
export type SkewRule =
  | { id: string; description?: string; kind: "pair"; a: string[]; b: string[]; maxMinorSkew: number }
  | { id: string; description?: string; kind: "group"; members: string[]; maxMinorSkew: number };

export interface SkewRules {
  rules: SkewRule[];
}

export interface SkewFinding {
  rule: string;
  services: [string, string];
  versions: [string, string];
  /** Distance between the minors (Infinity when the majors differ). */
  skew: number;
  allowed: number;
  ok: boolean;
  message: string;
}

export interface SkewReport {
  findings: SkewFinding[];
  violations: SkewFinding[];
  /** Services a rule names but whose version is missing or not semver, so skew is unknown. */
  unknown: { service: string; version: string | undefined }[];
}

/** The rules shipped with the suite (§1.3), parsed. */
export function defaultSkewRules(): SkewRules {
  return parseSkewRules(defaultRules, "skew-rules.json (built in)");
}

/** Validates a rules document, collecting every problem. */
export function parseSkewRules(value: unknown, source: string): SkewRules {
  const problems: string[] = [];
  const rules: SkewRule[] = [];
  const list = isRecord(value) ? value.rules : undefined;
  if (!Array.isArray(list)) {
    throw new ReleaseError(`${source}: expected { "rules": [ ... ] }`, { code: "SKEW_RULES", hint: "see packages/release/src/skew-rules.json for the format" });
  }
  list.forEach((r: unknown, i) => {
    const at = `${source}#/rules/${i}`;
    if (!isRecord(r)) return problems.push(`${at}: expected an object`);
    const id = typeof r.id === "string" && r.id !== "" ? r.id : undefined;
    if (!id) problems.push(`${at}/id: expected a non-empty string`);
    const max = r.maxMinorSkew;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 0) problems.push(`${at}/maxMinorSkew: expected an integer >= 0, got ${JSON.stringify(max)}`);
    const description = typeof r.description === "string" ? r.description : undefined;
    const base = { id: id ?? "", maxMinorSkew: typeof max === "number" ? max : 0, ...(description === undefined ? {} : { description }) };
    if (r.kind === "pair") {
      const a = stringList(r.a, `${at}/a`, problems);
      const b = stringList(r.b, `${at}/b`, problems);
      rules.push({ ...base, kind: "pair", a, b });
    } else if (r.kind === "group") {
      rules.push({ ...base, kind: "group", members: stringList(r.members, `${at}/members`, problems) });
    } else problems.push(`${at}/kind: expected "pair" or "group", got ${JSON.stringify(r.kind)}`);
    return undefined;
  });
  if (problems.length > 0) {
    throw new ReleaseError(`${source}: ${problems.length} problem(s) in skew rules\n${problems.map((p) => `  - ${p}`).join("\n")}`, { code: "SKEW_RULES", hint: "see packages/release/src/skew-rules.json for the format" });
  }
  return { rules };
}

/** Reads a user's rules file (JSON). */
export async function loadSkewRules(path: string): Promise<SkewRules> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (e) {
    throw new ReleaseError(`cannot read skew rules ${path}: ${errorMessage(e)}`, { code: "SKEW_RULES", cause: e, hint: "pass a JSON file shaped like packages/release/src/skew-rules.json" });
  }
  return parseSkewRules(value, path);
}

/** Checks every rule against the services' versions. Pure. */
export function checkSkew(services: readonly Pick<ServiceRelease, "service_id" | "version">[], rules: SkewRules = defaultSkewRules()): SkewReport {
  const findings: SkewFinding[] = [];
  const unknown = new Map<string, string | undefined>();
  const known = services.filter((s) => {
    const ok = s.version !== undefined && semver.valid(s.version) !== null;
    return ok;
  });
  const matching = (patterns: readonly string[]) => known.filter((s) => patterns.some((p) => globMatch(p, s.service_id)));
  for (const s of services) {
    if (known.includes(s)) continue;
    if (rules.rules.some((r) => (r.kind === "pair" ? [...r.a, ...r.b] : r.members).some((p) => globMatch(p, s.service_id)))) unknown.set(s.service_id, s.version);
  }
  for (const rule of rules.rules) {
    const pairs: [typeof known[number], typeof known[number]][] = [];
    if (rule.kind === "pair") {
      const a = matching(rule.a);
      const b = matching(rule.b).filter((s) => !a.includes(s));
      for (const x of a) for (const y of b) pairs.push([x, y]);
    } else {
      const m = matching(rule.members);
      for (let i = 0; i < m.length; i++) for (let j = i + 1; j < m.length; j++) pairs.push([m[i], m[j]]);
    }
    for (const [x, y] of pairs) findings.push(finding(rule, x, y));
  }
  return { findings, violations: findings.filter((f) => !f.ok), unknown: [...unknown].map(([service, version]) => ({ service, version })) };
}

function finding(rule: SkewRule, x: Pick<ServiceRelease, "service_id" | "version">, y: Pick<ServiceRelease, "service_id" | "version">): SkewFinding {
  const vx = semver.parse(x.version ?? "");
  const vy = semver.parse(y.version ?? "");
  const sameMajor = vx !== null && vy !== null && vx.major === vy.major;
  const skew = sameMajor ? Math.abs(vx.minor - vy.minor) : Number.POSITIVE_INFINITY;
  const ok = skew <= rule.maxMinorSkew;
  const limit = rule.maxMinorSkew === 0 ? "the same minor" : `±${rule.maxMinorSkew} minor`;
  const what = `${x.service_id} ${x.version ?? "?"} vs ${y.service_id} ${y.version ?? "?"}`;
  const message = ok
    ? `${rule.id}: ${what} within ${limit}`
    : sameMajor
      ? `${rule.id}: ${what} are ${skew} minors apart, allowed ${limit} (§1.3 ${rule.description ?? ""})`.trim()
      : `${rule.id}: ${what} differ in MAJOR; services of one bundle must share the major (§1.3, §11)`;
  return { rule: rule.id, services: [x.service_id, y.service_id], versions: [x.version ?? "", y.version ?? ""], skew, allowed: rule.maxMinorSkew, ok, message };
}

/** `*` matches any run of characters; everything else is literal. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(value);
}

function stringList(v: unknown, at: string, problems: string[]): string[] {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")) return v.filter((x): x is string => typeof x === "string");
  problems.push(`${at}: expected a non-empty list of service id patterns`);
  return [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
