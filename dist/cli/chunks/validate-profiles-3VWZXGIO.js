#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  expandProfiles,
  findOnPath,
  formatFindings,
  validateProfiles
} from "./chunk-IUELWYK5.js";
import "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import "./chunk-BBNKGYBP.js";
import "./chunk-GT7O54H4.js";

// packages/cli/src/commands/validate-profiles.ts
var usage = `usage: stella validate-profiles PATHS\u2026 [--no-helm]

Validates Compose files against the Compose Specification schema and rendered Kubernetes manifests
against the Kubernetes API schemas, without Docker or Helm. When helm is on PATH, Helm values files
inside a chart (Chart.yaml above them) are rendered with \`helm template\` and validated too.
Exit 0 when valid, 1 on errors.`;
var command = {
  name: "validate-profiles",
  summary: "validate Compose/Kubernetes profiles against their official schemas",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { "no-helm": { type: "boolean", default: false } }, usage);
    if (positionals.length === 0) throw new UsageError("give at least one profile path or glob", usage);
    const helm = values["no-helm"] ? void 0 : await findOnPath("helm", ctx.env.PATH);
    const report = await validateProfiles({ profiles: await expandProfiles(positionals, ctx.cwd), cwd: ctx.cwd, ...helm ? { helm } : {} });
    for (const n of report.notes) ctx.logger.info(n);
    if (report.findings.length > 0) ctx.stdout(formatFindings(report.findings, ctx.cwd));
    const errors = report.findings.filter((f) => f.severity === "error").length;
    ctx.logger.info(`${report.validated.length} file(s) validated, ${errors} error(s)`);
    return errors > 0 ? 1 : 0;
  }
};
var validate_profiles_default = command;
export {
  validate_profiles_default as default
};
