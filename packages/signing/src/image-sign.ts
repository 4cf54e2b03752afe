/**
 * Signs and attests images in any ImageStore, cosign-compatible (architecture-devops.md §2.3):
 * the simple-signing payload in the `sha256-<hex>.sig` tag manifest (appended, never duplicated),
 * in-toto attestations in DSSE in `sha256-<hex>.att`, and a Sigstore bundle v0.3 per signature and
 * attestation attached as an OCI referrer, as newer cosign does. An index is signed with every
 * manifest it lists unless `recursive: false`.
 */
import { sha256Digest, silentLogger, type Logger } from "@stella/core";
import { EMPTY_JSON_DIGEST, MediaType, childrenOf, isOciError, parseManifest, type Descriptor, type ImageStore } from "@stella/oci";
import { dsseBundle, messageSignatureBundle, serializeBundle, BUNDLE_MEDIA_TYPE, type Bundle } from "./bundle.js";
import {
  ANNOTATION_CERTIFICATE,
  ANNOTATION_PREDICATE_TYPE,
  ANNOTATION_SIGNATURE,
  cosignTag,
  layerAnnotations,
  parseSignatureManifest,
  signatureManifest,
  type StoredLayer,
} from "./cosign-oci.js";
import { DSSE_ENVELOPE_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE } from "./dsse.js";
import { buildStatement, subjectFor } from "./intoto.js";
import { loadPublicKey, verifyBytes } from "./keys.js";
import { buildSimpleSigningPayload, SIMPLE_SIGNING_MEDIA_TYPE } from "./simple-signing.js";
import type { Signer } from "./signer.js";

/** cosign's predicate type for image signatures in the new bundle format. */
export const COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
export const ANNOTATION_BUNDLE_CONTENT = "dev.sigstore.bundle.content";
export const ANNOTATION_BUNDLE_PREDICATE = "dev.sigstore.bundle.predicateType";

export interface ImageTarget {
  store: ImageStore;
  /** Repository as users name it, `registry/repo` (the docker-reference in the payload). */
  dockerReference: string;
  /** Manifest or index digest (sign by digest only). */
  digest: string;
}

export interface SignImageOptions extends ImageTarget {
  signer: Signer;
  /** Sign every manifest of an index too (default true). */
  recursive?: boolean;
  /** `optional` claims of the simple-signing payload (cosign -a key=value). */
  annotations?: Record<string, string>;
  /** Also attach a Sigstore bundle as a referrer (default true). */
  referrer?: boolean;
  logger?: Logger;
}

export interface SignedArtifact {
  /** The image manifest this entry is about. */
  digest: string;
  /** `.sig` or `.att` tag and the digest of its manifest after this run. */
  tag: string;
  tagManifest: string;
  /** Digest of the referrer manifest holding the bundle (when attached). */
  referrer?: string;
  /** True when an equal signature was already there (nothing appended). */
  duplicate: boolean;
  logIndexes: string[];
  identity: string;
  predicateType?: string;
}

async function manifestDigests(store: ImageStore, digest: string, recursive: boolean): Promise<string[]> {
  const out = [digest];
  if (!recursive) return out;
  const blob = await store.getManifest(digest);
  const parsed = parseManifest(blob.bytes, `${store.location}@${digest}`, blob.descriptor.mediaType);
  for (const child of childrenOf(parsed).manifests) {
    for (const d of await manifestDigests(store, child.digest, true)) if (!out.includes(d)) out.push(d);
  }
  return out;
}

async function existingLayers(store: ImageStore, tag: string): Promise<StoredLayer[]> {
  try {
    const m = await store.getManifest(tag);
    return parseSignatureManifest(m.bytes, `${store.location}:${tag}`);
  } catch (e) {
    if (isOciError(e, "NOT_FOUND")) return [];
    throw e;
  }
}

