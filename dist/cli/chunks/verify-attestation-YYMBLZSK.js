#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage
} from "./chunk-YOKYK4J6.js";
import {
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  formatVerifyReport,
  policyFromJson,
  predicateTypeFor,
  verifyImages,
  verifyMaterialFrom
} from "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import "./chunk-BBNKGYBP.js";
import "./chunk-GT7O54H4.js";

// packages/cli/src/commands/verify-attestation.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var usage = `usage: stella verify-attestation --type slsaprovenance1|cyclonedx|spdx|custom|URI [--policy FILE] [options] IMAGE...

Verifies in-toto attestations (DSSE) of images: .att tags and Sigstore bundle referrers. Each must be
signed by the given key or identity, name the image's digest as subject and have the predicate type.
${verifyUsage}
  --policy FILE    JSON {"predicate": {"/json/pointer": expected | {"regexp": "\u2026"}}} the predicate must meet
  --recursive      verify every platform manifest of an index too (default: only what was named)
  --json           print the report and the verified statements as JSON`;
var command = {
  name: "verify-attestation",
  summary: "verify SLSA provenance / SBOM attestations of images, with an optional predicate policy",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { ...verifyFlags, type: { type: "string" }, policy: { type: "string" }, recursive: { type: "boolean" }, json: { type: "boolean" }, authfile: { type: "string" } }, usage);
    if (positionals.length === 0) throw new UsageError("missing IMAGE", usage);
    if (!values.type) throw new UsageError("--type is required", usage);
    const predicateType = predicateTypeFor(values.type);
    const policy = values.policy ? policyFromJson(await readFile(resolve(ctx.cwd, values.policy), "utf8"), values.policy) : void 0;
    const material = await verifyMaterialFrom(await verifySpecFrom(ctx, values));
    const reports = await verifyImages(positionals, material, {
      open: { cwd: ctx.cwd, registry: registryOptions(ctx, values.authfile) },
      recursive: values.recursive === true,
      predicateType,
      ...policy ? { policy } : {},
      logger: ctx.logger
    });
    ctx.stdout(values.json ? JSON.stringify(reports, null, 2) : formatVerifyReport(reports));
    return reports.every((r) => r.verified) ? 0 : 1;
  }
};
var verify_attestation_default = command;
export {
  verify_attestation_default as default
};
