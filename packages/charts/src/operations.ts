import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { writeFileAtomic, type Logger } from "@stella/core";
import { openImage, type Descriptor, type RegistryStoreOptions } from "@stella/oci";
import { packageChart } from "./package.js";
import { provenanceMessage, signProvenance, verifyProvenance, type ProvenanceVerification } from "./provenance.js";
import { pushChart } from "./oci-chart.js";
import { chartYamlOf } from "./read-archive.js";
import { readChartYaml } from "./chart-yaml.js";
import { stampValues } from "./stamp.js";

export interface ReleaseChartOptions {
  dir: string;
  outputDir: string;
  version?: string;
  appVersion?: string;
  mtime?: Date;
  valuesYaml?: string;
  /** Pin values.yaml's images to this release manifest's digests before packaging. */
  stampFrom?: { manifestPath: string; channel: string };
  /** Armored OpenPGP private key: writes `<archive>.prov` beside the archive. */
  signingKey?: string;
  passphrase?: string;
  /**
   * Where to push the chart (and .prov) as Helm 3.8+ does: `docker://HOST/NAMESPACE` gets the chart's
   * name appended, as `helm push chart.tgz oci://HOST/NAMESPACE` does; `oci:DIR` is a layout.
   */
  pushTo?: string;
  registry?: RegistryStoreOptions;
  logger: Logger;
}

export interface ReleasedChart {
  archivePath: string;
  provPath?: string;
  name: string;
  version: string;
  /** sha256 of the archive file. */
  digest: string;
  pushed?: { reference: string; descriptor: Descriptor };
}

/** Package, optionally sign (.prov) and push a chart: what `actions/package-chart` does. */
export async function releaseChart(o: ReleaseChartOptions): Promise<ReleasedChart> {
  let valuesYaml = o.valuesYaml;
  if (o.stampFrom) {
    const text = valuesYaml ?? (await readFile(join(o.dir, "values.yaml"), "utf8"));
    valuesYaml = await stampValues(text, o.stampFrom.manifestPath, o.stampFrom.channel);
    o.logger.info(`values.yaml images pinned to ${o.stampFrom.manifestPath} (${o.stampFrom.channel})`);
  }
  const chart = await packageChart(o.dir, {
    outputDir: o.outputDir,
    ...(o.version === undefined ? {} : { version: o.version }),
    ...(o.appVersion === undefined ? {} : { appVersion: o.appVersion }),
    ...(o.mtime === undefined ? {} : { mtime: o.mtime }),
    ...(valuesYaml === undefined ? {} : { valuesYaml }),
  });
  o.logger.info(`packaged ${chart.metadata.name} ${chart.metadata.version}: ${chart.path} (${chart.digest})`);
  const archive = await readFile(chart.path);
  let prov: string | undefined;
  let provPath: string | undefined;
  if (o.signingKey) {
    prov = await signProvenance(provenanceMessage(chart.chartYaml, basename(chart.path), archive), o.signingKey, o.passphrase);
    provPath = `${chart.path}.prov`;
    await writeFileAtomic(provPath, prov);
    o.logger.info(`signed: ${provPath}`);
  }
  let pushed: ReleasedChart["pushed"];
  if (o.pushTo) {
    const destination = o.pushTo.startsWith("docker://") ? `${o.pushTo.replace(/\/+$/, "")}/${chart.metadata.name}` : o.pushTo;
    const target = await openImage(destination, { mode: "write", ...(o.registry ? { registry: o.registry } : {}) });
    try {
      const descriptor = await pushChart(target.store, { metadata: chart.metadata, archive, ...(prov === undefined ? {} : { prov }) });
      await target.commit();
      pushed = { reference: `${target.store.location}@${descriptor.digest}`, descriptor };
      o.logger.info(`pushed ${pushed.reference}`);
    } catch (e) {
      await target.abort();
      throw e;
    } finally {
      await target.close();
    }
  }
  return { archivePath: chart.path, name: chart.metadata.name, version: chart.metadata.version, digest: chart.digest, ...(provPath ? { provPath } : {}), ...(pushed ? { pushed } : {}) };
}

/** `helm verify` without Helm: the archive against its .prov and a keyring. */
export async function verifyChartFile(archivePath: string, keyring: string, provPath = `${archivePath}.prov`): Promise<ProvenanceVerification & { chart: string }> {
  const [archive, prov] = await Promise.all([readFile(archivePath), readFile(provPath, "utf8")]);
  const meta = readChartYaml(chartYamlOf(archive, archivePath), `${archivePath}:Chart.yaml`).metadata;
  const v = await verifyProvenance(archive, basename(archivePath), prov, keyring);
  return { ...v, chart: `${meta.name} ${meta.version}` };
}

/** Signs an existing archive: writes `<archive>.prov`. */
export async function signChartFile(archivePath: string, signingKey: string, passphrase?: string): Promise<string> {
  const archive = await readFile(archivePath);
  const prov = await signProvenance(provenanceMessage(chartYamlOf(archive, archivePath), basename(archivePath), archive), signingKey, passphrase);
  await writeFileAtomic(`${archivePath}.prov`, prov);
  return `${archivePath}.prov`;
}
