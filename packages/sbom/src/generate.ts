import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { sha256Digest, silentLogger, writeFileAtomic, type Logger } from "@stella/core";
import { openImage, type Descriptor, type OpenedImage, type OpenImageOptions } from "@stella/oci";
import { attachSbom } from "./attach.js";
import { documentOf, type ToolInfo } from "./document.js";
import { diffComponents, formatDiff, isEmptyDiff, type SbomDiff } from "./diff.js";
import { SbomError } from "./errors.js";
import { FORMAT_INFO, render, type SbomFormat } from "./formats.js";
import { fetchAttachedSbom } from "./verify.js";
import { readSbomComponents, type ComponentId } from "./read-sbom.js";
import { scanImage, type ImageInventory } from "./scan.js";
import type { WalkLimits, Warning } from "./types.js";

declare const STELLA_VERSION: string | undefined;

/** The tool named in every SBOM: this suite and its version (DESIGN.md "Determinism"). */
export function stellaTool(): ToolInfo {
  return { vendor: "Stella Ops", name: "stella-sbom", version: typeof STELLA_VERSION === "string" ? STELLA_VERSION : "0.0.0-dev" };
}

export type ImageOpener = (image: string, options?: OpenImageOptions) => Promise<OpenedImage>;

export interface GenerateOptions {
  /** Any transport: `oci:DIR[:TAG]`, `docker://HOST/REPO[:TAG|@DIGEST]`, `oci-archive:FILE`, `docker-archive:FILE`. */
  image: string;
  formats: SbomFormat[];
  /** Where SBOM files go (created); none written when absent. */
  outputDir?: string;
  /** Push each SBOM as an OCI referrer of the image. */
  attach?: boolean;
  /** `os/arch[/variant]` or `all` for multi-platform images. */
  platform?: string;
  sourceDateEpoch?: string;
  /** Compare with: `attached` (the SBOM on the image before this run), an SBOM file, or another image. */
  compareTo?: string;
  tool?: ToolInfo;
  limits?: WalkLimits;
  logger?: Logger;
  cwd?: string;
  open?: ImageOpener;
  openOptions?: OpenImageOptions;
}

export interface GeneratedSbom {
  format: SbomFormat;
  artifactType: string;
  digest: string;
  size: number;
  bytes: Uint8Array;
  path?: string;
  referrer?: Descriptor;
}

export interface GeneratedImage {
  digest: string;
  platform?: string;
  inventory: ImageInventory;
  sboms: GeneratedSbom[];
  drift?: SbomDiff;
}

export interface GenerateResult {
  images: GeneratedImage[];
  warnings: Warning[];
}

function fileStem(inv: ImageInventory, many: boolean): string {
  const hex = inv.image.digest.replace(/^sha256:/, "").slice(0, 12);
  return many && inv.image.platform ? `sbom-${inv.image.platform.replace(/\//g, "-")}-${hex}` : `sbom-${hex}`;
}

