import { PackageURL } from "packageurl-js";
import { SbomError } from "./errors.js";
import type { Component } from "./types.js";
import { decodeCyclonedxProto } from "./writers/cyclonedx-proto.js";

/** What a diff needs of a component read back from any SBOM. */
export type ComponentId = Pick<Component, "ecosystem" | "name" | "version" | "purl"> & { sourcePath?: string };

function withPath(props: Record<string, string>): { sourcePath?: string } {
  const p = props["stella:source-path"];
  return p === undefined ? {} : { sourcePath: p };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function ecosystemOf(purl: string | undefined, props: Record<string, string>, fallback: string): string {
  if (props["stella:ecosystem"]) return props["stella:ecosystem"];
  if (purl) {
    try {
      return PackageURL.fromString(purl).type;
    } catch {
      return fallback;
    }
  }
  return fallback;
}

function fromCyclonedx(doc: Record<string, unknown>, where: string): ComponentId[] {
  if (!Array.isArray(doc.components)) return [];
  return doc.components.filter(isRecord).map((c, i) => {
    const props: Record<string, string> = {};
    if (Array.isArray(c.properties)) for (const p of c.properties.filter(isRecord)) props[String(p.name)] = String(p.value);
    const purl = typeof c.purl === "string" ? c.purl : undefined;
    if (typeof c.name !== "string") throw new SbomError(`${where}: components[${i}] has no name`, { code: "BAD_SBOM" });
    return { ecosystem: ecosystemOf(purl, props, String(c.type)), name: c.name, version: typeof c.version === "string" ? c.version : "", ...(purl ? { purl } : {}), ...withPath(props) };
  });
}

function fromSpdx(doc: Record<string, unknown>, where: string): ComponentId[] {
  if (!Array.isArray(doc.packages)) throw new SbomError(`${where}: SPDX document has no packages`, { code: "BAD_SBOM" });
  const out: ComponentId[] = [];
  for (const p of doc.packages.filter(isRecord)) {
    if (p.primaryPackagePurpose === "CONTAINER") continue;
    const refs = Array.isArray(p.externalRefs) ? p.externalRefs.filter(isRecord) : [];
    const purl = refs.find((r) => r.referenceType === "purl")?.referenceLocator;
    const purlStr = typeof purl === "string" ? purl : undefined;
    const props: Record<string, string> = {};
    for (const a of Array.isArray(p.annotations) ? p.annotations.filter(isRecord) : []) {
      for (const line of (typeof a.comment === "string" ? a.comment : "").split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0) props[line.slice(0, eq)] = line.slice(eq + 1);
      }
    }
    out.push({ ecosystem: ecosystemOf(purlStr, props, "unknown"), name: String(p.name), version: typeof p.versionInfo === "string" ? p.versionInfo : "", ...(purlStr ? { purl: purlStr } : {}), ...withPath(props) });
  }
  return out;
}

/**
 * The components of an SBOM in any format we write (CycloneDX JSON, CycloneDX Protobuf,
 * SPDX 2.3 JSON), told apart by content, not file name.
 */
export function readSbomComponents(bytes: Uint8Array, where: string): { format: "cyclonedx-json" | "cyclonedx-proto" | "spdx-json"; components: ComponentId[] } {
  const text = Buffer.from(bytes).toString("utf8");
  if (/^\s*\{/.test(text)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new SbomError(`${where} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_SBOM" });
    }
    if (isRecord(doc) && doc.bomFormat === "CycloneDX") return { format: "cyclonedx-json", components: fromCyclonedx(doc, where) };
    if (isRecord(doc) && typeof doc.spdxVersion === "string") return { format: "spdx-json", components: fromSpdx(doc, where) };
    throw new SbomError(`${where} is JSON but neither CycloneDX nor SPDX`, { code: "BAD_SBOM", hint: "give a .cdx.json, .cdx.pb or .spdx.json file, or an image" });
  }
  try {
    const doc = decodeCyclonedxProto(bytes);
    if (typeof doc.spec_version !== "string") throw new Error("no spec_version");
    const comps = Array.isArray(doc.components) ? doc.components.filter(isRecord) : [];
    return {
      format: "cyclonedx-proto",
      components: fromCyclonedx({ components: comps.map((c) => ({ ...c, type: String(c.type).replace(/^CLASSIFICATION_/, "").toLowerCase() })) }, where),
    };
  } catch (e) {
    throw new SbomError(`${where} is not a CycloneDX Protobuf SBOM (${e instanceof Error ? e.message : String(e)})`, { code: "BAD_SBOM" });
  }
}
