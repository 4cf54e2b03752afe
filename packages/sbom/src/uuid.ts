import { createHash } from "node:crypto";

/** Namespace of every UUIDv5 this suite derives for SBOMs (fixed, so ids are reproducible). */
export const STELLA_SBOM_NAMESPACE = "6f0b1c1e-4a8e-5d7c-9b3a-5e1d2c7f8a90";

/** RFC 9562 §5.5 UUIDv5: SHA-1 of namespace bytes + name, version and variant bits set. */
export function uuidV5(name: string, namespace: string = STELLA_SBOM_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const h = createHash("sha1").update(ns).update(name, "utf8").digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