/** True when `layers` already hold this payload signed by the same signer (key: signature verifies; keyless: same certificate). */
async function isDuplicate(store: ImageStore, layers: StoredLayer[], payloadDigest: string, signer: Signer, certificate: string | undefined): Promise<boolean> {
  for (const l of layers) {
    if (l.descriptor.digest !== payloadDigest) continue;
    if (certificate !== undefined && l.annotations[ANNOTATION_CERTIFICATE] === certificate) return true;
    if (signer.publicKeyPem) {
      const sig = l.annotations[ANNOTATION_SIGNATURE];
      const payload = await store.getBlobBytes(l.descriptor);
      if (sig && verifyBytes(loadPublicKey(signer.publicKeyPem, "signer"), payload, Buffer.from(sig, "base64"))) return true;
    }
  }
  return false;
}

async function putLayer(store: ImageStore, tag: string, existing: StoredLayer[], payload: Buffer, mediaType: string, annotations: Record<string, string>): Promise<string> {
  const descriptor = { mediaType, digest: sha256Digest(payload), size: payload.length };
  const { manifest, config } = signatureManifest([...existing, { descriptor, annotations }]);
  // Both blobs are known up front: upload them side by side, then the manifest that names them.
  await Promise.all([store.putBlob(descriptor, () => payload), store.putBlob({ digest: sha256Digest(config), size: config.length }, () => config)]);
  return (await store.putManifest(manifest, MediaType.ociManifest, tag)).digest;
}

/**
 * Uploads of one digest to one repository at the same moment race inside docker-registry (its
 * filesystem driver rewrites the repository's blob link while another upload reads it, and a manifest
 * PUT then finds the blob "unknown"). The empty config `{}` is shared by every referrer, so signing
 * many images of one repository at once would hit that: one upload per repository and digest at a time.
 */
const inFlight = new Map<string, Promise<void>>();
function putSharedBlob(store: ImageStore, blob: { digest: string; size: number }, bytes: Buffer): Promise<void> {
  const key = `${store.location}\0${blob.digest}`;
  let p = inFlight.get(key);
  if (!p) {
    p = store.putBlob(blob, () => bytes).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

/** Attaches a bundle to `subject` through the referrers API / referrers tag. */
export async function putBundleReferrer(store: ImageStore, subject: Descriptor, bundle: Bundle, predicateType: string): Promise<string> {
  const json = serializeBundle(bundle);
  const layer = { mediaType: BUNDLE_MEDIA_TYPE, digest: sha256Digest(json), size: json.length };
  await store.putBlob(layer, () => json);
  await putSharedBlob(store, { digest: EMPTY_JSON_DIGEST, size: 2 }, Buffer.from("{}"));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: BUNDLE_MEDIA_TYPE,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2, data: "e30=" },
      layers: [layer],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations: {
        [ANNOTATION_BUNDLE_CONTENT]: bundle.content.$case === "dsseEnvelope" ? "dsse-envelope" : "message-signature",
        [ANNOTATION_BUNDLE_PREDICATE]: predicateType,
      },
    }),
  );
  return (await store.putReferrer(manifest, MediaType.ociManifest)).digest;
}

function certificateOf(bundle: Bundle): string | undefined {
  return layerAnnotations(bundle)[ANNOTATION_CERTIFICATE];
}

async function signOne(o: SignImageOptions, digest: string, prefetched?: Promise<StoredLayer[]>): Promise<SignedArtifact> {
  const { store, signer } = o;
  const tag = cosignTag(digest, "sig");
  const payload = buildSimpleSigningPayload({ dockerReference: o.dockerReference, manifestDigest: digest, optional: o.annotations ?? null });
  const [existing, bundle] = await Promise.all([prefetched ?? existingLayers(store, tag), messageSignatureBundle(payload, signer)]);
  const logIndexes = bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex);
  if (await isDuplicate(store, existing, sha256Digest(payload), signer, certificateOf(bundle))) {
    o.logger?.info(`${o.dockerReference}@${digest}: already signed by ${signer.identity()}, nothing appended`);
    return { digest, tag, tagManifest: (await store.resolve(tag)).digest, duplicate: true, logIndexes: [], identity: signer.identity() };
  }
  const tagManifest = await putLayer(store, tag, existing, payload, SIMPLE_SIGNING_MEDIA_TYPE, layerAnnotations(bundle, signer.chainPem?.()));
  let referrer: string | undefined;
  if (o.referrer !== false) {
    const subject = await store.resolve(digest);
    const statement = buildStatement([subjectFor(o.dockerReference, digest)], COSIGN_SIGN_PREDICATE, {});
    const dsse = await dsseBundle(statement, IN_TOTO_PAYLOAD_TYPE, signer);
    referrer = await putBundleReferrer(store, subject, dsse, COSIGN_SIGN_PREDICATE);
    logIndexes.push(...dsse.verificationMaterial.tlogEntries.map((e) => e.logIndex));
  }
  o.logger?.info(`${o.dockerReference}@${digest}: signed by ${signer.identity()} (${tag})`);
  return { digest, tag, tagManifest, ...(referrer ? { referrer } : {}), duplicate: false, logIndexes, identity: signer.identity() };
}

