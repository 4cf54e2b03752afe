import type { ImageStore } from "@stella/oci";
import { runCatalogers } from "./catalog.js";
import { defaultCatalogers } from "./catalogers/index.js";
import { resolveImages, type ResolvedImage } from "./image.js";
import { walkLayers, type LayerSummary } from "./layer-walker.js";
import { DEFAULT_LIMITS, type CatalogContext, type Cataloger, type Component, type WalkLimits, type Warning } from "./types.js";

export interface ScanOptions {
  store: ImageStore;
  /** Tag or digest inside the store. */
  reference: string;
  /** `os/arch[/variant]` or `all` for an index; default linux/amd64. */
  platform?: string;
  catalogers?: Cataloger[];
  limits?: WalkLimits;
}

/** What one image holds: the SBOM's content before it is written in any format. */
export interface ImageInventory {
  image: ResolvedImage;
  location: string;
  components: Component[];
  layers: LayerSummary[];
  warnings: Warning[];
  distro?: CatalogContext["distro"];
}

/** Walks an image's layers once and catalogs them (one inventory per platform). */
export async function scanImage(opts: ScanOptions): Promise<ImageInventory[]> {
  const catalogers = opts.catalogers ?? defaultCatalogers();
  const images = await resolveImages(opts.store, opts.reference, opts.platform);
  const out: ImageInventory[] = [];
  for (const image of images) {
    const walk = await walkLayers(image.layers, catalogers, opts.limits ?? DEFAULT_LIMITS);
    const { components, warnings, distro } = await runCatalogers(walk, catalogers);
    out.push({ image, location: opts.store.location, components, layers: walk.layers, warnings, ...(distro ? { distro } : {}) });
  }
  return out;
}
