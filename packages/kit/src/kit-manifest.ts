import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExpectedFile } from "./extract.js";
import { KitError } from "./errors.js";

/** The first entry of every kit: what is inside, so import can check each entry before writing it. */
export const KIT_MANIFEST_PATH = "manifest.json";

export interface KitManifest {
  schemaVersion: 1;
  /** `stella-ouk` (feeds) or `stella-offline-kit` (images). */
  kind: string;
  /** The kit's timestamp (RFC 3339), also every entry's mtime. */
  created: string;
  tool: { name: string; version: string };
  /** Kind-specific facts (feeds and their freshness, release version, delta base …). */
  meta: Record<string, unknown>;
  /** Every regular file but manifest.json, sorted by path. */
  files: Record<string, ExpectedFile>;
}

/** JSON with object keys sorted at every level: the same manifest gives the same bytes. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  }, 2);
}

function isExpectedFile(v: unknown): v is ExpectedFile {
  return typeof v === "object" && v !== null && typeof (v as Record<string, unknown>).size === "number" && typeof (v as Record<string, unknown>).digest === "string" && /^sha256:[a-f0-9]{64}$/.test((v as Record<string, string>).digest);
}

export function parseKitManifest(bytes: Uint8Array | string, where: string): KitManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new KitError(`${where}: manifest.json is not JSON`, { code: "MANIFEST", cause: e });
  }
  const problems: string[] = [];
  const d = (typeof doc === "object" && doc !== null ? doc : {}) as Record<string, unknown>;
  if (d.schemaVersion !== 1) problems.push(`schemaVersion ${JSON.stringify(d.schemaVersion)} (expected 1)`);
  if (typeof d.kind !== "string") problems.push("kind missing");
  if (typeof d.created !== "string") problems.push("created missing");
  const tool = d.tool as Record<string, unknown> | undefined;
  if (typeof tool?.name !== "string" || typeof tool.version !== "string") problems.push("tool name/version missing");
  if (typeof d.meta !== "object" || d.meta === null) problems.push("meta missing");
  if (typeof d.files !== "object" || d.files === null) problems.push("files missing");
  else for (const [path, f] of Object.entries(d.files)) if (!isExpectedFile(f)) problems.push(`files[${JSON.stringify(path)}] needs size and a sha256: digest`);
  if (problems.length) throw new KitError(`${where}: manifest.json is not a kit manifest: ${problems.join("; ")}`, { code: "MANIFEST" });
  return doc as KitManifest;
}

export function expectedFiles(m: KitManifest): Map<string, ExpectedFile> {
  return new Map(Object.entries(m.files));
}

/**
 * Size and sha256 of every regular file, in walk order, kept compact: a path string, a number
 * and 32 digest bytes per file (120k feed files as objects with hex strings were most of the
 * builder's 160 MB heap; bench/ouk).
 */
export interface FileTable {
  paths: string[];
  sizes: number[];
  /** 32 bytes per file, in the order of `paths`. */
  digests: Buffer;
}

/** Collects a FileTable as files go by (tarChunks' `onFile`). */
export class FileTableBuilder {
  private readonly paths: string[] = [];
  private readonly sizes: number[] = [];
  private digests = Buffer.allocUnsafe(32 * 1024);

  add(path: string, size: number, sha256: Buffer): void {
    if (32 * (this.paths.length + 1) > this.digests.length) {
      const grown = Buffer.allocUnsafe(this.digests.length * 2);
      this.digests.copy(grown);
      this.digests = grown;
    }
    sha256.copy(this.digests, 32 * this.paths.length);
    this.paths.push(path);
    this.sizes.push(size);
  }

  table(): FileTable {
    return { paths: this.paths, sizes: this.sizes, digests: this.digests.subarray(0, 32 * this.paths.length) };
  }
}

/** The bytes of a kit manifest: their length, known first (for the tar header), and the bytes, made as they are read. */
export interface ManifestBytes {
  size: number;
  parts(): Iterable<Buffer>;
}

/**
 * The bytes of `sortedJson(manifest) + "\n"` for `head` with `files` from `table` (same bytes:
 * a test compares them), without building the files object, and produced 64 KiB at a time as
 * the tar writer reads them: 120k files make ~19 MB of manifest, which held whole was most of
 * what a kit build's end added to its peak RSS (bench/ouk). The length is counted beforehand
 * from the same pieces.
 */
export function manifestBytes(head: Omit<KitManifest, "files">, table: FileTable): ManifestBytes {
  const SLOT = "\u0000files\u0000";
  const skeleton = sortedJson({ ...head, files: SLOT });
  const marker = `${JSON.stringify(SLOT)}`;
  const at = skeleton.indexOf(marker);
  const before = Buffer.from(skeleton.slice(0, at));
  const after = Buffer.from(skeleton.slice(at + marker.length) + "\n");
  const order = table.paths.map((_, i) => i).sort((a, b) => (table.paths[a] < table.paths[b] ? -1 : 1));
  const last = order.length - 1;
  // One entry: its path as JSON, then these pieces around the digest and the size.
  const entry = (i: number, k: number) => [`    ${JSON.stringify(table.paths[i])}: {\n      "digest": "sha256:`, `",\n      "size": ${table.sizes[i]}\n    }${k === last ? "\n  }" : ",\n"}`] as const;
  // `{}` when empty, else `{\n` and the entries (the last closes the object).
  let size = before.length + 2 + after.length;
  order.forEach((i, k) => {
    const [open, close] = entry(i, k);
    size += Buffer.byteLength(open) + 64 + close.length;
  });
  function* parts(): Iterable<Buffer> {
    yield before;
    if (order.length === 0) yield Buffer.from("{}");
    else {
      let text = "{\n";
      for (let k = 0; k < order.length; k++) {
        const i = order[k];
        const [open, close] = entry(i, k);
        text += open + table.digests.toString("hex", 32 * i, 32 * i + 32) + close;
        if (text.length > 1 << 16) {
          yield Buffer.from(text);
          text = "";
        }
      }
      yield Buffer.from(text);
    }
    yield after;
  }
  return { size, parts };
}

/** Reads `manifest.json` of an extracted kit, if any. */
export async function readInstalledManifest(dir: string): Promise<KitManifest | undefined> {
  const text = await readFile(join(dir, KIT_MANIFEST_PATH), "utf8").catch(() => undefined);
  return text === undefined ? undefined : parseKitManifest(text, dir);
}
