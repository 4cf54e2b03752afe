/**
 * Dead Simple Signing Envelope v1 (secure-systems-lab/dsse `protocol.md`), the wrapper of every
 * attestation (architecture-devops.md §2.3 "DSSE attestations").
 *   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body   (LEN = ASCII decimal bytes)
 */
import { SigningError } from "./errors.js";
import { isRecord, parseJson } from "./stable-json.js";

export const DSSE_ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

export interface DsseSignature {
  keyid: string;
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** base64 (standard) of the payload bytes. */
  payload: string;
  signatures: DsseSignature[];
}

export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/** Serializes with a fixed member order (payloadType, payload, signatures), as cosign does. */
export function serializeEnvelope(env: DsseEnvelope): Buffer {
  return Buffer.from(
    JSON.stringify({ payloadType: env.payloadType, payload: env.payload, signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: s.sig })) }),
    "utf8",
  );
}

export function parseEnvelope(bytes: Uint8Array | string, where = "DSSE envelope"): DsseEnvelope {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const problems: string[] = [];
  if (!isRecord(doc)) throw new SigningError(`${where}: not a JSON object`, { code: "FORMAT" });
  if (typeof doc.payloadType !== "string") problems.push("payloadType must be a string");
  if (typeof doc.payload !== "string") problems.push("payload must be a base64 string");
  const sigs = Array.isArray(doc.signatures) ? doc.signatures : [];
  if (!Array.isArray(doc.signatures) || sigs.length === 0) problems.push("signatures must be a non-empty array");
  const signatures: DsseSignature[] = [];
  sigs.forEach((s: unknown, i) => {
    if (!isRecord(s) || typeof s.sig !== "string") problems.push(`signatures[${i}].sig must be a base64 string`);
    else signatures.push({ keyid: typeof s.keyid === "string" ? s.keyid : "", sig: s.sig });
  });
  if (problems.length > 0) throw new SigningError(`${where}: ${problems.join("; ")}`, { code: "FORMAT" });
  return { payloadType: doc.payloadType as string, payload: doc.payload as string, signatures };
}

export function envelopePayload(env: DsseEnvelope): Buffer {
  return Buffer.from(env.payload, "base64");
}

/** Builds an envelope from a signature over PAE(payloadType, payload). */
export function makeEnvelope(payloadType: string, payload: Uint8Array, signature: Uint8Array, keyid = ""): DsseEnvelope {
  return { payloadType, payload: Buffer.from(payload).toString("base64"), signatures: [{ keyid, sig: Buffer.from(signature).toString("base64") }] };
}
