/**
 * validate-profiles: every Compose file against the Compose Specification, every rendered
 * manifest against the Kubernetes API schemas; Helm values are rendered with
 * `helm template` for their chart (the directory holding Chart.yaml) only when a helm
 * binary is given (found on PATH by the entry point), then validated as manifests.
 */
import { execFile } from "node:child_process";
import { access, readFile } from "node:fs/promises";
import { constants } from "node:fs";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { compareFindings, type Finding } from "./findings.js";
import { parseEnvFile } from "./env-file.js";
import { detectKind } from "./extract.js";
import { validateCompose, validateKubernetes } from "./validate.js";
import { parseSourceFile } from "./yaml-tree.js";

export interface ValidateOptions {
  profiles: string[];
  cwd?: string;
  /** Path of a `helm` binary; without it values files are listed as not rendered. */
  helm?: string;
}

export interface ValidateReport {
  findings: Finding[];
  validated: { file: string; kind: string; rendered?: boolean }[];
  notes: string[];
}

/** The first executable `name` on a PATH string, for the entry point to pass as `helm`. */
export async function findOnPath(name: string, pathEnv: string | undefined): Promise<string | undefined> {
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function chartDirOf(values: string): Promise<string | undefined> {
  for (let dir = dirname(values), i = 0; i < 3; i++, dir = dirname(dir)) {
    try {
      await access(join(dir, "Chart.yaml"));
      return dir;
    } catch {
      // keep looking upwards
    }
  }
  return undefined;
}

export async function validateProfiles(options: ValidateOptions): Promise<ValidateReport> {
  const cwd = options.cwd ?? process.cwd();
  const report: ValidateReport = { findings: [], validated: [], notes: [] };
  const paths = options.profiles.flatMap((p) => p.split("+")).map((p) => resolve(cwd, p));
  for (const path of [...new Set(paths)]) {
    const file = parseSourceFile(path, await readFile(path, "utf8"));
    const kind = detectKind(file);
    if (kind === "compose") {
      const dotenv = join(dirname(path), ".env");
      const envText = await readFile(dotenv, "utf8").catch(() => undefined);
      report.findings.push(...validateCompose(file, envText === undefined ? new Map() : parseEnvFile(dotenv, envText)));
      report.validated.push({ file: path, kind });
    } else if (kind === "kubernetes") {
      report.findings.push(...validateKubernetes(file));
      report.validated.push({ file: path, kind });
    } else {
      const chart = await chartDirOf(path);
      if (!options.helm || !chart) {
        report.notes.push(`${path}: Helm values ${chart ? "not rendered (no helm on PATH)" : "not rendered (no Chart.yaml above it)"}; image references are still checked by align`);
        report.validated.push({ file: path, kind, rendered: false });
        continue;
      }
      const { stdout } = await promisify(execFile)(options.helm, ["template", "stella", chart, "-f", path], { maxBuffer: 64 << 20 });
      const rendered = parseSourceFile(`${path} (helm template ${basename(chart)})`, stdout);
      report.findings.push(...validateKubernetes(rendered));
      report.validated.push({ file: path, kind, rendered: true });
    }
  }
  report.findings.sort(compareFindings);
  return report;
}
