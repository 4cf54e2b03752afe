/**
 * What the CLI and the actions share: turning user options (flags / inputs, already read from
 * argv, env and files by the entry point) into a Signer or verification options, and signing or
 * verifying a list of image references with bounded concurrency. No process.env here.
 */
import { readFile } from "node:fs/promises";
import { mapLimit, silentLogger, type Logger } from "@stella/core";
import { openImage, type OpenImageOptions, type OpenedImage } from "@stella/oci";
import { SigningError } from "./errors.js";
import { attestImage, signImage, type SignedArtifact } from "./image-sign.js";
import { predicateTypeFor } from "./intoto.js";
import { loadPrivateKey } from "./keys.js";
import { actionsTokenProvider, type ActionsTokenSource } from "./oidc.js";
import { keySigner, keylessSigner, type Signer } from "./signer.js";
import { isRecord } from "./stable-json.js";

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
  let pem = spec.keyPem ?? "";
  let source = spec.keySource ?? names.key;
  if (!pem.includes("-----BEGIN") && !pem.includes("\n")) {
    // Not PEM text: a path to the key file (e.g. `key: .keys/cosign.key` in a workflow).
    source = pem.trim();
    pem = await readFile(source, "utf8").catch((e: unknown) => {
      throw new SigningError(`${names.key}: "${source}" is neither a PEM key nor a readable file`, { code: "KEY_FORMAT", cause: e, hint: "pass the cosign.key contents (a secret) or its path" });
    });
  }
  const key = await loadPrivateKey(pem, spec.keyPassword, source);
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
  // The same reference twice would read-modify-write one .sig tag from two workers at once.
  const unique = [...new Set(refs)];
  return mapLimit(unique, o.concurrency ?? 8, async (ref) => {
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
