export { ChartError, type ChartErrorCode } from "./errors.js";
export { parseHelmignore, isIgnored, type IgnoreRule } from "./helmignore.js";
export { readChartYaml, type ChartMetadata } from "./chart-yaml.js";
export { packageChart, type PackageChartOptions, type PackagedChart } from "./package.js";
export { provenanceMessage, signProvenance, verifyProvenance, type ProvenanceVerification } from "./provenance.js";
export { chartYamlOf } from "./read-archive.js";
export { pushChart, pullChart, chartTag, HELM_CONFIG_MEDIA_TYPE, HELM_CHART_MEDIA_TYPE, HELM_PROV_MEDIA_TYPE } from "./oci-chart.js";
export { releaseChart, verifyChartFile, signChartFile, type ReleaseChartOptions, type ReleasedChart } from "./operations.js";
export { stampValues } from "./stamp.js";
