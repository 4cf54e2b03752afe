import { generateKeyPairSync } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { isoSeconds, timestampFrom, writeFileAtomic, type Logger } from "@stella/core";
import { copyImage, OciLayoutStore, openImage, type ImageStore } from "@stella/oci";
import { encryptPrivateKey, keySigner, loadPrivateKey, loadPublicKey, privateKeyFrom, publicKeyPem, type PrivateKey } from "@stella/signing";
import type { DriftCheck } from "@stella/deploy";
import type { OfflineKitBuildResult, OfflineKitImportResult, OukBuildResult, OukImportResult } from "@stella/kit";
import type { NotifySmokeResult } from "@stella/notify";
import type { Finding } from "@stella/profiles";
import type { AssembleResult, VerifyResult } from "@stella/release";
import { buildExampleServices, EXAMPLE_SERVICES, type ExampleService } from "./example-services.js";
import { runImageLeg, type SbomFact } from "./image-leg.js";
import { inProcessLegs, legPool, type LegRunner } from "./leg-pool.js";
import { renderPipelineReport } from "./pipeline-report.js";
import { runStages, type Stage, type StageResult } from "./stages.js";
import { stageDefinitions } from "./local-stages.js";

/**
 * `stella pipeline run` (issue 10): the release pipeline of release-engineering-playbook.md §2
 * on one machine, without a CI runner, Docker engine or network, on embedded defaults: the
 * example services built into an OCI layout directory (our registry), a generated key,
 * example profiles and feeds. Stages run as soon as their inputs are ready.
 */
export interface LocalPipelineOptions {
  outDir: string;
  /** `docker://HOST/PREFIX` to push to a real registry instead of the layout directory. */
  registry?: string;
  /** Existing cosign.key (and its password) instead of a generated one. */
  keyPath?: string;
  keyPassword?: string;
  services?: readonly ExampleService[];
  /** 1 runs the stages one after another (bench/pipeline compares). */
  concurrency?: number;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  onStage?: (e: { type: "start" | "end"; stage: string; result?: StageResult }) => void;
  /** A script that serves image legs as a worker thread (the CLI bundle): legs then run on every core. */
  workerScript?: string;
  /** Wall clock for expiry checks (client.jwt); outputs never carry it. */
  now?: Date;
}

export interface ServiceImage {
  service: ExampleService;
  /** The transport reference tools read it by, digest-pinned. */
  ref: string;
  /** The same, relative to the output directory where it is a layout (SBOM names stay the same wherever --out is). */
  localRef: string;
  digest: string;
  store: ImageStore;
  /** Name signatures carry in `critical.identity.docker-reference`. */
  dockerReference: string;
}

export interface PipelineContext {
  options: LocalPipelineOptions;
  out: string;
  release: { version: string; calendar: string; channel: string; created: string; revision: string };
  images: ServiceImage[];
  /** `generated`: made by this run (cosign.key is written by the key-file stage). */
  key?: { privateKey: PrivateKey; publicPem: string; privatePath: string; publicPath: string; password: string; generated?: boolean };
  /** Runs image legs: worker threads started with the pipeline (their start-up overlaps the first stages), or this thread. */
  legs: LegRunner;
  /** Filled by stages, read by later stages and the report. */
  facts: PipelineFacts;
}

/** What each stage found, typed by the package result it came from. */
export interface PipelineFacts {
  sbom?: Record<string, SbomFact>;
  manifest?: AssembleResult;
  align?: { profiles: string[]; before: number; after: number; files: number; images: number; findings: Finding[] };
  deploy?: { dir: string; drift: DriftCheck };
  ouk?: OukBuildResult;
  oukImport?: { first: OukImportResult; again: OukImportResult };
  kit?: OfflineKitBuildResult;
  kitImport?: OfflineKitImportResult;
  verify?: { images: Record<string, { signature: boolean; sbom: boolean; provenance: boolean }>; manifest: VerifyResult };
  notify?: NotifySmokeResult;
}

/** A fact an earlier stage must have left (the stage DAG guarantees the order). */
export function fact<K extends keyof PipelineFacts>(ctx: PipelineContext, key: K): NonNullable<PipelineFacts[K]> {
  const value = ctx.facts[key];
  if (value === undefined) throw new Error(`the ${key} stage left no result`);
  return value;
}

/** The password of a generated key: COSIGN_PASSWORD, else a fixed local default (it is a demo key). */
export const LOCAL_KEY_PASSWORD = "stella-local-pipeline";

/**
 * Images handled at once inside a stage: 1 when the run is serial (bench/pipeline compares), else
 * 8, every image of the example release. A stage's work per image is mostly waiting for the
 * thread pool (each blob and index.json of a layout is fsync'd before it counts), and more images
 * at once hide more of those waits behind the JavaScript of the others (bench/pipeline, 7
 * rounds each, alternating: median speed-up 1.50 and 1.33 with 4, 1.58 and 1.52 with 8). Peers
 * copy as many at once (`crane copy --jobs` defaults to GOMAXPROCS, gcrane to 20).
 */
export function widthOf(ctx: PipelineContext): number {
  return ctx.options.concurrency === 1 ? 1 : 8;
}

