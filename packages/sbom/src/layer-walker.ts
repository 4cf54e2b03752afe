import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract as tarExtract } from "tar-stream";
import { decompressors, errorMessage, sniffCompression } from "@stella/core";
import { SbomError } from "./errors.js";
import { DEFAULT_LIMITS, type Cataloger, type CollectedFile, type FileSink, type WalkLimits, type Warning } from "./types.js";

/** One layer as the walker needs it: where to read it and what it must hash to. */
export interface LayerSource {
  digest: string;
  size: number;
  open(): Promise<Readable>;
}

export interface LayerSummary {
  digest: string;
  /** Regular files the layer adds or replaces (after its own whiteouts). */
  files: number;
  whiteouts: number;
}

interface Held extends CollectedFile {
  layerIndex: number;
}

export interface WalkResult {
  /** The final view, per cataloger: path -> the file it collected. */
  collected: Map<string, Map<string, CollectedFile>>;
  layers: LayerSummary[];
  warnings: Warning[];
}

/** OCI image-spec layer.md "Whiteouts": `.wh.<name>` deletes, `.wh..wh..opq` empties a directory. */
const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";

function normalize(name: string): string {
  let p = name.replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  p = p.replace(/^\/+/, "").replace(/\/+$/, "");
  return p;
}

/** A sink that keeps the whole file, within the per-file and total budgets. */
class BoundedBuffer implements FileSink {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private over = false;
  constructor(
    private readonly path: string,
    private readonly limits: WalkLimits,
    private readonly budget: { used: number },
    private readonly warn: (where: string, message: string) => void,
  ) {}
  write(chunk: Buffer): void {
    if (this.over) return;
    if (this.bytes + chunk.length > this.limits.maxFileBytes) return this.stop(`larger than the ${this.limits.maxFileBytes}-byte per-file limit; skipped`);
    if (this.budget.used + chunk.length > this.limits.maxTotalBytes) return this.stop(`the ${this.limits.maxTotalBytes}-byte total buffer limit is reached; skipped`);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.budget.used += chunk.length;
  }
  private stop(why: string): void {
    this.over = true;
    this.budget.used -= this.bytes;
    this.chunks = [];
    this.warn(this.path, why);
  }
  end(): Buffer | undefined {
    return this.over ? undefined : Buffer.concat(this.chunks);
  }
}

/** The stream's first chunk, pushed back so the pipeline still reads it; empty at end of stream. */
async function peek(src: Readable): Promise<Buffer> {
  for (;;) {
    const chunk: unknown = src.read();
    if (chunk !== null) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      src.unshift(buf);
      return buf;
    }
    if (src.readableEnded) return Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      const settle = (e?: unknown) => {
        src.off("readable", settle).off("end", settle).off("error", settle);
        if (e instanceof Error) reject(e);
        else resolve();
      };
      src.on("readable", settle).on("end", settle).on("error", settle);
    });
  }
}


/**
 * Streams every layer once, in order, never unpacking to disk, and returns the files the
 * catalogers asked for as they are in the final image (whiteouts applied, later layers
 * replacing earlier ones), each with the layer that introduced it. Verifies each layer's
 * digest and size; a truncated or corrupt layer is an error naming it.
 */
