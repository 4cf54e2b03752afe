#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  signBlob,
  signerFromSpec
} from "./chunk-QZSXOUOU.js";
import {
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import {
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/sign-blob.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var signerFlags = {
  key: { type: "string" },
  keyless: { type: "boolean" },
  "tlog-upload": { type: "boolean" },
  "rekor-url": { type: "string" },
  "fulcio-url": { type: "string" },
  "timestamp-server-url": { type: "string" }
};
function signerSpecFrom(ctx, values, keyPem) {
  return {
    ...keyPem !== void 0 ? { keyPem, keySource: values.key ?? "--key" } : {},
    ...ctx.env.COSIGN_PASSWORD !== void 0 ? { keyPassword: ctx.env.COSIGN_PASSWORD } : {},
    keyless: values.keyless === true,
    tlogUpload: values["tlog-upload"] === true,
    ...values["rekor-url"] ? { rekorUrl: values["rekor-url"] } : {},
    ...values["fulcio-url"] ? { fulcioUrl: values["fulcio-url"] } : {},
    ...values["timestamp-server-url"] ? { tsaUrl: values["timestamp-server-url"] } : {},
    oidc: { requestUrl: ctx.env.ACTIONS_ID_TOKEN_REQUEST_URL, requestToken: ctx.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, gitea: ctx.env.GITEA_ACTIONS === "true" }
  };
}
__name(signerSpecFrom, "signerSpecFrom");
var usage = `usage: stella sign-blob FILE (--key cosign.key | --keyless) [--bundle OUT] [--output-signature OUT.sig] [--output-certificate OUT.pem]

Signs a file (an OUK tarball, a release manifest): a Sigstore bundle v0.3 (--bundle, default FILE.sigstore.json)
and a detached base64 signature (--output-signature, default FILE.sig) that openssl checks:
  openssl dgst -sha256 -verify cosign.pub -signature <(base64 -d FILE.sig) FILE
  --key FILE / --keyless / --tlog-upload / --rekor-url / --fulcio-url / --timestamp-server-url as for \`stella sign\`.`;
var command = {
  name: "sign-blob",
  summary: "sign a file: Sigstore bundle plus a detached signature openssl verifies",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { ...signerFlags, bundle: { type: "string" }, "output-signature": { type: "string" }, "output-certificate": { type: "string" } }, usage);
    const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
    const path = resolve(ctx.cwd, file);
    const keyPem = values.key ? await readFile(resolve(ctx.cwd, values.key), "utf8") : void 0;
    const signer = await signerFromSpec(signerSpecFrom(ctx, values, keyPem));
    const out = await signBlob(path, signer);
    const bundlePath = resolve(ctx.cwd, values.bundle ?? `${file}.sigstore.json`);
    const sigPath = resolve(ctx.cwd, values["output-signature"] ?? `${file}.sig`);
    await writeFileAtomic(bundlePath, out.bundleJson);
    await writeFileAtomic(sigPath, `${out.signature}
`);
    if (values["output-certificate"] && out.certificate) await writeFileAtomic(resolve(ctx.cwd, values["output-certificate"]), out.certificate);
    ctx.logger.info(`signed ${file} as ${out.identity}${out.logIndexes.length ? ` (Rekor log index ${out.logIndexes.join(", ")})` : ""}`);
    ctx.logger.info(`bundle: ${bundlePath}`);
    ctx.logger.info(`signature: ${sigPath}`);
    ctx.stdout(out.signature);
    return 0;
  }
};
var sign_blob_default = command;

export {
  signerFlags,
  signerSpecFrom,
  sign_blob_default
};
