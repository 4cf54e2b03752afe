import canonicalize from "canonicalize";
import { parseDocument, stringify } from "yaml";
import { sha256Hex } from "@stella/core";
import { ReleaseError } from "./errors.js";

/**
 * `release.yaml` (architecture-devops.md §6.1): the human-readable release summary next to
 * release.json. Fields as in §6.1; `version` per component and `manifestDigest` are additions
 * so the file alone answers "which versions, which release.json" (skew, update banner).
 * `checksums.sha256` is "the digest of this release.yaml": since a file cannot contain its own
 * hash, it is the sha256 of the RFC 8785 canonical JSON of `release` without `checksums`,
 * which any JSON tool can recompute regardless of YAML formatting.
 */
export interface ReleaseYaml {
  version: string;
  channel: string;
  date: string;
  calendar: string;
  manifestDigest?: string;
  components: ReleaseYamlComponent[];
  charts?: { name: string; version: string; digest: string }[];
  compose?: { file: string; digest: string };
  checksums?: { sha256: string };
}

export interface ReleaseYamlComponent {
  name: string;
  /** `REPOSITORY@sha256:...` */
  image: string;
  version?: string;
  sbom?: string;
  provenance?: string;
  signature?: { rekorUUID?: string; logIndex?: number; ref?: string };
}

/** The YAML text: components sorted by name, keys in §6.1 order, byte-identical for equal input. */
export function writeReleaseYaml(release: ReleaseYaml): string {
  const components = [...release.components].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(orderComponent);
  const charts = release.charts ? [...release.charts].sort((a, b) => (a.name < b.name ? -1 : 1)).map((c) => ({ name: c.name, version: c.version, digest: c.digest })) : undefined;
  const body = {
    version: release.version,
    channel: release.channel,
    date: release.date,
    calendar: release.calendar,
    ...(release.manifestDigest === undefined ? {} : { manifestDigest: release.manifestDigest }),
    components,
    ...(charts === undefined ? {} : { charts }),
    ...(release.compose === undefined ? {} : { compose: { file: release.compose.file, digest: release.compose.digest } }),
  };
  const withSum = { ...body, checksums: { sha256: releaseYamlChecksum(body) } };
  return stringify({ release: withSum }, { lineWidth: 0, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", indentSeq: true });
}

/** sha256 (hex) of the canonical JSON of `release` without `checksums`. */
export function releaseYamlChecksum(release: Omit<ReleaseYaml, "checksums"> & { checksums?: unknown }): string {
  const { checksums: _c, ...rest } = release;
  return sha256Hex(canonicalize(rest) ?? "");
}

/** Parses and checks a release.yaml: shape, and the checksum (a changed field is detected). */
export function parseReleaseYaml(text: string, source = "release.yaml"): ReleaseYaml {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ReleaseError(`${source}: not valid YAML: ${doc.errors.map((e) => e.message).join("; ")}`, { code: "RELEASE_YAML" });
  }
  const root: unknown = doc.toJS();
  const r = isRecord(root) ? root.release : undefined;
  const problems: string[] = [];
  if (!isRecord(r)) throw new ReleaseError(`${source}: expected a top-level "release" mapping`, { code: "RELEASE_YAML", hint: "architecture-devops.md §6.1" });
  const str = (o: Record<string, unknown>, k: string, at: string, required: boolean): string | undefined => {
    const v = o[k];
    if (typeof v === "string") return v;
    if (v !== undefined || required) problems.push(`${at}.${k}: expected a string, got ${JSON.stringify(v)}`);
    return undefined;
  };
  const components: ReleaseYamlComponent[] = [];
  const list = r.components;
  if (!Array.isArray(list)) problems.push("release.components: expected a list");
  else
    list.forEach((c: unknown, i) => {
      const at = `release.components[${i}]`;
      if (!isRecord(c)) return problems.push(`${at}: expected a mapping`);
      const name = str(c, "name", at, true) ?? "";
      const image = str(c, "image", at, true) ?? "";
      if (image && !/@sha256:[a-f0-9]{64}$/.test(image)) problems.push(`${at}.image: "${image}" is not pinned by digest (REPOSITORY@sha256:<64 hex>)`);
      const comp: ReleaseYamlComponent = { name, image };
      const version = str(c, "version", at, false);
      const sbom = str(c, "sbom", at, false);
      const provenance = str(c, "provenance", at, false);
      if (version !== undefined) comp.version = version;
      if (sbom !== undefined) comp.sbom = sbom;
      if (provenance !== undefined) comp.provenance = provenance;
      if (isRecord(c.signature)) {
        const sig: NonNullable<ReleaseYamlComponent["signature"]> = {};
        if (typeof c.signature.rekorUUID === "string") sig.rekorUUID = c.signature.rekorUUID;
        if (typeof c.signature.logIndex === "number") sig.logIndex = c.signature.logIndex;
        if (typeof c.signature.ref === "string") sig.ref = c.signature.ref;
        comp.signature = sig;
      }
      components.push(comp);
      return undefined;
    });
  const out: ReleaseYaml = {
    version: str(r, "version", "release", true) ?? "",
    channel: str(r, "channel", "release", true) ?? "",
    date: str(r, "date", "release", true) ?? "",
    calendar: str(r, "calendar", "release", true) ?? "",
    components,
  };
  const md = str(r, "manifestDigest", "release", false);
  if (md !== undefined) out.manifestDigest = md;
  if (Array.isArray(r.charts)) {
    out.charts = r.charts.filter(isRecord).map((c, i) => ({ name: str(c, "name", `release.charts[${i}]`, true) ?? "", version: str(c, "version", `release.charts[${i}]`, true) ?? "", digest: str(c, "digest", `release.charts[${i}]`, true) ?? "" }));
  }
  if (isRecord(r.compose)) out.compose = { file: str(r.compose, "file", "release.compose", true) ?? "", digest: str(r.compose, "digest", "release.compose", true) ?? "" };
  const sum = isRecord(r.checksums) ? r.checksums.sha256 : undefined;
  if (typeof sum !== "string") problems.push("release.checksums.sha256: missing");
  if (problems.length > 0) throw new ReleaseError(`${source}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`, { code: "RELEASE_YAML", hint: "architecture-devops.md §6.1; regenerate with `stella manifest assemble`" });
  const want = releaseYamlChecksum(out);
  if (sum !== want) {
    throw new ReleaseError(`${source}: checksums.sha256 is ${String(sum)} but the content hashes to ${want}: the file was changed after it was written`, { code: "DIGEST_MISMATCH", hint: "regenerate release.yaml from release.json with `stella manifest assemble`" });
  }
  out.checksums = { sha256: want };
  return out;
}

function orderComponent(c: ReleaseYamlComponent): ReleaseYamlComponent {
  const sig = c.signature ? { ...(c.signature.rekorUUID === undefined ? {} : { rekorUUID: c.signature.rekorUUID }), ...(c.signature.logIndex === undefined ? {} : { logIndex: c.signature.logIndex }), ...(c.signature.ref === undefined ? {} : { ref: c.signature.ref }) } : undefined;
  return {
    name: c.name,
    image: c.image,
    ...(c.version === undefined ? {} : { version: c.version }),
    ...(c.sbom === undefined ? {} : { sbom: c.sbom }),
    ...(c.provenance === undefined ? {} : { provenance: c.provenance }),
    ...(sig === undefined ? {} : { signature: sig }),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
