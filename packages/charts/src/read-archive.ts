import { gunzipSync } from "node:zlib";
import { ChartError } from "./errors.js";

const MAX_CHART_BYTES = 64 << 20;

/** The `<name>/Chart.yaml` text of a packaged chart (.tgz), read in memory (charts are small). */
export function chartYamlOf(archive: Uint8Array, file: string): string {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive, { maxOutputLength: MAX_CHART_BYTES });
  } catch (e) {
    throw new ChartError(`${file} is not a gzip-compressed chart archive (or unpacks to over 64 MiB)`, { code: "CHART_INVALID", cause: e });
  }
  let pax: string | undefined;
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number) => header.subarray(start, start + len).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = field(345, 155);
    const name = pax ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = tar.subarray(off + 512, off + 512 + size);
    pax = undefined;
    if (type === "x") pax = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
    else if ((type === "0" || type === "\0") && /^[^/]+\/Chart\.yaml$/.test(name)) return body.toString("utf8");
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new ChartError(`${file} holds no <name>/Chart.yaml: not a Helm chart archive`, { code: "CHART_INVALID" });
}
