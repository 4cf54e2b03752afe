import { createHash } from "node:crypto";

/** `sha256:<hex>` of bytes: the content address used everywhere (OCI image-spec descriptor digests). */
export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function isSha256Digest(value: string): boolean {
  return DIGEST_RE.test(value);
}