export async function walkLayers(layers: readonly LayerSource[], catalogers: readonly Cataloger[], limits: WalkLimits = DEFAULT_LIMITS): Promise<WalkResult> {
  const warnings: Warning[] = [];
  const warn = (where: string, message: string) => warnings.push({ where, message });
  const collected = new Map<string, Map<string, Held>>(catalogers.map((c) => [c.name, new Map()]));
  const budget = { used: 0 };
  const summaries: LayerSummary[] = [];

  // Exact-path replacement is the hot path (every regular file): O(catalogers), no scan.
  const replace = (path: string) => {
    for (const files of collected.values()) {
      const held = files.get(path);
      if (!held) continue;
      if (held.result instanceof Buffer) budget.used -= held.result.length;
      files.delete(path);
    }
  };
  // Whiteouts (rare) scan every collected file for the directory prefix.
  const remove = (exact: string, layerIndex: number, prefix: boolean) => {
    for (const files of collected.values()) {
      for (const [path, held] of files) {
        if (held.layerIndex >= layerIndex) continue;
        if (path === exact || (prefix && (exact === "" || path.startsWith(exact + "/")))) {
          if (held.result instanceof Buffer) budget.used -= held.result.length;
          files.delete(path);
        }
      }
    }
  };

  for (const [index, layer] of layers.entries()) {
    const summary: LayerSummary = { digest: layer.digest, files: 0, whiteouts: 0 };
    const hash = createHash("sha256");
    let size = 0;
    const src = await layer.open();
    const head = await peek(src).catch((e: unknown) => {
      throw new SbomError(`cannot read layer ${layer.digest}: ${errorMessage(e)}`, { code: "LAYER_CORRUPT", cause: e });
    });
    // Hash and count the compressed bytes as they pass: a Transform, with no per-chunk copy
    // and no async generator (both added garbage, time and peak RSS on a 1 GB image).
    const metered = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const extract = tarExtract();
    const piping = pipeline([src, metered, ...decompressors(sniffCompression(head)), extract]).then(
      () => undefined,
      (e: unknown) => e,
    );
    try {
      for await (const entry of extract) {
        const h = entry.header;
        // GNU sparse files (type 'S', or pax GNU.sparse.* 1.0 with a mangled name) hold a
        // sparse map, not the file: never expanded; a warning names the real file.
        const pax = (h as { pax?: Record<string, string> }).pax;
        const sparseName = pax?.["GNU.sparse.name"];
        if (h.type === null || h.type === undefined || sparseName !== undefined) {
          const real = normalize(sparseName ?? h.name);
          const realSize = pax?.["GNU.sparse.realsize"] ?? String(h.size ?? 0);
          warn(real, `sparse or unsupported tar entry (${realSize} bytes) in layer ${layer.digest}; not read`);
          replace(real);
          entry.resume();
          continue;
        }
        const path = normalize(h.name);
        const base = path.slice(path.lastIndexOf("/") + 1);
        const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
        if (base === OPAQUE) {
          summary.whiteouts++;
          remove(dir, index, true);
        } else if (base.startsWith(WHITEOUT)) {
          summary.whiteouts++;
          remove(dir === "" ? base.slice(WHITEOUT.length) : `${dir}/${base.slice(WHITEOUT.length)}`, index, true);
        } else if (h.type === "file" || h.type === "contiguous-file") {
          summary.files++;
          replace(path);
          const info = { path, size: h.size ?? 0, mode: h.mode ?? 0 };
          const sinks: [string, FileSink][] = [];
          for (const c of catalogers) {
            const sink = c.open(info, () => new BoundedBuffer(path, limits, budget, warn));
            if (sink) sinks.push([c.name, sink]);
          }
          if (sinks.length > 0) {
            for await (const chunk of entry as AsyncIterable<Buffer>) for (const [, s] of sinks) s.write(chunk);
            for (const [name, s] of sinks) collected.get(name)?.set(path, { path, size: info.size, layerDigest: layer.digest, result: s.end(), layerIndex: index });
            continue;
          }
        } else if (h.type === "link" && h.linkname) {
          // A hard link shares its target's bytes: collect it wherever the target was collected.
          const target = normalize(h.linkname);
          replace(path);
          for (const files of collected.values()) {
            const t = files.get(target);
            if (t) files.set(path, { ...t, path, layerDigest: layer.digest, layerIndex: index });
          }
        } else if (h.type !== "directory") {
          replace(path);
        }
        entry.resume();
      }
      const failure = await piping;
      if (failure !== undefined) throw failure instanceof Error ? failure : new Error(errorMessage(failure));
    } catch (e) {
      const failure = (await piping) ?? e;
      if (failure instanceof SbomError) throw failure;
      const msg = errorMessage(failure);
      const truncated = /unexpected end|premature close|end of (file|data)|truncated/i.test(msg);
      throw new SbomError(`layer ${layer.digest} is ${truncated ? "truncated" : "not a readable tar stream"} (${msg})`, {
        code: truncated ? "LAYER_TRUNCATED" : "LAYER_CORRUPT",
        hint: "re-pull or rebuild the image; the blob in the store is damaged",
        cause: failure,
      });
    }
    const actual = `sha256:${hash.digest("hex")}`;
    if (actual !== layer.digest || (layer.size > 0 && size !== layer.size)) {
      throw new SbomError(`digest mismatch for layer ${layer.digest}: got ${actual} (${size} bytes, expected ${layer.size})`, {
        code: "DIGEST_MISMATCH",
        hint: "the layer blob does not match the manifest; re-pull or rebuild the image",
      });
    }
    summaries.push(summary);
  }
  return { collected, layers: summaries, warnings };
}
