import { closeSync, constants as fsc, createReadStream, createWriteStream, existsSync, fsync, fstatSync, linkSync, openSync, readFileSync, statSync, writeSync, type BigIntStats } from "node:fs";
import { link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { join, resolve as resolvePath } from "node:path";
import { promisify } from "node:util";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sha256Digest, tempPathFor, writeFileAtomic, writeFileAtomicSync } from "@stella/core";
import { OciError } from "./errors.js";
import { withLockFile } from "./lock-file.js";
import { MAX_MANIFEST_BYTES, parseManifest, subjectOf, type ImageIndex } from "./manifest.js";
import { MediaType } from "./media-types.js";
import { layoutReferrers, putLayoutReferrer } from "./layout-referrers.js";
import type { Descriptor, ImageStore, ManifestBlob } from "./types.js";
import { DigestVerifier, isMarkedVerified, verifyBytes, verifyFile } from "./verify-stream.js";

/** image-spec annotations.md: the tag of an index.json entry. */
export const REF_NAME = "org.opencontainers.image.ref.name";
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const LAYOUT_HEADER = JSON.stringify({ imageLayoutVersion: "1.0.0" });

/**
 * What the changes of one index.json write share: blobs to store before index.json is written,
 * keyed (a later change under the same key replaces the bytes). A referrers tag index that
 * several referrers of one subject update in one write is stored once, in its final form.
 */
export interface IndexBatch {
  blobs: Map<string, Uint8Array>;
}

export type IndexChange = (index: ImageIndex, batch: IndexBatch) => ImageIndex | undefined | Promise<ImageIndex | undefined>;

interface PendingIndexChange {
  change: IndexChange;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface PendingIndexChanges {
  queue: PendingIndexChange[];
  /** A writer is waiting for the lock and will take the queue. */
  scheduled: boolean;
}

/**
 * The subject of each manifest read, by digest, for every layout this process opens: a digest
 * names its content, so the answer never goes stale, and listing referrers (which looks at
 * every manifest of index.json) reads each manifest once, not once per store opened.
 */
const subjectsByDigest = new Map<string, string | null>();
const MAX_KNOWN_SUBJECTS = 100_000;

/** index.json changes waiting for the next write, per layout (keyed by its lock file path). */
const pendingIndexChanges = new Map<string, PendingIndexChanges>();

/** Which file a path names, and which version of it: a rename-replaced file is another inode. */
function identityOf(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/**
 * Files up to this size (manifests, index.json, signatures, SBOMs) are read and written with
 * plain system calls: a promise-based readFile is four thread-pool round trips, about 25x the
 * wall time of readFileSync for a 2 KB file here, and a layout operation is mostly such files
 * (bench/pipeline). Larger blobs stream.
 */
const SMALL_FILE = 1024 * 1024;

function exists(path: string): Promise<boolean> {
  return Promise.resolve(existsSync(path));
}

/**
 * An OCI image layout directory (image-spec 1.1 image-layout.md): `oci-layout`, `index.json`,
 * `blobs/sha256/<hex>`. Tags are `org.opencontainers.image.ref.name` annotations of index.json
 * entries. Safe for two writers: blobs go to a temp file, are verified, then renamed; index.json
 * is read-modified-written under `index.json.lock` and replaced atomically.
 * Referrers are kept in index.json untagged (as oras's OCI store does) and listed in the
 * `sha256-<hex>` referrers tag index (as cosign/oras read it); `referrers()` merges both.
 */
export class OciLayoutStore implements ImageStore {
  readonly location: string;

  private indexCache: { key: string; index: ImageIndex } | undefined;
  private lastWritten: { bytes: Buffer; index: ImageIndex } | undefined;

  /** False for a scratch layout (a kit's tree, packed then deleted; an import's staging): files are not fsync'd, and blobs may be shared with another layout by hard link. */
  private durable = true;

  private constructor(readonly dir: string) {
    this.location = `oci:${dir}`;
  }

  /**
   * Opens a layout. With `create`, a missing or empty directory becomes a new layout; a
   * non-empty directory without `oci-layout` is always refused (it is not ours to write into).
   */
  static async open(dir: string, options: { create?: boolean; scratch?: boolean } = {}): Promise<OciLayoutStore> {
    const abs = resolvePath(dir);
    const store = new OciLayoutStore(abs);
    store.durable = !options.scratch;
    const header = join(abs, "oci-layout");
    if (!(await exists(header))) {
      const entries = await readdir(abs).catch(() => undefined);
      if (entries === undefined && !options.create) {
        throw new OciError(`OCI layout directory ${abs} does not exist`, { code: "NOT_FOUND", hint: "check the path after oci:" });
      }
      // Another writer's temp file of the header is not content: it is creating the layout too.
      const created = entries?.includes("oci-layout") === true; // by another writer just now
      if (entries !== undefined && !created && (entries.some((e) => !TEMP_RE.test(e)) || !options.create)) {
        throw new OciError(`${abs} is not an OCI image layout: it has no oci-layout file`, {
          code: "BAD_LAYOUT",
          hint: "point oci: at a directory written by stella, skopeo, umoci or oras, or at an empty/new directory when writing",
        });
      }
      // The header first, each file created exclusively: writers creating one layout at once
      // all end up with the same files and nobody's index entries are overwritten.
      await mkdir(abs, { recursive: true });
      await createExclusive(header, LAYOUT_HEADER);
    }
    if (!isLayoutHeader(await readFile(header, "utf8"))) throw new OciError(`${header} is not a valid oci-layout file`, { code: "BAD_LAYOUT" });
    await mkdir(join(abs, "blobs", "sha256"), { recursive: true });
    await createExclusive(join(abs, "index.json"), JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }));
    return store;
  }

