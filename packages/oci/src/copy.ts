import { Transform, type Readable, type TransformCallback } from "node:stream";
import { mapLimit, silentLogger, type Logger, type ProgressCallback } from "@stella/core";
import { OciError } from "./errors.js";
import { OciLayoutStore } from "./layout.js";
import { parseManifest, type ParsedManifest } from "./manifest.js";
import { markVerified } from "./verify-stream.js";
import type { Descriptor, ImageStore, Platform } from "./types.js";

/**
 * Copies an image between any two stores (issue 3 "stella copy"): blob by blob, streaming
 * (a blob is never held whole in memory), skipping blobs the destination has, putting the
 * exact manifest bytes so every digest survives. With `all`: every platform of an index and,
 * recursively, every referrer (signatures of SBOMs included).
 */
export interface CopyOptions {
  all?: boolean;
  /** Without `all`, the platform taken from an index (default: linux and this machine's CPU). */
  platform?: Platform;
  logger?: Logger;
  progress?: ProgressCallback;
  /** Blobs transferred at once (default 4). */
  concurrency?: number;
}

export interface CopyResult {
  /** Digest of the manifest/index written at the destination (the same bytes as the source's). */
  digest: string;
  mediaType: string;
  manifests: number;
  blobs: number;
  blobsSkipped: number;
  bytes: number;
  referrers: number;
}

const GOARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

export function hostPlatform(): Platform {
  return { os: "linux", architecture: GOARCH[process.arch] ?? process.arch };
}

const SMALL_LOCAL_BLOB = 1024 * 1024;

class Copier {
  readonly result = { manifests: 0, blobs: 0, blobsSkipped: 0, bytes: 0, referrers: 0 };
  private readonly doneManifests = new Set<string>();
  private readonly doneBlobs = new Map<string, Promise<void>>();
  private readonly doneReferrers = new Set<string>();
  private readonly logger: Logger;

  constructor(
    private readonly src: ImageStore,
    private readonly dst: ImageStore,
    private readonly options: CopyOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /** A readable for the destination that pulls (verified) from the source once it is read. */
  private sourceOf(d: Descriptor): () => Readable {
    return () => {
      let done = 0;
      const out = new LazySource(
        () => this.src.getBlob(d),
        (n) => {
          done += n;
          this.options.progress?.({ id: d.digest, done, total: d.size, phase: "copy" });
        },
      );
      // src.getBlob's stream fails at its end on a digest mismatch (ImageStore contract), which
      // fails the destination's write: the destination need not hash the bytes again.
      return markVerified(out, d.digest);
    };
  }

  private copyBlob(d: Descriptor): Promise<void> {
    let job = this.doneBlobs.get(d.digest);
    if (!job) {
      job = (async () => {
        if (await this.dst.hasBlob(d.digest)) {
          this.result.blobsSkipped++;
          this.options.progress?.({ id: d.digest, done: d.size, total: d.size, phase: "exists" });
          return;
        }
        this.logger.debug(`copying blob ${d.digest} (${d.size} bytes)`);
        // Layout to layout on one filesystem, the file is shared (verified), not copied. Else a
        // small blob of a local layout is read whole (one system call, verified): cheaper than a
        // chain of streams, and the destination writes it in one go.
        if (await this.linked(d)) this.logger.debug(`linked blob ${d.digest}`);
        else if (this.src instanceof OciLayoutStore && d.size <= SMALL_LOCAL_BLOB) {
          const bytes = await this.src.getBlobBytes(d);
          await this.dst.putBlob(d, () => bytes);
        } else await this.dst.putBlob(d, this.sourceOf(d));
        this.result.blobs++;
        this.result.bytes += d.size;
        this.options.progress?.({ id: d.digest, done: d.size, total: d.size, phase: "done" });
      })();
      this.doneBlobs.set(d.digest, job);
    }
    return job;
  }

  /** Layout to layout: the blob's file linked into the destination (OciLayoutStore.linkBlobFrom). */
  private linked(d: Pick<Descriptor, "digest" | "size">): Promise<boolean> {
    return this.src instanceof OciLayoutStore && this.dst instanceof OciLayoutStore ? this.dst.linkBlobFrom(this.src, d) : Promise.resolve(false);
  }

  /** Copies what `parsed` points at (children first), then its bytes; returns what was put. */
  async copyManifest(bytes: Uint8Array, parsed: ParsedManifest, digest: string, tag?: string): Promise<Descriptor> {
    if (parsed.kind === "index") {
      for (const child of parsed.index.manifests) {
        const blob = await this.src.getManifest(child.digest);
        await this.copyManifest(blob.bytes, parseManifest(blob.bytes, child.digest, child.mediaType), child.digest);
      }
    } else {
      const blobs = [parsed.manifest.config, ...parsed.manifest.layers].filter((b) => !isForeign(b));
      await mapLimit(blobs, this.options.concurrency ?? 4, (b) => this.copyBlob(b));
    }
    let put: Descriptor | undefined;
    if (tag !== undefined || !this.doneManifests.has(digest)) {
      // A linked manifest is found in place by putManifest, which then only tags it.
      await this.linked({ digest, size: bytes.byteLength });
      put = await this.dst.putManifest(bytes, parsed.mediaType, tag);
      if (put.digest !== digest) throw new OciError(`destination stored manifest ${digest} as ${put.digest}`, { code: "DIGEST_MISMATCH" });
      if (!this.doneManifests.has(digest)) this.result.manifests++;
      this.doneManifests.add(digest);
    }
    if (this.options.all) await this.copyReferrers(digest);
    return put ?? { mediaType: parsed.mediaType, digest, size: bytes.byteLength };
  }

  /** Every referrer of `subject`, and theirs in turn (a signature of an SBOM). */
  private async copyReferrers(subject: string): Promise<void> {
    if (this.doneReferrers.has(subject)) return;
    this.doneReferrers.add(subject);
    const referrers = await this.src.referrers(subject);
    // At once: a layout destination lists them in one index.json write (group commit), and its
    // tag index does not depend on the order they land in (referrers-index.ts sorts).
    await mapLimit(referrers, this.options.concurrency ?? 4, async (r) => {
      if (this.doneManifests.has(r.digest)) return;
      const blob = await this.src.getManifest(r.digest);
      const parsed = parseManifest(blob.bytes, r.digest, r.mediaType);
      if (parsed.kind === "manifest") {
        await mapLimit([parsed.manifest.config, ...parsed.manifest.layers].filter((b) => !isForeign(b)), this.options.concurrency ?? 4, (b) => this.copyBlob(b));
      } else {
        for (const child of parsed.index.manifests) {
          const c = await this.src.getManifest(child.digest);
          await this.copyManifest(c.bytes, parseManifest(c.bytes, child.digest, child.mediaType), child.digest);
        }
      }
      await this.linked({ digest: r.digest, size: blob.bytes.byteLength });
      const put = await this.dst.putReferrer(blob.bytes, parsed.mediaType);
      if (put.digest !== r.digest) throw new OciError(`destination stored referrer ${r.digest} as ${put.digest}`, { code: "DIGEST_MISMATCH" });
      this.doneManifests.add(r.digest);
      this.result.manifests++;
      this.result.referrers++;
      this.logger.debug(`copied referrer ${r.digest} (${r.artifactType ?? parsed.mediaType}) of ${subject}`);
      await this.copyReferrers(r.digest);
    });
  }
}

/**
 * Pipes the source through, counting bytes, but opens it only on the destination's first
 * read: nothing flows, and no source error can fire, before the destination consumes it.
 */
class LazySource extends Transform {
  private started = false;

