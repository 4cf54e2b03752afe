/**
 * Verifies image signatures and attestations (architecture-devops.md §10.2 "verify before import";
 * release-engineering-playbook §10: only images signed by the project key run). Every candidate is
 * examined — `.sig`/`.att` layers and referrer bundles — and the result says which one matched (with
 * identity and log index) and why each other one did not. Nothing here needs the network when the
 * store is local and a trusted root is given.
 */
import { createHash, type KeyObject } from "node:crypto";
import { errorMessage } from "@stella/core";
import { isOciError, parseManifest, type ImageStore } from "@stella/oci";
import { BUNDLE_V03_MEDIA_TYPE, type Bundle } from "@sigstore/bundle";
import { HashAlgorithm } from "@sigstore/protobuf-specs";
import { BUNDLE_MEDIA_TYPE, parseBundle } from "./bundle.js";
import { checkChainAnnotation } from "./cert-chain.js";
import { ANNOTATION_BUNDLE, ANNOTATION_CERTIFICATE, ANNOTATION_CHAIN, ANNOTATION_PREDICATE_TYPE, ANNOTATION_RFC3161, ANNOTATION_SIGNATURE, cosignTag, parseSignatureManifest, tlogEntryFromAnnotation } from "./cosign-oci.js";
import { parseEnvelope } from "./dsse.js";
import { SigningError } from "./errors.js";
import { manifestDigests, COSIGN_SIGN_PREDICATE } from "./image-sign.js";
import { parseStatement, statementCovers, type Statement } from "./intoto.js";
import { parseSimpleSigningPayload } from "./simple-signing.js";
import { pemDecodeAll } from "./cosign-key.js";
import { isRecord } from "./stable-json.js";
import { emptyTrustedRoot, type TrustedRoot } from "./trust.js";
import { verifyBundle, type IdentityPolicy } from "./verify-bundle.js";

export interface VerifyImageOptions {
  store: ImageStore;
  digest: string;
  publicKey?: KeyObject;
  identity?: IdentityPolicy;
  trustedRoot?: TrustedRoot;
  tlogThreshold?: number;
  /** Check every manifest of an index too (default true). */
  recursive?: boolean;
  /** Verify attestations of this predicate type instead of signatures. */
  predicateType?: string;
  /** Extra checks on each verified statement (verify-attestation --policy); returns problems. */
  policy?: (statement: Statement) => string[];
}

export interface Candidate {
  /** Where it came from: `sha256-….sig layer 1`, `referrer sha256:…`. */
  source: string;
  ok: boolean;
  reason?: string;
  identity?: string;
  issuer?: string;
  logIndexes?: string[];
  statement?: Statement;
}

export interface ManifestVerification {
  digest: string;
  verified: boolean;
  candidates: Candidate[];
}

function certDer(pem: string | undefined): Buffer | undefined {
  return pem ? pemDecodeAll(pem).find((b) => b.label === "CERTIFICATE")?.body : undefined;
}

/** A bundle rebuilt from a cosign layer's annotations, so one verifier (@sigstore/verify) checks both forms. */
function bundleFromLayer(annotations: Record<string, string>, content: Bundle["content"], where: string): Bundle {
  const der = certDer(annotations[ANNOTATION_CERTIFICATE]);
  const rekor = annotations[ANNOTATION_BUNDLE];
  return {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      content: der ? { $case: "certificate", certificate: { rawBytes: der } } : { $case: "publicKey", publicKey: { hint: "" } },
      tlogEntries: rekor ? [tlogEntryFromAnnotation(rekor, `${where} Rekor bundle`)] : [],
      timestampVerificationData: { rfc3161Timestamps: rfc3161From(annotations[ANNOTATION_RFC3161], where) },
    },
    content,
  };
}

/** cosign's `dev.sigstore.cosign/rfc3161timestamp` annotation: {"SignedRFC3161Timestamp": "<base64 DER>"}. */
function rfc3161From(text: string | undefined, where: string): { signedTimestamp: Buffer }[] {
  if (text === undefined) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SigningError(`${where}: the RFC 3161 timestamp annotation is not JSON`, { code: "FORMAT", cause: e });
  }
  if (!isRecord(doc) || typeof doc.SignedRFC3161Timestamp !== "string") throw new SigningError(`${where}: the RFC 3161 timestamp annotation lacks SignedRFC3161Timestamp`, { code: "FORMAT" });
  return [{ signedTimestamp: Buffer.from(doc.SignedRFC3161Timestamp, "base64") }];
}

