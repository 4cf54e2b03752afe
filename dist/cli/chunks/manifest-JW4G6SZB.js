#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  checkManifestDigest,
  checkReleaseImages,
  checkSkew,
  defaultSkewRules,
  diffManifests,
  loadReleaseManifest,
  loadSkewRules,
  parseFragment,
  renderDiff,
  runAssemble,
  serializeRelease,
  signManifest,
  sigstoreManifestSigner,
  sigstoreManifestVerifier,
  storeOpener,
  verifyManifest
} from "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import {
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  actionsTokenProvider,
  keySigner,
  keylessSigner,
  loadPrivateKey,
  loadPublicKey,
  parseTrustedRoot
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
  isoSeconds,
  timestampFrom,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/manifest.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var usage = `usage: stella manifest <assemble|validate|sign|verify|diff> ...

  assemble --fragments DIR [--out DIR] (--ref REF [--version-file VERSION] [--rc-number N] | --version X.Y.Z --channel lts|stable|edge|beta|...)
           [--released-at RFC3339 (default $SOURCE_DATE_EPOCH)] [--template release.json] [--previous CURRENT.json (no downgrade)] [--skew-rules FILE] [--allow-skew]
           [--images oci:DIR|docker://MIRROR] [--skip-image-check] [--labels error|warn|off] [--revision SHA] [--lts-lines 2.4,3.0]
           [--key cosign.key | --keyless] [--authfile FILE]
      fan-in: image fragments -> checked release.json + release.yaml (+ release.json.sigstore.json when signing)
  validate FILE [--skew-rules FILE]              schema, manifest_digest, component skew (\xA71.3)
  sign FILE (--key cosign.key | --keyless [--fulcio-url URL] [--rekor-url URL]) [--bundle OUT] [--signed-at RFC3339]
      password of an encrypted key from $COSIGN_PASSWORD; writes FILE and OUT (default FILE.sigstore.json)
  verify FILE (--key cosign.pub | --certificate-identity ID --certificate-oidc-issuer URL [--trusted-root FILE]) [--bundle FILE]
         [--images oci:DIR|docker://MIRROR|registry] [--authfile FILE]
      offline: digest + signature; with --images also every image's signature and SBOM
  diff OLD NEW [--format text|markdown|json]
  fragment --service-id ID --image REPO --digest sha256:... [--version V] [--name N] [--tag T] [--sbom-ref URI] [--attestation-ref URI]
           [--claim KIND=ARTIFACT_TYPE[@sha256:...]]... [--rekor-uuid U] [--log-index N] [--out FILE]
      one image job's fragment for assemble (KIND: signature|sbom|attestation); stdout when no --out`;