  constructor(
    private readonly open: () => Promise<Readable>,
    private readonly onChunk: (bytes: number) => void,
  ) {
    super({ highWaterMark: 64 * 1024 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.onChunk(chunk.byteLength);
    done(null, chunk);
  }

  override _read(size: number): void {
    if (!this.started) {
      this.started = true;
      this.open().then(
        (source) => {
          source.on("error", (e) => this.destroy(e));
          source.pipe(this);
        },
        (e: unknown) => this.destroy(e instanceof Error ? e : new Error(String(e))),
      );
    }
    super._read(size);
  }
}

/** Non-distributable (foreign) layers are not copied (image-spec layer.md). */
function isForeign(d: Descriptor): boolean {
  return d.mediaType.includes("nondistributable") || d.mediaType.includes("foreign");
}

function samePlatform(a: Platform | undefined, b: Platform): boolean {
  return a !== undefined && a.os === b.os && a.architecture === b.architecture && (b.variant === undefined || a.variant === b.variant);
}

function formatPlatform(p: Platform | undefined): string {
  return p ? `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}` : "unknown";
}

export async function copyImage(
  src: { store: ImageStore; reference: string },
  dst: { store: ImageStore; tag?: string; digest?: string },
  options: CopyOptions = {},
): Promise<CopyResult> {
  const copier = new Copier(src.store, dst.store, options);
  let top = await src.store.getManifest(src.reference);
  let parsed = parseManifest(top.bytes, `${src.store.location}@${top.descriptor.digest}`, top.descriptor.mediaType);
  if (parsed.kind === "index" && !options.all) {
    const want = options.platform ?? hostPlatform();
    const pick = parsed.index.manifests.find((m) => samePlatform(m.platform, want));
    if (!pick) {
      throw new OciError(`${src.store.location}:${src.reference} is an index without a ${formatPlatform(want)} image`, {
        code: "NOT_FOUND",
        hint: `platforms: ${parsed.index.manifests.map((m) => formatPlatform(m.platform)).join(", ")}; use --all to copy every platform`,
      });
    }
    top = await src.store.getManifest(pick.digest);
    parsed = parseManifest(top.bytes, pick.digest, pick.mediaType);
  }
  if (dst.digest !== undefined && dst.digest !== top.descriptor.digest) {
    throw new OciError(`source ${src.store.location} resolves to ${top.descriptor.digest}, but the destination asks for ${dst.digest}`, { code: "DIGEST_MISMATCH" });
  }
  const put = await copier.copyManifest(top.bytes, parsed, top.descriptor.digest, dst.tag);
  return { digest: put.digest, mediaType: parsed.mediaType, ...copier.result };
}
