import { readFile } from "node:fs/promises";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { documentOf } from "../document.js";
import { readSbomComponents } from "../read-sbom.js";
import type { ImageInventory } from "../scan.js";
import type { Component } from "../types.js";
import { writeCyclonedxJson } from "./cyclonedx-json.js";
import { cyclonedxJsonToProto, decodeCyclonedxProto } from "./cyclonedx-proto.js";
import { writeSpdxJson } from "./spdx-json.js";

const L1 = `sha256:${"1".repeat(64)}`;
const L2 = `sha256:${"2".repeat(64)}`;
const IMG = `sha256:${"a".repeat(64)}`;

const components: Component[] = [
  { ecosystem: "os", type: "operating-system", name: "debian", version: "12", layerDigest: L1, sourcePath: "etc/os-release" },
  { ecosystem: "dpkg", type: "library", name: "libc6", version: "2.36-9+deb12u10", purl: "pkg:deb/debian/libc6@2.36-9+deb12u10?arch=amd64&distro=debian-12", license: "GPL-2.0-or-later AND LicenseRef-public-domain", layerDigest: L1, sourcePath: "var/lib/dpkg/status", properties: { "stella:dpkg:source": "glibc" } },
  { ecosystem: "npm", type: "library", name: "@scope/pkg", version: "1.0.0", purl: "pkg:npm/%40scope/pkg@1.0.0", license: "(MIT OR Apache-2.0)", layerDigest: L2, sourcePath: "opt/app/node_modules/@scope/pkg/package.json" },
  { ecosystem: "go-module", type: "application", name: "github.com/x/y", version: "(devel)", purl: "pkg:golang/github.com/x/y", layerDigest: L2, sourcePath: "usr/bin/y" },
];

function inventory(): ImageInventory {
  return {
    location: "docker://registry.example/team/app:1.0",
    image: {
      digest: IMG,
      descriptor: { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: IMG, size: 123 },
      manifest: { schemaVersion: 2, config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: L1, size: 1 }, layers: [] },
      created: "2026-01-02T03:04:05Z",
      layers: [L1, L2].map((digest) => ({ digest, size: 1, open: () => Promise.reject(new Error("unused")) })),
    },
    components,
    layers: [],
    warnings: [],
  };
}

const tool = { vendor: "Stella Ops", name: "stella-sbom", version: "1.2.3" };

describe("writers", () => {
  it("CycloneDX 1.6 JSON passes the library's strict schema validation and records image and tool", async () => {
    const bytes = writeCyclonedxJson(documentOf(inventory(), { tool, imageName: "registry.example/team/app" }));
    const text = Buffer.from(bytes).toString("utf8");
    const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
    expect(errors).toBeNull();
    const doc = JSON.parse(text) as { serialNumber: string; metadata: { timestamp: string; component: { version: string; "bom-ref": string }; tools: { components: { name: string; version: string }[] } }; components: unknown[] };
    expect(doc.metadata.component.version).toBe(IMG);
    expect(doc.metadata.timestamp).toBe("2026-01-02T03:04:05.000Z");
    expect(doc.metadata.tools.components[0]).toMatchObject({ name: "stella-sbom", version: "1.2.3" });
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc.components).toHaveLength(4);
  });

  it("the schema validator does reject a broken document (the check can fail)", async () => {
    const text = Buffer.from(writeCyclonedxJson(documentOf(inventory(), { tool }))).toString("utf8").replace('"type": "library"', '"type": "no-such-type"');
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).not.toBeNull();
  });

  it("is byte-identical across runs; SOURCE_DATE_EPOCH overrides the image's created time", () => {
    const a = writeCyclonedxJson(documentOf(inventory(), { tool }));
    const b = writeCyclonedxJson(documentOf({ ...inventory(), components: [...components].reverse() }, { tool }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(writeSpdxJson(documentOf(inventory(), { tool }))).equals(Buffer.from(writeSpdxJson(documentOf(inventory(), { tool }))))).toBe(true);
    const pinned = JSON.parse(Buffer.from(writeCyclonedxJson(documentOf(inventory(), { tool, sourceDateEpoch: "1700000000" }))).toString()) as { metadata: { timestamp: string } };
    expect(pinned.metadata.timestamp).toBe("2023-11-14T22:13:20.000Z");
  });

  it("SPDX 2.3 JSON validates against the official schema (ajv draft 2019-09)", async () => {
    const schema = JSON.parse(await readFile("/work/shared/schemas/spdx-2.3.schema.json", "utf8")) as Record<string, unknown>;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const doc: unknown = JSON.parse(Buffer.from(writeSpdxJson(documentOf(inventory(), { tool }))).toString("utf8"));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const spdx = doc as { hasExtractedLicensingInfos: { licenseId: string }[]; documentNamespace: string; packages: { licenseDeclared: string }[] };
    expect(spdx.hasExtractedLicensingInfos.map((l) => l.licenseId)).toEqual(["LicenseRef-public-domain"]);
    expect(validate({ ...(doc as object), spdxVersion: 3 })).toBe(false);
  });

  it("CycloneDX Protobuf decodes to the same components as the JSON, and all three read back alike", () => {
    const doc = documentOf(inventory(), { tool });
    const json = writeCyclonedxJson(doc);
    const pb = cyclonedxJsonToProto(json);
    const decoded = decodeCyclonedxProto(pb) as { spec_version: string; serial_number: string; components: { name: string; type: string }[] };
    expect(decoded.spec_version).toBe("1.6");
    expect(decoded.components.map((c) => c.type).sort()).toEqual(["CLASSIFICATION_APPLICATION", "CLASSIFICATION_LIBRARY", "CLASSIFICATION_LIBRARY", "CLASSIFICATION_OPERATING_SYSTEM"]);
    const sorted = (bytes: Uint8Array) => readSbomComponents(bytes, "x").components.map((c) => JSON.stringify(c)).sort();
    const fromJson = sorted(json);
    expect(fromJson).toHaveLength(4);
    expect(sorted(pb)).toEqual(fromJson);
    expect(sorted(writeSpdxJson(doc))).toEqual(fromJson);
  });
});
