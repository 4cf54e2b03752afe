#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  LOCK_FILE_NAME,
  STICKER_FILE_NAME,
  buildSticker,
  checkDrift,
  formatDrift,
  generateLockFile,
  parseSticker,
  pemStickerSigner,
  pemStickerVerifier,
  prune,
  serializeSticker,
  signSticker,
  storeArtifacts,
  verifySticker
} from "./chunk-44HPTHH7.js";
import {
  parseMirrors
} from "./chunk-IUELWYK5.js";
import {
  loadReleaseManifest
} from "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  isoSeconds,
  timestampFrom,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/deploy.ts
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
var usage = `usage: stella deploy <lock|sticker|verify|store|prune|drift> [options]

  lock     --manifest release.json --environment ENV --compose FILE\u2026 [--out DIR] [--mirror F=T]\u2026
           [--deployment-id ID] [--started-at RFC3339]
           writes DIR/compose.stella.lock.yml and DIR/checksums.sha256 (artifact-generation.md \xA71)
  sticker  --manifest release.json --environment ENV --target NAME --user NAME --agent NAME --key KEY.pem
           [--previous prev-release.json] [--strategy rolling] [--started-at T] [--completed-at T]
           [--deployment-id ID] [--key-ref REF] [--out FILE]   writes stella.version.json, signed (\xA72)
  verify   --key PUB.pem STICKER                 checks a sticker's signature offline
  store    --root DIR --tenant T --deployment ID --environment ENV [--created-at T] [--key KEY.pem] FILES\u2026
           DIR/T/ID/ with manifest.json + checksums.sha256; never overwrites other bytes
  prune    --root DIR [--dry-run] [--now T]      retention: development 30 d, staging 90 d, production 7 y
  drift    --expected STICKER [--key PUB.pem] [--json] TARGET_DIR|STICKER
           missing / corrupted / mismatch as the spec's DriftCheck; exit 1 on drift

Times default to SOURCE_DATE_EPOCH, else the manifest's released_at (never the clock), so the
same inputs give the same bytes. The key password is read from STELLA_KEY_PASSWORD when set.`;
var str = { type: "string" };
function need(values, names) {
  const missing = names.filter((n) => typeof values[n] !== "string" || values[n] === "");
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(", ")}`, usage);
}
__name(need, "need");
var s = /* @__PURE__ */ __name((v) => typeof v === "string" ? v : "", "s");
async function lock(ctx, argv) {
  const { values } = parseCommandArgs(argv, { manifest: str, environment: str, compose: { type: "string", multiple: true, default: [] }, out: { type: "string", default: "." }, mirror: { type: "string", multiple: true, default: [] }, "deployment-id": str, "started-at": str }, usage);
  need(values, ["manifest", "environment"]);
  if (values.compose.length === 0) throw new UsageError("missing --compose FILE", usage);
  const manifest = await loadReleaseManifest(resolve(ctx.cwd, s(values.manifest)));
  const generatedAt = isoSeconds(timestampFrom(ctx.env.SOURCE_DATE_EPOCH, manifest.manifest.released_at));
  const r = await generateLockFile({
    manifest,
    composeFiles: values.compose.map((f) => resolve(ctx.cwd, f)),
    environment: { name: s(values.environment) },
    deployment: { startedAt: values["started-at"] ?? generatedAt, ...values["deployment-id"] ? { id: values["deployment-id"] } : {} },
    generatedAt,
    generator: `stella-artifact-generator@${"0.1.0"}`,
    mirrors: parseMirrors(values.mirror)
  });
  const out = resolve(ctx.cwd, values.out);
  await writeFileAtomic(join(out, LOCK_FILE_NAME), r.text);
  await writeFileAtomic(join(out, "checksums.sha256"), r.checksums);
  ctx.stdout(JSON.stringify({ lockFile: join(out, LOCK_FILE_NAME), checksums: join(out, "checksums.sha256"), deploymentId: r.deploymentId, releaseId: r.releaseId }));
  return 0;
}
__name(lock, "lock");
async function sticker(ctx, argv) {
  const { values } = parseCommandArgs(argv, { manifest: str, previous: str, environment: str, target: str, user: str, agent: str, strategy: str, "started-at": str, "completed-at": str, "deployment-id": str, key: str, "key-ref": str, out: { type: "string", default: STICKER_FILE_NAME } }, usage);
  need(values, ["manifest", "environment", "target", "user", "agent", "key"]);
  const manifest = await loadReleaseManifest(resolve(ctx.cwd, s(values.manifest)));
  const generatedAt = isoSeconds(timestampFrom(ctx.env.SOURCE_DATE_EPOCH, manifest.manifest.released_at));
  const startedAt = values["started-at"] ?? generatedAt;
  const body = buildSticker({
    manifest,
    ...values.previous ? { previous: await loadReleaseManifest(resolve(ctx.cwd, values.previous)) } : {},
    environment: s(values.environment),
    target: s(values.target),
    user: s(values.user),
    agent: s(values.agent),
    ...values.strategy ? { strategy: values.strategy } : {},
    ...values["deployment-id"] ? { deploymentId: values["deployment-id"] } : {},
    startedAt,
    completedAt: values["completed-at"] ?? startedAt,
    generatedAt,
    generator: `stella-artifact-generator@${"0.1.0"}`
  });
  const keyPath = resolve(ctx.cwd, s(values.key));
  const signer = await pemStickerSigner(await readFile(keyPath, "utf8"), ctx.env.STELLA_KEY_PASSWORD, keyPath, values["key-ref"]);
  const signed = await signSticker(body, signer);
  const out = resolve(ctx.cwd, values.out);
  await writeFileAtomic(out, serializeSticker(signed));
  ctx.stdout(out);
  return 0;
}
__name(sticker, "sticker");
async function verify(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, { key: str }, usage);
  need(values, ["key"]);
  const [file] = positionals;
  if (!file) throw new UsageError("give the sticker file", usage);
  const path = resolve(ctx.cwd, file);
  const keyPath = resolve(ctx.cwd, s(values.key));
  const r = await verifySticker(parseSticker(await readFile(path, "utf8"), path), pemStickerVerifier(await readFile(keyPath, "utf8"), keyPath));
  ctx.stdout(`${basename(path)}: ${r.reason}`);
  return r.valid ? 0 : 1;
}
__name(verify, "verify");
async function store(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, { root: str, tenant: str, deployment: str, environment: str, "created-at": str, key: str }, usage);
  need(values, ["root", "tenant", "deployment", "environment"]);
  if (positionals.length === 0) throw new UsageError("give the artifact files to store", usage);
  const files = await Promise.all(positionals.map(async (p) => ({ name: basename(p), bytes: await readFile(resolve(ctx.cwd, p)) })));
  const stickerFile = files.find((f) => f.name === STICKER_FILE_NAME);
  const fromSticker = stickerFile ? parseSticker(stickerFile.bytes.toString("utf8")).deployment.completedAt : void 0;
  const createdAt = values["created-at"] ?? (ctx.env.SOURCE_DATE_EPOCH ? isoSeconds(timestampFrom(ctx.env.SOURCE_DATE_EPOCH, void 0)) : fromSticker);
  if (!createdAt) throw new UsageError("pass --created-at (or SOURCE_DATE_EPOCH, or store a stella.version.json)", usage);
  const signer = values.key ? await pemStickerSigner(await readFile(resolve(ctx.cwd, values.key), "utf8"), ctx.env.STELLA_KEY_PASSWORD, values.key) : void 0;
  const r = await storeArtifacts({ root: resolve(ctx.cwd, s(values.root)), tenant: s(values.tenant), deploymentId: s(values.deployment), environment: s(values.environment), createdAt, files, ...signer ? { signer } : {} });
  ctx.stdout(`${r.written ? "stored" : "already stored (identical)"}: ${r.dir}`);
  return 0;
}
__name(store, "store");
async function pruneCmd(ctx, argv) {
  const { values } = parseCommandArgs(argv, { root: str, "dry-run": { type: "boolean", default: false }, now: str }, usage);
  need(values, ["root"]);
  const now = values.now ? new Date(values.now) : timestampFrom(ctx.env.SOURCE_DATE_EPOCH, /* @__PURE__ */ new Date());
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${values.now ?? ""}" is not a date`, usage);
  const plan = await prune(resolve(ctx.cwd, s(values.root)), now, values["dry-run"]);
  const verb = values["dry-run"] ? "would remove" : "removed";
  for (const e of plan) ctx.stdout(`${e.action === "remove" ? verb : "keep"} ${e.tenant}/${e.deploymentId} (${e.environment ?? "?"}, created ${e.createdAt ?? "?"}): ${e.reason}`);
  return 0;
}
__name(pruneCmd, "pruneCmd");
async function drift(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, { expected: str, key: str, json: { type: "boolean", default: false } }, usage);
  need(values, ["expected"]);
  const [target] = positionals;
  if (!target) throw new UsageError("give TARGET_DIR or a sticker file", usage);
  const expectedPath = resolve(ctx.cwd, s(values.expected));
  const expected = parseSticker(await readFile(expectedPath, "utf8"), expectedPath);
  const verifier = values.key ? pemStickerVerifier(await readFile(resolve(ctx.cwd, values.key), "utf8"), values.key) : void 0;
  if (!verifier) ctx.logger.warn("no --key: signatures are not checked (a hand-edited sticker is only caught by checksums.sha256)");
  const d = await checkDrift({ expected, target: resolve(ctx.cwd, target), ...verifier ? { verifier } : {} });
  ctx.stdout(values.json ? JSON.stringify(d, null, 2) : formatDrift(d));
  return d.driftDetected ? 1 : 0;
}
__name(drift, "drift");
var SUBCOMMANDS = { lock, sticker, verify, store, prune: pruneCmd, drift };
var command = {
  name: "deploy",
  summary: "deployment artifacts: lock file, version sticker, artifact store, retention, drift",
  usage,
  run(ctx) {
    const [sub, ...rest] = ctx.argv;
    const fn = sub === void 0 ? void 0 : SUBCOMMANDS[sub];
    if (!fn) throw new UsageError(sub ? `unknown subcommand "${sub}"` : "missing subcommand", usage);
    return fn(ctx, rest);
  }
};
var deploy_default = command;
export {
  deploy_default as default
};
