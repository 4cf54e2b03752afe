/**
 * Trust material for verification. Air-gapped sites pass a `trusted_root.json` file (Sigstore's
 * TrustedRoot, TUF-less) and nothing touches the network (architecture-devops.md §10.2 "verify before
 * import"); otherwise keyless verification asks Sigstore's TUF repository for the public good root.
 */
import type { KeyObject } from "node:crypto";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { toTrustMaterial, type TrustMaterial } from "@sigstore/verify";
import { SigningError } from "./errors.js";
import { isRecord, parseJson } from "./stable-json.js";

export const TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

export type { TrustedRoot };

/** An empty root: enough for key-based verification without transparency log. */
export function emptyTrustedRoot(): TrustedRoot {
  return TrustedRoot.fromJSON({ mediaType: TRUSTED_ROOT_MEDIA_TYPE, tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] });
}

export function parseTrustedRoot(bytes: Uint8Array | string, where: string): TrustedRoot {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  if (!isRecord(doc) || typeof doc.mediaType !== "string" || !doc.mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
    throw new SigningError(`${where}: not a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot+json)`, {
      code: "FORMAT",
      hint: "get one with `cosign trusted-root create` or from the TUF repository's trusted_root.json",
    });
  }
  try {
    return TrustedRoot.fromJSON(doc);
  } catch (e) {
    throw new SigningError(`${where}: cannot read the trusted root`, { code: "FORMAT", cause: e });
  }
}

/** Sigstore's public-good root through TUF (network). Only used when no trusted root file is given. */
export async function publicGoodTrustedRoot(cachePath?: string): Promise<TrustedRoot> {
  const { getTrustedRoot } = await import("@sigstore/tuf");
  try {
    return await getTrustedRoot(cachePath ? { cachePath } : {});
  } catch (e) {
    throw new SigningError("cannot fetch Sigstore's trusted root over TUF", {
      code: "CERTIFICATE_INVALID",
      cause: e,
      hint: "offline? pass --trusted-root trusted_root.json (the `trusted-root` input of the actions)",
    });
  }
}

/**
 * Trust material for @sigstore/verify. With `publicKey` (cosign's --key), every public-key bundle is
 * checked against that key whatever its hint says, as cosign does.
 */
export function trustMaterial(root: TrustedRoot, publicKey?: KeyObject): TrustMaterial {
  return toTrustMaterial(root, (hint: string) => {
    if (!publicKey) throw new SigningError(`the bundle is signed by a key (hint ${hint || "none"}) and no --key was given`, { code: "SIGNATURE_INVALID", hint: "pass --key cosign.pub" });
    return { publicKey, validFor: () => true };
  });
}
