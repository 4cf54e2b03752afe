/**
 * Verification for the CLI and the actions: options (already read by the entry point) to trust
 * material, a list of image references verified with bounded concurrency, the human report, and the
 * small JSON policy of verify-attestation. No process.env here.
 */
import type { KeyObject } from "node:crypto";
import { mapLimit, silentLogger, type Logger } from "@stella/core";
import { openImage, type OpenImageOptions } from "@stella/oci";
import { SigningError } from "./errors.js";
import { verifyImage, type ManifestVerification } from "./image-verify.js";
import type { Statement } from "./intoto.js";
import { loadPublicKey } from "./keys.js";
import { isRecord } from "./stable-json.js";
import { parseTrustedRoot, publicGoodTrustedRoot, type TrustedRoot } from "./trust.js";
import type { IdentityPolicy } from "./verify-bundle.js";

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
  return mapLimit(refs, o.concurrency ?? 8, async (ref) => {
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

