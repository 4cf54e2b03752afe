#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  credentialsOf,
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  formatImageDetails,
  inspectImage,
  openImage
} from "./chunk-YWMM5RF6.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import "./chunk-BBNKGYBP.js";
import "./chunk-GT7O54H4.js";

// packages/cli/src/commands/inspect.ts
var usage = `usage: stella inspect IMAGE [--json] [--authfile FILE] [--creds USER:PASS]

Shows an image's digest, media type, platforms, layers, labels and referrers.
IMAGE: oci:DIR[:TAG|@DIGEST] | docker://REGISTRY/REPO[:TAG][@DIGEST] | oci-archive:FILE[:TAG] | docker-archive:FILE`;
var command = {
  name: "inspect",
  summary: "show an image's digest, platforms, layers, labels and referrers",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { json: { type: "boolean" }, authfile: { type: "string" }, creds: { type: "string" } }, usage);
    const [name = ""] = requirePositionals(positionals, ["IMAGE"], usage);
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, usage);
    const image = await openImage(name, { cwd: ctx.cwd, registry: { ...registryOptions(ctx, values.authfile), ...credentialsOf(values.creds, "--creds") } });
    try {
      const details = await inspectImage(image.store, image.reference);
      ctx.stdout(values.json ? JSON.stringify({ name: image.display, ...details }, null, 2) : formatImageDetails(image.display, details));
      return 0;
    } finally {
      await image.close();
    }
  }
};
var inspect_default = command;
export {
  inspect_default as default
};
