/**
 * cosign's image signature payload, the "simple signing" format of containers/image as cosign
 * writes it (architecture-devops.md §2.3: images are cosign-signed, on the digest only):
 *
 *   {"critical":{"identity":{"docker-reference":"REPO"},"image":{"docker-manifest-digest":"sha256:…"},
 *    "type":"cosign container image signature"},"optional":{…}|null}
 *
 * The member order is cosign's (Go struct order), so our payload bytes equal cosign's for the same
 * inputs; `optional` keys are sorted.
 */
import { isSha256Digest } from "@stella/core";
import { SigningError } from "./errors.js";
import { isRecord, parseJson, stableStringify } from "./stable-json.js";

export const SIMPLE_SIGNING_TYPE = "cosign container image signature";
export const SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

export interface SimpleSigningPayload {
  /** Repository the image was signed in, without tag or digest (`registry/repo`). */
  dockerReference: string;
  manifestDigest: string;
  optional?: Record<string, unknown> | null;
}

export function buildSimpleSigningPayload(p: SimpleSigningPayload): Buffer {
  if (!isSha256Digest(p.manifestDigest)) {
    throw new SigningError(`simple-signing payload: manifest digest "${p.manifestDigest}" is not sha256:<64 hex>`, { code: "FORMAT" });
  }
  const optional = p.optional && Object.keys(p.optional).length > 0 ? stableStringify(p.optional) : "null";
  const critical = JSON.stringify({
    identity: { "docker-reference": p.dockerReference },
    image: { "docker-manifest-digest": p.manifestDigest },
    type: SIMPLE_SIGNING_TYPE,
  });
  return Buffer.from(`{"critical":${critical},"optional":${optional}}`, "utf8");
}

/** Parses and checks a payload; every problem is named. */
export function parseSimpleSigningPayload(bytes: Uint8Array, where = "simple-signing payload"): SimpleSigningPayload {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const problems: string[] = [];
  const critical = isRecord(doc) ? doc.critical : undefined;
  const identity = isRecord(critical) ? critical.identity : undefined;
  const image = isRecord(critical) ? critical.image : undefined;
  const ref = isRecord(identity) ? identity["docker-reference"] : undefined;
  const digest = isRecord(image) ? image["docker-manifest-digest"] : undefined;
  if (!isRecord(critical)) problems.push("missing critical");
  else if (critical.type !== SIMPLE_SIGNING_TYPE) problems.push(`critical.type is ${JSON.stringify(critical.type)}, expected "${SIMPLE_SIGNING_TYPE}"`);
  if (typeof ref !== "string") problems.push("missing critical.identity.docker-reference");
  if (typeof digest !== "string" || !isSha256Digest(digest)) problems.push("critical.image.docker-manifest-digest is not sha256:<64 hex>");
  const optional = isRecord(doc) ? doc.optional : undefined;
  if (problems.length > 0 || typeof ref !== "string" || typeof digest !== "string") {
    throw new SigningError(`${where}: ${problems.join("; ")}`, { code: "FORMAT" });
  }
  return { dockerReference: ref, manifestDigest: digest, optional: isRecord(optional) ? optional : null };
}
