import * as Enums from "@cyclonedx/cyclonedx-library/Enums";
import * as Models from "@cyclonedx/cyclonedx-library/Models";
import * as Serialize from "@cyclonedx/cyclonedx-library/Serialize";
import * as Spec from "@cyclonedx/cyclonedx-library/Spec";
import { bomRefOf, propertiesOf, type SbomDocument } from "../document.js";
import type { ComponentType } from "../types.js";

const TYPES: Record<ComponentType, Enums.ComponentType> = {
  library: Enums.ComponentType.Library,
  application: Enums.ComponentType.Application,
  "operating-system": Enums.ComponentType.OperatingSystem,
  framework: Enums.ComponentType.Framework,
};

/** The document as a CycloneDX model (shared by the JSON and Protobuf writers). */
export function cyclonedxBom(doc: SbomDocument): Models.Bom {
  const image = new Models.Component(Enums.ComponentType.Container, doc.image.name, {
    bomRef: doc.image.digest,
    version: doc.image.digest,
    purl: doc.image.purl,
    properties: new Models.PropertyRepository([
      new Models.Property("stella:image:media-type", doc.image.mediaType),
      ...(doc.image.platform ? [new Models.Property("stella:image:platform", doc.image.platform)] : []),
      ...doc.image.layers.map((l, i) => new Models.Property(`stella:image:layer:${String(i).padStart(3, "0")}`, l)),
    ]),
  });
  const tool = new Models.Component(Enums.ComponentType.Application, doc.tool.name, { version: doc.tool.version, group: doc.tool.vendor });
  const bom = new Models.Bom({
    serialNumber: `urn:uuid:${doc.uuid("cyclonedx")}`,
    metadata: new Models.Metadata({
      timestamp: new Date(doc.timestamp),
      component: image,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
    }),
  });
  doc.components.forEach((c, i) => {
    bom.components.add(
      new Models.Component(TYPES[c.type], c.name, {
        bomRef: bomRefOf(c, i),
        version: c.version,
        ...(c.purl ? { purl: c.purl } : {}),
        ...(c.license ? { licenses: new Models.LicenseRepository([new Models.LicenseExpression(c.license)]) } : {}),
        properties: new Models.PropertyRepository(propertiesOf(c).map(([k, v]) => new Models.Property(k, v))),
      }),
    );
  });
  return bom;
}

/** CycloneDX 1.6 JSON (through the official library), lists sorted, two-space indent, final newline. */
export function writeCyclonedxJson(doc: SbomDocument): Uint8Array {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return Buffer.from(serializer.serialize(cyclonedxBom(doc), { sortLists: true, space: 2 }) + "\n", "utf8");
}
