import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { formatVerifyReport, verifyImages, verifyMaterialFrom, type VerifySpec } from "@stella/signing";
import type { Command, CommandContext } from "../command.js";
import { parseCommandArgs, UsageError } from "../args.js";
import { registryOptions } from "../image-options.js";

/** cosign's verification flags, shared by verify, verify-attestation and verify-blob. */
export const verifyFlags = {
  key: { type: "string" },
  "certificate-identity": { type: "string" },
  "certificate-identity-regexp": { type: "string" },
  "certificate-oidc-issuer": { type: "string" },
  "certificate-oidc-issuer-regexp": { type: "string" },
  "trusted-root": { type: "string" },
  "insecure-ignore-tlog": { type: "boolean" },
  offline: { type: "boolean" },
} as const;

export const verifyUsage = `  --key cosign.pub                           accept signatures of this key (no transparency log needed)
  --certificate-identity ID | --certificate-identity-regexp RE
  --certificate-oidc-issuer URL | --certificate-oidc-issuer-regexp RE
                                             accept keyless signatures of this workflow identity
  --trusted-root FILE                        Sigstore trusted_root.json: verify with no network (air-gap)
  --offline                                  never fetch the public-good trusted root (needs --trusted-root for keyless)
  --insecure-ignore-tlog                     accept keyless signatures without Rekor entry`;

export async function verifySpecFrom(
  ctx: CommandContext,
  values: {
    key?: string | undefined;
    "certificate-identity"?: string | undefined;
    "certificate-identity-regexp"?: string | undefined;
    "certificate-oidc-issuer"?: string | undefined;
    "certificate-oidc-issuer-regexp"?: string | undefined;
    "trusted-root"?: string | undefined;
    "insecure-ignore-tlog"?: boolean | undefined;
    offline?: boolean | undefined;
  },
): Promise<VerifySpec> {
  const identity = {
    ...(values["certificate-identity"] !== undefined ? { subject: values["certificate-identity"] } : {}),
    ...(values["certificate-identity-regexp"] !== undefined ? { subjectRegExp: values["certificate-identity-regexp"] } : {}),
    ...(values["certificate-oidc-issuer"] !== undefined ? { issuer: values["certificate-oidc-issuer"] } : {}),
    ...(values["certificate-oidc-issuer-regexp"] !== undefined ? { issuerRegExp: values["certificate-oidc-issuer-regexp"] } : {}),
  };
  return {
    ...(values.key ? { publicKeyPem: await readFile(resolve(ctx.cwd, values.key), "utf8"), publicKeySource: values.key } : {}),
    ...(Object.keys(identity).length > 0 ? { identity } : {}),
    ...(values["trusted-root"] ? { trustedRootJson: await readFile(resolve(ctx.cwd, values["trusted-root"]), "utf8"), trustedRootSource: values["trusted-root"] } : {}),
    allowNetworkRoot: values.offline !== true,
    ...(values["insecure-ignore-tlog"] ? { tlogThreshold: 0 } : {}),
  };
}

const usage = `usage: stella verify [options] IMAGE...

Verifies image signatures (cosign .sig tags and Sigstore bundle referrers). An index is verified
with every platform manifest unless --no-recursive. Says which signature matched (identity, Rekor
log index) and why each other one did not; exit 1 when an image has no valid signature.
${verifyUsage}
  --no-recursive   only the index itself
  --json           machine-readable report on stdout
  --authfile FILE  registry credentials`;

const command: Command = {
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
  },
};
export default command;