export async function prepareImages(ctx: PipelineContext): Promise<string> {
  const layoutDir = join(ctx.out, "registry");
  const layout = await OciLayoutStore.open(layoutDir, { create: true });
  const services = ctx.options.services ?? EXAMPLE_SERVICES;
  const built = await buildExampleServices(layout, ctx.release, services, widthOf(ctx));
  const images: ServiceImage[] = [];
  for (const service of services) {
    const desc = built.get(service.name)!;
    if (!ctx.options.registry) {
      images.push({ service, ref: `oci:${layoutDir}@${desc.digest}`, localRef: `oci:registry@${desc.digest}`, digest: desc.digest, store: layout, dockerReference: `registry.stella-ops.org/stellaops/${service.name}` });
      continue;
    }
    const base = ctx.options.registry.replace(/\/+$/, "");
    const target = await openImage(`${base}/${service.name}:${service.version}`, { mode: "write" });
    try {
      const copied = await copyImage({ store: layout, reference: desc.digest }, { store: target.store, tag: service.version }, { all: true, logger: ctx.options.logger });
      await target.commit();
      images.push({ service, ref: `${base}/${service.name}@${copied.digest}`, localRef: `${base}/${service.name}@${copied.digest}`, digest: copied.digest, store: target.store, dockerReference: `${base.replace(/^docker:\/\//, "")}/${service.name}` });
    } finally {
      await target.close();
    }
  }
  ctx.images = images;
  return `${images.length} images in ${ctx.options.registry ?? `oci:${layoutDir}`}`;
}

export async function prepareKey(ctx: PipelineContext): Promise<string> {
  const password = ctx.options.keyPassword ?? ctx.options.env.COSIGN_PASSWORD ?? LOCAL_KEY_PASSWORD;
  const dir = join(ctx.out, "keys");
  if (ctx.options.keyPath) {
    const pem = await readFile(ctx.options.keyPath, "utf8");
    const privateKey = await loadPrivateKey(pem, password, ctx.options.keyPath);
    const publicPem = privateKey.publicKey.export({ type: "spki", format: "pem" }).toString();
    await writeFileAtomic(join(dir, "cosign.pub"), publicPem);
    ctx.key = { privateKey, publicPem, privatePath: ctx.options.keyPath, publicPath: join(dir, "cosign.pub"), password };
    return `key ${ctx.options.keyPath}`;
  }
  // The key pair is made here and used at once; cosign.key (scrypt-encrypted, ~0.1 s) is written
  // by the key-file stage meanwhile, since nothing in the run reads it back.
  const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const publicPem = publicKeyPem(pair.publicKey);
  await writeFileAtomic(join(dir, "cosign.pub"), publicPem);
  const privateKey = privateKeyFrom(pair.privateKey, join(dir, "cosign.key"));
  loadPublicKey(publicPem, join(dir, "cosign.pub"));
  ctx.key = { privateKey, publicPem, privatePath: join(dir, "cosign.key"), publicPath: join(dir, "cosign.pub"), password, generated: true };
  return `generated ECDSA P-256 key ${join(dir, "cosign.pub")}`;
}

/** Writes a generated key as cosign.key (cosign's encrypted format; `stella sign --key` and cosign read it). */
export async function writeKeyFile(ctx: PipelineContext): Promise<string> {
  const key = ctx.key;
  if (!key?.generated) return `${key?.privatePath ?? "the given key"} is used as it is`;
  await writeFileAtomic(key.privatePath, await encryptPrivateKey(key.privateKey.privateKey, key.password), 0o600);
  return `${key.privatePath} (cosign's encrypted format)`;
}

export function signerOf(ctx: PipelineContext) {
  if (!ctx.key) throw new Error("no signing key (the key stage did not run)");
  return keySigner(ctx.key.privateKey);
}

export interface LocalPipelineResult {
  stages: StageResult[];
  reportPath: string;
  passed: boolean;
  context: PipelineContext;
}

/**
 * Worker threads (one per core, at most one per image) when a worker script is given and stages
 * may overlap; else this thread, legs interleaved at their I/O. Each worker compiles the SBOM and
 * signing code again, which the small example images do not pay back (bench/pipeline: 1.02 s on
 * workers vs 0.61 s in-thread for 8 legs), so the CLI uses workers only when asked (--workers).
 */
function legRunnerFor(options: LocalPipelineOptions): LegRunner {
  const serial = options.concurrency === 1;
  const images = (options.services ?? EXAMPLE_SERVICES).length;
  return options.workerScript && !serial ? legPool(options.workerScript, Math.min(availableParallelism(), images)) : inProcessLegs(runImageLeg);
}

export async function runLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipelineResult> {
  const out = options.outDir;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const created = isoSeconds(timestampFrom(options.env.SOURCE_DATE_EPOCH, "2027-06-20T12:00:00Z"));
  const ctx: PipelineContext = {
    options,
    out,
    release: { version: "2.4.1", calendar: "2027.06", channel: "stable", created, revision: "5ca1ab1e0ddba11c0ffee0ddf00dfacade15bead" },
    images: [],
    legs: legRunnerFor(options),
    facts: {},
  };
  const stages: Stage<PipelineContext>[] = stageDefinitions();
  let results: StageResult[];
  try {
    results = await runStages(stages, ctx, { ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.onStage ? { onEvent: options.onStage } : {}) });
  } finally {
    await ctx.legs.close();
    // Scratch of the stages (OUK downloads, kit trees, import staging): not part of the output.
    await rm(join(out, ".work"), { recursive: true, force: true });
  }
  const reportPath = join(out, "report.html");
  const model = renderPipelineReport(ctx, results);
  await writeFile(reportPath, model.html);
  return { stages: results, reportPath, passed: model.verdict === "ok", context: ctx };
}
