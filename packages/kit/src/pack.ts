import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Logger } from "@stella/core";
import type { KitSigner } from "./blob-signature.js";
import { readKitManifestFromArchive } from "./archive-manifest.js";
import { compressionForPath } from "./compress.js";
import { describeFiles, KIT_MANIFEST_PATH, manifestBytes, type KitManifest } from "./kit-manifest.js";
import { bytesReader, walkTree, writeTarball, type TarEntry } from "./tar-writer.js";

export interface PackOptions {
  kind: string;
  /** Kit timestamp: every mtime and `created` (from --date or SOURCE_DATE_EPOCH). */
  created: Date;
  tool: { name: string; version: string };
  meta: Record<string, unknown>;
  signer?: KitSigner;
  logger: Logger;
}

export interface PackedKit {
  path: string;
  digest: string;
  size: number;
  /** The kit manifest without its file list (which can be 100k+ entries). */
  manifest: Omit<KitManifest, "files">;
  fileCount: number;
  /** The paths in the kit manifest (read back from the kit's first entry). */
  files(): Promise<string[]>;
  /** Files written beside the kit. */
  checksumFile: string;
  signatureFile: string | undefined;
  bundleFile: string | undefined;
  signedBy: string | undefined;
}

/** The names beside a kit: `.sha256` (sha256sum format), `.sig` (base64), `.sigstore.json` (bundle). */
export function sidecarsOf(kit: string): { checksum: string; signature: string; bundle: string } {
  return { checksum: `${kit}.sha256`, signature: `${kit}.sig`, bundle: `${kit}.sigstore.json` };
}

/**
 * Packs `tree` into a deterministic tarball (compression from the output's name):
 * `manifest.json` first (every file's size and sha256, the kind's facts), then the tree in
 * `tar --sort=name` order; then the `.sha256` and, with a signer, `.sig` + `.sigstore.json`.
 */
export async function packTree(tree: string, output: string, o: PackOptions): Promise<PackedKit> {
  const table = await describeFiles(tree, walkTree(tree), KIT_MANIFEST_PATH);
  const head: Omit<KitManifest, "files"> = { schemaVersion: 1, kind: o.kind, created: o.created.toISOString().replace(/\.\d{3}Z$/, "Z"), tool: o.tool, meta: o.meta };
  const manifest = manifestBytes(head, table);
  const manifestSize = manifest.reduce((n, b) => n + b.length, 0);
  // The tree is walked again rather than kept from the hash pass: 100k retained entries make every
  // garbage collection slower. A file changed in between fails on its size (tarChunks) or at import.
  async function* entries(): AsyncGenerator<TarEntry> {
    // The reader takes the parts over and lets each go once copied (18 MB for 120k files).
    yield { path: KIT_MANIFEST_PATH, type: "file", mode: 0o644, size: manifestSize, reader: () => bytesReader(manifest.splice(0)) };
    for await (const e of walkTree(tree)) if (e.path !== KIT_MANIFEST_PATH) yield e;
  }
  const written = await writeTarball(entries(), output, { mtime: o.created, compression: compressionForPath(output) });
  const side = sidecarsOf(output);
  await writeFile(side.checksum, `${written.digest.slice(7)}  ${basename(output)}\n`);
  o.logger.info(`packed ${table.paths.length} files into ${output} (${written.size} bytes, ${written.digest})`);
  let signedBy: string | undefined;
  if (o.signer) {
    const sig = await o.signer.sign(output, written.digest);
    await writeFile(side.signature, sig.signature + "\n");
    await writeFile(side.bundle, sig.bundleJson);
    signedBy = sig.identity;
  }
  const fileCount = table.paths.length;
  return {
    path: output,
    digest: written.digest,
    size: written.size,
    manifest: head,
    fileCount,
    files: async () => Object.keys((await readKitManifestFromArchive(output)).files),
    checksumFile: side.checksum,
    signatureFile: o.signer ? side.signature : undefined,
    bundleFile: o.signer ? side.bundle : undefined,
    signedBy,
  };
}