  blobPath(digest: string): string {
    if (!DIGEST_RE.test(digest)) throw new OciError(`"${digest}" is not a sha256 digest`, { code: "BAD_REFERENCE" });
    return join(this.dir, "blobs", "sha256", digest.slice("sha256:".length));
  }

  /**
   * index.json, parsed. The parse is kept while the file is the same one (inode, size, mtime,
   * ctime): writers replace index.json by rename, so a changed file is a new inode, and a
   * layout read many times (referrers, resolving digests) costs a stat per read.
   */
  readIndex(): Promise<ImageIndex> {
    return new Promise((resolve) => resolve(this.indexNow()));
  }

  private indexNow(): ImageIndex {
    const path = join(this.dir, "index.json");
    const fail = (e: unknown): never => {
      throw new OciError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_LAYOUT", cause: e });
    };
    let key: string;
    let bytes: Buffer;
    try {
      const cached = this.indexCache;
      if (cached && cached.key === identityOf(statSync(path, { bigint: true }))) return cached.index;
      const fd = openSync(path, "r");
      try {
        key = identityOf(fstatSync(fd, { bigint: true }));
        bytes = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      return fail(e);
    }
    // The bytes this store last wrote (after its own write, the usual next read) need no parse.
    const mine = this.lastWritten;
    const index = mine?.bytes.equals(bytes) ? mine.index : this.parseIndex(bytes, path);
    this.indexCache = { key, index };
    return index;
  }

  private parseIndex(bytes: Buffer, path: string): ImageIndex {
    const parsed = parseManifest(bytes, path, MediaType.ociIndex);
    if (parsed.kind !== "index") throw new OciError(`${path} is not an image index`, { code: "BAD_LAYOUT" });
    return { ...parsed.index, manifests: Object.freeze([...parsed.index.manifests]) as Descriptor[] };
  }

  /**
   * Read-modify-write of index.json under its lock file; `change` returns undefined for "no
   * change". Entries are kept sorted (by tag, then digest) so the file depends on what it lists,
   * not on the order concurrent writers got the lock in (image-layout does not give the order a meaning).
   */
  updateIndex(change: IndexChange): Promise<void> {
    // Group commit: the changes asked for while a writer waits for the lock are applied together
    // in its read-modify-write (one lock, one fsync'd index.json for many tags; bench/pipeline).
    const lock = join(this.dir, "index.json.lock");
    let state = pendingIndexChanges.get(lock);
    if (!state) pendingIndexChanges.set(lock, (state = { queue: [], scheduled: false }));
    const entry = new Promise<void>((resolve, reject) => state.queue.push({ change, resolve, reject }));
    if (!state.scheduled) {
      state.scheduled = true;
      void this.commitIndexChanges(lock, state);
    }
    return entry;
  }

  private async commitIndexChanges(lock: string, state: PendingIndexChanges): Promise<void> {
    let batch: PendingIndexChange[] = [];
    const failed = new Map<PendingIndexChange, unknown>();
    // The next index.json, written under the lock and renamed into place; also the lock's token
    // (withLockFile links it as the lock: one new file per commit, not two).
    const indexPath = join(this.dir, "index.json");
    const next = tempPathFor(indexPath);
    let file: FileHandle | undefined;
    let renamed = false;
    try {
      // Making a file and renaming over one are the costly system calls (inode allocation and
      // freeing, ~0.2 ms each here): on the thread pool, beside the JavaScript thread.
      file = await open(next, "wx", 0o644);
      const fd = file.fd;
      await withLockFile(lock, async () => {
        // Everything queued until now rides on this write; later callers schedule the next one.
        state.scheduled = false;
        batch = state.queue.splice(0);
        let index = await this.readIndex();
        let changed = false;
        const shared: IndexBatch = { blobs: new Map() };
        for (const p of batch) {
          // A change sees the index as the changes before it left it; one that fails leaves it as it was.
          const staged = new Map(shared.blobs);
          try {
            const next = await p.change(index, shared);
            if (next !== undefined) {
              index = next;
              changed = true;
            }
          } catch (e) {
            failed.set(p, e);
            shared.blobs = staged;
          }
        }
        if (!changed) return;
        // The blobs the new index.json points at are stored before it (never a dangling entry).
        await Promise.all([...shared.blobs.values()].map((bytes) => this.putBlob({ digest: sha256Digest(bytes), size: bytes.byteLength }, () => bytes)));
        const doc: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: sortedEntries(index.manifests), ...(index.annotations ? { annotations: index.annotations } : {}) };
        const bytes = Buffer.from(JSON.stringify(doc));
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
        // A durable layout's index.json is on disk before it replaces the old one.
        if (this.durable) await fsyncOnPool(fd);
        await rename(next, indexPath);
        renamed = true;
        this.lastWritten = { bytes, index: { ...doc, manifests: Object.freeze(doc.manifests) as Descriptor[] } };
      }, undefined, next);
    } catch (e) {
      // The lock was not had (batch empty: reject what is queued) or the write failed.
      if (batch.length === 0) {
        state.scheduled = false;
        batch = state.queue.splice(0);
      }
      for (const p of batch) p.reject(e);
      return;
    } finally {
      if (file !== undefined) {
        await file.close();
        if (!renamed) await rm(next, { force: true });
      }
    }
    for (const p of batch) {
      if (failed.has(p)) p.reject(failed.get(p));
      else p.resolve();
    }
  }

