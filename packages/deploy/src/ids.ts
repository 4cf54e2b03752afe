/**
 * Deterministic identifiers (DESIGN.md "Determinism": UUIDv5 from content, never
 * random): RFC 9562 §5.5 name-based UUIDs (SHA-1) in a Stella namespace.
 */
import { createHash } from "node:crypto";

const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

function bytesOf(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

function format(b: Buffer): string {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function uuidv5(name: string, namespace: string): string {
  const hash = createHash("sha1").update(bytesOf(namespace)).update(name, "utf8").digest().subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  return format(hash);
}

/** The namespace of every Stella deployment id: UUIDv5(URL, "https://stella-ops.org/deploy"). */
export const STELLA_NAMESPACE = uuidv5("https://stella-ops.org/deploy", URL_NAMESPACE);

/** `kind:name` in the Stella namespace: `stellaId("component", "api@sha256:…")`. */
export function stellaId(kind: string, name: string): string {
  return uuidv5(`${kind}:${name}`, STELLA_NAMESPACE);
}
