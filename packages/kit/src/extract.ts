import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, constants as fsc, linkSync, mkdirSync, openSync, symlinkSync, writeSync } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Transform, Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { decompressors, sniffCompression, type Compression } from "./compress.js";
import { resolveSymlinkTarget, safeEntryPath, symlinkAncestor } from "./entry-path.js";
import { KitError } from "./errors.js";
import { TarReader, type TarBodySink, type TarReadHeader, type TarVisitor } from "./tar-reader.js";

/** Decompression-bomb limits (§ "What it must show": size and ratio). */
export interface ExtractLimits {
  /** Most uncompressed content bytes in total. */
  maxTotalBytes: number;
  /** Most uncompressed/compressed ratio, checked once `ratioFloorBytes` are out. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const defaultExtractLimits: ExtractLimits = { maxTotalBytes: 16 * 2 ** 30, maxRatio: 100, ratioFloorBytes: 16 * 2 ** 20, maxEntries: 2_000_000 };

export interface ExpectedFile {
  size: number;
  /** `sha256:<hex>`. */
  digest: string;
}

export interface ExtractOptions {
  limits?: Partial<ExtractLimits>;
  /**
   * Every regular file the archive may hold with its size and digest (the kit manifest), or a
   * function that receives the first entry's bytes when it is `manifestEntry` and returns it.
   * Files not listed, listed files missing, a size differing (checked from the header, before
   * a byte is written) or a digest differing refuse the archive.
   */
  expected?: ReadonlyMap<string, ExpectedFile>;
  manifestEntry?: { path: string; parse: (bytes: Buffer) => ReadonlyMap<string, ExpectedFile> };
  /** Runs on the complete, verified staging tree just before it is swapped in (e.g. to add an import record). */
  beforeSwap?: (staging: string) => Promise<void>;
  /** Compression of a stream source (a file path is sniffed by its magic bytes). */
  compression?: Compression;
}

export interface ExtractResult {
  files: number;
  bytes: number;
  /** The previous target, kept for rollback (undefined when there was none). */
  previous: string | undefined;
}

interface State {
  seen: Set<string>;
  files: Set<string>;
  symlinks: Set<string>;
  /** Directories already created (absolute). */
  made: Set<string>;
  total: number;
  entries: number;
  expected: ReadonlyMap<string, ExpectedFile> | undefined;
}

