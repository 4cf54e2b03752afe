import * as core from "@actions/core";
import { DefaultArtifactClient } from "@actions/artifact";
import { formatDiff, generateSboms, isEmptyDiff, markdownSummary, SbomError } from "@stella/sbom";
import { actionLogger, runsWithNodeFlags, maskSecrets, runAction } from "../_shared/run.js";
import { readInputs } from "./inputs.js";

if (await runsWithNodeFlags()) await runAction(async () => {
  const inputs = readInputs((n) => core.getInput(n), process.env);
  maskSecrets(inputs.credentials?.password);
  const logger = actionLogger();
  const env = process.env;
  const registry = { logger, ...(inputs.credentials ? { credentials: inputs.credentials } : {}), ...(env.REGISTRY_AUTH_FILE ? { authFile: env.REGISTRY_AUTH_FILE } : {}), ...(env.DOCKER_CONFIG ? { dockerConfigDir: env.DOCKER_CONFIG } : {}) };
  const result = await generateSboms({ ...inputs.generate, logger, openOptions: { registry } });
  const all = result.images.flatMap((img) => img.sboms.map((s) => ({ image: img.digest, platform: img.platform ?? null, format: s.format, path: s.path ?? null, digest: s.digest, referrer: s.referrer?.digest ?? null })));
  const first = result.images[0];
  core.setOutput("image-digest", first?.digest ?? "");
  core.setOutput("component-count", String(result.images.reduce((n, i) => n + i.inventory.components.length, 0)));
  for (const s of first?.sboms ?? []) {
    core.setOutput(`${s.format}-path`, s.path ?? "");
    core.setOutput(`${s.format}-digest`, s.digest);
  }
  core.setOutput("referrers", JSON.stringify(Object.fromEntries((first?.sboms ?? []).filter((s) => s.referrer).map((s) => [s.format, s.referrer?.digest]))));
  core.setOutput("sboms", JSON.stringify(all));
  const table = ["| format | file | digest | referrer |", "| --- | --- | --- | --- |", ...all.map((s) => `| ${s.format} | \`${s.path ?? ""}\` | \`${s.digest.slice(0, 19)}…\` | ${s.referrer ? `\`${s.referrer.slice(0, 19)}…\`` : "—"} |`)];
  await core.summary.addRaw(result.images.map((i) => markdownSummary(i.inventory)).join("\n") + "\n" + table.join("\n") + "\n").write();
  if (inputs.upload) {
    const files = all.map((s) => s.path).filter((p): p is string => p !== null);
    const { id } = await new DefaultArtifactClient().uploadArtifact(inputs.artifactName, files, inputs.generate.outputDir ?? ".");
    core.info(`uploaded ${files.length} SBOM file(s) as artifact "${inputs.artifactName}" (id ${String(id)})`);
  }
  const drifted = result.images.filter((i) => i.drift && !isEmptyDiff(i.drift));
  if (drifted.length) {
    throw new SbomError(`SBOM drift against ${inputs.generate.compareTo ?? ""}:\n${drifted.map((i) => `${i.digest}:\n${formatDiff(i.drift ?? { added: [], removed: [], changed: [] })}`).join("\n")}`, {
      code: "DRIFT",
      hint: "the rebuilt image's components differ from the baseline; review the list, then re-attach or update compare-to",
    });
  }
});
