#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  signerFlags,
  signerSpecFrom
} from "./chunk-O7IFV6PE.js";
import {
  SigningError,
  predicateTypeFor,
  signImages,
  signerFromSpec
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
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/attest.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var usage = `usage: stella attest --predicate FILE --type slsaprovenance1|cyclonedx|spdx|custom|URI (--key cosign.key | --keyless) [options] IMAGE...

Wraps the predicate in an in-toto Statement v1 about each image's digest, signs it (DSSE) and attaches
it as the sha256-<hex>.att tag (cosign's layout) and as a Sigstore bundle referrer.
  --recursive      attest every platform manifest of an index too
  --no-referrer    only the .att tag
  --key / --keyless / --tlog-upload / --rekor-url / --fulcio-url / --timestamp-server-url as for \`stella sign\``;
var command = {
  name: "attest",
  summary: "attach a signed in-toto attestation (SLSA provenance, SBOM, custom) to images",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { ...signerFlags, predicate: { type: "string" }, type: { type: "string" }, recursive: { type: "boolean" }, "no-referrer": { type: "boolean" }, authfile: { type: "string" } }, usage);
    if (positionals.length === 0) throw new UsageError("missing IMAGE", usage);
    if (!values.predicate || !values.type) throw new UsageError("--predicate and --type are required", usage);
    const predicateType = predicateTypeFor(values.type);
    let predicate;
    try {
      predicate = JSON.parse(await readFile(resolve(ctx.cwd, values.predicate), "utf8"));
    } catch (e) {
      throw new SigningError(`--predicate ${values.predicate}: not a readable JSON file`, { code: "FORMAT", cause: e });
    }
    const keyPem = values.key ? await readFile(resolve(ctx.cwd, values.key), "utf8") : void 0;
    const signer = await signerFromSpec(signerSpecFrom(ctx, values, keyPem));
    const reports = await signImages(positionals, {
      signer,
      open: { cwd: ctx.cwd, registry: registryOptions(ctx, values.authfile) },
      sign: false,
      attestRecursive: values.recursive === true,
      referrer: values["no-referrer"] !== true,
      attestations: /* @__PURE__ */ __name(() => [{ predicateType, predicate }], "attestations"),
      logger: ctx.logger
    });
    for (const r of reports) for (const a of r.attestations) ctx.stdout([a.digest, a.tagManifest, a.referrer ?? ""].join(" ").trim());
    return 0;
  }
};
var attest_default = command;
export {
  attest_default as default
};
