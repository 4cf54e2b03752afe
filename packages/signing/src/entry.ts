/**
 * What the CLI and the actions share: turning user options (flags / inputs, already read from
 * argv, env and files by the entry point) into a Signer or verification options, and signing or
 * verifying a list of image references with bounded concurrency. No process.env here.
 */
import type { KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { silentLogger, type Logger } from "@stella/core";
import { openImage, type OpenImageOptions, type OpenedImage } from "@stella/oci";
import { SigningError } from "./errors.js";
import { attestImage, signImage, type SignedArtifact } from "./image-sign.js";
import { verifyImage, type ManifestVerification } from "./image-verify.js";
import { predicateTypeFor, type Statement } from "./intoto.js";
import { loadPrivateKey, loadPublicKey } from "./keys.js";
import { actionsTokenProvider, type ActionsTokenSource } from "./oidc.js";
import { keySigner, keylessSigner, type Signer } from "./signer.js";
import { parseTrustedRoot, publicGoodTrustedRoot, type TrustedRoot } from "./trust.js";
import { isRecord } from "./stable-json.js";
import type { IdentityPolicy } from "./verify-bundle.js";

export interface SignerSpec {
  /** PEM text of the private key (cosign.key or PKCS#8) and where it came from, for messages. */
  keyPem?: string;
  keySource?: string;
  keyPassword?: string;
  keyless?: boolean;
  /** Key-based: also record in Rekor (opt-in). Keyless always does. */
  tlogUpload?: boolean;
  rekorUrl?: string;
  fulcioUrl?: string;
  tsaUrl?: string;
  oidc?: ActionsTokenSource;
  /** How the entry point names its options, for errors: { key: "--key", keyless: "--keyless" }. */
  names?: { key: string; keyless: string };
}

export async function signerFromSpec(spec: SignerSpec): Promise<Signer> {
  const names = spec.names ?? { key: "--key", keyless: "--keyless" };
  const hasKey = spec.keyPem !== undefined && spec.keyPem.trim() !== "";
  if (hasKey && spec.keyless) throw new SigningError(`${names.key} and ${names.keyless} exclude each other`, { code: "FORMAT", hint: `give one of ${names.key} or ${names.keyless}` });
  if (!hasKey && !spec.keyless) throw new SigningError(`nothing to sign with`, { code: "FORMAT", hint: `give ${names.key} (a cosign.key) or ${names.keyless} (a Fulcio certificate for the workflow identity)` });
  if (spec.keyless) {
    const token = actionsTokenProvider(spec.oidc ?? { requestUrl: undefined, requestToken: undefined });
    return keylessSigner({ token, ...(spec.fulcioUrl ? { fulcioUrl: spec.fulcioUrl } : {}), ...(spec.rekorUrl ? { rekorUrl: spec.rekorUrl } : {}), ...(spec.tsaUrl ? { tsaUrl: spec.tsaUrl } : {}) });
  }
  const key = await loadPrivateKey(spec.keyPem ?? "", spec.keyPassword, spec.keySource ?? names.key);
  const rekorUrl = spec.tlogUpload ? (spec.rekorUrl ?? "https://rekor.sigstore.dev") : undefined;
  return keySigner(key, { ...(rekorUrl ? { rekorUrl } : {}), ...(spec.tsaUrl ? { tsaUrl: spec.tsaUrl } : {}) });
}

/** `docker://host/repo@sha256:…` -> `host/repo`; other transports -> their display without tag/digest. */
export function dockerReferenceOf(image: OpenedImage): string {
  const at = image.display.search(/[@]sha256:/);
  let base = at >= 0 ? image.display.slice(0, at) : image.display;
  if (image.tag && base.endsWith(`:${image.tag}`)) base = base.slice(0, -image.tag.length - 1);
  return base.replace(/^docker:\/\//, "");
}

async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

export interface AttestationSpec {
  predicateType: string;
  predicate: unknown;
}

export interface SignImagesOptions {
  signer: Signer;
  open?: OpenImageOptions;
  recursive?: boolean;
  referrer?: boolean;
  annotations?: Record<string, string>;
  /** Per image (same order as the references): attestations to attach. */
  attestations?: (ref: string, digest: string) => AttestationSpec[];
  /** Sign the images (default true; `stella attest` only attests). */
  sign?: boolean;
  /** Attest every platform manifest of an index too (default false). */
  attestRecursive?: boolean;
  /** Refuse references without a digest (the actions sign by digest only). */
  requireDigest?: boolean;
  concurrency?: number;
  logger?: Logger;
}

export interface ImageSignReport {
  image: string;
  digest: string;
  signatures: SignedArtifact[];
  attestations: SignedArtifact[];
}

async function resolveDigest(image: OpenedImage, requireDigest: boolean | undefined, logger: Logger): Promise<string> {
  if (image.digest) return image.digest;
  if (requireDigest) {
    throw new SigningError(`${image.display} names a tag, not a digest`, { code: "FORMAT", hint: "sign by digest (…@sha256:<hex>, e.g. the digest output of the build step): a tag can move" });
  }
  const d = (await image.store.resolve(image.reference)).digest;
  logger.warn(`${image.display} is a tag; signing the digest it names now, ${d}`);
  return d;
}

export async function signImages(refs: string[], o: SignImagesOptions): Promise<ImageSignReport[]> {
  const logger = o.logger ?? silentLogger;
  return pool(refs, o.concurrency ?? 8, async (ref) => {
    const image = await openImage(ref, { ...o.open, mode: "write" });
    try {
      const digest = await resolveDigest(image, o.requireDigest, logger);
      const target = { store: image.store, dockerReference: dockerReferenceOf(image), digest };
      const signatures = o.sign === false ? [] : await signImage({ ...target, signer: o.signer, logger, ...(o.recursive !== undefined ? { recursive: o.recursive } : {}), ...(o.referrer !== undefined ? { referrer: o.referrer } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) });
      const attestations: SignedArtifact[] = [];
      for (const a of o.attestations?.(ref, digest) ?? []) {
        attestations.push(...(await attestImage({ ...target, signer: o.signer, logger, predicateType: a.predicateType, predicate: a.predicate, recursive: o.attestRecursive === true, ...(o.referrer !== undefined ? { referrer: o.referrer } : {}) })));
      }
      await image.commit();
      return { image: image.display, digest, signatures, attestations };
    } catch (e) {
      await image.abort().catch(() => undefined);
      throw e;
    } finally {
      await image.close();
    }
  });
}

export interface VerifySpec {
  publicKeyPem?: string;
  publicKeySource?: string;
  identity?: IdentityPolicy;
  trustedRootJson?: string;
  trustedRootSource?: string;
  /** Allow TUF (network) for Sigstore's public-good root when no trusted root is given. */
  allowNetworkRoot?: boolean;
  tlogThreshold?: number;
}

export interface VerifyMaterial {
  publicKey?: KeyObject;
  identity?: IdentityPolicy;
  trustedRoot?: TrustedRoot;
  tlogThreshold?: number;
}

export async function verifyMaterialFrom(spec: VerifySpec): Promise<VerifyMaterial> {
  const id = spec.identity;
  const hasIdentity = id !== undefined && (id.subject !== undefined || id.subjectRegExp !== undefined);
  if (!spec.publicKeyPem && !hasIdentity) {
    throw new SigningError("say whose signature to accept", { code: "FORMAT", hint: "pass --key cosign.pub, or --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp]" });
  }
  if (hasIdentity && id.issuer === undefined && id.issuerRegExp === undefined) {
    throw new SigningError("--certificate-identity needs --certificate-oidc-issuer (or -regexp)", { code: "FORMAT", hint: "GitHub Actions: --certificate-oidc-issuer https://token.actions.githubusercontent.com" });
  }
  for (const re of [id?.subjectRegExp, id?.issuerRegExp]) {
    if (re === undefined) continue;
    try {
      new RegExp(re);
    } catch (e) {
      throw new SigningError(`invalid regular expression /${re}/`, { code: "FORMAT", cause: e });
    }
  }
  let trustedRoot: TrustedRoot | undefined;
  if (spec.trustedRootJson !== undefined) trustedRoot = parseTrustedRoot(spec.trustedRootJson, spec.trustedRootSource ?? "trusted root");
  else if (hasIdentity && spec.allowNetworkRoot !== false) trustedRoot = await publicGoodTrustedRoot();
  return {
    ...(spec.publicKeyPem ? { publicKey: loadPublicKey(spec.publicKeyPem, spec.publicKeySource ?? "--key") } : {}),
    ...(hasIdentity ? { identity: id } : {}),
    ...(trustedRoot ? { trustedRoot } : {}),
    ...(spec.tlogThreshold !== undefined ? { tlogThreshold: spec.tlogThreshold } : {}),
  };
}

export interface ImageVerifyReport {
  image: string;
  digest: string;
  manifests: ManifestVerification[];
  verified: boolean;
}

export async function verifyImages(
  refs: string[],
  material: VerifyMaterial,
  o: { open?: OpenImageOptions; recursive?: boolean; predicateType?: string; policy?: (s: Statement) => string[]; concurrency?: number; logger?: Logger } = {},
): Promise<ImageVerifyReport[]> {
  const logger = o.logger ?? silentLogger;
  return pool(refs, o.concurrency ?? 8, async (ref) => {
    const image = await openImage(ref, { ...o.open, mode: "read" });
    try {
      const digest = image.digest ?? (await image.store.resolve(image.reference)).digest;
      if (!image.digest) logger.info(`${image.display} resolves to ${digest}`);
      const manifests = await verifyImage({ store: image.store, digest, ...material, ...(o.recursive !== undefined ? { recursive: o.recursive } : {}), ...(o.predicateType ? { predicateType: o.predicateType } : {}), ...(o.policy ? { policy: o.policy } : {}) });
      return { image: image.display, digest, manifests, verified: manifests.every((m) => m.verified) };
    } finally {
      await image.close();
    }
  });
}

/** Human lines for a verification report: which candidate matched and why each other did not. */
export function formatVerifyReport(reports: ImageVerifyReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.verified ? "verified" : "NOT VERIFIED"}: ${r.image} (${r.digest})`);
    for (const m of r.manifests) {
      lines.push(`  ${m.digest}: ${m.verified ? "ok" : "no valid signature"}`);
      for (const c of m.candidates) {
        if (c.ok) lines.push(`    ✓ ${c.source}: signed by ${c.identity ?? "?"}${c.issuer ? ` (issuer ${c.issuer})` : ""}${c.logIndexes?.length ? `, Rekor log index ${c.logIndexes.join(", ")}` : ""}`);
        else lines.push(`    ✗ ${c.source}: ${c.reason ?? "rejected"}`);
      }
    }
  }
  return lines.join("\n");
}

/** A JSON policy for verify-attestation: {"predicate": {"/json/pointer": value | {"regexp": "…"}}}. */
export function policyFromJson(text: string, where: string): (s: Statement) => string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SigningError(`${where}: not valid JSON`, { code: "FORMAT", cause: e });
  }
  if (!isRecord(doc) || !isRecord(doc.predicate)) throw new SigningError(`${where}: expected {"predicate": {"/json/pointer": expected, …}}`, { code: "FORMAT" });
  const rules = Object.entries(doc.predicate);
  return (statement) => {
    const problems: string[] = [];
    for (const [pointer, expected] of rules) {
      const actual = pointer
        .split("/")
        .slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<unknown>((v, k) => (isRecord(v) ? v[k] : Array.isArray(v) ? (v as unknown[])[Number(k)] : undefined), statement.predicate);
      if (isRecord(expected) && typeof expected.regexp === "string") {
        if (typeof actual !== "string" || !new RegExp(expected.regexp).test(actual)) problems.push(`${pointer} is ${JSON.stringify(actual)}, does not match /${expected.regexp}/`);
      } else if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        problems.push(`${pointer} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    }
    return problems;
  };
}

/** Reads an SBOM file and picks its predicate type from the content (CycloneDX or SPDX JSON). */
export async function sbomAttestation(path: string): Promise<AttestationSpec> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new SigningError(`attest-sbom: cannot read ${path} as JSON`, { code: "FORMAT", cause: e });
  }
  if (isRecord(doc) && doc.bomFormat === "CycloneDX") return { predicateType: predicateTypeFor("cyclonedx"), predicate: doc };
  if (isRecord(doc) && typeof doc.spdxVersion === "string") return { predicateType: predicateTypeFor("spdx"), predicate: doc };
  throw new SigningError(`attest-sbom: ${path} is neither CycloneDX JSON (bomFormat) nor SPDX JSON (spdxVersion)`, { code: "FORMAT" });
}
