import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { resolve } from "node:path";
import { KitError } from "./errors.js";
import type { Readable } from "node:stream";
import type { TarEntryType } from "./tar-header.js";
import type { FileLane } from "./tar-lane.js";

/** One entry to archive. `open` gives its bytes (files only); `size` must match them. */
export interface TarEntry {
  path: string;
  type: TarEntryType;
  mode: number;
  size: number;
  linkTarget?: string;
  open?: () => Readable | Promise<Uint8Array>;
  /** Sequential reads straight into the caller's buffer (no per-chunk allocation). */
  reader?: () => FileReader;
  /** A file on disk, read straight into the output blocks with plain syscalls (what a TreePlan gives: no closures per file). */
  file?: string;
  /** A large file whose middle is compressed beside the writer (tar-lane.ts). */
  lane?: FileLane;
}

export interface FileReader {
  /** Reads up to `length` bytes into `buf` at `offset`; 0 at the end. */
  read(buf: Buffer, offset: number, length: number): number;
  close(): void;
}

const KIND: TarEntryType[] = ["file", "directory", "symlink"];

/** `rel` under the absolute, normalised `dir` (path.join normalises each one: a measurable part of a 100k-file walk; bench/ouk). */
function under(dir: string, rel: string): string {
  return `${dir === "/" ? "" : dir}/${rel}`;
}

/**
 * A directory's names in byte order (UTF-8), as `tar --sort=name`. JavaScript's own string order
 * (UTF-16 code units) is the same except between U+E000..U+FFFF and characters past U+FFFF
 * (surrogate pairs); only a directory with such a name is sorted as bytes (a Buffer and a
 * comparison call per name: twice the cost of the walk's readdir for 100k+ feed files).
 */
function namesInByteOrder(dir: string): string[] {
  const names = readdirSync(dir);
  if (!names.some((n) => /[\ud800-\uffff]/.test(n))) return names.sort();
  return names
    .map((n) => Buffer.from(n, "utf8"))
    .sort((a, b) => Buffer.compare(a, b))
    .map((b) => b.toString("utf8"));
}

/**
 * The tree under `root`, depth first with each directory's names in byte order (what
 * `tar --sort=name` does), walked once with synchronous calls (a feed tree is 100k+ small
 * files, and one thread-pool hop per call costs more than the call) and kept compact: a path
 * string and three numbers per entry, so the writer can know every offset before it writes
 * (the large files' middles are compressed beside it, tar-lane.ts). The path strings are the
 * ones the kit manifest keeps anyway.
 *
 * The walk goes level by level (breadth first) and tells `onFile` of each regular file as it is
 * found, so the large files a feed tree keeps near its top (a DB beside directories of 100k small
 * files) are known, and hashed on another thread (file-digest.ts), before the deep small files
 * are even stat'ed; the plan's order is depth first all the same.
 */
export class TreePlan {
  readonly paths: string[] = [];
  readonly sizes: number[] = [];
  private readonly kinds: number[] = [];
  private readonly modes: number[] = [];
  private readonly links = new Map<number, string>();

  private constructor(readonly root: string) {}

  /** Walks `root`; `skip` leaves out entries by archive path (and, for a directory, what is under it). */
  static walk(root: string, skip: (path: string) => boolean = () => false, onFile?: (path: string, file: string, size: number) => void): TreePlan {
    // Absolute and normalised once, so paths under it are plain concatenations (`under`).
    const plan = new TreePlan(resolve(root));
    // Entries in the order found, and where each directory's entries are among them (-1: the root).
    const found = new TreePlan(plan.root);
    const listed = new Map<number, [number, number]>();
    for (let level = [-1]; level.length; ) {
      const next: number[] = [];
      for (const dir of level) {
        const start = found.length;
        found.list(dir < 0 ? "" : found.paths[dir], skip, onFile);
        listed.set(dir, [start, found.length]);
        for (let i = start; i < found.length; i++) if (found.kinds[i] === 1) next.push(i);
      }
      level = next;
    }
    // The plan's arrays at their final size (no doublings of 100k+ entries as they fill).
    for (const a of [plan.paths, plan.sizes, plan.kinds, plan.modes] as unknown[][]) a.length = found.length;
    let k = 0;
    const depthFirst = (dir: number): void => {
      const [start, end] = listed.get(dir)!;
      for (let i = start; i < end; i++) {
        const link = found.links.get(i);
        if (link !== undefined) plan.links.set(k, link);
        plan.paths[k] = found.paths[i];
        plan.kinds[k] = found.kinds[i];
        plan.modes[k] = found.modes[i];
        plan.sizes[k++] = found.sizes[i];
        if (found.kinds[i] === 1) depthFirst(i);
      }
    };
    depthFirst(-1);
    return plan;
  }

  get length(): number {
    return this.paths.length;
  }

  /** Entry `i` without its file's absolute path (for planning offsets). */
  fields(i: number): TarEntry {
    const e: TarEntry = { path: this.paths[i], type: KIND[this.kinds[i]], mode: this.modes[i], size: this.sizes[i] };
    const link = this.links.get(i);
    if (link !== undefined) e.linkTarget = link;
    return e;
  }

  /** Entry `i` as the tar writer takes it (a fresh object: the plan holds none). */
  entry(i: number): TarEntry {
    const e = this.fields(i);
    if (e.type === "file") e.file = under(this.root, e.path);
    return e;
  }

  /** Every entry in order; `extra` may add to each (a lane). */
  *entries(extra?: (e: TarEntry) => void): Generator<TarEntry> {
    for (let i = 0; i < this.paths.length; i++) {
      const e = this.entry(i);
      extra?.(e);
      yield e;
    }
  }

  /** Adds the entries of directory `dir` (a path in the tree, "" for the root), in byte order. */
  private list(dir: string, skip: (path: string) => boolean, onFile?: (path: string, file: string, size: number) => void): void {
    for (const name of namesInByteOrder(dir ? under(this.root, dir) : this.root)) {
      const path = dir ? `${dir}/${name}` : name;
      if (skip(path)) continue;
      const abs = under(this.root, path);
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        this.push(path, 1, st.mode, 0);
      } else if (st.isFile()) {
        this.push(path, 0, st.mode, st.size);
        onFile?.(path, abs, st.size);
      } else if (st.isSymbolicLink()) {
        this.links.set(this.length, readlinkSync(abs));
        this.push(path, 2, 0o777, 0);
      } else {
        throw new KitError(`${abs} is neither file, directory nor symlink`, { code: "UNSAFE_ENTRY", hint: "remove devices, sockets and fifos from the tree" });
      }
    }
  }

  private push(path: string, kind: number, mode: number, size: number): void {
    this.paths.push(path);
    this.kinds.push(kind);
    this.modes.push(mode);
    this.sizes.push(size);
  }
}

/** The entries of `root` in `tar --sort=name` order (see TreePlan). */
export function walkTree(root: string): Generator<TarEntry> {
  return TreePlan.walk(root).entries();
}
