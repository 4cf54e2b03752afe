import { mkdir, open, rm, writeFile, type FileHandle } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { tempPathFor } from "@stella/core";
import type { Logger } from "@stella/core";
import type { KitSigner } from "./blob-signature.js";
import { readKitManifestFromArchive } from "./archive-manifest.js";
import { compressionForPath } from "./compress.js";
import { writeAll, type ByteSink } from "./archive-sink.js";
import { FileTableBuilder, KIT_MANIFEST_PATH, manifestBytes, type KitManifest } from "./kit-manifest.js";
import { digestBeside, type PendingDigest } from "./file-digest.js";
import { closeLanes, LANE_MIN_BYTES, startLanes, wantsLane, type FileLane } from "./tar-lane.js";
import { bytesReader, compressTar, tarBlockPool, writeAtomically, type TarEntry } from "./tar-writer.js";
import { TreePlan } from "./tree-plan.js";
import { ZstdFrameCompressor } from "./zstd-compressor.js";

export interface PackOptions {
  kind: string;
  /** Kit timestamp: every mtime and `created` (from --date or SOURCE_DATE_EPOCH). */
  created: Date;
  tool: { name: string; version: string };
  meta: Record<string, unknown>;
  signer?: KitSigner;
  logger: Logger;
  /** Files at least this large get a lane (tar-lane.ts; default LANE_MIN_BYTES): tests make it small. */
  laneMinBytes?: number;
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
 * only on the tree. With zstd, the middles of large files are compressed from the start beside
 * the writer (tar-lane.ts) and their frames spliced into the body where they belong.
 */
export async function packTree(tree: string, output: string, o: PackOptions): Promise<PackedKit> {
  const compression = compressionForPath(output);
  const mtime = o.created;
  const files = new FileTableBuilder();
  await mkdir(dirname(output), { recursive: true });
  const compressor = compression === "zstd" ? new ZstdFrameCompressor() : undefined;
  const laneMin = o.laneMinBytes ?? LANE_MIN_BYTES;
  // A large file's digest starts on its own thread as the walk finds it; its lane once the walk is done.
  const digests = new Map<string, PendingDigest>();
  let lanes = new Map<string, FileLane>();
  const body = new BodyFile(tempPathFor(`${output}.body`));
  const pool = tarBlockPool(compressor);
  try {
    const plan = TreePlan.walk(tree, (path) => path === KIT_MANIFEST_PATH, (path, file, size) => {
      if (compressor && wantsLane(size, laneMin)) digests.set(path, digestBeside(file, path));
    });
    if (compressor && digests.size) {
      lanes = startLanes(plan, mtime, compressor, output, new Map([...digests].map(([path, d]) => [path, d.digest])));
      o.logger.debug(`compressing ${[...lanes.keys()].join(", ")} beside the writer (lanes)`);
    }
    try {
      await compressTar(
        plan.entries((e) => {
          const lane = lanes.get(e.path);
          if (lane) e.lane = lane;
        }),
        body,
        { mtime, compression, ...(compressor ? { compressor } : {}), pool, lanes: lanes.size > 0, onFile: (path, size, sha256) => files.add(path, size, sha256) },
      );
    } finally {
      await body.close();
    }
    for (const lane of lanes.values()) lane.widen();
    // A lane's digest comes from its hash pass, ahead of its last frames: the manifest part and the
    // body's head go into the kit while the frames are still coming, and follow them (copyInto).
    for (const lane of lanes.values()) files.add(lane.path, lane.size, await lane.digest);
    const table = files.table();
    const head: Omit<KitManifest, "files"> = { schemaVersion: 1, kind: o.kind, created: mtime.toISOString().replace(/\.\d{3}Z$/, "Z"), tool: o.tool, meta: o.meta };
    const manifest = manifestBytes(head, table);
    const fileCount = table.paths.length;
    const manifestEntry: TarEntry = { path: KIT_MANIFEST_PATH, type: "file", mode: 0o644, size: manifest.size, reader: () => bytesReader(manifest.parts()) };
    // With a key that signs a prehash, the kit is signed as it is written, not read again after.
    const streaming = o.signer?.streaming?.();
    const written = await writeAtomically(
      output,
      async (out) => {
        await compressTar([manifestEntry], out, { mtime, compression, ...(compressor ? { compressor } : {}), pool, endOfArchive: false });
        const copy: [Buffer, Buffer] = [await pool.acquire(), await pool.acquire()];
        try {
          await body.copyInto(out, copy);
        } finally {
          for (const b of copy) pool.release(b);
        }
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
    pool.dispose();
    compressor?.close();
    for (const d of digests.values()) d.cancel();
    await closeLanes(lanes.values());
    await rm(body.path, { force: true });
  }
}

/**
 * The compressed body of a kit: a temp file written in order, and the points where lanes'
 * frames go (`splice`); `copyInto` hands on the body with every lane's frames in place.
 */
class BodyFile implements ByteSink {
  private file: FileHandle | undefined;
  private written = 0;
  private readonly cuts: { at: number; lane: FileLane }[] = [];

  constructor(readonly path: string) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.file ??= await open(this.path, "wx", 0o600);
    await writeAll(this.file, bytes);
    this.written += bytes.length;
  }

  splice(lane: FileLane): void {
    this.cuts.push({ at: this.written, lane });
  }

  async close(): Promise<void> {
    await this.file?.close();
    this.file = undefined;
  }

  /** `buffers`: two buffers to copy through (blocks of the tar writer's pool, idle by then). */
  async copyInto(out: ByteSink, buffers: [Buffer, Buffer]): Promise<void> {
    let from = 0;
    for (const cut of this.cuts) {
      await copyRange(this.path, from, cut.at, out, buffers);
      await followLane(cut.lane, out, buffers);
      from = cut.at;
    }
    await copyRange(this.path, from, this.written, out, buffers);
  }
}

/** Appends a lane's frames to `out` as they are written, to the last (and the lane's verdict). */
async function followLane(lane: FileLane, out: ByteSink, buffers: [Buffer, Buffer]): Promise<void> {
  for (let copied = 0; ; ) {
    const { written, finished } = lane.progress();
    if (copied < written) {
      await copyRange(lane.framesPath, copied, written, out, buffers);
      copied = written;
    } else if (finished) {
      const size = await lane.done;
      if (size !== copied) throw new Error(`internal: ${lane.path}: ${copied} of ${size} frame bytes copied`);
      return;
    } else await lane.more(copied);
  }
}

/**
 * Appends bytes [from, to) of `path` to `out`, reading into one of `buffers` while `out` takes
 * the other (the copy of a kit's body overlaps its reads with hashing and writing).
 */
async function copyRange(path: string, from: number, to: number, out: ByteSink, buffers: [Buffer, Buffer]): Promise<void> {
  if (to <= from) return;
  const fh = await open(path, "r");
  try {
    const readAt = async (at: number, buf: Buffer): Promise<Buffer> => {
      const want = Math.min(buf.length, to - at);
      for (let got = 0; got < want; ) {
        const { bytesRead } = await fh.read(buf, got, want - got, at + got);
        if (bytesRead === 0) throw new Error(`internal: ${path} ends at ${at + got}, expected ${to} bytes`);
        got += bytesRead;
      }
      return buf.subarray(0, want);
    };
    let next = readAt(from, buffers[0]);
    for (let at = from, i = 0; at < to; i ^= 1) {
      const chunk = await next;
      at += chunk.length;
      if (at < to) next = readAt(at, buffers[i ^ 1]);
      await out.write(chunk);
    }
  } finally {
    await fh.close();
  }
}
