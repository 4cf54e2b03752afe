import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { timestampFrom } from "@stella/core";
import { releaseChart, signChartFile, verifyChartFile } from "@stella/charts";
import type { Command } from "../command.js";
import { parseCommandArgs, requirePositionals, UsageError } from "../args.js";

const usage = `usage: stella chart package DIR [--version V] [--app-version V] [--output DIR] [--sign KEY.asc] [--push oci:DIR|docker://HOST/REPO]
                           [--stamp-from release.json --channel C]
       stella chart sign ARCHIVE.tgz --key KEY.asc
       stella chart verify ARCHIVE.tgz --keyring KEYRING.asc [--prov FILE]

Helm charts without Helm (release-engineering-playbook.md §5: charts signed by a .prov file).
package: an archive laid out as \`helm package\` does, deterministic (SOURCE_DATE_EPOCH fixes the
mtime); --sign writes ARCHIVE.prov; --push stores it as Helm 3.8+ does (OCI); --stamp-from pins values.yaml's images to the
manifest's digests first (the --fix of stella align).
sign / verify: the OpenPGP clear-signed provenance file, checked the way \`helm verify\` does.
The key's passphrase comes from STELLA_CHART_KEY_PASSPHRASE (never a flag).`;

const command: Command = {
  name: "chart",
  summary: "package, sign, verify and push Helm charts without Helm",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    const passphrase = ctx.env.STELLA_CHART_KEY_PASSPHRASE;
    if (sub === "package") {
      const { values, positionals } = parseCommandArgs(rest, { version: { type: "string" }, "app-version": { type: "string" }, output: { type: "string", default: "." }, sign: { type: "string" }, push: { type: "string" }, "stamp-from": { type: "string" }, channel: { type: "string", default: "stable" } }, usage);
      const [dir] = requirePositionals(positionals, ["DIR"], usage);
      const r = await releaseChart({
        dir: resolve(ctx.cwd, dir),
        outputDir: resolve(ctx.cwd, values.output),
        mtime: timestampFrom(ctx.env.SOURCE_DATE_EPOCH, undefined),
        logger: ctx.logger,
        ...(values.version ? { version: values.version } : {}),
        ...(values["app-version"] ? { appVersion: values["app-version"] } : {}),
        ...(values.sign ? { signingKey: await readFile(resolve(ctx.cwd, values.sign), "utf8"), ...(passphrase ? { passphrase } : {}) } : {}),
        ...(values.push ? { pushTo: values.push } : {}),
        ...(values["stamp-from"] ? { stampFrom: { manifestPath: resolve(ctx.cwd, values["stamp-from"]), channel: values.channel } } : {}),
      });
      ctx.stdout(JSON.stringify({ archive: r.archivePath, prov: r.provPath ?? null, digest: r.digest, pushed: r.pushed?.reference ?? null }, null, 2));
      return 0;
    }
    if (sub === "sign") {
      const { values, positionals } = parseCommandArgs(rest, { key: { type: "string" } }, usage);
      const [archive] = requirePositionals(positionals, ["ARCHIVE"], usage);
      if (!values.key) throw new UsageError("--key is required", usage);
      ctx.stdout(await signChartFile(resolve(ctx.cwd, archive), await readFile(resolve(ctx.cwd, values.key), "utf8"), passphrase));
      return 0;
    }
    if (sub === "verify") {
      const { values, positionals } = parseCommandArgs(rest, { keyring: { type: "string" }, prov: { type: "string" } }, usage);
      const [archive] = requirePositionals(positionals, ["ARCHIVE"], usage);
      if (!values.keyring) throw new UsageError("--keyring is required", usage);
      const v = await verifyChartFile(resolve(ctx.cwd, archive), await readFile(resolve(ctx.cwd, values.keyring), "utf8"), values.prov ? resolve(ctx.cwd, values.prov) : undefined);
      ctx.stdout(`Signed by: ${v.signedBy}\nUsing Key With Fingerprint: ${v.fingerprint}\nChart Hash Verified: ${v.fileHash}`);
      return 0;
    }
    throw new UsageError(sub ? `unknown sub-command "${sub}"` : "missing sub-command", usage);
  },
};
export default command;
