import { mkdir, open, rm, writeFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { readThrough, tempPathFor } from "@stella/core";
import type { Logger } from "@stella/core";
import type { KitSigner } from "./blob-signature.js";
import { readKitManifestFromArchive } from "./archive-manifest.js";
import { compressionForPath } from "./compress.js";
import { writeAll, type ByteSink } from "./archive-sink.js";
import { FileTableBuilder, KIT_MANIFEST_PATH, manifestBytes, type KitManifest } from "./kit-manifest.js";
import { bytesReader, compressTar, walkTree, writeAtomically, type TarEntry } from "./tar-writer.js";

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
 *
 * The tree is read once: each file is hashed as it is archived into a compressed body part (a
 * temp file beside the output); the manifest, complete only then, is compressed as the first
 * part and the body appended. Compressed parts (zstd frames, gzip members) concatenate into one
 * valid stream (RFC 8878 §3.1, RFC 1952 §2.2), so the kit reads as one tar; the bytes depend
 * only on the tree.
 */
export async function packTree(tree: string, output: string, o: PackOptions): Promise<PackedKit> {
  const compression = compressionForPath(output);
  const mtime = o.created;
  const files = new FileTableBuilder();
  const bodyPath = tempPathFor(`${output}.body`);
  await mkdir(dirname(output), { recursive: true });
  try {
    const body = await open(bodyPath, "wx", 0o600);
    try {
      const treeEntries = filter(walkTree(tree), (e) => e.path !== KIT_MANIFEST_PATH);
      await compressTar(treeEntries, { write: (bytes) => writeAll(body, bytes) }, { mtime, compression, onFile: (path, size, sha256) => files.add(path, size, sha256) });
    } finally {
      await body.close();
    }
    const table = files.table();
    const head: Omit<KitManifest, "files"> = { schemaVersion: 1, kind: o.kind, created: mtime.toISOString().replace(/\.\d{3}Z$/, "Z"), tool: o.tool, meta: o.meta };
    const manifest = manifestBytes(head, table);
    const manifestSize = manifest.reduce((n, b) => n + b.length, 0);
    const fileCount = table.paths.length;
    const manifestEntry: TarEntry = { path: KIT_MANIFEST_PATH, type: "file", mode: 0o644, size: manifestSize, reader: () => bytesReader(manifest.splice(0)) };
    // With a key that signs a prehash, the kit is signed as it is written, not read again after.
    const streaming = o.signer?.streaming?.();
    const written = await writeAtomically(
      output,
      async (out) => {
        await compressTar([manifestEntry], out, { mtime, compression, endOfArchive: false });
        await copyInto(bodyPath, out);
      },
      streaming && ((bytes) => streaming.update(bytes)),
    );
    const side = sidecarsOf(output);
    await writeFile(side.checksum, `${written.digest.slice(7)}  ${basename(output)}\n`);
    o.logger.info(`packed ${fileCount} files into ${output} (${written.size} bytes, ${written.digest})`);
    let signedBy: string | undefined;
    if (o.signer) {
      const sig = streaming ? await streaming.finish(written.digest) : await o.signer.sign(output, written.digest);
      await writeFile(side.signature, sig.signature + "\n");
      await writeFile(side.bundle, sig.bundleJson);
      signedBy = sig.identity;
    }
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
  } finally {
    await rm(bodyPath, { force: true });
  }
}

function* filter<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

/** Appends the bytes of `path` to `out` through one 1 MiB buffer. */
async function copyInto(path: string, out: ByteSink): Promise<void> {
  await readThrough(path, (bytes) => out.write(bytes));
}
