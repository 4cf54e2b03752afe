import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alignProfiles } from "@stella/profiles";
import { ChartError } from "./errors.js";

/**
 * A chart's values.yaml with every image pinned to the release manifest's digests: the
 * `--fix` of check-channel-alignment (deployment-profiles.md: mirror the digests into the
 * profiles) applied to the chart's values, comments and layout kept. Then checked: a value
 * that still does not align (an image the manifest lacks) is an error naming it.
 */
export async function stampValues(valuesYaml: string, manifestPath: string, channel: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stella-chart-values-"));
  try {
    const file = join(dir, "values.yaml");
    await writeFile(file, valuesYaml);
    await alignProfiles({ manifestPath, channel, profiles: [file], fix: true });
    const after = await alignProfiles({ manifestPath, channel, profiles: [file] });
    // A chart may carry only some of the release's services: a missing one is not a problem here.
    const problems = after.findings.filter((f) => f.rule !== "missing-service" && f.rule !== "channel-version");
    if (problems.length) {
      throw new ChartError(`values.yaml does not align with ${manifestPath} (${channel}) after stamping: ${problems.map((p) => p.message).join("; ")}`, { code: "CHART_INVALID", hint: "every image in values.yaml must be a service of the release manifest" });
    }
    return await readFile(file, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