/** `<parent>/.<name>.previous`: the one generation kept for rollback. */
export function previousPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.previous`);
}

/**
 * Extracts a (gzip/zstd/plain) tar into `target` safely: everything goes to a staging
 * directory beside the target (same filesystem), every rule is checked before the entry is
 * written, and only a complete, verified tree is swapped in (old target → `.previous`,
 * staging → target). On any refusal the staging directory is removed and the target is as
 * it was.
 */
export async function extractSafely(archive: string | (() => Readable), target: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const limits = { ...defaultExtractLimits, ...options.limits };
  const staging = join(dirname(target), `.${basename(target)}.staging-${randomBytes(6).toString("hex")}`);
  await mkdir(staging, { recursive: true, mode: 0o755 });
  try {
    const result = await extractInto(archive, staging, limits, options);
    await options.beforeSwap?.(staging);
    const previous = await swapIn(staging, target);
    return { ...result, previous };
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

async function extractInto(archive: string | (() => Readable), staging: string, limits: ExtractLimits, options: ExtractOptions): Promise<{ files: number; bytes: number }> {
  let compressedBytes = 0;
  const source = typeof archive === "string" ? createReadStream(archive, { highWaterMark: 1 << 20 }) : archive();
  const head = typeof archive === "string" ? await sniff(archive) : (options.compression ?? "none");
  const state: State = { seen: new Set(), files: new Set(), symlinks: new Set(), made: new Set([staging]), total: 0, entries: 0, expected: options.expected };
  const extractor = new Extractor(staging, state, limits, options, () => compressedBytes);
  const reader = new TarReader(extractor);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      compressedBytes += chunk.length;
      cb(null, chunk);
    },
  });
  // Entries are checked and written synchronously as the decompressor hands over its chunks
  // (decompression runs ahead on the thread pool): no stream or promise per entry.
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      try {
        reader.push(chunk);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    final(cb) {
      try {
        reader.end();
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  try {
    await pipeline([source, counter, ...decompressors(head), sink]);
  } finally {
    extractor.abort();
  }
  if (state.expected) {
    const missing = [...state.expected.keys()].filter((p) => !state.files.has(p));
    if (missing.length) throw new KitError(`the archive lacks ${missing.length} file(s) its manifest lists: ${missing.slice(0, 5).join(", ")}`, { code: "MANIFEST", hint: "the kit is truncated or was altered; fetch it again" });
  }
  return { files: state.files.size, bytes: state.total };
}

async function sniff(path: string): Promise<"gzip" | "zstd" | "none"> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(path, { start: 0, end: 3 })) chunks.push(c as Buffer);
  return sniffCompression(Buffer.concat(chunks));
}

/** Checks every entry against the rules and writes it into the staging directory (sync I/O). */
class Extractor implements TarVisitor {
  private open: { fd: number } | undefined;

  constructor(
    private readonly staging: string,
    private readonly state: State,
    private readonly limits: ExtractLimits,
    private readonly options: ExtractOptions,
    private readonly compressedSoFar: () => number,
  ) {}

  entry(header: TarReadHeader): TarBodySink | undefined {
    const { state, limits } = this;
    const rel = safeEntryPath(header.name);
    if (state.seen.has(rel)) throw unsafe(`entry ${JSON.stringify(rel)} appears twice`);
    state.seen.add(rel);
    if (++state.entries > limits.maxEntries) throw bomb(`more than ${limits.maxEntries} entries`);
    const through = symlinkAncestor(rel, state.symlinks);
    if (through) throw unsafe(`entry ${JSON.stringify(rel)} would be written through symlink ${JSON.stringify(through)}`);
    const abs = join(this.staging, rel);
    switch (header.type) {
      case "directory":
        this.makeDir(abs);
        return undefined;
      case "symlink":
        resolveSymlinkTarget(rel, header.linkname, state.symlinks);
        state.symlinks.add(rel);
        this.makeDir(dirname(abs));
        symlinkSync(header.linkname, abs);
        return undefined;
      case "link": {
        const from = safeEntryPath(header.linkname);
        if (!state.files.has(from)) throw unsafe(`hardlink ${JSON.stringify(rel)} -> ${JSON.stringify(header.linkname)} does not point at a file extracted before it`);
        this.makeDir(dirname(abs));
        linkSync(join(this.staging, from), abs);
        state.files.add(rel);
        return undefined;
      }
      case "file":
      case "contiguous-file":
        return this.file(rel, header, abs);
      default:
        throw unsafe(`entry ${JSON.stringify(rel)} is a ${header.type === "unsupported" ? `type ${JSON.stringify(header.typeflag)} entry` : header.type}; only files, directories and links are allowed`);
    }
  }

  /** Closes a file left open by a failure. */
  abort(): void {
    if (this.open) closeSync(this.open.fd);
    this.open = undefined;
  }

  private makeDir(dir: string): void {
    if (this.state.made.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    this.state.made.add(dir);
  }

  private file(rel: string, header: TarReadHeader, abs: string): TarBodySink {
    const { state, limits, options } = this;
    const isManifest = options.manifestEntry?.path === rel && state.files.size === 0;
    if (options.manifestEntry && !isManifest && !state.expected) {
      throw new KitError(`the archive must start with ${options.manifestEntry.path}, found ${JSON.stringify(rel)} first`, { code: "MANIFEST", hint: "this is not a kit built by stella, or it was repacked" });
    }
    const want = isManifest ? undefined : state.expected?.get(rel);
    if (state.expected && !isManifest && !want) throw new KitError(`entry ${JSON.stringify(rel)} is not in the kit manifest`, { code: "MANIFEST", hint: "the kit was altered after it was built" });
    if (want && want.size !== header.size) throw new KitError(`entry ${JSON.stringify(rel)} is ${header.size} bytes, the manifest says ${want.size}`, { code: "SIZE_MISMATCH", hint: "the kit was altered after it was built" });
    if (state.total + header.size > limits.maxTotalBytes) throw bomb(`content would exceed ${limits.maxTotalBytes} bytes (at ${JSON.stringify(rel)})`);
    this.makeDir(dirname(abs));
    const fd = openSync(abs, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, header.mode & 0o111 ? 0o755 : 0o644);
    this.open = { fd };
    const hash = createHash("sha256");
    const keep: Buffer[] = [];
    return {
      data: (bytes) => {
        state.total += bytes.length;
        if (state.total > limits.ratioFloorBytes && state.total / Math.max(1, this.compressedSoFar()) > limits.maxRatio) {
          throw bomb(`compression ratio above ${limits.maxRatio}:1 (at ${JSON.stringify(rel)})`);
        }
        hash.update(bytes);
        if (isManifest) keep.push(Buffer.from(bytes));
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      },
      end: () => {
        this.open = undefined;
        closeSync(fd);
        state.files.add(rel);
        const digest = `sha256:${hash.digest("hex")}`;
        if (want && want.digest !== digest) throw new KitError(`entry ${JSON.stringify(rel)} has digest ${digest}, the manifest says ${want.digest}`, { code: "DIGEST_MISMATCH", hint: "the kit was altered after it was built" });
        if (isManifest && options.manifestEntry) state.expected = options.manifestEntry.parse(Buffer.concat(keep));
      },
    };
  }
}

/** Old target → `.previous` (replacing an older one), staging → target; undone if the second rename fails. */
async function swapIn(staging: string, target: string): Promise<string | undefined> {
  const previous = previousPathFor(target);
  const exists = await stat(target).then(() => true, () => false);
  if (!exists) {
    await mkdir(dirname(target), { recursive: true });
    await rename(staging, target);
    return undefined;
  }
  await rm(previous, { recursive: true, force: true });
  await rename(target, previous);
  try {
    await rename(staging, target);
  } catch (e) {
    await rename(previous, target);
    throw e;
  }
  return previous;
}

/** Puts `.previous` back as the target; the rolled-back tree is removed. */
export async function rollback(target: string): Promise<void> {
  const previous = previousPathFor(target);
  if (!(await stat(previous).then(() => true, () => false))) throw new KitError(`no previous version of ${target} to roll back to`, { code: "IO" });
  const failed = `${previous}-rolledback-${randomBytes(4).toString("hex")}`;
  await rename(target, failed);
  await rename(previous, target);
  await rm(failed, { recursive: true, force: true });
}

function unsafe(message: string): KitError {
  return new KitError(message, { code: "UNSAFE_ENTRY", hint: "the archive is damaged or malicious; nothing was extracted, the target is unchanged" });
}

function bomb(message: string): KitError {
  return new KitError(`refused as a decompression bomb: ${message}`, { code: "BOMB", hint: "raise the extraction limits only if you trust this archive" });
}
