#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  alignProfiles,
  expandProfiles,
  formatFindings,
  parseMirrors
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

// packages/cli/src/commands/align.ts
var usage = `usage: stella align --manifest release.json --channel CHANNEL PATHS\u2026 [--fix] [--sarif FILE]
                    [--mirror FROM=TO]\u2026 [--env-file FILE]\u2026 [--json]

Checks that Compose files, Helm values and rendered Kubernetes manifests reference exactly the
images of the channel's release manifest, each by its digest (deployment-profiles.md,
architecture-devops.md \xA73.1 pull by digest only). PATHS are files or globs; "a.yml+b.yml" is one
Compose project with overlays (docker compose -f a.yml -f b.yml); .env beside the first file is read.
  --fix          rewrite digests in place (comments and formatting kept), then check again
  --sarif FILE   write findings as SARIF 2.1.0 for code scanning
  --mirror F=T   accept images under prefix T for manifest images under prefix F
Exit 0 when aligned, 1 on findings.`;
var command = {
  name: "align",
  summary: "check (and --fix) profiles against a channel's release manifest",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(
      ctx.argv,
      {
        manifest: { type: "string" },
        channel: { type: "string" },
        fix: { type: "boolean", default: false },
        sarif: { type: "string" },
        mirror: { type: "string", multiple: true, default: [] },
        "env-file": { type: "string", multiple: true, default: [] },
        json: { type: "boolean", default: false }
      },
      usage
    );
    if (!values.manifest) throw new UsageError("--manifest is required", usage);
    if (!values.channel) throw new UsageError("--channel is required", usage);
    if (positionals.length === 0) throw new UsageError("give at least one profile path or glob", usage);
    const report = await alignProfiles({
      manifestPath: values.manifest,
      channel: values.channel,
      profiles: await expandProfiles(positionals, ctx.cwd),
      cwd: ctx.cwd,
      mirrors: parseMirrors(values.mirror),
      envFiles: values["env-file"],
      fix: values.fix,
      toolVersion: "0.1.0",
      logger: ctx.logger,
      ...values.sarif === void 0 ? {} : { sarifPath: values.sarif }
    });
    for (const s of report.skipped) ctx.logger.warn(`${s.file}:${s.line}:${s.column}: cannot fix ${s.path}: ${s.reason}`);
    if (values.json) {
      ctx.stdout(JSON.stringify({ release: report.release, channel: report.channel, imagesChecked: report.imagesChecked, filesChanged: report.filesChanged, findings: report.findings }, null, 2));
    } else {
      if (report.findings.length > 0) ctx.stdout(formatFindings(report.findings, ctx.cwd));
      const fixed = report.fixedFindings ? `, fixed ${report.fixedFindings.length - report.findings.length} in ${report.filesChanged.length} file(s)` : "";
      ctx.logger.info(`${report.release} (${report.channel}): ${report.imagesChecked} image reference(s) in ${report.filesChecked} file(s), ${report.findings.length} finding(s)${fixed}`);
    }
    return report.findings.some((f) => f.severity === "error") ? 1 : 0;
  }
};
var align_default = command;
export {
  align_default as default
};
