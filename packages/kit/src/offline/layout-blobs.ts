import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Layer blobs of an OCI layout: every `layers[]` digest of an image manifest that is not a
 * referrer (no `subject`). Only these may be left out of a delta kit: manifests, configs and
 * referrer payloads (signatures, SBOMs, attestations) always travel, so a delta can be
 * verified on its own (§15 "Delta-kit").
 */
export async function layerBlobsOf(layoutDir: string): Promise<Set<string>> {
  const dir = join(layoutDir, "blobs", "sha256");
  const layers = new Set<string>();
  for (const hex of await readdir(dir).catch(() => [])) {
    const path = join(dir, hex);
    if ((await stat(path)).size > 4 * 2 ** 20) continue;
    const text = await readFile(path, "utf8");
    if (!text.startsWith("{")) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof doc !== "object" || doc === null) continue;
    const m = doc as Record<string, unknown>;
    if (m.subject !== undefined || !Array.isArray(m.layers)) continue;
    for (const l of m.layers) {
      const d = typeof l === "object" && l !== null ? (l as Record<string, unknown>).digest : undefined;
      if (typeof d === "string") layers.add(d);
    }
  }
  return layers;
}

/** Archive path of a blob in the kit's `images/` layout. */
export function blobPath(digest: string): string {
  return `images/blobs/sha256/${digest.replace(/^sha256:/, "")}`;
}
