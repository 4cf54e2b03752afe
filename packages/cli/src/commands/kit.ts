import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { lowerThreadPoolPriority, timestampFrom } from "@stella/core";
import { buildOfflineKit, importOfflineKit, kitSignerFromSpec, kitVerifierFrom, offlineKitName } from "@stella/kit";
import { loadReleaseManifest } from "@stella/release";
import { verifyMaterialFrom } from "@stella/signing";
import type { Command, CommandContext } from "../command.js";
import { parseCommandArgs, requirePositionals, UsageError } from "../args.js";
import { credentialsOf, registryOptions } from "../image-options.js";
import { signerFlags, signerSpecFrom } from "./sign-blob.js";
import { verifyFlags, verifySpecFrom, verifyUsage } from "./verify.js";

declare const STELLA_VERSION: string;

const usage = `usage: stella kit build|import …

  stella kit build --manifest release.json --channel stable [--output stellaops-kit-stable-2.4.1.tar.zst]
                   [--charts DIR] [--compose DIR] [--plugins DIR] [--policy DIR] [--delta PREVIOUS_KIT]
                   [--key cosign.key | --keyless] [--authfile FILE] [--creds USER:PASS]
      Every image of the release (all platforms, signatures, SBOMs, attestations) in one OCI layout
      images/, plus sboms/, attest/, charts/, compose/, plugins/, policy/, manifest/ (release.json,
      its bundle, release.yaml). Timestamp: SOURCE_DATE_EPOCH, else the release's released_at.
      --delta: only the layer blobs the previous kit lacks.

  stella kit import FILE --registry docker://HOST/PREFIX (--key cosign.pub | --certificate-identity …)
                   [--authfile FILE] [--creds USER:PASS]
      Verifies the kit's signature, every digest, release.json's signature and every image's
      signature before pushing anything; then pushes images and referrers.
${verifyUsage}`;

async function buildCmd(ctx: CommandContext, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { ...signerFlags, manifest: { type: "string" }, bundle: { type: "string" }, channel: { type: "string" }, output: { type: "string" }, charts: { type: "string" }, compose: { type: "string" }, plugins: { type: "string" }, policy: { type: "string" }, delta: { type: "string" }, authfile: { type: "string" }, creds: { type: "string" } },
    usage,
  );
  if (!values.manifest || !values.channel) throw new UsageError("give --manifest release.json and --channel", usage);
  const manifestPath = resolve(ctx.cwd, values.manifest);
  const output = resolve(ctx.cwd, values.output ?? offlineKitName(values.channel, (await loadReleaseManifest(manifestPath)).manifest.version));
  const keyPem = values.key ? await readFile(resolve(ctx.cwd, values.key), "utf8") : undefined;
  const signer = keyPem !== undefined || values.keyless ? await kitSignerFromSpec(signerSpecFrom(ctx, values, keyPem)) : undefined;
  if (!signer) ctx.logger.warn("no --key/--keyless: the kit is not signed and `stella kit import` will refuse it");
  const workDir = await mkdtemp(resolve(tmpdir(), "stella-kit-"));
  // Packing is compression in the thread pool fed by this thread: the pool yields to it.
  await lowerThreadPoolPriority();
  try {
    const include = Object.fromEntries((["charts", "compose", "plugins", "policy"] as const).filter((k) => values[k]).map((k) => [k, resolve(ctx.cwd, values[k] ?? "")]));
    const r = await buildOfflineKit({
      manifestPath,
      ...(values.bundle ? { bundlePath: resolve(ctx.cwd, values.bundle) } : {}),
      channel: values.channel,
      output,
      workDir,
      include,
      ...(values.delta ? { delta: resolve(ctx.cwd, values.delta) } : {}),
      open: { cwd: ctx.cwd, registry: { ...registryOptions(ctx, values.authfile), ...credentialsOf(values.creds, "--creds") } },
      ...(ctx.env.SOURCE_DATE_EPOCH ? { created: timestampFrom(ctx.env.SOURCE_DATE_EPOCH, undefined) } : {}),
      ...(signer ? { signer } : {}),
      toolVersion: STELLA_VERSION,
      logger: ctx.logger,
    });
    ctx.stdout(JSON.stringify({ output: r.path, digest: r.digest, size: r.size, checksum: r.checksumFile, signature: r.signatureFile, bundle: r.bundleFile, signedBy: r.signedBy, images: r.images, delta: r.delta ? { base: r.delta.base, omitted: r.delta.omitted.length } : null }, null, 2));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}

async function importCmd(ctx: CommandContext, argv: string[]): Promise<number> {
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
      logger: ctx.logger,
    });
    ctx.stdout(JSON.stringify(r, null, 2));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}

const command: Command = {
  name: "kit",
  summary: "offline image kit: build a signed tarball of a release, import it into a site registry",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    if (sub === "build") return buildCmd(ctx, rest);
    if (sub === "import") return importCmd(ctx, rest);
    throw new UsageError(sub ? `unknown sub-command "${sub}"` : "give a sub-command", usage);
  },
};
export default command;
