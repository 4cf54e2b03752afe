import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { verifyBlob, verifyMaterialFrom } from "@stella/signing";
import type { Command } from "../command.js";
import { parseCommandArgs, requirePositionals, UsageError } from "../args.js";
import { verifyFlags, verifySpecFrom, verifyUsage } from "./verify.js";

const usage = `usage: stella verify-blob FILE (--bundle B | --signature FILE.sig) (--key cosign.pub | --certificate-identity ID --certificate-oidc-issuer URL) [--trusted-root FILE]

Verifies a file against a Sigstore bundle (v0.1 to v0.3; message signature or DSSE; Rekor entries,
inclusion proofs, signed timestamps, certificate chain and validity against the trusted root) or a
detached base64 signature. With --trusted-root nothing is fetched from the network.
${verifyUsage}`;

const command: Command = {
  name: "verify-blob",
  summary: "verify a file's Sigstore bundle or detached signature (offline with --trusted-root)",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { ...verifyFlags, bundle: { type: "string" }, signature: { type: "string" } }, usage);
    const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
    if (!values.bundle && !values.signature) throw new UsageError("give --bundle or --signature", usage);
    const material = await verifyMaterialFrom({ ...(await verifySpecFrom(ctx, values)) });
    const result = await verifyBlob(resolve(ctx.cwd, file), {
      ...(values.bundle ? { bundle: await readFile(resolve(ctx.cwd, values.bundle)), where: values.bundle } : {}),
      ...(values.signature ? { signature: await readFile(resolve(ctx.cwd, values.signature), "utf8") } : {}),
      ...material,
    });
    const who = result.kind === "key" ? `the key ${values.key ?? ""}`.trim() : `${result.subject}${result.issuer ? ` (issuer ${result.issuer})` : ""}`;
    ctx.stdout(`Verified OK: ${file} signed by ${who}${result.logIndexes.length ? `, Rekor log index ${result.logIndexes.join(", ")}` : ""}`);
    return 0;
  },
};
export default command;