/** cosign's chain annotation, when present beside a certificate, must chain it to the trusted root (cert-chain.ts). */
function checkLayerChain(annotations: Record<string, string>, o: VerifyImageOptions, where: string): void {
  const chain = annotations[ANNOTATION_CHAIN];
  const der = certDer(annotations[ANNOTATION_CERTIFICATE]);
  if (chain === undefined) return;
  if (!der) throw new SigningError(`${where}: a chain annotation without a certificate annotation`, { code: "FORMAT" });
  checkChainAnnotation(der, chain, o.trustedRoot ?? emptyTrustedRoot(), where);
}

function describeOk(v: { subject: string; issuer?: string; logIndexes: string[] }): Pick<Candidate, "identity" | "issuer" | "logIndexes"> {
  return { identity: v.subject === "key" ? "key" : v.subject, ...(v.issuer ? { issuer: v.issuer } : {}), logIndexes: v.logIndexes };
}

async function layersOf(store: ImageStore, tag: string) {
  try {
    const m = await store.getManifest(tag);
    return parseSignatureManifest(m.bytes, `${store.location}:${tag}`);
  } catch (e) {
    if (isOciError(e, "NOT_FOUND")) return [];
    throw e;
  }
}

async function checkCandidate(source: string, run: () => Promise<Candidate>): Promise<Candidate> {
  try {
    return await run();
  } catch (e) {
    return { source, ok: false, reason: e instanceof SigningError ? e.message : errorMessage(e) };
  }
}

function bundleOptions(o: VerifyImageOptions) {
  return {
    trustedRoot: o.trustedRoot ?? emptyTrustedRoot(),
    ...(o.publicKey ? { publicKey: o.publicKey } : {}),
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.tlogThreshold !== undefined ? { tlogThreshold: o.tlogThreshold } : {}),
  };
}

function checkStatement(o: VerifyImageOptions, digest: string, payload: Buffer, wantType: string): Statement {
  const statement = parseStatement(payload);
  if (!statementCovers(statement, digest)) {
    throw new SigningError(`statement is about ${statement.subject.map((s) => `sha256:${s.digest.sha256 ?? "?"}`).join(", ")}, not ${digest} (replayed from another image?)`, { code: "PAYLOAD_MISMATCH" });
  }
  if (statement.predicateType !== wantType) throw new SigningError(`predicate type is ${statement.predicateType}, not ${wantType}`, { code: "PAYLOAD_MISMATCH" });
  const problems = o.policy ? o.policy(statement) : [];
  if (problems.length > 0) throw new SigningError(`policy: ${problems.join("; ")}`, { code: "POLICY" });
  return statement;
}

