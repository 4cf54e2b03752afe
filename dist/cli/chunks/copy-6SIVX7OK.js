#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  credentialsOf,
  parsePlatform,
  registryOptions
} from "./chunk-W6GGGBKT.js";
import {
  copyImage,
  openImage
} from "./chunk-YWMM5RF6.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/copy.ts
var usage = `usage: stella copy SRC DST [--all] [--platform OS/ARCH[/VARIANT]] [--authfile FILE] [--src-creds USER:PASS] [--dest-creds USER:PASS]

Copies an image between transports, streaming, digests unchanged:
  oci:DIR[:TAG|@DIGEST]   docker://REGISTRY/REPO[:TAG][@DIGEST]   oci-archive:FILE[:TAG]   docker-archive:FILE (source only)
  --all        every platform of an index and every referrer (signatures, SBOMs, attestations), recursively
  --platform   the platform taken from an index without --all (default linux/<this CPU>)
  --authfile   registry credentials file (default $REGISTRY_AUTH_FILE, then $DOCKER_CONFIG/config.json)
Prints the digest of what was copied on stdout.`;
function mib(n) {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
__name(mib, "mib");
function progressFor(ctx) {
  const bytes = /* @__PURE__ */ new Map();
  let last = 0;
  let blobs = 0;
  return {
    callback: /* @__PURE__ */ __name((e) => {
      if (e.phase === "copy") {
        bytes.set(e.id, e.done);
        const now = Date.now();
        if (ctx.interactive && now - last > 100) {
          last = now;
          const total = [...bytes.values()].reduce((a, b) => a + b, 0);
          process.stderr.write(`\rcopying: ${blobs} blobs done, ${mib(total)} transferred   `);
        }
        return;
      }
      blobs++;
      if (!ctx.interactive) ctx.logger.info(`blob ${e.id.slice(0, 19)}\u2026 ${e.phase === "exists" ? "exists, skipped" : `copied (${mib(e.total ?? e.done)})`}`);
    }, "callback"),
    end: /* @__PURE__ */ __name(() => {
      if (ctx.interactive) process.stderr.write("\r\x1B[K");
    }, "end")
  };
}
__name(progressFor, "progressFor");
var command = {
  name: "copy",
  summary: "copy an image (and with --all its platforms and referrers) between layouts, archives and registries",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(
      ctx.argv,
      { all: { type: "boolean" }, platform: { type: "string" }, authfile: { type: "string" }, "src-creds": { type: "string" }, "dest-creds": { type: "string" } },
      usage
    );
    const [srcName = "", dstName = ""] = requirePositionals(positionals, ["SRC", "DST"], usage);
    if (positionals.length > 2) throw new UsageError(`unexpected argument "${positionals[2]}"`, usage);
    const base = registryOptions(ctx, values.authfile);
    const src = await openImage(srcName, { cwd: ctx.cwd, registry: { ...base, ...credentialsOf(values["src-creds"], "--src-creds") } });
    let dst;
    const progress = progressFor(ctx);
    try {
      dst = await openImage(dstName, { cwd: ctx.cwd, mode: "write", registry: { ...base, ...credentialsOf(values["dest-creds"], "--dest-creds") } });
      const started = Date.now();
      const result = await copyImage(src, dst, {
        all: values.all === true,
        ...values.platform ? { platform: parsePlatform(values.platform) } : {},
        logger: ctx.logger,
        progress: progress.callback
      });
      await dst.commit();
      progress.end();
      ctx.logger.info(
        `copied ${src.display} -> ${dst.display}: ${result.manifests} manifests, ${result.blobs} blobs (${mib(result.bytes)}), ${result.blobsSkipped} skipped, ${result.referrers} referrers in ${((Date.now() - started) / 1e3).toFixed(1)} s`
      );
      ctx.stdout(result.digest);
      return 0;
    } catch (e) {
      progress.end();
      await dst?.abort();
      throw e;
    } finally {
      await src.close();
      await dst?.close();
    }
  }
};
var copy_default = command;
export {
  copy_default as default
};