var command = {
  name: "manifest",
  summary: "assemble, validate, sign, verify and diff the signed release manifest (release.json / release.yaml)",
  usage,
  async run(ctx) {
    const [sub, ...argv] = ctx.argv;
    const sctx = { ...ctx, argv };
    switch (sub) {
      case "assemble":
        return assemble(sctx);
      case "validate":
        return validate(sctx);
      case "sign":
        return sign(sctx);
      case "verify":
        return verify(sctx);
      case "diff":
        return diff(sctx);
      case "fragment":
        return fragment(sctx);
      default:
        throw new UsageError(sub ? `unknown sub-command "${sub}"` : "missing sub-command", usage);
    }
  }
};
var manifest_default = command;
function when(env, flag, what) {
  if (flag === void 0 && (env.SOURCE_DATE_EPOCH ?? "") === "") throw new UsageError(`${what}: pass --released-at/--signed-at or set SOURCE_DATE_EPOCH (outputs never carry the wall clock)`, usage);
  return timestampFrom(env.SOURCE_DATE_EPOCH, flag);
}
__name(when, "when");
async function signerOf(ctx, v) {
  if (v.key && v.keyless) throw new UsageError("--key and --keyless exclude each other", usage);
  if (v.key) {
    const key = await loadPrivateKey(await readFile(resolve(ctx.cwd, v.key), "utf8"), ctx.env.COSIGN_PASSWORD, v.key);
    return sigstoreManifestSigner(keySigner(key, v["rekor-url"] ? { rekorUrl: v["rekor-url"] } : {}));
  }
  if (v.keyless) {
    const token = actionsTokenProvider({ requestUrl: ctx.env.ACTIONS_ID_TOKEN_REQUEST_URL, requestToken: ctx.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, gitea: ctx.env.GITEA_ACTIONS === "true" });
    return sigstoreManifestSigner(keylessSigner({ token, ...v["fulcio-url"] ? { fulcioUrl: v["fulcio-url"] } : {}, ...v["rekor-url"] ? { rekorUrl: v["rekor-url"] } : {} }));
  }
  return void 0;
}
__name(signerOf, "signerOf");
async function assemble(ctx) {
  const s = { type: "string" };
  const { values: v } = parseCommandArgs(
    ctx.argv,
    {
      fragments: s,
      out: s,
      ref: s,
      "version-file": s,
      "rc-number": s,
      version: s,
      channel: s,
      "released-at": s,
      template: s,
      "skew-rules": s,
      "allow-skew": { type: "boolean" },
      images: s,
      "skip-image-check": { type: "boolean" },
      labels: s,
      revision: s,
      "lts-lines": s,
      key: s,
      keyless: { type: "boolean" },
      "fulcio-url": s,
      "rekor-url": s,
      authfile: s,
      "release-id": s,
      previous: s
    },
    usage
  );
  if (!v.fragments) throw new UsageError("--fragments DIR is required", usage);
  const labels = v.labels ?? "error";
  if (labels !== "error" && labels !== "warn" && labels !== "off") throw new UsageError(`--labels must be error, warn or off, got "${labels}"`, usage);
  const releasedAt = when(ctx.env, v["released-at"], "release date");
  const signer = await signerOf(ctx, v);
  const r = await runAssemble({
    fragmentsDir: resolve(ctx.cwd, v.fragments),
    outDir: resolve(ctx.cwd, v.out ?? "."),
    ...v.ref ? { ref: v.ref, versionFile: resolve(ctx.cwd, v["version-file"] ?? "VERSION") } : {},
    ...v["rc-number"] ? { rcNumber: Number(v["rc-number"]) } : {},
    ...v.version ? { version: v.version } : {},
    ...v.channel ? { channel: v.channel } : {},
    ...v["lts-lines"] ? { ltsLines: v["lts-lines"].split(",").map((x) => x.trim()) } : {},
    ...v["release-id"] ? { releaseId: v["release-id"] } : {},
    releasedAt,
    ...v.template ? { template: resolve(ctx.cwd, v.template) } : {},
    ...v.previous ? { previousManifest: resolve(ctx.cwd, v.previous) } : {},
    ...v["skew-rules"] ? { skewRules: resolve(ctx.cwd, v["skew-rules"]) } : {},
    failOnSkew: v["allow-skew"] !== true,
    checkImages: v["skip-image-check"] !== true,
    ...v.images ? { images: v.images } : {},
    registry: registryOptions(ctx, v.authfile),
    labels,
    ...v.revision ? { revision: v.revision } : {},
    ...signer ? { signer, signedAt: releasedAt } : {},
    logger: ctx.logger
  });
  ctx.logger.info(`release ${r.version} (${r.train}, schema channel ${r.channel}): ${r.release.manifest.services.length} services, ${r.skew.violations.length} skew violation(s), ${r.labels.length} label finding(s)`);
  ctx.stdout(JSON.stringify({ release_json: r.releaseJsonPath, release_yaml: r.releaseYamlPath, bundle: r.bundlePath, manifest_digest: r.manifestDigest, version: r.version, channel: r.train }, null, 2));
  return 0;
}
__name(assemble, "assemble");
async function validate(ctx) {
  const { values, positionals } = parseCommandArgs(ctx.argv, { "skew-rules": { type: "string" } }, usage);
  const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
  const release = await loadReleaseManifest(resolve(ctx.cwd, file));
  const problems = [];
  const digest = checkManifestDigest(release);
  if (release.manifest.manifest_digest === void 0) ctx.logger.warn(`${file}: no manifest_digest (computed: ${digest.expected})`);
  else if (!digest.ok) problems.push(`manifest_digest is ${digest.actual ?? ""} but the content hashes to ${digest.expected}`);
  const rules = values["skew-rules"] ? await loadSkewRules(resolve(ctx.cwd, values["skew-rules"])) : defaultSkewRules();
  const skew = checkSkew(release.manifest.services, rules);
  problems.push(...skew.violations.map((f) => f.message));
  for (const u of skew.unknown) ctx.logger.warn(`skew of ${u.service} unknown: version ${u.version ?? "missing"} is not semver`);
  if (problems.length > 0) {
    ctx.stdout(`${file}: ${problems.length} problem(s)
${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }
  ctx.stdout(`${file}: valid (schema, manifest_digest ${digest.expected}, ${skew.findings.length} skew pair(s) within bounds)`);
  return 0;
}
__name(validate, "validate");
async function sign(ctx) {
  const s = { type: "string" };
  const { values: v, positionals } = parseCommandArgs(ctx.argv, { key: s, keyless: { type: "boolean" }, "fulcio-url": s, "rekor-url": s, bundle: s, "signed-at": s }, usage);
  const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
  const signer = await signerOf(ctx, v);
  if (!signer) throw new UsageError("pass --key cosign.key or --keyless", usage);
  const path = resolve(ctx.cwd, file);
  const release = await loadReleaseManifest(path);
  const signedAt = v["signed-at"] !== void 0 || (ctx.env.SOURCE_DATE_EPOCH ?? "") !== "" ? when(ctx.env, v["signed-at"], "signing time") : /* @__PURE__ */ new Date();
  const out = await signManifest(release, signer, { signedAt });
  const bundlePath = resolve(ctx.cwd, v.bundle ?? `${file}.sigstore.json`);
  await writeFileAtomic(bundlePath, `${JSON.stringify(out.bundle)}
`);
  await writeFileAtomic(path, serializeRelease(out.release));
  ctx.logger.info(`signed ${file} (${out.entry.signature_type}, key ${out.entry.key_id ?? "?"}, ${isoSeconds(signedAt)}${out.entry.rekor_log_index === void 0 ? "" : `, Rekor log index ${out.entry.rekor_log_index}`}); bundle ${bundlePath}`);
  ctx.stdout(out.release.manifest.manifest_digest ?? "");
  return 0;
}
__name(sign, "sign");
async function verify(ctx) {
  const s = { type: "string" };
  const { values: v, positionals } = parseCommandArgs(ctx.argv, { key: s, "certificate-identity": s, "certificate-identity-regexp": s, "certificate-oidc-issuer": s, "certificate-oidc-issuer-regexp": s, "trusted-root": s, bundle: s, images: s, authfile: s }, usage);
  const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
  const release = await loadReleaseManifest(resolve(ctx.cwd, file));
  const publicKey = v.key ? loadPublicKey(await readFile(resolve(ctx.cwd, v.key), "utf8"), v.key) : void 0;
  const idGiven = v["certificate-identity"] ?? v["certificate-identity-regexp"];
  if (!publicKey && !idGiven) throw new UsageError("pass --key cosign.pub or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp]", usage);
  const identity = idGiven ? {
    ...v["certificate-identity"] ? { subject: v["certificate-identity"] } : {},
    ...v["certificate-identity-regexp"] ? { subjectRegExp: v["certificate-identity-regexp"] } : {},
    ...v["certificate-oidc-issuer"] ? { issuer: v["certificate-oidc-issuer"] } : {},
    ...v["certificate-oidc-issuer-regexp"] ? { issuerRegExp: v["certificate-oidc-issuer-regexp"] } : {}
  } : void 0;
  const trustedRoot = v["trusted-root"] ? parseTrustedRoot(await readFile(resolve(ctx.cwd, v["trusted-root"])), v["trusted-root"]) : void 0;
  const trust = { ...publicKey ? { publicKey } : {}, ...identity ? { identity } : {}, ...trustedRoot ? { trustedRoot } : {} };
  const bundleFile = v.bundle ?? (existsSync(resolve(ctx.cwd, `${file}.sigstore.json`)) ? `${file}.sigstore.json` : void 0);
  const bundles = bundleFile ? [JSON.parse(await readFile(resolve(ctx.cwd, bundleFile), "utf8"))] : [];
  const result = await verifyManifest(release, sigstoreManifestVerifier(trust), bundles);
  const lines = [`${file}: manifest_digest ${result.digest} OK`, ...result.verified.map((x) => `signature OK: ${x.entry.signature_type} by ${x.by.identity ?? x.by.keyId ?? "?"} at ${x.entry.signed_at ?? "?"}${x.by.logIndex === void 0 ? "" : ` (Rekor log index ${x.by.logIndex})`}`)];
  let failed = false;
  if (v.images) {
    const checks = await checkReleaseImages(release, storeOpener(v.images === "registry" ? void 0 : v.images, registryOptions(ctx, v.authfile)), trust);
    for (const c of checks) {
      lines.push(`${c.problems.length === 0 ? "image OK" : "image FAILED"}: ${c.service_id} ${c.image} signature=${c.signature ? "verified" : "no"} sbom=${c.sbom ? "attached" : "missing"}`);
      for (const p of c.problems) lines.push(`  - ${p}`);
      failed ||= c.problems.length > 0;
    }
  }
  ctx.stdout(lines.join("\n"));
  return failed ? 1 : 0;
}
__name(verify, "verify");
async function fragment(ctx) {
  const s = { type: "string" };
  const { values: v } = parseCommandArgs(
    ctx.argv,
    { "service-id": s, image: s, digest: s, version: s, name: s, tag: s, "sbom-ref": s, "attestation-ref": s, claim: { type: "string", multiple: true }, "rekor-uuid": s, "log-index": s, out: s },
    usage
  );
  const claims = (v.claim ?? []).map((c) => {
    const m = /^(signature|sbom|attestation)=([^@\s]+)(?:@(sha256:[a-f0-9]{64}))?$/.exec(c);
    if (!m) throw new UsageError(`--claim "${c}" must be KIND=ARTIFACT_TYPE[@sha256:<hex>] with KIND signature, sbom or attestation`, usage);
    return { kind: m[1], artifact_type: m[2], ...m[3] ? { digest: m[3] } : {} };
  });
  const value = {
    fragment_version: 1,
    service: {
      service_id: v["service-id"],
      image: v.image,
      digest: v.digest,
      ...v.version ? { version: v.version } : {},
      ...v.name ? { name: v.name } : {},
      ...v.tag ? { tag: v.tag } : {},
      ...v["sbom-ref"] ? { sbom_ref: v["sbom-ref"] } : {},
      ...v["attestation-ref"] ? { attestation_ref: v["attestation-ref"] } : {}
    },
    ...claims.length ? { claims } : {},
    ...v["rekor-uuid"] || v["log-index"] ? { signature: { ...v["rekor-uuid"] ? { rekor_uuid: v["rekor-uuid"] } : {}, ...v["log-index"] ? { log_index: Number(v["log-index"]) } : {} } } : {}
  };
  const text = `${JSON.stringify(parseFragment(value, "--service-id/--image/--digest/--claim"), null, 2)}
`;
  if (v.out) await writeFileAtomic(resolve(ctx.cwd, v.out), text);
  else ctx.stdout(text.trimEnd());
  return 0;
}
__name(fragment, "fragment");
async function diff(ctx) {
  const { values, positionals } = parseCommandArgs(ctx.argv, { format: { type: "string" } }, usage);
  const [a = "", b = ""] = requirePositionals(positionals, ["OLD", "NEW"], usage);
  const format = values.format ?? "text";
  if (format !== "text" && format !== "markdown" && format !== "json") throw new UsageError(`--format must be text, markdown or json, got "${format}"`, usage);
  const [prev, next] = await Promise.all([loadReleaseManifest(resolve(ctx.cwd, a)), loadReleaseManifest(resolve(ctx.cwd, b))]);
  ctx.stdout(renderDiff(diffManifests(prev, next), format).trimEnd());
  return 0;
}
__name(diff, "diff");
export {
  manifest_default as default
};
