import { basename } from "node:path";
import type { Logger } from "@stella/core";
import { publishRelease, type Forge, type PublishResult } from "@stella/release";
import type { SignerSpec } from "@stella/signing";
import { kitSignerFromSpec } from "../signing-spec.js";
import { buildOuk, type OukBuildOptions, type OukBuildResult } from "./build.js";
import { issueClientToken } from "./client-token.js";

/** The OfflineToken stage (playbook §2) inline: issue client.jwt when no artefact is handed over. */
export interface TokenIssue {
  privateKeyPem: string;
  subject: string;
  issuer: string;
}

export interface RunBuildOukOptions extends Omit<OukBuildOptions, "signer" | "clientJwt"> {
  signer?: SignerSpec;
  clientJwt?: string;
  issueToken?: TokenIssue;
  /** Publish tarball, .sig, .sigstore.json and .sha256 as assets of this release (playbook §4.2). */
  publish?: { forge: Forge; tag: string; name?: string; notes?: string };
  logger: Logger;
}

export interface RunBuildOukResult {
  kit: OukBuildResult;
  /** Files to publish/upload, in a fixed order: tarball, .sha256, .sig, .sigstore.json. */
  files: string[];
  published: PublishResult | undefined;
}

/** What actions/build-ouk runs: token (given or issued), fetch + pack + sign, publish. */
export async function runBuildOuk(o: RunBuildOukOptions): Promise<RunBuildOukResult> {
  const clientJwt = o.clientJwt ?? (o.issueToken ? await issueClientToken({ ...o.issueToken, issuedAt: o.now }) : undefined);
  if (clientJwt === undefined) throw new Error("unreachable: inputs require client-jwt or token-key");
  const { signer: spec, publish, issueToken: _t, ...rest } = o;
  void _t;
  const kit = await buildOuk({ ...rest, clientJwt, ...(spec ? { signer: await kitSignerFromSpec(spec) } : {}) });
  const files = [kit.path, kit.checksumFile, ...(kit.signatureFile ? [kit.signatureFile] : []), ...(kit.bundleFile ? [kit.bundleFile] : [])];
  let published: PublishResult | undefined;
  if (publish) {
    const feeds = kit.feeds.map((f) => `| ${f.name} | ${f.records} | ${f.newest ?? "-"} | ${f.version} |`).join("\n");
    published = await publishRelease({
      forge: publish.forge,
      tag: publish.tag,
      name: publish.name ?? `Offline Update Kit ${o.date}`,
      notes: publish.notes ?? `Offline Update Kit of ${o.date}: \`${basename(kit.path)}\`, ${kit.digest}.\n\n| feed | records | newest | version |\n| --- | --- | --- | --- |\n${feeds}\n\nVerify: \`stella ouk import ${basename(kit.path)} --key cosign.pub\` (or \`sha256sum -c ${basename(kit.checksumFile)}\`).\n`,
      prerelease: false,
      assets: files.map((path) => ({ path })),
      logger: o.logger,
    });
  }
  return { kit, files, published };
}
