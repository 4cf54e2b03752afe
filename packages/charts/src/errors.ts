import { StellaError } from "@stella/core";

export type ChartErrorCode = "CHART_INVALID" | "CHART_IO" | "PROV_INVALID" | "PROV_SIGNATURE" | "PROV_HASH" | "PROV_KEY";

export class ChartError extends StellaError<ChartErrorCode> {}
