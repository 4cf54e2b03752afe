/**
 * `stella.version.json` (artifact-generation.md §2 "Version Sticker"): what a target runs,
 * who deployed it, and what it replaced (architecture-devops.md §5.3: keep previous
 * manifests for rollback). Signed over the RFC 8785 canonical JSON of the sticker without
 * `signature`, so `signatureAlgorithm` and `signerKeyRef` are covered too.
 */
import canonicalize from "canonicalize";
import type { ReleaseManifest } from "@stella/release";
import { DeployError } from "./errors.js";
import { stellaId } from "./ids.js";
import { deploymentIdOf, environmentIdOf, manifestDigestOf, releaseIdOf } from "./release-ids.js";
import type { StickerSigner } from "./sticker-signer.js";

export const STICKER_FILE_NAME = "stella.version.json";

export interface StickerComponent {
  name: string;
  digest: string;
  semver: string;
  tag: string;
}

export interface VersionSticker {
  version: "1.0";
  generatedAt: string;
  generator: string;
  release: { id: string; name: string; createdAt: string; components: StickerComponent[] };
  deployment: {
    id: string;
    promotionId: string;
    environmentId: string;
    environmentName: string;
    targetId: string;
    targetName: string;
    strategy: string;
    startedAt: string;
    completedAt: string;
  };
  deployer: { userId: string; userName: string; agentId: string; agentName: string };
  previous: { releaseId: string; releaseName: string; digest: string } | null;
  signature?: string;
  signatureAlgorithm?: string;
  signerKeyRef?: string;
}

export interface StickerOptions {
  manifest: ReleaseManifest;
  previous?: ReleaseManifest;
  environment: string;
  target: string;
  user: string;
  agent: string;
  strategy?: string;
  startedAt: string;
  completedAt: string;
  generatedAt: string;
  generator: string;
  deploymentId?: string;
  promotionId?: string;
}

export function buildSticker(o: StickerOptions): VersionSticker {
  const releaseId = releaseIdOf(o.manifest);
  const environmentId = environmentIdOf(o.environment);
  const targetId = stellaId("target", o.target);
  const body = o.manifest.manifest;
  const components = body.services
    .map((s) => ({ name: s.service_id, digest: s.digest, semver: s.version ?? body.version, tag: s.tag ?? s.version ?? body.version }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    version: "1.0",
    generatedAt: o.generatedAt,
    generator: o.generator,
    release: { id: releaseId, name: body.release_id, createdAt: body.released_at ?? o.generatedAt, components },
    deployment: {
      id: o.deploymentId ?? deploymentIdOf(releaseId, environmentId, o.startedAt, o.target),
      promotionId: o.promotionId ?? stellaId("promotion", `${releaseId}/${environmentId}`),
      environmentId,
      environmentName: o.environment,
      targetId,
      targetName: o.target,
      strategy: o.strategy ?? "rolling",
      startedAt: o.startedAt,
      completedAt: o.completedAt,
    },
    deployer: { userId: stellaId("user", o.user), userName: o.user, agentId: stellaId("agent", o.agent), agentName: o.agent },
    previous: o.previous ? { releaseId: releaseIdOf(o.previous), releaseName: o.previous.manifest.release_id, digest: manifestDigestOf(o.previous) } : null,
  };
}

/** The signed bytes: canonical JSON of everything but `signature`. */
export function stickerPayload(sticker: VersionSticker): Uint8Array {
  const { signature: _s, ...rest } = sticker;
  void _s;
  const text = canonicalize(rest);
  if (text === undefined) throw new DeployError("sticker cannot be canonicalized", { code: "STICKER_PARSE" });
  return new TextEncoder().encode(text);
}

export async function signSticker(sticker: VersionSticker, signer: StickerSigner): Promise<VersionSticker> {
  const unsigned: VersionSticker = { ...sticker, signatureAlgorithm: signer.algorithm, signerKeyRef: signer.keyRef };
  delete unsigned.signature;
  const signature = Buffer.from(await signer.sign(stickerPayload(unsigned))).toString("base64");
  // Key order as the spec shows it: signature, signatureAlgorithm, signerKeyRef last.
  const { signatureAlgorithm, signerKeyRef, ...body } = unsigned;
  return { ...body, signature, ...(signatureAlgorithm === undefined ? {} : { signatureAlgorithm }), ...(signerKeyRef === undefined ? {} : { signerKeyRef }) };
}

export function serializeSticker(sticker: VersionSticker): string {
  return `${JSON.stringify(sticker, null, 2)}\n`;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const str = (o: Record<string, unknown>, k: string): boolean => typeof o[k] === "string";

/** Parses sticker JSON through a type guard; every shape problem is listed. */
export function parseSticker(text: string, source = STICKER_FILE_NAME): VersionSticker {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    throw new DeployError(`${source}: not JSON: ${e instanceof Error ? e.message : String(e)}`, { code: "STICKER_PARSE" });
  }
  const problems: string[] = [];
  if (!isObj(value)) throw new DeployError(`${source}: a sticker is a JSON object`, { code: "STICKER_PARSE" });
  if (value.version !== "1.0") problems.push(`version must be "1.0"`);
  for (const k of ["generatedAt", "generator"]) if (!str(value, k)) problems.push(`${k} must be a string`);
  const rel = value.release;
  if (!isObj(rel) || !str(rel, "id") || !str(rel, "name") || !Array.isArray(rel.components)) problems.push("release must have id, name and components");
  else rel.components.forEach((c, i) => (!isObj(c) || !str(c, "name") || !str(c, "digest") ? problems.push(`release.components[${i}] needs name and digest`) : undefined));
  const dep = value.deployment;
  if (!isObj(dep) || !["id", "environmentId", "environmentName", "targetId", "targetName"].every((k) => str(dep, k))) problems.push("deployment must have id, environmentId, environmentName, targetId and targetName");
  if (!isObj(value.deployer)) problems.push("deployer must be an object");
  if (value.previous !== null && value.previous !== undefined && !isObj(value.previous)) problems.push("previous must be an object or null");
  if (problems.length > 0) throw new DeployError(`${source}: not a version sticker:\n  ${problems.join("\n  ")}`, { code: "STICKER_PARSE", hint: "write it with stella deploy sticker" });
  return value as unknown as VersionSticker;
}
