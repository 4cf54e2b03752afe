import { expandProfiles, findOnPath, formatFindings, validateProfiles } from "@stella/profiles";
import type { Command } from "../command.js";
import { parseCommandArgs, UsageError } from "../args.js";

const usage = `usage: stella validate-profiles PATHS… [--no-helm]

Validates Compose files against the Compose Specification schema and rendered Kubernetes manifests
against the Kubernetes API schemas, without Docker or Helm. When helm is on PATH, Helm values files
inside a chart (Chart.yaml above them) are rendered with \`helm template\` and validated too.
Exit 0 when valid, 1 on errors.`;

const command: Command = {
  name: "validate-profiles",
  summary: "validate Compose/Kubernetes profiles against their official schemas",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { "no-helm": { type: "boolean", default: false } }, usage);
    if (positionals.length === 0) throw new UsageError("give at least one profile path or glob", usage);
    const helm = values["no-helm"] ? undefined : await findOnPath("helm", ctx.env.PATH);
    const report = await validateProfiles({ profiles: await expandProfiles(positionals, ctx.cwd), cwd: ctx.cwd, ...(helm ? { helm } : {}) });
    for (const n of report.notes) ctx.logger.info(n);
    if (report.findings.length > 0) ctx.stdout(formatFindings(report.findings, ctx.cwd));
    const errors = report.findings.filter((f) => f.severity === "error").length;
    ctx.logger.info(`${report.validated.length} file(s) validated, ${errors} error(s)`);
    return errors > 0 ? 1 : 0;
  },
};
export default command;
