import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { decompressors, sniffCompression } from "./compress.js";
import { KitError } from "./errors.js";
import { KIT_MANIFEST_PATH, parseKitManifest, type KitManifest } from "./kit-manifest.js";
import { TarReader } from "./tar-reader.js";

const MAX_MANIFEST = 256 * 2 ** 20;

/** Thrown to stop reading once the first entry is in. */
class FirstEntryRead extends Error {}

/** The manifest.json of a kit file, read from its first entry only (the rest is never inflated). */
export async function readKitManifestFromArchive(file: string): Promise<KitManifest> {
  const head: Buffer[] = [];
  for await (const c of createReadStream(file, { start: 0, end: 3 })) head.push(c as Buffer);
  const parts: Buffer[] = [];
  let first: { name: string; size: number; complete: boolean } | undefined;
  const reader = new TarReader({
    entry: (h) => {
      if (first) throw new FirstEntryRead();
      first = { name: h.name, size: h.size, complete: false };
      if (h.name !== KIT_MANIFEST_PATH || h.type !== "file" || h.size > MAX_MANIFEST) throw new FirstEntryRead();
      return { data: (b) => void parts.push(Buffer.from(b)), end: () => void (first!.complete = true) };
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      try {
        reader.push(chunk);
        cb(first?.complete ? new FirstEntryRead() : null);
      } catch (e) {
        cb(e as Error);
      }
    },
  });
  try {
    await pipeline([createReadStream(file, { highWaterMark: 1 << 20 }), ...decompressors(sniffCompression(Buffer.concat(head))), sink]);
  } catch (e) {
    if (!(e instanceof FirstEntryRead)) throw e;
  }
  if (first?.name === KIT_MANIFEST_PATH && first.complete) return parseKitManifest(Buffer.concat(parts), file);
  throw new KitError(`${file} does not start with ${KIT_MANIFEST_PATH}`, { code: "MANIFEST", hint: "pass a kit built by `stella kit build`" });
}
