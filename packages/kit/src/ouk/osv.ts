import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isoSeconds } from "@stella/core";
import { safeUrl } from "@stella/http";
import yauzl from "yauzl";
import { KitError } from "../errors.js";
import { downloadResumable } from "./download.js";
import { newer, parseFeedTime, type FeedContext, type FeedStamp } from "./feed-types.js";

/** OSV per-ecosystem exports (https://google.github.io/osv.dev/data/#data-dumps): `<base>/<Ecosystem>/all.zip`. */
export interface OsvOptions {
  /** Mirror base, e.g. `https://osv-vulnerabilities.storage.googleapis.com`. */
  baseUrl: string;
  ecosystems: string[];
  /** Records go to `<outDir>/<Ecosystem>/<ID>.json`. */
  outDir: string;
  /** Scratch directory for the downloaded zips. */
  workDir: string;
  /** Most bytes one record may have once inflated (zip-bomb guard). */
  maxRecordBytes?: number;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:+-]*$/;

interface OsvRecordHead {
  id: string;
  modified: string;
}

function isOsvRecord(v: unknown): v is OsvRecordHead {
  return typeof v === "object" && v !== null && typeof (v as Record<string, unknown>).id === "string" && typeof (v as Record<string, unknown>).modified === "string";
}

export async function fetchOsv(options: OsvOptions, ctx: FeedContext): Promise<FeedStamp> {
  let records = 0;
  let newest: string | undefined;
  const details: Record<string, string> = {};
  for (const eco of [...options.ecosystems].sort()) {
    if (!SAFE_NAME.test(eco)) throw new KitError(`OSV ecosystem ${JSON.stringify(eco)} is not a plain name`, { code: "FEED", hint: "use names such as npm, PyPI, Go, Maven, Debian" });
    const url = `${options.baseUrl.replace(/\/$/, "")}/${encodeURIComponent(eco)}/all.zip`;
    await mkdir(options.workDir, { recursive: true });
    const zipPath = join(options.workDir, `osv-${eco}.zip`);
    const got = await downloadResumable(url, zipPath, { logger: ctx.logger });
    const dir = join(options.outDir, eco);
    await mkdir(dir, { recursive: true });
    let count = 0;
    await forEachZipEntry(zipPath, options.maxRecordBytes ?? 64 * 2 ** 20, async (name, bytes) => {
      let record: unknown;
      try {
        record = JSON.parse(bytes.toString("utf8"));
      } catch (e) {
        throw new KitError(`OSV ${eco}/all.zip: ${name} is not JSON`, { code: "FEED_SCHEMA", cause: e });
      }
      if (!isOsvRecord(record) || !SAFE_NAME.test(record.id)) throw new KitError(`OSV ${eco}/all.zip: ${name} is not an OSV record (needs id and modified)`, { code: "FEED_SCHEMA" });
      if (parseFeedTime(record.modified) > ctx.cutoff.getTime()) return;
      await writeFile(join(dir, `${record.id}.json`), bytes);
      count++;
      newest = newer(newest, record.modified);
    });
    await rm(zipPath, { force: true });
    details[eco] = `${count} records, ${got.digest}${got.checked.length ? `, checked ${got.checked.join(" ")}` : ""}`;
    records += count;
    ctx.logger.info(`osv: ${eco}: ${count} records`);
  }
  return { name: "osv", dir: "feeds/osv", source: safeUrl(options.baseUrl), records, newest: newest === undefined ? undefined : isoSeconds(new Date(parseFeedTime(newest))), version: "osv-schema-1", details };
}

/** Streams each `*.json` entry at the top of the zip through `each`, one at a time. */
function forEachZipEntry(path: string, maxBytes: number, each: (name: string, bytes: Buffer) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(new KitError(`${path} is not a readable zip: ${err.message}`, { code: "FEED", cause: err }));
      const fail = (e: unknown) => {
        zip.close();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      zip.on("error", fail);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name.endsWith("/") || !name.endsWith(".json")) return zip.readEntry();
        if (name.includes("/") || name.includes("\\")) return fail(new KitError(`zip entry ${JSON.stringify(name)} is not a top-level record`, { code: "UNSAFE_ENTRY" }));
        if (entry.uncompressedSize > maxBytes) return fail(new KitError(`zip entry ${name} inflates to ${entry.uncompressedSize} bytes`, { code: "BOMB" }));
        zip.openReadStream(entry, (e2, stream) => {
          if (e2) return fail(e2);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", fail);
          stream.on("end", () => {
            each(name, Buffer.concat(chunks)).then(() => zip.readEntry(), fail);
          });
        });
      });
      zip.readEntry();
    });
  });
}
