#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  formatVerifyReport,
  verifyImages,
  verifyMaterialFrom
} from "./chunk-QZSXOUOU.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/verify.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var verifyFlags = {
  key: { type: "string" },
  "certificate-identity": { type: "string" },
  "certificate-identity-regexp": { type: "string" },
  "certificate-oidc-issuer": { type: "string" },
  "certificate-oidc-issuer-regexp": { type: "string" },
  "trusted-root": { type: "string" },
  "insecure-ignore-tlog": { type: "boolean" },
  offline: { type: "boolean" }
};
var verifyUsage = `  --key cosign.pub                           accept signatures of this key (no transparency log needed)
  --certificate-identity ID | --certificate-identity-regexp RE
  --certificate-oidc-issuer URL | --certificate-oidc-issuer-regexp RE
                                             accept keyless signatures of this workflow identity
  --trusted-root FILE                        Sigstore trusted_root.json: verify with no network (air-gap)
  --offline                                  never fetch the public-good trusted root (needs --trusted-root for keyless)
  --insecure-ignore-tlog                     accept keyless signatures without Rekor entry`;
async function verifySpecFrom(ctx, values) {
  const identity = {
    ...values["certificate-identity"] !== void 0 ? { subject: values["certificate-identity"] } : {},
    ...values["certificate-identity-regexp"] !== void 0 ? { subjectRegExp: values["certificate-identity-regexp"] } : {},
    ...values["certificate-oidc-issuer"] !== void 0 ? { issuer: values["certificate-oidc-issuer"] } : {},
    ...values["certificate-oidc-issuer-regexp"] !== void 0 ? { issuerRegExp: values["certificate-oidc-issuer-regexp"] } : {}
  };
  return {
    ...values.key ? { publicKeyPem: await readFile(resolve(ctx.cwd, values.key), "utf8"), publicKeySource: values.key } : {},
    ...Object.keys(identity).length > 0 ? { identity } : {},
    ...values["trusted-root"] ? { trustedRootJson: await readFile(resolve(ctx.cwd, values["trusted-root"]), "utf8"), trustedRootSource: values["trusted-root"] } : {},
    allowNetworkRoot: values.offline !== true,
    ...values["insecure-ignore-tlog"] ? { tlogThreshold: 0 } : {}
  };
}
__name(verifySpecFrom, "verifySpecFrom");
var usage = `usage: stella verify [options] IMAGE...

Verifies image signatures (cosign .sig tags and Sigstore bundle referrers). An index is verified
with every platform manifest unless --no-recursive. Says which signature matched (identity, Rekor
log index) and why each other one did not; exit 1 when an image has no valid signature.
${verifyUsage}
  --no-recursive   only the index itself
  --json           machine-readable report on stdout
  --authfile FILE  registry credentials`;
var command = {
  name: "verify",
  summary: "verify image signatures by key or keyless identity, offline with --trusted-root",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { ...verifyFlags, "no-recursive": { type: "boolean" }, json: { type: "boolean" }, authfile: { type: "string" } }, usage);
    if (positionals.length === 0) throw new UsageError("missing IMAGE", usage);
    const material = await verifyMaterialFrom(await verifySpecFrom(ctx, values));
    const reports = await verifyImages(positionals, material, { open: { cwd: ctx.cwd, registry: registryOptions(ctx, values.authfile) }, recursive: values["no-recursive"] !== true, logger: ctx.logger });
    ctx.stdout(values.json ? JSON.stringify(reports, null, 2) : formatVerifyReport(reports));
    return reports.every((r) => r.verified) ? 0 : 1;
  }
};
var verify_default = command;

export {
  verifyFlags,
  verifyUsage,
  verifySpecFrom,
  verify_default
};