/** Signs an image (and, for an index, each of its manifests). One entry per manifest signed. */
export async function signImage(o: SignImageOptions): Promise<SignedArtifact[]> {
  // The top-level .sig tag is read while the manifest is (not read at all when not recursive).
  const top = existingLayers(o.store, cosignTag(o.digest, "sig"));
  top.catch(() => undefined);
  const digests = o.recursive === false ? [o.digest] : await manifestDigests(o.store, o.digest, true);
  const out: SignedArtifact[] = [];
  // One at a time per image: the .sig tag of each digest is read-modify-written.
  for (const d of digests) out.push(await signOne({ ...o, logger: o.logger ?? silentLogger }, d, d === o.digest ? top : undefined));
  return out;
}

export interface AttestImageOptions extends ImageTarget {
  signer: Signer;
  predicateType: string;
  predicate: unknown;
  /** Attest every manifest of an index too (default false: attestations describe what they name). */
  recursive?: boolean;
  referrer?: boolean;
  logger?: Logger;
}

/** Envelope JSON as cosign stores it in `.att` layers: {payloadType, payload, signatures}. */
function envelopeJson(bundle: Bundle): Buffer {
  if (bundle.content.$case !== "dsseEnvelope") throw new Error("not a DSSE bundle");
  const env = bundle.content.dsseEnvelope;
  return Buffer.from(
    JSON.stringify({
      payloadType: env.payloadType,
      payload: Buffer.from(env.payload).toString("base64"),
      signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig).toString("base64") })),
    }),
  );
}

async function attestOne(o: AttestImageOptions, digest: string): Promise<SignedArtifact> {
  const { store, signer } = o;
  const tag = cosignTag(digest, "att");
  const statement = buildStatement([subjectFor(o.dockerReference, digest)], o.predicateType, o.predicate);
  const bundle = await dsseBundle(statement, IN_TOTO_PAYLOAD_TYPE, signer);
  const existing = await existingLayers(store, tag);
  const annotations = { ...layerAnnotations(bundle, signer.chainPem?.()), [ANNOTATION_PREDICATE_TYPE]: o.predicateType };
  const tagManifest = await putLayer(store, tag, existing, envelopeJson(bundle), DSSE_ENVELOPE_MEDIA_TYPE, annotations);
  const referrer = o.referrer === false ? undefined : await putBundleReferrer(store, await store.resolve(digest), bundle, o.predicateType);
  o.logger?.info(`${o.dockerReference}@${digest}: attested ${o.predicateType} by ${signer.identity()}`);
  const logIndexes = bundle.verificationMaterial.tlogEntries.map((e) => e.logIndex);
  return { digest, tag, tagManifest, ...(referrer ? { referrer } : {}), duplicate: false, logIndexes, identity: signer.identity(), predicateType: o.predicateType };
}

export async function attestImage(o: AttestImageOptions): Promise<SignedArtifact[]> {
  const digests = await manifestDigests(o.store, o.digest, o.recursive === true);
  const out: SignedArtifact[] = [];
  for (const d of digests) out.push(await attestOne(o, d));
  return out;
}

export { manifestDigests };
