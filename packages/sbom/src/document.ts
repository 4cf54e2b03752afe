import { isoSeconds, timestampFrom } from "@stella/core";
import { compareComponents } from "./catalog.js";
import type { ImageInventory } from "./scan.js";
import { purl } from "./purl.js";
import { uuidV5 } from "./uuid.js";
import type { Component } from "./types.js";

/** The tool recorded in every SBOM (DESIGN.md "Determinism": record tool versions). */
export interface ToolInfo {
  vendor: string;
  name: string;
  version: string;
}

/** Everything a writer needs, already sorted and with its timestamp fixed. */
export interface SbomDocument {
  /** UUIDv5 of the image digest and the format family, the serial number / namespace id. */
  uuid(format: string): string;
  timestamp: string;
  tool: ToolInfo;
  image: {
    name: string;
    digest: string;
    mediaType: string;
    purl: string;
    platform?: string;
    layers: string[];
  };
  components: Component[];
}

export interface DocumentOptions {
  tool: ToolInfo;
  /** SOURCE_DATE_EPOCH as given by the entry point; else the image config `created`; else 1970. */
  sourceDateEpoch?: string;
  /** Image name for metadata (`registry/repo`, or the layout path); default from the store. */
  imageName?: string;
}

/** `docker://host/repo:tag` or `oci:/dir:tag` to a name for people: `host/repo`, `dir`. */
export function imageNameOf(location: string): string {
  const n = location.replace(/^(docker|oci|oci-archive|docker-archive):(\/\/)?/, "");
  return n.replace(/[@:][^/]*$/, (m) => (m.startsWith("@") || !m.includes("/") ? "" : m)) || n;
}

export function documentOf(inv: ImageInventory, opts: DocumentOptions): SbomDocument {
  const name = opts.imageName ?? imageNameOf(inv.location);
  const last = name.split("/").pop() || "image";
  const repoUrl = name.includes("/") && !name.startsWith("/") ? name.slice(0, name.lastIndexOf("/")) : undefined;
  const platform = inv.image.platform;
  const [os, arch] = platform?.split("/") ?? [];
  const ts = timestampFrom(opts.sourceDateEpoch, inv.image.created);
  return {
    uuid: (format) => uuidV5(`${inv.image.digest}\n${format}`),
    timestamp: isoSeconds(Number.isNaN(ts.getTime()) ? new Date(0) : ts),
    tool: opts.tool,
    image: {
      name,
      digest: inv.image.digest,
      mediaType: inv.image.descriptor.mediaType,
      // purl-spec oci type: name is the last path segment, version the manifest digest.
      purl: purl("oci", undefined, last.toLowerCase().replace(/[^a-z0-9._-]/g, "-") || "image", inv.image.digest, { arch, os, repository_url: repoUrl }) ?? `pkg:oci/image@${encodeURIComponent(inv.image.digest)}`,
      ...(platform ? { platform } : {}),
      layers: inv.image.layers.map((l) => l.digest),
    },
    components: [...inv.components].sort(compareComponents),
  };
}

/** A component's unique reference inside one document. */
export function bomRefOf(c: Component, index: number): string {
  return `${c.purl ?? `${c.ecosystem}:${c.name}@${c.version}`}#${index}`;
}

/** Properties of a component, layer and path included, sorted by name. */
export function propertiesOf(c: Component): [string, string][] {
  const all: [string, string][] = [
    ["stella:ecosystem", c.ecosystem],
    ["stella:layer-digest", c.layerDigest],
    ["stella:source-path", c.sourcePath],
    ...Object.entries(c.properties ?? {}),
  ];
  return all.sort(([a], [b]) => a.localeCompare(b));
}
