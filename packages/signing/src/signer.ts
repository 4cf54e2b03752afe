/**
 * The `Signer` seam (STYLE.md §4): one interface, two implementations. A key signer holds a
 * cosign key (no transparency log unless asked, release-engineering-playbook §5); a keyless
 * signer gets one Fulcio certificate for the workflow identity and signs every artifact of the
 * run with its ephemeral key (architecture-devops.md §2.3, Rekor inclusion required).
 * It extends @sigstore/sign's Signer so the bundle builders of sigstore-js take it unchanged.
 */
import { generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import type * as SigstoreSign from "@sigstore/sign";
import type { Signature, Signer as SigstoreSigner, Witness } from "@sigstore/sign";
import { X509Certificate } from "@sigstore/core";
import { SigningError } from "./errors.js";
import { requestCertificate, type FulcioCertificates } from "./fulcio.js";
import { keyHint, signBytes, type PrivateKey } from "./keys.js";
import type { TokenProvider } from "./oidc.js";
import { digestAndSign, streamHash, type Chunks } from "./stream-crypto.js";
import { errorMessage } from "@stella/core";

export const DEFAULT_FULCIO_URL = "https://fulcio.sigstore.dev";
export const DEFAULT_REKOR_URL = "https://rekor.sigstore.dev";

export interface Signer extends SigstoreSigner {
  readonly kind: "key" | "keyless";
  /** Rekor and/or TSA witnesses applied to every bundle this signer makes. */
  readonly witnesses: readonly Witness[];
  /** Who signs, for summaries: `key sha256:<hint>` or the certificate's identity (after the first signature). */
  identity(): string;
  /** PEM of the public key (key signers), for `openssl dgst -verify`. */
  readonly publicKeyPem?: string;
  /**
   * Keyless: the certificates above the leaf Fulcio returned (intermediates, root), concatenated
   * PEM, for cosign's `dev.sigstore.cosign/chain` annotation. Undefined before the first signature.
   */
  chainPem?(): string | undefined;
  /**
   * Signs a stream without holding it: the SHA-256 digest and the signature over the same bytes,
   * in one pass (stream-crypto.ts). Absent for keys that cannot (pure Ed25519 needs the whole message).
   */
  signStream?(chunks: Chunks): Promise<StreamSignature>;
}

export interface StreamSignature {
  signature: Signature;
  /** SHA-256 of the streamed bytes. */
  digest: Buffer;
}

export interface WitnessOptions {
  /** Upload to this Rekor (v1 API). Key signers: off unless given; keyless: defaults to rekor.sigstore.dev. */
  rekorUrl?: string;
  /** Rekor API major version: 1 (default, entries with a signed entry timestamp) or 2 (tiles; needs a TSA for keyless). */
  rekorApiVersion?: 1 | 2;
  /** RFC 3161 timestamp authority base URL (optional). */
  tsaUrl?: string;
  timeoutMs?: number;
}

/**
 * A witness whose @sigstore/sign class is loaded on its first use: that package (and the HTTP
 * stack under it, ~20 MB) is then only in the processes that upload to Rekor or a TSA, not in
 * every key signing, verification or offline import.
 */
/**
 * @sigstore/sign, loaded on first use. A bundle (esbuild) hands a CommonJS package's exports to a
 * dynamic import as `default` only; node gives them both ways.
 */
export async function loadSigstoreSign(): Promise<typeof SigstoreSign> {
  const m = (await import("@sigstore/sign")) as typeof SigstoreSign & { default?: typeof SigstoreSign };
  return m.default ?? m;
}

function lazyWitness(make: (sign: typeof SigstoreSign) => Witness): Witness {
  let witness: Promise<Witness> | undefined;
  return {
    async testify(content, publicKey) {
      witness ??= loadSigstoreSign().then(make);
      return (await witness).testify(content, publicKey);
    },
  };
}

function witnessesFor(o: WitnessOptions, rekorDefault: string | undefined): Witness[] {
  const out: Witness[] = [];
  const rekor = o.rekorUrl ?? rekorDefault;
  // DSSE goes to Rekor as an `intoto` entry, as cosign's attest does (hashedrekord for messages).
  if (rekor) out.push(lazyWitness((s) => new s.RekorWitness({ rekorBaseURL: rekor, entryType: "intoto", majorApiVersion: o.rekorApiVersion ?? 1, fetchOnConflict: true, timeout: o.timeoutMs ?? 30_000, retry: 2 })));
  const tsa = o.tsaUrl;
  if (tsa) out.push(lazyWitness((s) => new s.TSAWitness({ tsaBaseURL: tsa, timeout: o.timeoutMs ?? 30_000, retry: 2 })));
  return out;
}

/** A cosign key pair signer. Signatures are ECDSA DER over the bytes given (SHA-256 for P-256). */
export function keySigner(key: PrivateKey, options: WitnessOptions = {}): Signer {
  const hint = keyHint(key.publicKey);
  const material = { $case: "publicKey", publicKey: key.publicPem, hint } as const;
  const hash = streamHash(key.publicKey);
  return {
    kind: "key",
    witnesses: witnessesFor(options, undefined),
    publicKeyPem: key.publicPem,
    identity: () => `key sha256:${hint.slice(0, 16)}`,
    sign: (data: Buffer): Promise<Signature> => Promise.resolve({ signature: signBytes(key, data), key: material }),
    ...(hash
      ? {
          async signStream(chunks: Chunks): Promise<StreamSignature> {
            const { digest, signature } = await digestAndSign(chunks, key.privateKey, hash);
            return { digest, signature: { signature, key: material } };
          },
        }
      : {}),
  };
}

export interface KeylessOptions extends WitnessOptions {
  token: TokenProvider;
  fulcioUrl?: string;
}

/**
 * Keyless: the first signature asks Fulcio for a certificate binding an ephemeral P-256 key to the
 * OIDC identity; later signatures of the same run reuse key and certificate (one Fulcio call per
 * run, not per image). The whole chain Fulcio returns is kept for cosign's chain annotation.
 */
export function keylessSigner(options: KeylessOptions): Signer {
  const ephemeral = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const publicPem = ephemeral.publicKey.export({ type: "spki", format: "pem" }).toString();
  let certificates: Promise<FulcioCertificates> | undefined;
  let chain: string | undefined;
  let who = "keyless (no certificate yet)";
  const certificate = async (): Promise<string> => {
    certificates ??= options.token().then(
      async (token) => {
        const certs = await requestCertificate({
          fulcioUrl: options.fulcioUrl ?? DEFAULT_FULCIO_URL,
          token,
          publicKeyPem: publicPem,
          prove: (challenge) => cryptoSign("sha256", challenge, { key: ephemeral.privateKey, dsaEncoding: "der" }),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        });
        const cert = X509Certificate.parse(certs.leaf);
        const san = cert.subjectAltName ?? "?";
        const issuer = certificateIssuer(cert);
        who = issuer ? `${san} (issuer ${issuer})` : san;
        chain = certs.chain.length > 0 ? certs.chain.join("") : undefined;
        return certs;
      },
      (e: unknown) => {
        if (e instanceof SigningError) throw e;
        throw new SigningError(`keyless signing failed: no OIDC token: ${errorMessage(e)}`, { code: "KEYLESS_UNAVAILABLE", cause: e, hint: "check the workflow's id-token permission, or sign with `key`" });
      },
    );
    // A failed request is not cached: the next signature asks again.
    certificates.catch(() => (certificates = undefined));
    return (await certificates).leaf;
  };
  return {
    kind: "keyless",
    witnesses: witnessesFor(options, DEFAULT_REKOR_URL),
    identity: () => who,
    chainPem: () => chain,
    async sign(data: Buffer): Promise<Signature> {
      const pem = await certificate();
      return { signature: cryptoSign("sha256", data, { key: ephemeral.privateKey, dsaEncoding: "der" }), key: { $case: "x509Certificate", certificate: pem } };
    },
    async signStream(chunks: Chunks): Promise<StreamSignature> {
      const pem = await certificate();
      const { digest, signature } = await digestAndSign(chunks, ephemeral.privateKey, "sha256");
      return { digest, signature: { signature, key: { $case: "x509Certificate", certificate: pem } } };
    },
  };
}

/** The OIDC issuer Fulcio recorded in a certificate (v2 extension, else the legacy v1 one). */
export function certificateIssuer(cert: X509Certificate): string | undefined {
  const v2 = cert.extension("1.3.6.1.4.1.57264.1.8");
  if (v2) {
    // DER UTF8String: tag 0x0c, length, bytes.
    const raw = v2.value;
    const len = raw[1] ?? 0;
    if (len < 0x80) return raw.subarray(2, 2 + len).toString("utf8");
    const n = len & 0x7f;
    let l = 0;
    for (let i = 0; i < n; i++) l = (l << 8) | (raw[2 + i] ?? 0);
    return raw.subarray(2 + n, 2 + n + l).toString("utf8");
  }
  const v1 = cert.extension("1.3.6.1.4.1.57264.1.1");
  return v1 ? v1.value.toString("utf8") : undefined;
}