/** Components to compare against: attached SBOM, an SBOM file, or a fresh scan of another image. */
async function baseline(opts: GenerateOptions, opened: OpenedImage, inv: ImageInventory): Promise<ComponentId[]> {
  const spec = opts.compareTo ?? "";
  if (spec === "attached") {
    const found = await fetchAttachedSbom(opened.store, inv.image.descriptor, opts.formats);
    if (!found) {
      throw new SbomError(`compare-to "attached": no SBOM is attached to ${opened.display} (${inv.image.digest})`, {
        code: "NOT_ATTACHED",
        hint: "attach one first (attach: true / --attach) or compare with a file",
      });
    }
    return readSbomComponents(found.bytes, `${opened.display} referrer ${found.referrer.digest}`).components;
  }
  if (!/^(oci|docker|oci-archive|docker-archive):/.test(spec)) {
    const path = resolve(opts.cwd ?? process.cwd(), spec);
    const bytes = await readFile(path).catch((e: unknown) => {
      throw new SbomError(`compare-to: cannot read ${path}`, { code: "BAD_OPTION", cause: e, hint: "give an SBOM file, an image reference, or `attached`" });
    });
    return readSbomComponents(bytes, path).components;
  }
  const other = await (opts.open ?? openImage)(spec, { ...opts.openOptions, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  try {
    const [first] = await scanImage({ store: other.store, reference: other.reference, ...(opts.platform && opts.platform !== "all" ? { platform: opts.platform } : {}), ...(opts.limits ? { limits: opts.limits } : {}) });
    return first?.components ?? [];
  } finally {
    await other.close();
  }
}

/**
 * The library entry point the action, the CLI and the pipeline call: scan an image once,
 * write each wanted SBOM format (deterministically), optionally attach each as an OCI
 * referrer and compare with a baseline. Drift is reported in the result; callers decide
 * whether it fails (the action's `compare-to` does).
 */
export async function generateSboms(opts: GenerateOptions): Promise<GenerateResult> {
  const logger = opts.logger ?? silentLogger;
  if (opts.formats.length === 0) throw new SbomError("no SBOM format requested", { code: "BAD_OPTION", hint: "formats: cyclonedx-json, cyclonedx-proto, spdx-json" });
  if (opts.attach && /^(oci-archive|docker-archive):/.test(opts.image)) {
    throw new SbomError(`cannot attach SBOMs to ${opts.image}: archives are read-only here`, { code: "BAD_OPTION", hint: "attach to an oci:DIR layout or a docker:// registry image, or set attach: false" });
  }
  const opened = await (opts.open ?? openImage)(opts.image, { ...opts.openOptions, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  const images: GeneratedImage[] = [];
  const warnings: Warning[] = [];
  try {
    const inventories = await scanImage({ store: opened.store, reference: opened.reference, ...(opts.platform ? { platform: opts.platform } : {}), ...(opts.limits ? { limits: opts.limits } : {}) });
    for (const inv of inventories) {
      for (const w of inv.warnings) logger.warn(`${w.where}: ${w.message}`);
      warnings.push(...inv.warnings);
      const drift = opts.compareTo ? diffComponents(await baseline(opts, opened, inv), inv.components) : undefined;
      const doc = documentOf(inv, { tool: opts.tool ?? stellaTool(), ...(opts.sourceDateEpoch !== undefined ? { sourceDateEpoch: opts.sourceDateEpoch } : {}), imageName: opened.display.replace(/^[a-z-]+:(\/\/)?/, "").replace(/(:[^/:@]+|@sha256:[a-f0-9]+)$/, "") });
      const sboms: GeneratedSbom[] = [];
      for (const format of opts.formats) {
        const bytes = render(doc, format);
        const info = FORMAT_INFO[format];
        const sbom: GeneratedSbom = { format, artifactType: info.artifactType, digest: sha256Digest(bytes), size: bytes.byteLength, bytes };
        if (opts.outputDir) {
          sbom.path = join(resolve(opts.cwd ?? process.cwd(), opts.outputDir), `${fileStem(inv, inventories.length > 1)}${info.suffix}`);
          await writeFileAtomic(sbom.path, bytes);
        }
        if (opts.attach) {
          const { referrer } = await attachSbom(opened.store, inv.image.descriptor, { bytes, artifactType: info.artifactType, fileName: `sbom${info.suffix}`, created: doc.timestamp });
          sbom.referrer = referrer;
          logger.info(`attached ${format} SBOM to ${opened.display} as ${referrer.digest}`);
        }
        sboms.push(sbom);
      }
      if (drift && !isEmptyDiff(drift)) logger.warn(`SBOM drift for ${inv.image.digest}:\n${formatDiff(drift)}`);
      images.push({ digest: inv.image.digest, ...(inv.image.platform ? { platform: inv.image.platform } : {}), inventory: inv, sboms, ...(drift ? { drift } : {}) });
    }
  } finally {
    await opened.close();
  }
  return { images, warnings };
}
