/**
 * cosign's OCI storage of signatures and attestations (architecture-devops.md §2.3; DESIGN.md
 * "Images and where they live"): the `sha256-<hex>.sig` / `.att` tag beside the image, an OCI image
 * manifest whose layers are the signed payloads and whose layer annotations carry the signature,
 * certificate, chain and Rekor bundle. Pure functions over bytes; store I/O is in image-sign.ts.
 */
import { createHash } from "node:crypto";
import { sha256Digest } from "@stella/core";
import type { Descriptor } from "@stella/oci";
import { MediaType } from "@stella/oci";
import type { Bundle, TransparencyLogEntry } from "@sigstore/bundle";
import { SigningError } from "./errors.js";
import { isRecord, parseJson } from "./stable-json.js";

export const ANNOTATION_SIGNATURE = "dev.cosignproject.cosign/signature";
export const ANNOTATION_CERTIFICATE = "dev.sigstore.cosign/certificate";
export const ANNOTATION_CHAIN = "dev.sigstore.cosign/chain";
export const ANNOTATION_BUNDLE = "dev.sigstore.cosign/bundle";
export const ANNOTATION_RFC3161 = "dev.sigstore.cosign/rfc3161timestamp";
export const ANNOTATION_PREDICATE_TYPE = "predicateType";

/** `sha256:<hex>` -> `sha256-<hex>.sig` / `.att` (cosign's tag scheme). */
export function cosignTag(digest: string, suffix: "sig" | "att"): string {
  return `${digest.replace(":", "-")}.${suffix}`;
}

export interface CosignLayer {
  /** The payload's bytes (simple-signing JSON, or a DSSE envelope for .att). */
  payload: Buffer;
  mediaType: string;
  annotations: Record<string, string>;
}

export interface StoredLayer {
  descriptor: Descriptor;
  annotations: Record<string, string>;
}

/** Go's zero time, which cosign writes into its signature image config. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The config blob cosign writes for a signature image: an empty image config listing the layers. */
export function signatureConfig(layerDigests: string[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: "",
      created: ZERO_TIME,
      history: [{ created: ZERO_TIME }],
      os: "",
      rootfs: { type: "layers", diff_ids: layerDigests },
      config: {},
    }),
  );
}

/** The `.sig` / `.att` manifest for these layers (existing ones first, then the new). */
export function signatureManifest(layers: StoredLayer[]): { manifest: Buffer; config: Buffer } {
  const config = signatureConfig(layers.map((l) => l.descriptor.digest));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, size: config.length, digest: sha256Digest(config) },
    layers: layers.map((l) => ({ mediaType: l.descriptor.mediaType, size: l.descriptor.size, digest: l.descriptor.digest, annotations: l.annotations })),
  };
  return { manifest: Buffer.from(JSON.stringify(manifest)), config };
}

/** Layers of an existing `.sig`/`.att` manifest, checked (a broken one is reported, not overwritten). */
export function parseSignatureManifest(bytes: Uint8Array, where: string): StoredLayer[] {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  if (!isRecord(doc) || !Array.isArray(doc.layers)) throw new SigningError(`${where}: not an image manifest with layers`, { code: "FORMAT" });
  return doc.layers.map((l: unknown, i): StoredLayer => {
    if (!isRecord(l) || typeof l.digest !== "string" || typeof l.mediaType !== "string" || typeof l.size !== "number") {
      throw new SigningError(`${where}: layers[${i}] is not a descriptor`, { code: "FORMAT" });
    }
    const annotations: Record<string, string> = {};
    if (isRecord(l.annotations)) for (const [k, v] of Object.entries(l.annotations)) if (typeof v === "string") annotations[k] = v;
    return { descriptor: { mediaType: l.mediaType, digest: l.digest, size: l.size }, annotations };
  });
}

/**
 * cosign's "Rekor bundle" annotation (a SET-bearing offline proof): {"SignedEntryTimestamp": b64,
 * "Payload": {"body": b64 canonical entry, "integratedTime": n, "logIndex": n, "logID": hex}}.
 */