async function verifyManifest(o: VerifyImageOptions, digest: string): Promise<ManifestVerification> {
  const { store } = o;
  const candidates: Candidate[] = [];
  const attest = o.predicateType !== undefined;
  const wantType = o.predicateType ?? COSIGN_SIGN_PREDICATE;
  const tag = cosignTag(digest, attest ? "att" : "sig");
  const layers = await layersOf(store, tag);
  for (const [i, layer] of layers.entries()) {
    const source = `${tag} layer ${i}`;
    candidates.push(
      await checkCandidate(source, async () => {
        const payload = Buffer.from(await store.getBlobBytes(layer.descriptor));
        if (!attest) {
          const sig = Buffer.from(layer.annotations[ANNOTATION_SIGNATURE] ?? "", "base64");
          const bundle = bundleFromLayer(layer.annotations, { $case: "messageSignature", messageSignature: { messageDigest: { algorithm: HashAlgorithm.SHA2_256, digest: createHash("sha256").update(payload).digest() }, signature: sig } }, source);
          const v = verifyBundle(bundle, payload, bundleOptions(o));
          checkLayerChain(layer.annotations, o, source);
          const p = parseSimpleSigningPayload(payload, `${source} payload`);
          if (p.manifestDigest !== digest) {
            throw new SigningError(`payload signs ${p.manifestDigest}, not ${digest} (replayed from another image?)`, { code: "PAYLOAD_MISMATCH" });
          }
          return { source, ok: true, ...describeOk(v) };
        }
        if (layer.annotations[ANNOTATION_PREDICATE_TYPE] !== undefined && layer.annotations[ANNOTATION_PREDICATE_TYPE] !== wantType) {
          throw new SigningError(`predicate type is ${layer.annotations[ANNOTATION_PREDICATE_TYPE]}, not ${wantType}`, { code: "PAYLOAD_MISMATCH" });
        }
        const env = parseEnvelope(payload, `${source} envelope`);
        const bundle = bundleFromLayer(
          layer.annotations,
          { $case: "dsseEnvelope", dsseEnvelope: { payloadType: env.payloadType, payload: Buffer.from(env.payload, "base64"), signatures: env.signatures.map((s) => ({ keyid: s.keyid, sig: Buffer.from(s.sig, "base64") })) } },
          source,
        );
        const v = verifyBundle(bundle, undefined, bundleOptions(o));
        checkLayerChain(layer.annotations, o, source);
        const statement = checkStatement(o, digest, Buffer.from(env.payload, "base64"), wantType);
        return { source, ok: true, ...describeOk(v), statement };
      }),
    );
  }
  const referrers = await store.referrers(digest, BUNDLE_MEDIA_TYPE).catch((e: unknown) => {
    candidates.push({ source: "referrers", ok: false, reason: `cannot list referrers: ${errorMessage(e)}` });
    return [];
  });
  for (const r of referrers) {
    const source = `referrer ${r.digest}`;
    if (r.annotations?.["dev.sigstore.bundle.predicateType"] !== undefined && r.annotations["dev.sigstore.bundle.predicateType"] !== wantType) continue;
    candidates.push(
      await checkCandidate(source, async () => {
        const m = await store.getManifest(r.digest);
        const parsed = parseManifest(m.bytes, source, m.descriptor.mediaType);
        if (parsed.kind !== "manifest" || !parsed.manifest.layers[0]) throw new SigningError(`${source}: no bundle layer`, { code: "FORMAT" });
        const bundle = parseBundle(await store.getBlobBytes(parsed.manifest.layers[0]), `${source} bundle`);
        if (bundle.content.$case !== "dsseEnvelope") throw new SigningError(`${source}: message-signature bundles cannot name an image; expected a DSSE statement`, { code: "FORMAT" });
        const v = verifyBundle(bundle, undefined, bundleOptions(o));
        const statement = checkStatement(o, digest, Buffer.from(bundle.content.dsseEnvelope.payload), wantType);
        return { source, ok: true, ...describeOk(v), ...(attest ? { statement } : {}) };
      }),
    );
  }
  if (candidates.length === 0) candidates.push({ source: tag, ok: false, reason: `no ${attest ? "attestations" : "signatures"} found for ${digest} (neither ${tag} nor referrers)` });
  return { digest, verified: candidates.some((c) => c.ok), candidates };
}

/** Verifies an image (and each manifest of an index unless `recursive: false`). */
export async function verifyImage(o: VerifyImageOptions): Promise<ManifestVerification[]> {
  const digests = await manifestDigests(o.store, o.digest, o.recursive !== false);
  const out: ManifestVerification[] = [];
  for (const d of digests) out.push(await verifyManifest(o, d));
  return out;
}

/** Throws a SigningError listing each manifest that failed and every candidate's reason. */
export function assertImageVerified(results: ManifestVerification[], what: string): void {
  const failed = results.filter((r) => !r.verified);
  if (failed.length === 0) return;
  const lines = failed.flatMap((r) => [`${r.digest}:`, ...r.candidates.map((c) => `  ${c.source}: ${c.reason ?? "ok"}`)]);
  throw new SigningError(`${what}: ${failed.length} of ${results.length} manifest(s) not verified\n${lines.join("\n")}`, {
    code: failed.every((r) => r.candidates.every((c) => c.reason?.startsWith("no "))) ? "NO_SIGNATURES" : "SIGNATURE_INVALID",
  });
}
