import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";

/** sha256 (hex) of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** `checksums.sha256` in sha256sum's format (`<hex>  <name>`), sorted by name: `sha256sum -c` checks it. */
export async function checksumsFile(paths: readonly string[]): Promise<string> {
  const rows = await Promise.all(paths.map(async (p) => ({ name: basename(p), hex: await sha256File(p) })));
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rows.map((r) => `${r.hex}  ${r.name}\n`).join("");
}