export function rekorBundleAnnotation(entry: TransparencyLogEntry): string | undefined {
  const set = entry.inclusionPromise?.signedEntryTimestamp;
  if (!set) return undefined;
  return JSON.stringify({
    SignedEntryTimestamp: Buffer.from(set).toString("base64"),
    Payload: {
      body: Buffer.from(entry.canonicalizedBody).toString("base64"),
      integratedTime: Number(entry.integratedTime),
      logIndex: Number(entry.logIndex),
      logID: Buffer.from(entry.logId?.keyId ?? Buffer.alloc(0)).toString("hex"),
    },
  });
}

/** Back from the annotation to a bundle tlog entry (what @sigstore/verify checks). */
export function tlogEntryFromAnnotation(text: string, where: string): TransparencyLogEntry {
  const doc = parseJson(text, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const payload = isRecord(doc) ? doc.Payload : undefined;
  if (!isRecord(doc) || typeof doc.SignedEntryTimestamp !== "string" || !isRecord(payload) || typeof payload.body !== "string") {
    throw new SigningError(`${where}: not a cosign Rekor bundle`, { code: "FORMAT" });
  }
  const body = Buffer.from(payload.body, "base64");
  const parsed = parseJson(body, `${where} body`, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const kind = isRecord(parsed) && typeof parsed.kind === "string" ? parsed.kind : "hashedrekord";
  const version = isRecord(parsed) && typeof parsed.apiVersion === "string" ? parsed.apiVersion : "0.0.1";
  return {
    logIndex: String(payload.logIndex),
    logId: { keyId: Buffer.from(String(payload.logID), "hex") },
    kindVersion: { kind, version },
    integratedTime: String(payload.integratedTime),
    inclusionPromise: { signedEntryTimestamp: Buffer.from(doc.SignedEntryTimestamp, "base64") },
    inclusionProof: undefined,
    canonicalizedBody: body,
  };
}

/**
 * Annotations for one signature layer from a bundle. `chainPem` is the rest of the certificate
 * chain Fulcio returned (intermediates, root; cosign's `dev.sigstore.cosign/chain`): a v0.3 bundle
 * carries the leaf alone, so it comes from the signer (Signer.chainPem).
 */
export function layerAnnotations(bundle: Bundle, chainPem?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const c = bundle.content;
  out[ANNOTATION_SIGNATURE] = c.$case === "messageSignature" ? Buffer.from(c.messageSignature.signature).toString("base64") : "";
  const vm = bundle.verificationMaterial.content;
  const der = vm.$case === "certificate" ? vm.certificate.rawBytes : vm.$case === "x509CertificateChain" ? vm.x509CertificateChain.certificates[0]?.rawBytes : undefined;
  if (der) out[ANNOTATION_CERTIFICATE] = certPem(der);
  if (der && chainPem) out[ANNOTATION_CHAIN] = chainPem;
  else if (vm.$case === "x509CertificateChain" && vm.x509CertificateChain.certificates.length > 1) {
    out[ANNOTATION_CHAIN] = vm.x509CertificateChain.certificates.slice(1).map((x) => certPem(x.rawBytes)).join("");
  }
  const entry = bundle.verificationMaterial.tlogEntries[0];
  const rekor = entry ? rekorBundleAnnotation(entry) : undefined;
  if (rekor) out[ANNOTATION_BUNDLE] = rekor;
  const ts = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps[0];
  if (ts) out[ANNOTATION_RFC3161] = JSON.stringify({ SignedRFC3161Timestamp: Buffer.from(ts.signedTimestamp).toString("base64") });
  return out;
}

export function certPem(der: Uint8Array): string {
  return `-----BEGIN CERTIFICATE-----\n${(Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? []).join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** Identity of a layer for duplicate detection: same payload, same signer material. */
export function layerFingerprint(payloadDigest: string, annotations: Record<string, string>): string {
  return createHash("sha256")
    .update(payloadDigest)
    .update("\0")
    .update(annotations[ANNOTATION_SIGNATURE] ?? "")
    .update("\0")
    .update(annotations[ANNOTATION_CERTIFICATE] ?? "")
    .digest("hex");
}
