import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isoSeconds, type Logger } from "@stella/core";
import type { KitVerifier } from "../blob-signature.js";
import { KitError } from "../errors.js";
import { extractSafely, type ExtractLimits } from "../extract.js";
import { expectedFiles, KIT_MANIFEST_PATH, parseKitManifest, type KitManifest } from "../kit-manifest.js";
import { sidecarsOf } from "../pack.js";
import { OUK_KIND } from "./build.js";
import type { FeedStamp } from "./feed-types.js";
import type { FeedBus } from "./redis-bus.js";
import { OUK_UPDATE_EVENT, type FeedAge, type OukUpdateEvent } from "./redis-contract.js";

/** Written into the target with the feeds: which kit is active (re-import of it is a no-op). */
export const IMPORT_RECORD = ".stella-ouk.json";

export interface OukImportOptions {
  file: string;
  /** `var/lib/stella/db` (playbook §4.3 step 3). */
  target: string;
  verifier: KitVerifier;
  /** Defaults to the kit's `.sigstore.json` / `.sig` sidecars. */
  bundleFile?: string;
  signatureFile?: string;
  bus?: FeedBus;
  /** JSON-lines audit log; default `<parent of target>/audit.jsonl`. */
  auditLog?: string;
  now: Date;
  limits?: Partial<ExtractLimits>;
  logger: Logger;
}

export interface OukImportResult {
  status: "imported" | "unchanged";
  digest: string;
  signedBy: string;
  feeds: FeedAge[];
  previous: string | undefined;
  event: OukUpdateEvent | undefined;
}

function feedAges(manifest: KitManifest, now: Date): FeedAge[] {
  const feeds = Array.isArray(manifest.meta.feeds) ? (manifest.meta.feeds as FeedStamp[]) : [];
  return feeds.map((f) => ({ name: String(f.name), newest: f.newest, ageHours: f.newest ? Math.floor((now.getTime() - Date.parse(f.newest)) / 3_600_000) : undefined }));
}

async function readRecord(target: string): Promise<string | undefined> {
  const text = await readFile(join(target, IMPORT_RECORD), "utf8").catch(() => undefined);
  if (!text) return undefined;
  const doc: unknown = JSON.parse(text);
  return typeof doc === "object" && doc !== null && typeof (doc as Record<string, unknown>).digest === "string" ? (doc as { digest: string }).digest : undefined;
}

/**
 * Activation (playbook §4.3): verify the signature and digest before reading a single entry;
 * extract to staging beside the target, every entry checked against manifest.json, swap in
 * (the old tree kept as `.db.previous`); then invalidate the caches, announce and audit
 * `ouk_update`. The kit already active is left alone.
 */
export async function importOuk(o: OukImportOptions): Promise<OukImportResult> {
  const side = sidecarsOf(o.file);
  const bundleFile = o.bundleFile ?? side.bundle;
  const bundle = await readFile(bundleFile).catch((e: unknown) => {
    throw new KitError(`no signature bundle for ${o.file} (looked for ${bundleFile})`, { code: "SIGNATURE", cause: e, hint: "copy the .sigstore.json published beside the kit, or pass --bundle" });
  });
  const detached = await readFile(o.signatureFile ?? side.signature, "utf8").catch(() => undefined);
  const { identity, digest } = await o.verifier.verify(o.file, bundle, detached);
  const checksum = await readFile(side.checksum, "utf8").catch(() => undefined);
  if (checksum !== undefined && checksum.split(/\s+/)[0] !== digest.slice(7)) {
    throw new KitError(`${side.checksum} says ${checksum.split(/\s+/)[0] ?? ""}, the kit is ${digest}`, { code: "DIGEST_MISMATCH", hint: "the kit or its .sha256 was altered; fetch both again" });
  }
  o.logger.info(`signature verified (${identity}), ${digest}`);
  if ((await readRecord(o.target)) === digest) {
    const manifest = parseKitManifest(await readFile(join(o.target, KIT_MANIFEST_PATH)), o.target);
    o.logger.info(`${basename(o.file)} is already active in ${o.target}: nothing to do`);
    return { status: "unchanged", digest, signedBy: identity, feeds: feedAges(manifest, o.now), previous: undefined, event: undefined };
  }
  let manifest: KitManifest | undefined;
  const extracted = await extractSafely(o.file, o.target, {
    ...(o.limits ? { limits: o.limits } : {}),
    manifestEntry: {
      path: KIT_MANIFEST_PATH,
      parse: (bytes) => {
        manifest = parseKitManifest(bytes, o.file);
        if (manifest.kind !== OUK_KIND) throw new KitError(`${o.file} is a ${manifest.kind}, not an Offline Update Kit`, { code: "MANIFEST" });
        return expectedFiles(manifest);
      },
    },
    beforeSwap: (staging) => writeFile(join(staging, IMPORT_RECORD), JSON.stringify({ digest, file: basename(o.file), signedBy: identity, importedAt: isoSeconds(o.now) }) + "\n"),
  });
  if (!manifest) throw new KitError(`${o.file} has no manifest.json`, { code: "MANIFEST" });
  const feeds = feedAges(manifest, o.now);
  let cacheKeysDeleted = 0;
  if (o.bus) cacheKeysDeleted = await o.bus.invalidateCaches();
  const event: OukUpdateEvent = {
    type: OUK_UPDATE_EVENT,
    time: isoSeconds(o.now),
    kit: { file: basename(o.file), digest, date: typeof manifest.meta.date === "string" ? manifest.meta.date : "", created: manifest.created },
    signedBy: identity,
    target: o.target,
    previous: extracted.previous ?? null,
    feeds,
    cacheKeysDeleted,
  };
  const auditLog = o.auditLog ?? join(dirname(o.target), "audit.jsonl");
  await mkdir(dirname(auditLog), { recursive: true });
  await appendFile(auditLog, JSON.stringify(event) + "\n");
  if (o.bus) await o.bus.announce(event);
  for (const f of feeds) o.logger.info(`feed ${f.name}: newest ${f.newest ?? "none"}, age ${f.ageHours === undefined ? "unknown" : `${f.ageHours} h`}`);
  return { status: "imported", digest, signedBy: identity, feeds, previous: extracted.previous, event };
}
