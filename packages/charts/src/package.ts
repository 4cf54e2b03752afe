import { readdir, readFile, lstat } from "node:fs/promises";
import { join } from "node:path";
import { writeTarball, type TarEntry } from "@stella/kit";
import { ChartError } from "./errors.js";
import { isIgnored, parseHelmignore } from "./helmignore.js";
import { readChartYaml, type ChartMetadata } from "./chart-yaml.js";

export interface PackageChartOptions {
  /** Chart version to set (the release's); default: Chart.yaml's. */
  version?: string;
  appVersion?: string;
  /** Directory to write `<name>-<version>.tgz` into. */
  outputDir: string;
  /** Fixed mtime of every entry (SOURCE_DATE_EPOCH); default 1970-01-01. */
  mtime?: Date;
  /** Replace values.yaml's text (e.g. with image digests stamped from the release manifest). */
  valuesYaml?: string;
}

export interface PackagedChart {
  path: string;
  metadata: ChartMetadata;
  digest: string;
  size: number;
  /** Chart.yaml text as packaged (what the .prov signs). */
  chartYaml: string;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function collect(root: string, rel: string, rules: ReturnType<typeof parseHelmignore>, out: string[]): Promise<void> {
  for (const name of (await readdir(join(root, rel))).sort(byteOrder)) {
    const path = rel ? `${rel}/${name}` : name;
    const st = await lstat(join(root, path));
    if (st.isSymbolicLink()) throw new ChartError(`${join(root, path)} is a symlink: charts are packaged from regular files only`, { code: "CHART_INVALID", hint: "replace the link by the file, or list it in .helmignore" });
    if (isIgnored(rules, path, st.isDirectory())) continue;
    if (st.isDirectory()) await collect(root, path, rules, out);
    else if (st.isFile()) out.push(path);
  }
}

/**
 * A chart archive laid out as `helm package` lays it out: `<name>/Chart.yaml` first, then
 * every other file (`values.yaml`, `templates/`, `charts/`, …) under `<name>/`, `.helmignore`
 * honoured. Deterministic (issue 11): byte-ordered entries, one fixed mtime, uid/gid 0,
 * modes 0644, gzip without name or time.
 */
export async function packageChart(dir: string, options: PackageChartOptions): Promise<PackagedChart> {
  const chartFile = join(dir, "Chart.yaml");
  const chartText = await readFile(chartFile, "utf8").catch((e: unknown) => {
    throw new ChartError(`${dir} is not a chart: no Chart.yaml`, { code: "CHART_INVALID", cause: e, hint: "point at the directory that holds Chart.yaml" });
  });
  const { text: chartYaml, metadata } = readChartYaml(chartText, chartFile, {
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
  });
  const ignoreText = await readFile(join(dir, ".helmignore"), "utf8").catch(() => "");
  const files: string[] = [];
  await collect(dir, "", parseHelmignore(ignoreText), files);
  const name = metadata.name;
  const entries: TarEntry[] = [];
  const bytes = (s: string) => Buffer.from(s, "utf8");
  entries.push({ path: `${name}/Chart.yaml`, type: "file", mode: 0o644, size: bytes(chartYaml).length, open: () => Promise.resolve(bytes(chartYaml)) });
  for (const f of files) {
    if (f === "Chart.yaml") continue;
    if (f === "values.yaml" && options.valuesYaml !== undefined) {
      const v = bytes(options.valuesYaml);
      entries.push({ path: `${name}/values.yaml`, type: "file", mode: 0o644, size: v.length, open: () => Promise.resolve(v) });
      continue;
    }
    const abs = join(dir, f);
    const size = (await lstat(abs)).size;
    entries.push({ path: `${name}/${f}`, type: "file", mode: 0o644, size, open: () => readFile(abs) });
  }
  const path = join(options.outputDir, `${name}-${metadata.version}.tgz`);
  const written = await writeTarball(entries, path, { mtime: options.mtime ?? new Date(0), compression: "gzip" });
  return { path, metadata, digest: written.digest, size: written.size, chartYaml };
}
