import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@stella/core";
import type { KitSigner } from "../blob-signature.js";
import { KitError } from "../errors.js";
import { packTree, type PackedKit } from "../pack.js";
import { checkClientToken, type ClientTokenFacts } from "./client-token.js";
import type { FeedContext, FeedStamp } from "./feed-types.js";
import { fetchNvd, type NvdOptions } from "./nvd.js";
import { fetchOsv, type OsvOptions } from "./osv.js";
import { fetchTrivyDb, type OpenStore, type TrivyDbName } from "./trivy.js";

export const OUK_KIND = "stella-ouk";

/** Everything `stella ouk fetch` / actions/build-ouk turn their flags into (playbook §4.1). */
export interface OukBuildOptions {
  /** `--date YYYY-MM-DD`: the kit timestamp; records modified after that day are left out. */
  date: string;
  /** `ouk-YYYYMMDD.tar.gz` or `.tar.zst`. */
  output: string;
  /** Scratch space (the feed tree is assembled here, then removed). */
  workDir: string;
  nvd?: Omit<NvdOptions, "outDir">;
  osv?: Omit<OsvOptions, "outDir" | "workDir">;
  trivy?: { name: TrivyDbName; reference: string }[];
  openStore?: OpenStore;
  /** client.jwt of the OfflineToken stage, placed at `root/client.jwt` (§4.4). */
  clientJwt: string;
  /** Wall-clock "now" for the token guard (the entry point passes it; tests pin it). */
  now: Date;
  signer?: KitSigner;
  toolVersion: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface OukBuildResult extends PackedKit {
  feeds: FeedStamp[];
  token: ClientTokenFacts;
}

/** `YYYY-MM-DD` → [kit timestamp (00:00Z), cutoff (end of that day, UTC)]. */
export function parseKitDate(date: string): { created: Date; cutoff: Date } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const created = m ? new Date(`${date}T00:00:00Z`) : new Date(NaN);
  if (!m || Number.isNaN(created.getTime()) || created.toISOString().slice(0, 10) !== date) {
    throw new KitError(`--date ${JSON.stringify(date)} is not a calendar date`, { code: "FEED", hint: "use YYYY-MM-DD, e.g. --date $(date -I)" });
  }
  return { created, cutoff: new Date(created.getTime() + 86_400_000 - 1) };
}

/**
 * Fetches the chosen feeds from their mirrors into a fresh tree, adds `root/client.jwt`
 * (refused when it expires within 29 days), and packs, checksums and signs the kit.
 * The token is checked first so a doomed build fails before any download.
 */
export async function buildOuk(o: OukBuildOptions): Promise<OukBuildResult> {
  const { created, cutoff } = parseKitDate(o.date);
  const token = checkClientToken(o.clientJwt.trim(), o.now);
  if (!o.nvd && !o.osv && !o.trivy?.length) throw new KitError("no feed chosen", { code: "FEED", hint: "pass at least one of --nvd, --osv, --trivy-db" });
  const tree = join(o.workDir, "tree");
  await rm(tree, { recursive: true, force: true });
  await mkdir(join(tree, "root"), { recursive: true });
  const ctx: FeedContext = { cutoff, logger: o.logger, ...(o.sleep ? { sleep: o.sleep } : {}) };
  const feeds: FeedStamp[] = [];
  try {
    if (o.nvd) feeds.push(await fetchNvd({ ...o.nvd, outDir: join(tree, "feeds", "nvd") }, ctx));
    if (o.osv) feeds.push(await fetchOsv({ ...o.osv, outDir: join(tree, "feeds", "osv"), workDir: join(o.workDir, "downloads") }, ctx));
    for (const t of o.trivy ?? []) {
      if (!o.openStore) throw new KitError(`${t.name} needs a registry to pull from`, { code: "FEED" });
      feeds.push(await fetchTrivyDb({ ...t, outDir: join(tree, "feeds", t.name), openStore: o.openStore }, ctx));
    }
    await writeFile(join(tree, "root", "client.jwt"), o.clientJwt.trim() + "\n");
    const packed = await packTree(tree, o.output, {
      kind: OUK_KIND,
      created,
      tool: { name: "stella", version: o.toolVersion },
      meta: { date: o.date, cutoff: cutoff.toISOString(), feeds, token: { file: "root/client.jwt", ...token } },
      ...(o.signer ? { signer: o.signer } : {}),
      logger: o.logger,
    });
    return { ...packed, feeds, token };
  } finally {
    await rm(tree, { recursive: true, force: true });
    await rm(join(o.workDir, "downloads"), { recursive: true, force: true });
  }
}
