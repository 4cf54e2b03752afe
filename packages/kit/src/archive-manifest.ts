import { createReadStream } from "node:fs";
import { extract as tarExtract } from "tar-stream";
import { decompressor, sniffCompression } from "./compress.js";
import { KitError } from "./errors.js";
import { KIT_MANIFEST_PATH, parseKitManifest, type KitManifest } from "./kit-manifest.js";

/** The manifest.json of a kit file, read from its first entry only (the rest is never inflated). */
export async function readKitManifestFromArchive(file: string): Promise<KitManifest> {
  const head: Buffer[] = [];
  for await (const c of createReadStream(file, { start: 0, end: 3 })) head.push(c as Buffer);
  const source = createReadStream(file, { highWaterMark: 1 << 20 });
  const inflate = decompressor(sniffCompression(Buffer.concat(head)));
  const ex = tarExtract();
  source.pipe(inflate).pipe(ex);
  source.on("error", (e) => ex.destroy(e));
  inflate.on("error", (e) => ex.destroy(e));
  try {
    for await (const entry of ex) {
      if (entry.header.name !== KIT_MANIFEST_PATH || entry.header.size > 256 * 2 ** 20) break;
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      return parseKitManifest(Buffer.concat(chunks), file);
    }
  } finally {
    source.destroy();
    inflate.destroy();
    ex.destroy();
  }
  throw new KitError(`${file} does not start with ${KIT_MANIFEST_PATH}`, { code: "MANIFEST", hint: "pass a kit built by `stella kit build`" });
}