  async listTags(): Promise<string[]> {
    const index = await this.readIndex();
    const tags = index.manifests.map((d) => d.annotations?.[REF_NAME]).filter((t): t is string => t !== undefined);
    return [...new Set(tags)].sort();
  }

  /** The one image of a layout read without a tag (skopeo's rule): an error unless there is exactly one candidate. */
  async soleManifest(): Promise<Descriptor> {
    const index = await this.readIndex();
    const candidates: Descriptor[] = [];
    for (const d of index.manifests) {
      if (!isReferrersTagEntry(d) && (await this.subjectOfManifest(d)) === null) candidates.push(d);
    }
    const unique = [...new Map(candidates.map((d) => [d.digest, d])).values()];
    if (unique.length === 1 && unique[0]) return stripRefName(unique[0]);
    const tags = await this.listTags();
    throw new OciError(`${this.location} holds ${unique.length} images; say which one with oci:DIR:TAG or oci:DIR@DIGEST`, {
      code: unique.length === 0 ? "NOT_FOUND" : "BAD_REFERENCE",
      hint: tags.length > 0 ? `tags: ${tags.join(", ")}` : "the layout has no tags",
    });
  }

  async resolve(reference: string): Promise<Descriptor> {
    const index = await this.readIndex();
    if (DIGEST_RE.test(reference)) {
      const listed = index.manifests.find((d) => d.digest === reference);
      if (listed) return stripRefName(listed);
      const path = this.blobPath(reference);
      const info = await stat(path).catch(() => undefined);
      if (!info) throw new OciError(`manifest ${reference} not found in ${this.location}`, { code: "NOT_FOUND" });
      if (info.size > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${reference} in ${this.location} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
      const bytes = await readFile(path);
      verifyBytes(bytes, { digest: reference }, `${this.location} blob ${reference}`);
      return { mediaType: parseManifest(bytes, reference).mediaType, digest: reference, size: bytes.byteLength };
    }
    const tagged = index.manifests.filter((d) => d.annotations?.[REF_NAME] === reference);
    const found = tagged[tagged.length - 1];
    if (!found) {
      const tags = await this.listTags();
      throw new OciError(`tag "${reference}" not found in ${this.location}`, { code: "NOT_FOUND", hint: tags.length > 0 ? `tags: ${tags.join(", ")}` : "the layout has no tags" });
    }
    return stripRefName(found);
  }

  async getManifest(reference: string): Promise<ManifestBlob> {
    const descriptor = await this.resolve(reference);
    if (descriptor.size > MAX_MANIFEST_BYTES) throw new OciError(`manifest ${descriptor.digest} in ${this.location} is over the 4 MiB limit`, { code: "MANIFEST_TOO_LARGE" });
    const bytes = await this.getBlobBytes(descriptor);
    return { descriptor, bytes };
  }

  async putManifest(bytes: Uint8Array, mediaType: string, tag?: string): Promise<Descriptor> {
    const parsed = parseManifest(bytes, `manifest for ${this.location}`, mediaType);
    const descriptor: Descriptor = { mediaType: parsed.mediaType, digest: sha256Digest(bytes), size: bytes.byteLength };
    if (parsed.kind === "index" && parsed.index.artifactType) descriptor.artifactType = parsed.index.artifactType;
    if (parsed.kind === "manifest" && parsed.manifest.artifactType) descriptor.artifactType = parsed.manifest.artifactType;
    await this.putBlob(descriptor, () => bytes);
    if (tag !== undefined) await this.tag(descriptor, tag);
    return descriptor;
  }

  /** Points `tag` at `descriptor` in index.json (replacing what it pointed at). */
  async tag(descriptor: Descriptor, tag: string): Promise<void> {
    const entry: Descriptor = { ...stripRefName(descriptor), annotations: { ...descriptor.annotations, [REF_NAME]: tag } };
    await this.updateIndex((index) => {
      const current = index.manifests.find((d) => d.annotations?.[REF_NAME] === tag);
      if (current?.digest === descriptor.digest) return undefined;
      return { ...index, manifests: [...index.manifests.filter((d) => d.annotations?.[REF_NAME] !== tag), entry] };
    });
  }

  async hasBlob(digest: string): Promise<boolean> {
    return exists(this.blobPath(digest));
  }

  async getBlob(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Readable> {
    const path = this.blobPath(descriptor.digest);
    if (!(await exists(path))) throw new OciError(`blob ${descriptor.digest} not found in ${this.location}`, { code: "NOT_FOUND" });
    const verifier = new DigestVerifier(descriptor, `${this.location} blob ${descriptor.digest}`);
    const file = createReadStream(path, { highWaterMark: 64 * 1024 });
    file.on("error", (e) => verifier.destroy(e));
    return file.pipe(verifier);
  }

  async getBlobBytes(descriptor: Pick<Descriptor, "digest" | "size">): Promise<Uint8Array> {
    const path = this.blobPath(descriptor.digest);
    let bytes: Buffer;
    try {
      bytes = descriptor.size <= SMALL_FILE ? readFileSync(path) : await readFile(path);
    } catch (e) {
      throw new OciError(`blob ${descriptor.digest} not found in ${this.location}`, { code: "NOT_FOUND", cause: e });
    }
    verifyBytes(bytes, descriptor, `${this.location} blob ${descriptor.digest}`);
    return bytes;
  }

  async putBlob(descriptor: Pick<Descriptor, "digest" | "size">, source: () => Readable | Uint8Array): Promise<void> {
    const target = this.blobPath(descriptor.digest);
    if (await exists(target)) return;
    const where = `blob ${descriptor.digest} for ${this.location}`;
    const data = source();
    if (data instanceof Uint8Array) {
      verifyBytes(data, descriptor, where);
      await this.writeSmall(target, data);
      return;
    }
    await mkdir(join(this.dir, "blobs", "sha256"), { recursive: true });
    const tmp = tempPathFor(target);
    try {
      const verifier = new DigestVerifier(descriptor, where, !isMarkedVerified(data, descriptor.digest));
      // Durable layouts flush a streamed blob to disk before it is renamed into place, as they do
      // a written one: index.json may point at it once this returns.
      await pipeline(data, verifier, createWriteStream(tmp, { flags: "wx", flush: this.durable }));
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  /**
   * Puts a blob of another layout on this filesystem as a hard link. Layouts never write a blob
   * in place (temp file, then rename), so two of them can share its file: no bytes are copied and
   * no inode is made, which is most of what a small file costs here (creating one is ~230 µs of
   * kernel time on this machine's ext4, a link ~10 µs; bench/pipeline). The source is opened
   * without following a symlink, must be a regular file, and is hashed against the digest
   * first, as a copy would; a durable layout then fsyncs it (the same inode) before the link
   * counts as stored. Only when one of the two is a scratch layout (a kit's tree, an import's
   * staging: deleted once done): two lasting layouts keep files of their own, so that a change
   * made to one in place (by hand, by another tool) does not show in the other. False when no
   * link is made (two lasting layouts, a missing or irregular source, another filesystem, one
   * without hard links): the caller copies, which reports a bad source.
   */
  async linkBlobFrom(src: OciLayoutStore, descriptor: Pick<Descriptor, "digest" | "size">): Promise<boolean> {
    if (this.durable && src.durable) return false;
    const target = this.blobPath(descriptor.digest);
    if (await exists(target)) return true;
    const from = src.blobPath(descriptor.digest);
    let fd: number;
    try {
      fd = openSync(from, fsc.O_RDONLY | fsc.O_NOFOLLOW);
    } catch {
      return false;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.size !== descriptor.size) return false;
      await verifyFile(fd, descriptor, `${src.location} blob ${descriptor.digest}`, SMALL_FILE);
      try {
        linkSync(from, target);
      } catch (e) {
        // Someone stored it meanwhile; any other failure (EXDEV, EPERM, EMLINK…) leaves it to a copy.
        return e instanceof Error && "code" in e && e.code === "EEXIST";
      }
      if (this.durable) await fsyncOnPool(fd);
      return true;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * A whole file, atomically. A durable layout fsyncs it, which is left to the thread pool so the
   * wait overlaps other work; a scratch layout's small files are written with plain system calls.
   */
  private async writeSmall(target: string, data: string | Uint8Array): Promise<void> {
    if (!this.durable && data.length <= SMALL_FILE) writeFileAtomicSync(target, data, 0o644, { fsync: false });
    else await writeFileAtomic(target, data, 0o644, { fsync: this.durable });
  }

  /** The subject digest of a manifest listed in index.json (null: none); cached, content never changes. */
  async subjectOfManifest(d: Descriptor): Promise<string | null> {
    const known = subjectsByDigest.get(d.digest);
    if (known !== undefined) return known;
    if (d.size > MAX_MANIFEST_BYTES) return null;
    // A manifest this layout lacks has no subject here, but another layout may hold it: not cached.
    if (!(await this.hasBlob(d.digest))) return null;
    const subject = subjectOf(parseManifest(await this.getBlobBytes(d), d.digest, d.mediaType))?.digest ?? null;
    if (subjectsByDigest.size >= MAX_KNOWN_SUBJECTS) subjectsByDigest.clear();
    subjectsByDigest.set(d.digest, subject);
    return subject;
  }

  referrers(digest: string, artifactType?: string): Promise<Descriptor[]> {
    return layoutReferrers(this, digest, artifactType);
  }

  putReferrer(bytes: Uint8Array, mediaType: string): Promise<Descriptor> {
    return putLayoutReferrer(this, bytes, mediaType);
  }
}

const TEMP_RE = /^\..*\.tmp$/;

/** fsync of an open file on the thread pool (the JavaScript thread goes on meanwhile). */
const fsyncOnPool = promisify(fsync);

/**
 * Writes `path` only if it does not exist (temp file + link, atomic); an existing file wins. On a
 * filesystem without hard links (FAT/exFAT: EPERM) the file is created exclusively and written.
 */
async function createExclusive(path: string, data: string): Promise<void> {
  if (await exists(path)) return;
  const tmp = tempPathFor(path);
  const taken = (e: unknown) => e instanceof Error && "code" in e && e.code === "EEXIST";
  try {
    await writeFileAtomic(tmp, data);
    let done = true;
    await link(tmp, path).catch((e: unknown) => {
      if (!taken(e)) done = false;
    });
    if (!done) {
      await writeFile(path, data, { flag: "wx" }).catch((e: unknown) => {
        if (!taken(e)) throw e;
      });
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

function isLayoutHeader(text: string): boolean {
  try {
    const doc: unknown = JSON.parse(text);
    return typeof doc === "object" && doc !== null && "imageLayoutVersion" in doc && typeof doc.imageLayoutVersion === "string";
  } catch {
    return false;
  }
}

export function isReferrersTagEntry(d: Descriptor): boolean {
  const tag = d.annotations?.[REF_NAME];
  return tag !== undefined && /^sha256-[a-f0-9]{64}$/.test(tag);
}

/** The descriptor without the index.json-only tag annotation. */
export function stripRefName(d: Descriptor): Descriptor {
  if (d.annotations?.[REF_NAME] === undefined) return d;
  const { [REF_NAME]: _tag, ...rest } = d.annotations;
  const { annotations: _a, ...plain } = d;
  return Object.keys(rest).length > 0 ? { ...plain, annotations: rest } : plain;
}

function sortedEntries(entries: readonly Descriptor[]): Descriptor[] {
  const key = (d: Descriptor) => `${d.annotations?.[REF_NAME] ?? ""}\u0000${d.digest}`;
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
