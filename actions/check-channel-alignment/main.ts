import * as core from "@actions/core";
import { relative } from "node:path";
import { alignProfiles, expandProfiles, summaryTable } from "@stella/profiles";
import { actionLogger, runAction } from "../_shared/run.js";
import { alignmentInputs } from "./inputs.js";

await runAction(async () => {
  const inputs = alignmentInputs((name) => core.getInput(name));
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const report = await alignProfiles({ ...inputs, cwd, profiles: await expandProfiles(inputs.profiles, cwd), logger: actionLogger(), ...(inputs.sarifPath ? { sarifPath: inputs.sarifPath } : {}) });
  for (const f of report.findings) {
    const props = { file: relative(cwd, f.file), startLine: f.line, startColumn: f.column, title: `check-channel-alignment/${f.rule}` };
    if (f.severity === "error") core.error(f.message, props);
    else core.warning(f.message, props);
  }
  core.setOutput("findings", String(report.findings.length));
  core.setOutput("sarif", report.sarifPath ?? "");
  core.setOutput("files-changed", report.filesChanged.map((f) => relative(cwd, f)).join("\n"));
  await core.summary.addRaw(summaryTable(report.findings, cwd, `Channel alignment: ${report.release} (${report.channel}), ${report.imagesChecked} image references`)).write();
  const errors = report.findings.filter((f) => f.severity === "error").length;
  if (errors > 0) core.setFailed(`${errors} finding(s): profiles are not aligned with ${inputs.manifestPath} (channel ${inputs.channel})`);
});
