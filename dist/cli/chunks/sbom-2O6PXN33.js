#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  SBOM_FORMATS,
  countComponents,
  describeVerify,
  diffComponents,
  formatDiff,
  generateSboms,
  isEmptyDiff,
  parseFormats,
  readSbomComponents,
  scanImage,
  verifyAttached
} from "./chunk-FXKZUY4N.js";
import {
  credentialsOf,
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  openImage
} from "./chunk-YWMM5RF6.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/sbom.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var usage = `usage: stella sbom IMAGE [--format ${SBOM_FORMATS.join("|")}] [--output FILE] [--attach] [--platform OS/ARCH|all]
       stella sbom diff A B          (A, B: SBOM files or images)
       stella sbom verify IMAGE [--format F[,F...]]

Builds an SBOM of an image by streaming its layers once (dpkg, apk, rpm, npm, python, Go, Java, os-release):
  IMAGE        oci:DIR[:TAG|@DIGEST]  docker://REGISTRY/REPO[:TAG][@DIGEST]  oci-archive:FILE  docker-archive:FILE
  --format     ${SBOM_FORMATS.join(", ")} (default cyclonedx-json); verify: comma-separated (default cyclonedx-json,spdx-json)
  --output     write to FILE (default: stdout; protobuf needs --output)
  --attach     push the SBOM to the image as an OCI referrer (artifactType per format)
  --creds      registry USER:PASS; --authfile FILE (default $REGISTRY_AUTH_FILE, $DOCKER_CONFIG/config.json)
SOURCE_DATE_EPOCH pins the timestamp (else the image's created time).
diff exits 1 when the component sets differ; verify exits 1 when an SBOM is missing or drifted.`;
var options = {
  format: { type: "string" },
  output: { type: "string", short: "o" },
  attach: { type: "boolean" },
  platform: { type: "string" },
  creds: { type: "string" },
  authfile: { type: "string" }
};
function openOptionsOf(ctx, values) {
  return { cwd: ctx.cwd, registry: { ...registryOptions(ctx, values.authfile), ...credentialsOf(values.creds, "--creds") } };
}
__name(openOptionsOf, "openOptionsOf");
var IMAGE_REF = /^(oci|docker|oci-archive|docker-archive):/;
async function componentsOf(ctx, spec, values) {
  if (!IMAGE_REF.test(spec)) {
    const path = resolve(ctx.cwd, spec);
    return readSbomComponents(await readFile(path), path).components;
  }
  const opened = await openImage(spec, openOptionsOf(ctx, values));
  try {
    const [inv] = await scanImage({ store: opened.store, reference: opened.reference, ...values.platform ? { platform: values.platform } : {} });
    return inv?.components ?? [];
  } finally {
    await opened.close();
  }
}
__name(componentsOf, "componentsOf");
async function runDiff(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, options, usage);
  const [a = "", b = ""] = requirePositionals(positionals, ["A", "B"], usage);
  const diff = diffComponents(await componentsOf(ctx, a, values), await componentsOf(ctx, b, values));
  ctx.stdout(formatDiff(diff));
  return isEmptyDiff(diff) ? 0 : 1;
}
__name(runDiff, "runDiff");
async function runVerify(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, options, usage);
  const [image = ""] = requirePositionals(positionals, ["IMAGE"], usage);
  const formats = parseFormats((values.format ?? "cyclonedx-json,spdx-json").split(",").map((s) => s.trim()).filter(Boolean), "--format");
  const opened = await openImage(image, openOptionsOf(ctx, values));
  try {
    const inventories = await scanImage({ store: opened.store, reference: opened.reference, ...values.platform ? { platform: values.platform } : {} });
    let ok = true;
    for (const inv of inventories) {
      const results = await verifyAttached(opened.store, inv.image.descriptor, inv.components, formats);
      ctx.stdout(`${opened.display} ${inv.image.digest}${inv.image.platform ? ` (${inv.image.platform})` : ""}
${describeVerify(results)}`);
      ok &&= results.every((r) => r.ok);
    }
    return ok ? 0 : 1;
  } finally {
    await opened.close();
  }
}
__name(runVerify, "runVerify");
async function runGenerate(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, options, usage);
  const [image = ""] = requirePositionals(positionals, ["IMAGE"], usage);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, usage);
  const [format] = parseFormats([values.format ?? "cyclonedx-json"], "--format");
  if (!format) throw new UsageError("--format is empty", usage);
  if (format === "cyclonedx-proto" && !values.output) throw new UsageError("cyclonedx-proto is binary: give --output FILE", usage);
  const result = await generateSboms({
    image,
    formats: [format],
    attach: values.attach === true,
    ...values.platform ? { platform: values.platform } : {},
    ...ctx.env.SOURCE_DATE_EPOCH !== void 0 ? { sourceDateEpoch: ctx.env.SOURCE_DATE_EPOCH } : {},
    logger: ctx.logger,
    cwd: ctx.cwd,
    openOptions: openOptionsOf(ctx, values)
  });
  if (result.images.length > 1 && values.output) throw new UsageError("several platforms: use the build-sbom action or --platform for one file", usage);
  for (const img of result.images) {
    const sbom = img.sboms[0];
    if (!sbom) continue;
    const counts = countComponents(img.inventory);
    ctx.logger.info(`${img.digest}${img.platform ? ` (${img.platform})` : ""}: ${counts.total} components (${counts.byEcosystem.map(([k, n]) => `${k} ${n}`).join(", ")})`);
    if (sbom.referrer) ctx.logger.info(`attached as ${sbom.referrer.digest}`);
    if (values.output) {
      await writeFileAtomic(resolve(ctx.cwd, values.output), sbom.bytes);
      ctx.logger.info(`wrote ${values.output} (${sbom.digest})`);
    } else {
      ctx.stdout(Buffer.from(sbom.bytes).toString("utf8").trimEnd());
    }
  }
  return 0;
}
__name(runGenerate, "runGenerate");
var command = {
  name: "sbom",
  summary: "build an image's SBOM (CycloneDX JSON/Protobuf, SPDX), attach it, diff or verify SBOMs",
  usage,
  run(ctx) {
    const [sub, ...rest] = ctx.argv;
    if (sub === "diff") return runDiff(ctx, rest);
    if (sub === "verify") return runVerify(ctx, rest);
    return runGenerate(ctx, ctx.argv);
  }
};
var sbom_default = command;
export {
  sbom_default as default
};
