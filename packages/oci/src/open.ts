import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { dockerArchiveToLayout, extractTar, packLayout } from "./archive.js";
import { OciError } from "./errors.js";
import { OciLayoutStore } from "./layout.js";
import { formatImageReference, parseImageReference, type ImageReference } from "./refs.js";
import { openRegistryStore, type RegistryStoreOptions } from "./registry/index.js";
import type { ImageStore } from "./types.js";

export interface OpenImageOptions {
  /** `write` creates a missing layout and packs archives on `commit()`. Default `read`. */
  mode?: "read" | "write";
  /** Relative `oci:`/archive paths are taken from here (default: the process's cwd). */
  cwd?: string;
  /** Credentials, auth file, logger, timeouts for `docker://`. */
  registry?: RegistryStoreOptions;
  /** Where archives are extracted/assembled (default: the OS temp dir). */
  tmpDir?: string;
}

/** An image opened for reading or writing; always `close()` it, `commit()` a successful write. */
export interface OpenedImage {
  store: ImageStore;
  /** What to read (tag or digest), or for writes the tag to set (`latest` when none) or the digest expected. */
  reference: string;
  tag?: string;
  digest?: string;
  /** The reference as the user should see it. */
  display: string;
  /** Finishes a write (packs an `oci-archive:` into place). */
  commit(): Promise<void>;
  /** Undoes what a failed write created (a new layout directory) and removes temp files. */
  abort(): Promise<void>;
  /** Removes temp files (extracted archives). */
  close(): Promise<void>;
}

const exists = (p: string) => stat(p).then(() => true, () => false);

function pick(ref: { tag?: string; digest?: string }, fallback: string | undefined) {
  return { ...(ref.tag === undefined ? {} : { tag: ref.tag }), ...(ref.digest === undefined ? {} : { digest: ref.digest }), reference: ref.digest ?? ref.tag ?? fallback };
}

/**
 * Opens any transport reference (refs.ts) as an ImageStore plus the reference inside it.
 * Reading `oci:DIR` without tag takes the layout's only image (skopeo's rule); writing
 * without tag tags `latest`, like docker does.
 */
export async function openImage(input: string | ImageReference, options: OpenImageOptions = {}): Promise<OpenedImage> {
  const ref = typeof input === "string" ? parseImageReference(input) : input;
  const write = options.mode === "write";
  const cwd = options.cwd ?? process.cwd();
  const display = formatImageReference(ref);
  const noop = () => Promise.resolve();
  const temp = async () => mkdtemp(join(options.tmpDir ?? tmpdir(), "stella-image-"));

  switch (ref.transport) {
    case "docker": {
      const store = openRegistryStore(ref.ref, options.registry);
      const r = pick(ref.ref, write && ref.ref.digest !== undefined ? undefined : "latest");
      const tag = r.tag ?? (write && r.digest === undefined ? "latest" : undefined);
      return { store, ...r, ...(tag ? { tag } : {}), reference: r.reference ?? "latest", display, commit: noop, abort: noop, close: noop };
    }
    case "oci": {
      const dir = resolvePath(cwd, ref.dir);
      const existed = await exists(dir);
      const store = await OciLayoutStore.open(dir, { create: write });
      const r = pick(ref, write ? "latest" : undefined);
      const reference = r.reference ?? (await store.soleManifest()).digest;
      const tag = r.tag ?? (write && r.digest === undefined ? "latest" : undefined);
      const abort = async () => {
        if (!existed) await rm(dir, { recursive: true, force: true });
      };
      return { store, ...r, ...(tag ? { tag } : {}), reference, display, commit: noop, abort, close: noop };
    }
    case "oci-archive": {
      const file = resolvePath(cwd, ref.file);
      const dir = await temp();
      const close = () => rm(dir, { recursive: true, force: true });
      try {
        if (!write) {
          if (!(await exists(file))) throw new OciError(`archive ${file} does not exist`, { code: "NOT_FOUND" });
          await extractTar(file, dir);
        }
        const store = await OciLayoutStore.open(dir, { create: write });
        const r = pick(ref, write ? "latest" : undefined);
        const reference = r.reference ?? (await store.soleManifest()).digest;
        const tag = r.tag ?? (write && r.digest === undefined ? "latest" : undefined);
        const commit = write ? () => packLayout(dir, file) : noop;
        return { store, ...r, ...(tag ? { tag } : {}), reference, display, commit, abort: close, close };
      } catch (e) {
        await close();
        throw e;
      }
    }
    case "docker-archive": {
      if (write) throw new OciError(`${display}: writing docker-archive is not supported`, { code: "UNSUPPORTED", hint: "write oci-archive:FILE or oci:DIR instead" });
      const file = resolvePath(cwd, ref.file);
      if (!(await exists(file))) throw new OciError(`archive ${file} does not exist`, { code: "NOT_FOUND" });
      const dir = await temp();
      const close = () => rm(dir, { recursive: true, force: true });
      try {
        await extractTar(file, dir);
        if (await exists(join(dir, "oci-layout"))) {
          const store = await OciLayoutStore.open(dir);
          const reference = (await store.soleManifest()).digest;
          return { store, reference, digest: reference, display, commit: noop, abort: close, close };
        }
        const wanted = ref.ref ? `${ref.ref.registry}/${ref.ref.repository}:${ref.ref.tag ?? "latest"}` : undefined;
        const { store, reference } = await dockerArchiveToLayout(dir, file, wanted);
        return { store, reference, digest: reference, display, commit: noop, abort: close, close };
      } catch (e) {
        await close();
        throw e;
      }
    }
  }
}
