import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, join, normalize, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { extract, pack } from "tar-stream";
import { tempPathFor } from "@stella/core";
import { OciError } from "./errors.js";
import { OciLayoutStore } from "./layout.js";
import { MediaType } from "./media-types.js";
import type { Descriptor } from "./types.js";

/**
 * Tar files that hold images: `oci-archive:` (a tar of an OCI image layout, what skopeo
 * writes) and `docker-archive:` (`docker save`, read only). Reading extracts to a temp
 * directory streaming entry by entry; writing packs a finished layout into a temp file
 * renamed over the target, so a failed copy leaves no half-written archive.
 */

/** Extracts regular files and directories of a tar under `dest`, refusing paths that escape it. */
export async function extractTar(file: string, dest: string): Promise<void> {
  const input = createReadStream(file).on("error", () => undefined);
  const tar = extract();
  const done = pipeline(input, tar).catch((e: unknown) => {
    throw new OciError(`cannot read archive ${file}: ${e instanceof Error ? e.message : String(e)}`, { code: "BAD_LAYOUT", cause: e });
  });
  for await (const entry of tar) {
    const name = normalize(entry.header.name).replace(/^(\.\/)+/, "");
    if (name.startsWith("..") || name.startsWith("/") || name.split(sep).includes("..")) {
      throw new OciError(`archive ${file} has an entry that escapes it: "${entry.header.name}"`, { code: "BAD_LAYOUT" });
    }
    const target = join(dest, name);
    if (entry.header.type === "directory") {
      await mkdir(target, { recursive: true });
      entry.resume();
    } else if (entry.header.type === "file" || entry.header.type === "contiguous-file") {
      await mkdir(dirname(target), { recursive: true });
      await pipeline(entry, createWriteStream(target));
    } else {
      entry.resume();
    }
  }
  await done;
}

async function filesUnder(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(join(root, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.name.endsWith(".tmp") || e.name.endsWith(".lock")) continue;
    if (e.isDirectory()) out.push(...(await filesUnder(root, path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}

/** Packs a layout directory into `file` (sorted entries, mtime 0, uid/gid 0): same layout, same bytes. */
export async function packLayout(dir: string, file: string): Promise<void> {
  const tmp = tempPathFor(file);
  const tar = pack();
  const written = pipeline(tar, createWriteStream(tmp, { flags: "wx" }));
  try {
    const files = await filesUnder(dir);
    const order = (p: string) => (p === "oci-layout" ? 0 : p === "index.json" ? 1 : 2);
    files.sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const rel of files) {
      const { size } = await stat(join(dir, rel));
      const sink = tar.entry({ name: rel, size, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, type: "file" });
      await pipeline(createReadStream(join(dir, rel)), sink);
    }
    tar.finalize();
    await written;
    await rename(tmp, file);
  } catch (e) {
    tar.destroy();
    await written.catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
}

interface DockerSaveEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

function isDockerSaveManifest(v: unknown): v is DockerSaveEntry[] {
  return (
    Array.isArray(v) &&
    v.every(
      (e: unknown) =>
        typeof e === "object" &&
        e !== null &&
        "Config" in e &&
        typeof e.Config === "string" &&
        "Layers" in e &&
        Array.isArray(e.Layers) &&
        e.Layers.every((l: unknown) => typeof l === "string") &&
        (!("RepoTags" in e) || e.RepoTags === null || (Array.isArray(e.RepoTags) && e.RepoTags.every((t: unknown) => typeof t === "string"))),
    )
  );
}

async function hashFile(path: string): Promise<{ digest: string; size: number; gzip: boolean }> {
  const h = createHash("sha256");
  let size = 0;
  let first: Buffer | undefined;
  for await (const c of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    first ??= b;
    h.update(b);
    size += b.byteLength;
  }
  return { digest: `sha256:${h.digest("hex")}`, size, gzip: first !== undefined && first[0] === 0x1f && first[1] === 0x8b };
}

/**
 * Turns an extracted `docker save` directory into an OCI layout in place and returns the tag
 * of the chosen image. Docker ≥ 25 writes an OCI layout already; older ones get a Docker v2s2
 * manifest built from `manifest.json` (config + layer tars, digests computed from the files).
 */
export async function dockerArchiveToLayout(dir: string, file: string, wanted?: string): Promise<{ store: OciLayoutStore; reference: string }> {
  const text = await readFile(join(dir, "manifest.json"), "utf8").catch(() => {
    throw new OciError(`${file} is not a docker-archive: it has no manifest.json`, { code: "BAD_LAYOUT", hint: "use oci-archive: for a tar of an OCI layout" });
  });
  const doc: unknown = JSON.parse(text);
  if (!isDockerSaveManifest(doc) || doc.length === 0) throw new OciError(`${file}: manifest.json is not a docker save manifest`, { code: "BAD_LAYOUT" });
  const entry = wanted === undefined ? (doc.length === 1 ? doc[0] : undefined) : doc.find((e) => (e.RepoTags ?? []).some((t) => t === wanted || `docker.io/${t}` === wanted || `docker.io/library/${t}` === wanted));
  if (!entry) {
    const tags = doc.flatMap((e) => e.RepoTags ?? []);
    throw new OciError(wanted === undefined ? `${file} holds ${doc.length} images; name one with docker-archive:FILE:REF` : `"${wanted}" is not in ${file}`, { code: "NOT_FOUND", hint: `images: ${tags.join(", ")}` });
  }
  const layout = join(dir, ".stella-layout");
  const store = await OciLayoutStore.open(layout, { create: true });
  const moved = new Map<string, Descriptor>();
  const move = async (rel: string, mediaType: string, gzMediaType?: string): Promise<Descriptor> => {
    const known = moved.get(rel);
    if (known) return known;
    const path = join(dir, normalize(rel));
    const { digest, size, gzip } = await hashFile(path);
    await rename(path, store.blobPath(digest));
    const d = { mediaType: gzip && gzMediaType ? gzMediaType : mediaType, digest, size };
    moved.set(rel, d);
    return d;
  };
  const config = await move(entry.Config, MediaType.dockerConfig);
  const layers: Descriptor[] = [];
  for (const l of entry.Layers) layers.push(await move(l, "application/vnd.docker.image.rootfs.diff.tar", MediaType.dockerLayerGzip));
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifest, config, layers }));
  const d = await store.putManifest(manifest, MediaType.dockerManifest, "latest");
  return { store, reference: d.digest };
}
