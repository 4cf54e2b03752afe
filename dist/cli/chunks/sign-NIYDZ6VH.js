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
import "./chunk-GT7O54H4.js";

// packages/cli/src/commands/sign.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
var usage = `usage: stella sign (--key cosign.key | --keyless) [options] IMAGE...

Signs images by digest, cosign-compatible: the simple-signing payload in the sha256-<hex>.sig tag
(appended, never duplicated) and a Sigstore bundle attached as an OCI referrer.
IMAGE is docker://REGISTRY/REPO@sha256:\u2026 or oci:DIR[@sha256:\u2026] (a tag is resolved, with a warning).
  --key FILE            cosign.key (password from COSIGN_PASSWORD) or an unencrypted PKCS#8 PEM
  --keyless             Fulcio certificate for the workflow's OIDC identity + Rekor entry
  --tlog-upload         key-based: also record the signature in Rekor (off by default)
  --rekor-url URL  --fulcio-url URL  --timestamp-server-url URL
  --recursive=false     sign only the index, not every platform manifest (--no-recursive)
  --no-referrer         do not attach the Sigstore bundle referrer
  -a KEY=VALUE          annotation in the payload's "optional" section (repeatable)
  --concurrency N       images signed at once (default 8)
  --authfile FILE       registry credentials
Prints one line per signed manifest: IMAGE-DIGEST SIG-TAG-MANIFEST [REFERRER].`;
var command = {
  name: "sign",
  summary: "sign container images (cosign .sig tag + Sigstore bundle referrer), key-based or keyless",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(
      ctx.argv,
      { ...signerFlags, "no-recursive": { type: "boolean" }, recursive: { type: "string" }, "no-referrer": { type: "boolean" }, annotations: { type: "string", short: "a", multiple: true }, concurrency: { type: "string" }, authfile: { type: "string" } },
      usage
    );
    if (positionals.length === 0) throw new UsageError("missing IMAGE", usage);
    const annotations = {};
    for (const a of values.annotations ?? []) {
      const eq = a.indexOf("=");
      if (eq <= 0) throw new UsageError(`-a "${a}" must be KEY=VALUE`, usage);
      annotations[a.slice(0, eq)] = a.slice(eq + 1);
    }
    const recursive = !(values["no-recursive"] === true || values.recursive === "false");
    const concurrency = Number(values.concurrency ?? "8");
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a positive integer`, usage);
    const keyPem = values.key ? await readFile(resolve(ctx.cwd, values.key), "utf8") : void 0;
    const signer = await signerFromSpec(signerSpecFrom(ctx, values, keyPem));
    const reports = await signImages(positionals, {
      signer,
      open: { cwd: ctx.cwd, registry: registryOptions(ctx, values.authfile) },
      recursive,
      referrer: values["no-referrer"] !== true,
      annotations,
      concurrency,
      logger: ctx.logger
    });
    for (const r of reports) for (const s of r.signatures) ctx.stdout([s.digest, s.tagManifest, s.referrer ?? ""].join(" ").trim());
    return 0;
  }
};
var sign_default = command;
export {
  sign_default as default
};
