/**
 * A small, honest Rekor v2 log for tests (no network): entries are the protojson of
 * `dev.sigstore.rekor.v2.Entry` (hashedrekord / dsse v0.0.2), the tree is RFC 6962's Merkle tree
 * (leaf = SHA-256(0x00 || body), node = SHA-256(0x01 || left || right)), inclusion proofs are
 * RFC 6962 §2.1.1 audit paths, and checkpoints are C2SP signed notes ("origin\nsize\nroot\n",
 * then "— origin base64(keyID || Ed25519 signature)") with the C2SP Ed25519 key ID
 * SHA-256(origin || 0x0A || 0x01 || public key)[:4]. It is a Witness, so our bundle builders log
 * to it as they would to Rekor. Written from the RFCs and the protobuf-specs / C2SP texts.
 * (@sigstore/mock's v2 log returns one-leaf proofs with a random index and logs the request, not
 * the entry, so a bundle from it cannot verify.)
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { TransparencyLogEntry } from "@sigstore/bundle";
import { Entry } from "@sigstore/protobuf-specs/rekor/v2";
import { HashAlgorithm, PublicKeyDetails } from "@sigstore/protobuf-specs";
import type { SignatureBundle, VerificationMaterial, Witness } from "@sigstore/sign";
import { pemDecodeAll } from "../src/cosign-key.js";
import { stableStringify } from "../src/stable-json.js";

const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash("sha256")).digest();
export const leafHash = (body: Uint8Array) => sha256(Buffer.from([0]), body);
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(Buffer.from([1]), l, r);

/** Largest power of two strictly below n (n > 1): RFC 6962's split point. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 6962 MTH over leaf hashes. */
export function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] ?? sha256();
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** RFC 6962 PATH(m, D[n]): the audit path of leaf m, bottom-up. */
export function auditPath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))] : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

/** The C2SP signed-note key ID of an Ed25519 key named `origin`. */
export function noteKeyId(origin: string, publicKey: KeyObject): Buffer {
  const raw = publicKey.export({ type: "spki", format: "der" }).subarray(-32);
  return sha256(Buffer.from(`${origin}\n`), Buffer.from([0x01]), raw).subarray(0, 4);
}

/** A checkpoint note and its signed-note envelope. */
export function signCheckpoint(origin: string, size: number, root: Buffer, key: KeyObject, keyId: Buffer): string {
  const note = `${origin}\n${size}\n${root.toString("base64")}\n`;
  const sig = sign(null, Buffer.from(note), key);
  return `${note}\n\u2014 ${origin} ${Buffer.concat([keyId, sig]).toString("base64")}\n`;
}

function verifierOf(pem: string) {
  const block = pemDecodeAll(pem)[0];
  if (!block) throw new Error("test log: no PEM key or certificate");
  return {
    keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
    verifier: block.label === "CERTIFICATE" ? { $case: "x509Certificate" as const, x509Certificate: { rawBytes: block.body } } : { $case: "publicKey" as const, publicKey: { rawBytes: block.body } },
  };
}

/** The canonical body Rekor v2 logs for a signed bundle content (hashedrekord or dsse, v0.0.2). */
export function entryBody(content: SignatureBundle, signerPem: string): Buffer {
  const verifier = verifierOf(signerPem);
  const entry: Entry =
    content.$case === "messageSignature"
      ? {
          kind: "hashedrekord",
          apiVersion: "0.0.2",
          spec: { spec: { $case: "hashedRekordV002", hashedRekordV002: { data: { algorithm: HashAlgorithm.SHA2_256, digest: Buffer.from(content.messageSignature.messageDigest.digest) }, signature: { content: Buffer.from(content.messageSignature.signature), verifier } } } },
        }
      : {
          kind: "dsse",
          apiVersion: "0.0.2",
          spec: {
            spec: {
              $case: "dsseV002",
              dsseV002: {
                payloadHash: { algorithm: HashAlgorithm.SHA2_256, digest: sha256(content.dsseEnvelope.payload) },
                signatures: content.dsseEnvelope.signatures.map((s) => ({ content: Buffer.from(s.sig), verifier })),
              },
            },
          },
        };
  return Buffer.from(stableStringify(Entry.toJSON(entry)));
}

export interface TestRekorV2 extends Witness {
  origin: string;
  baseUrl: string;
  /** Appends an arbitrary leaf (other people's entries). */
  appendOther(n: number): void;
  /** The entry at `index` with an inclusion proof and checkpoint for the current tree. */
  entry(index: number): TransparencyLogEntry;
  /** The `tlogs[]` element of a trusted root for this log (log ID and C2SP checkpoint key ID). */
  trustedRootTlog(): Record<string, unknown>;
  /** Re-signs the checkpoint of an entry with another key (same name and key ID): a forged checkpoint. */
  forgeCheckpoint(entry: TransparencyLogEntry): TransparencyLogEntry;
}

export function startTestRekorV2(origin = "rekor-v2.stella.test"): TestRekorV2 {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const keyId = noteKeyId(origin, publicKey);
  const spki = publicKey.export({ type: "spki", format: "der" });
  const logId = sha256(spki);
  const bodies: Buffer[] = [];
  const leaves: Buffer[] = [];
  const append = (body: Buffer) => {
    bodies.push(body);
    leaves.push(leafHash(body));
    return bodies.length - 1;
  };
  const entry = (index: number, key: KeyObject = privateKey): TransparencyLogEntry => {
    const body = bodies[index];
    if (!body) throw new Error(`test log: no entry ${index}`);
    const doc: unknown = JSON.parse(body.toString());
    const kind = typeof doc === "object" && doc !== null && "kind" in doc && typeof doc.kind === "string" ? doc.kind : "?";
    const root = treeHash(leaves);
    return {
      logIndex: String(index),
      logId: { keyId: logId },
      kindVersion: { kind, version: "0.0.2" },
      integratedTime: "0",
      inclusionPromise: undefined,
      inclusionProof: {
        logIndex: String(index),
        rootHash: root,
        treeSize: String(leaves.length),
        hashes: auditPath(index, leaves),
        checkpoint: { envelope: signCheckpoint(origin, leaves.length, root, key, keyId) },
      },
      canonicalizedBody: body,
    };
  };
  return {
    origin,
    baseUrl: `https://${origin}`,
    testify(content: SignatureBundle, signerPem: string): Promise<VerificationMaterial> {
      return Promise.resolve({ tlogEntries: [entry(append(entryBody(content, signerPem)))] });
    },
    appendOther(n) {
      for (let i = 0; i < n; i++) append(Buffer.from(`{"other":${bodies.length}}`));
    },
    entry: (index) => entry(index),
    forgeCheckpoint(e) {
      return entry(Number(e.logIndex), generateKeyPairSync("ed25519").privateKey);
    },
    trustedRootTlog: () => ({
      baseUrl: `https://${origin}`,
      hashAlgorithm: "SHA2_256",
      publicKey: { rawBytes: spki.toString("base64"), keyDetails: "PKIX_ED25519", validFor: { start: "2000-01-01T00:00:00Z" } },
      logId: { keyId: logId.toString("base64") },
      checkpointKeyId: { keyId: keyId.toString("base64") },
    }),
  };
}
