import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { OciLayoutStore } from "./layout.js";
import { childrenOf, MAX_MANIFEST_BYTES, parseManifest } from "./manifest.js";
import { isManifestMediaType } from "./media-types.js";
import type { Descriptor } from "./types.js";

export interface PruneResult {
  kept: number;
  removed: { digest: string; size: number }[];
}

/**
 * Removes the blobs of a layout that nothing in index.json reaches (image-layout.md: blobs are
 * content addressed, index.json is the entry point): what is listed there (tags, referrers, the
 * `sha256-<hex>` referrers tag indexes) and, down from each manifest, its config and layers and
 * from each index its manifests. What a referrers tag index was before its last update is such
 * a blob. For a layout that is about to be packed (a kit), so it carries only what it uses and
 * its bytes do not depend on how many times a tag index was rewritten; not for a layout other
 * writers may be using.
 */
export async function pruneLayout(store: OciLayoutStore): Promise<PruneResult> {
  const reachable = new Set<string>();
  const visit = async (d: Descriptor): Promise<void> => {
    if (reachable.has(d.digest) || !(await store.hasBlob(d.digest))) return;
    reachable.add(d.digest);
    if (!isManifestMediaType(d.mediaType) || d.size > MAX_MANIFEST_BYTES) return;
    const { manifests, blobs } = childrenOf(parseManifest(await store.getBlobBytes(d), d.digest, d.mediaType));
    for (const child of [...manifests, ...blobs]) await visit(child);
  };
  for (const d of (await store.readIndex()).manifests) await visit(d);
  const dir = join(store.dir, "blobs", "sha256");
  const removed: PruneResult["removed"] = [];
  for (const hex of readdirSync(dir).sort()) {
    const digest = `sha256:${hex}`;
    if (reachable.has(digest)) continue;
    const path = join(dir, hex);
    removed.push({ digest, size: statSync(path).size });
    rmSync(path, { force: true });
  }
  return { kept: reachable.size, removed };
}
