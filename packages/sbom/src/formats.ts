import type { SbomDocument } from "./document.js";
import { SbomError } from "./errors.js";
import { writeCyclonedxJson } from "./writers/cyclonedx-json.js";
import { cyclonedxJsonToProto } from "./writers/cyclonedx-proto.js";
import { writeSpdxJson } from "./writers/spdx-json.js";

export const SBOM_FORMATS = ["cyclonedx-json", "cyclonedx-proto", "spdx-json"] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

/** Per format: the OCI artifactType / layer media type (issue 4 "Attach") and the file suffix. */
export const FORMAT_INFO: Record<SbomFormat, { artifactType: string; suffix: string }> = {
  "cyclonedx-json": { artifactType: "application/vnd.cyclonedx+json", suffix: ".cdx.json" },
  "cyclonedx-proto": { artifactType: "application/vnd.cyclonedx+protobuf", suffix: ".cdx.pb" },
  "spdx-json": { artifactType: "application/spdx+json", suffix: ".spdx.json" },
};

export function isSbomFormat(v: string): v is SbomFormat {
  return (SBOM_FORMATS as readonly string[]).includes(v);
}

/** Validates a list of format names, reporting every unknown one at once. */
export function parseFormats(values: readonly string[], where: string): SbomFormat[] {
  const bad = values.filter((v) => !isSbomFormat(v));
  if (bad.length) {
    throw new SbomError(`${where}: unknown SBOM format${bad.length > 1 ? "s" : ""} ${bad.map((b) => `"${b}"`).join(", ")}`, {
      code: "BAD_OPTION",
      hint: `use any of ${SBOM_FORMATS.join(", ")}`,
    });
  }
  return [...new Set(values)].filter(isSbomFormat);
}

export function render(doc: SbomDocument, format: SbomFormat): Uint8Array {
  switch (format) {
    case "cyclonedx-json":
      return writeCyclonedxJson(doc);
    case "cyclonedx-proto":
      return cyclonedxJsonToProto(writeCyclonedxJson(doc));
    case "spdx-json":
      return writeSpdxJson(doc);
  }
}
