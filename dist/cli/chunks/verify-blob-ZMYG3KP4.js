#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage
} from "./chunk-YOKYK4J6.js";
import "./chunk-W6GGGBKT.js";
import {
  verifyBlob,
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
import "./chunk-BBNKGYBP.js";
import "./chunk-GT7O54H4.js";

// packages/cli/src/commands/verify-blob.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var usage = `usage: stella verify-blob FILE (--bundle B | --signature FILE.sig) (--key cosign.pub | --certificate-identity ID --certificate-oidc-issuer URL) [--trusted-root FILE]

Verifies a file against a Sigstore bundle (v0.1 to v0.3; message signature or DSSE; Rekor entries,
inclusion proofs, signed timestamps, certificate chain and validity against the trusted root) or a
detached base64 signature. With --trusted-root nothing is fetched from the network.
${verifyUsage}`;
var command = {
  name: "verify-blob",
  summary: "verify a file's Sigstore bundle or detached signature (offline with --trusted-root)",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { ...verifyFlags, bundle: { type: "string" }, signature: { type: "string" } }, usage);
    const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
    if (!values.bundle && !values.signature) throw new UsageError("give --bundle or --signature", usage);
    const material = await verifyMaterialFrom({ ...await verifySpecFrom(ctx, values) });
    const result = await verifyBlob(resolve(ctx.cwd, file), {
      ...values.bundle ? { bundle: await readFile(resolve(ctx.cwd, values.bundle)), where: values.bundle } : {},
      ...values.signature ? { signature: await readFile(resolve(ctx.cwd, values.signature), "utf8") } : {},
      ...material
    });
    const who = result.kind === "key" ? `the key ${values.key ?? ""}`.trim() : `${result.subject}${result.issuer ? ` (issuer ${result.issuer})` : ""}`;
    ctx.stdout(`Verified OK: ${file} signed by ${who}${result.logIndexes.length ? `, Rekor log index ${result.logIndexes.join(", ")}` : ""}`);
    return 0;
  }
};
var verify_blob_default = command;
export {
  verify_blob_default as default
};
