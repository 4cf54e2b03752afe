import protobuf from "protobufjs";
import { SbomError } from "../errors.js";
import { BOM_1_6_PROTO_JSON } from "./bom-1.6.proto.generated.js";

/**
 * CycloneDX 1.6 Protobuf (the official `bom-1.6.proto`, message `cyclonedx.v1_6.Bom`),
 * encoded with protobufjs from the CycloneDX JSON the library produced, so both formats
 * say the same thing. Only the fields our documents use are mapped; an unknown field is
 * a bug, not silently dropped.
 */
let bomType: protobuf.Type | undefined;
function BomType(): protobuf.Type {
  bomType ??= protobuf.Root.fromJSON(BOM_1_6_PROTO_JSON as protobuf.INamespace).lookupType("cyclonedx.v1_6.Bom");
  return bomType;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function classification(type: unknown): string {
  return `CLASSIFICATION_${String(type).toUpperCase().replace(/-/g, "_")}`;
}

function properties(v: unknown): { name: string; value: string }[] {
  return Array.isArray(v) ? v.filter(isRecord).map((p) => ({ name: String(p.name), value: String(p.value) })) : [];
}

function licenses(v: unknown): Record<string, unknown>[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((l) => {
    if (typeof l.expression === "string") return { expression: l.expression };
    const lic = isRecord(l.license) ? l.license : {};
    return { license: typeof lic.id === "string" ? { id: lic.id } : { name: String(lic.name) } };
  });
}

const COMPONENT_KEYS = new Set(["type", "bom-ref", "name", "version", "group", "purl", "licenses", "properties"]);

function component(c: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(c)) {
    if (!COMPONENT_KEYS.has(k)) throw new SbomError(`CycloneDX protobuf writer has no mapping for component field "${k}"`, { code: "UNSUPPORTED" });
  }
  return {
    type: classification(c.type),
    ...(typeof c["bom-ref"] === "string" ? { bom_ref: c["bom-ref"] } : {}),
    name: String(c.name),
    version: typeof c.version === "string" ? c.version : "",
    ...(typeof c.group === "string" ? { group: c.group } : {}),
    ...(typeof c.purl === "string" ? { purl: c.purl } : {}),
    licenses: licenses(c.licenses),
    properties: properties(c.properties),
  };
}

/** CycloneDX JSON bytes (from writeCyclonedxJson) to the same BOM as Protobuf bytes. */
export function cyclonedxJsonToProto(json: Uint8Array): Uint8Array {
  const doc: unknown = JSON.parse(Buffer.from(json).toString("utf8"));
  if (!isRecord(doc) || !isRecord(doc.metadata)) throw new SbomError("not a CycloneDX JSON document", { code: "BAD_SBOM" });
  const md = doc.metadata;
  const ts = typeof md.timestamp === "string" ? Date.parse(md.timestamp) : 0;
  const tools = isRecord(md.tools) && Array.isArray(md.tools.components) ? md.tools.components.filter(isRecord).map(component) : [];
  const message = {
    spec_version: String(doc.specVersion),
    version: typeof doc.version === "number" ? doc.version : 1,
    serial_number: String(doc.serialNumber),
    metadata: {
      timestamp: { seconds: Math.floor(ts / 1000), nanos: 0 },
      tools: { components: tools },
      ...(isRecord(md.component) ? { component: component(md.component) } : {}),
    },
    components: Array.isArray(doc.components) ? doc.components.filter(isRecord).map(component) : [],
  };
  const T = BomType();
  const msg = T.fromObject(message);
  const problem = T.verify(msg);
  if (problem) throw new SbomError(`CycloneDX protobuf message is invalid: ${problem}`, { code: "BAD_SBOM" });
  return T.encode(msg).finish();
}

/** Protobuf bytes back to a plain object (tests, `stella sbom diff` of .cdx.pb files). */
export function decodeCyclonedxProto(bytes: Uint8Array): Record<string, unknown> {
  const T = BomType();
  return T.toObject(T.decode(bytes), { enums: String, longs: Number, defaults: false });
}
