#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  buildOfflineKit,
  importOfflineKit,
  kitSignerFromSpec,
  kitVerifierFrom,
  offlineKitName
} from "./chunk-KLHOWN2A.js";
import "./chunk-J6QU6PQX.js";
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage
} from "./chunk-YOKYK4J6.js";
import {
  loadReleaseManifest
} from "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import {
  credentialsOf,
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  signerFlags,
  signerSpecFrom
} from "./chunk-O7IFV6PE.js";
import {
  verifyMaterialFrom
} from "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  lowerThreadPoolPriority,
  timestampFrom
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/kit.ts
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
var usage = `usage: stella kit build|import \u2026

  stella kit build --manifest release.json --channel stable [--output stellaops-kit-stable-2.4.1.tar.zst]
                   [--charts DIR] [--compose DIR] [--plugins DIR] [--policy DIR] [--delta PREVIOUS_KIT]
                   [--key cosign.key | --keyless] [--authfile FILE] [--creds USER:PASS]
      Every image of the release (all platforms, signatures, SBOMs, attestations) in one OCI layout
      images/, plus sboms/, attest/, charts/, compose/, plugins/, policy/, manifest/ (release.json,
      its bundle, release.yaml). Timestamp: SOURCE_DATE_EPOCH, else the release's released_at.
      --delta: only the layer blobs the previous kit lacks.

  stella kit import FILE --registry docker://HOST/PREFIX (--key cosign.pub | --certificate-identity \u2026)
                   [--authfile FILE] [--creds USER:PASS]
      Verifies the kit's signature, every digest, release.json's signature and every image's
      signature before pushing anything; then pushes images and referrers.
${verifyUsage}`;
async function buildCmd(ctx, argv) {
  const { values } = parseCommandArgs(
    argv,
    { ...signerFlags, manifest: { type: "string" }, bundle: { type: "string" }, channel: { type: "string" }, output: { type: "string" }, charts: { type: "string" }, compose: { type: "string" }, plugins: { type: "string" }, policy: { type: "string" }, delta: { type: "string" }, authfile: { type: "string" }, creds: { type: "string" } },
    usage
  );
  if (!values.manifest || !values.channel) throw new UsageError("give --manifest release.json and --channel", usage);
  const manifestPath = resolve(ctx.cwd, values.manifest);
  const output = resolve(ctx.cwd, values.output ?? offlineKitName(values.channel, (await loadReleaseManifest(manifestPath)).manifest.version));
  const keyPem = values.key ? await readFile(resolve(ctx.cwd, values.key), "utf8") : void 0;
  const signer = keyPem !== void 0 || values.keyless ? await kitSignerFromSpec(signerSpecFrom(ctx, values, keyPem)) : void 0;
  if (!signer) ctx.logger.warn("no --key/--keyless: the kit is not signed and `stella kit import` will refuse it");
  const workDir = await mkdtemp(resolve(tmpdir(), "stella-kit-"));
  await lowerThreadPoolPriority();
  try {
    const include = Object.fromEntries(["charts", "compose", "plugins", "policy"].filter((k) => values[k]).map((k) => [k, resolve(ctx.cwd, values[k] ?? "")]));
    const r = await buildOfflineKit({
      manifestPath,
      ...values.bundle ? { bundlePath: resolve(ctx.cwd, values.bundle) } : {},
      channel: values.channel,
      output,
      workDir,
      include,
      ...values.delta ? { delta: resolve(ctx.cwd, values.delta) } : {},
      open: { cwd: ctx.cwd, registry: { ...registryOptions(ctx, values.authfile), ...credentialsOf(values.creds, "--creds") } },
      ...ctx.env.SOURCE_DATE_EPOCH ? { created: timestampFrom(ctx.env.SOURCE_DATE_EPOCH, void 0) } : {},
      ...signer ? { signer } : {},
      toolVersion: "0.1.0",
      logger: ctx.logger
    });
    ctx.stdout(JSON.stringify({ output: r.path, digest: r.digest, size: r.size, checksum: r.checksumFile, signature: r.signatureFile, bundle: r.bundleFile, signedBy: r.signedBy, images: r.images, delta: r.delta ? { base: r.delta.base, omitted: r.delta.omitted.length } : null }, null, 2));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}
__name(buildCmd, "buildCmd");
async function importCmd(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, { ...verifyFlags, registry: { type: "string" }, authfile: { type: "string" }, creds: { type: "string" } }, usage);
  const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
  if (!values.registry?.startsWith("docker://")) throw new UsageError("give --registry docker://HOST/PREFIX", usage);
  const material = await verifyMaterialFrom(await verifySpecFrom(ctx, values));
  const workDir = await mkdtemp(resolve(tmpdir(), "stella-kit-import-"));
  try {
    const r = await importOfflineKit({
      file: resolve(ctx.cwd, file),
      registry: values.registry,
      verifier: kitVerifierFrom(material),
      material,
      workDir,
      open: { cwd: ctx.cwd, registry: { ...registryOptions(ctx, values.authfile), ...credentialsOf(values.creds, "--creds") } },
      logger: ctx.logger
    });
    ctx.stdout(JSON.stringify(r, null, 2));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}
__name(importCmd, "importCmd");
var command = {
  name: "kit",
  summary: "offline image kit: build a signed tarball of a release, import it into a site registry",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    if (sub === "build") return buildCmd(ctx, rest);
    if (sub === "import") return importCmd(ctx, rest);
    throw new UsageError(sub ? `unknown sub-command "${sub}"` : "give a sub-command", usage);
  }
};
var kit_default = command;
export {
  kit_default as default
};
