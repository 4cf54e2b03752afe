import { createHash } from "node:crypto";
import type { SbomDocument } from "../document.js";
import { propertiesOf } from "../document.js";

/**
 * SPDX 2.3 JSON (spdx-spec v2.3 clauses 6 document creation, 7 packages, 11
 * relationships; schema `spdx-2.3.schema.json`). The image is the described package
 * (primaryPackagePurpose CONTAINER); each component a package it CONTAINS. Licence
 * references get `hasExtractedLicensingInfos` entries (clause 10) so the document is
 * self-contained.
 */
function spdxId(prefix: string, key: string): string {
  return `SPDXRef-${prefix}-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

export function writeSpdxJson(doc: SbomDocument): Uint8Array {
  const imageId = "SPDXRef-Image";
  const refs = new Set<string>();
  const packages: Record<string, unknown>[] = [
    {
      SPDXID: imageId,
      name: doc.image.name,
      versionInfo: doc.image.digest,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: "CONTAINER",
      checksums: [{ algorithm: "SHA256", checksumValue: doc.image.digest.replace(/^sha256:/, "") }],
      externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: doc.image.purl }],
    },
  ];
  const relationships: Record<string, unknown>[] = [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: imageId }];
  doc.components.forEach((c, i) => {
    const id = spdxId(c.ecosystem, `${i}\n${c.purl ?? c.name}\n${c.sourcePath}`);
    for (const m of (c.license ?? "").matchAll(/LicenseRef-[A-Za-z0-9.-]+/g)) refs.add(m[0]);
    packages.push({
      SPDXID: id,
      name: c.name,
      versionInfo: c.version,
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      licenseConcluded: "NOASSERTION",
      licenseDeclared: c.license ?? "NOASSERTION",
      copyrightText: "NOASSERTION",
      primaryPackagePurpose: c.type === "operating-system" ? "OPERATING_SYSTEM" : c.type === "application" ? "APPLICATION" : "LIBRARY",
      sourceInfo: `found by ${c.ecosystem} cataloger in layer ${c.layerDigest} at /${c.sourcePath}`,
      ...(c.purl ? { externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: c.purl }] } : {}),
      annotations: [
        {
          annotationDate: doc.timestamp,
          annotationType: "OTHER",
          annotator: `Tool: ${doc.tool.name}-${doc.tool.version}`,
          comment: propertiesOf(c).map(([k, v]) => `${k}=${v}`).join("\n"),
        },
      ],
    });
    relationships.push({ spdxElementId: imageId, relationshipType: "CONTAINS", relatedSpdxElement: id });
  });
  const document = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: `${doc.image.name}@${doc.image.digest}`,
    documentNamespace: `https://stella-ops.org/spdx/${encodeURIComponent(doc.image.name)}-${doc.uuid("spdx")}`,
    creationInfo: {
      created: doc.timestamp,
      creators: [`Tool: ${doc.tool.name}-${doc.tool.version}`, `Organization: ${doc.tool.vendor}`],
    },
    ...(refs.size
      ? {
          hasExtractedLicensingInfos: [...refs].sort().map((r) => ({
            licenseId: r,
            name: r.slice("LicenseRef-".length),
            extractedText: `Licence named "${r.slice("LicenseRef-".length)}" by the package's own metadata; not on the SPDX License List.`,
          })),
        }
      : {}),
    packages,
    relationships,
  };
  return Buffer.from(JSON.stringify(document, null, 2) + "\n", "utf8");
}
