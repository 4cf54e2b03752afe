/**
 * The `Signer` seam (STYLE.md §4): one interface, two implementations. A key signer holds a
 * cosign key (no transparency log unless asked, release-engineering-playbook §5); a keyless
 * signer gets one Fulcio certificate for the workflow identity and signs every artifact of the
 * run with its ephemeral key (architecture-devops.md §2.3, Rekor inclusion required).
 * It extends @sigstore/sign's Signer so the bundle builders of sigstore-js take it unchanged.
 */
import { generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { FulcioSigner, RekorWitness, TSAWitness, type Signature, type Signer as SigstoreSigner, type Witness } from "@sigstore/sign";
import { X509Certificate } from "@sigstore/core";
import { SigningError } from "./errors.js";
import { keyHint, signBytes, type PrivateKey } from "./keys.js";
import type { TokenProvider } from "./oidc.js";
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

function witnessesFor(o: WitnessOptions, rekorDefault: string | undefined): Witness[] {
  const out: Witness[] = [];
  const rekor = o.rekorUrl ?? rekorDefault;
  // DSSE goes to Rekor as an `intoto` entry, as cosign's attest does (hashedrekord for messages).
  if (rekor) out.push(new RekorWitness({ rekorBaseURL: rekor, entryType: "intoto", majorApiVersion: o.rekorApiVersion ?? 1, fetchOnConflict: true, timeout: o.timeoutMs ?? 30_000, retry: 2 }));
  if (o.tsaUrl) out.push(new TSAWitness({ tsaBaseURL: o.tsaUrl, timeout: o.timeoutMs ?? 30_000, retry: 2 }));
  return out;
}

/** A cosign key pair signer. Signatures are ECDSA DER over the bytes given (SHA-256 for P-256). */
export function keySigner(key: PrivateKey, options: WitnessOptions = {}): Signer {
  const hint = keyHint(key.publicKey);
  return {
    kind: "key",
    witnesses: witnessesFor(options, undefined),
    publicKeyPem: key.publicPem,
    identity: () => `key sha256:${hint.slice(0, 16)}`,
    sign: (data: Buffer): Promise<Signature> =>
      Promise.resolve({ signature: signBytes(key, data), key: { $case: "publicKey", publicKey: key.publicPem, hint } }),
  };
}

export interface KeylessOptions extends WitnessOptions {
  token: TokenProvider;
  fulcioUrl?: string;
}

/**
 * Keyless: the first signature asks Fulcio for a certificate binding an ephemeral P-256 key to the
 * OIDC identity; later signatures of the same run reuse key and certificate (one Fulcio call per
 * run, not per image).
 */
export function keylessSigner(options: KeylessOptions): Signer {
  const ephemeral = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const publicPem = ephemeral.publicKey.export({ type: "spki", format: "pem" }).toString();
  const holder: SigstoreSigner = {
    sign: (data: Buffer) =>
      Promise.resolve({ signature: cryptoSign("sha256", data, { key: ephemeral.privateKey, dsaEncoding: "der" }), key: { $case: "publicKey", publicKey: publicPem } }),
  };
  const fulcio = new FulcioSigner({
    fulcioBaseURL: options.fulcioUrl ?? DEFAULT_FULCIO_URL,
    identityProvider: { getToken: options.token },
    keyHolder: holder,
    timeout: options.timeoutMs ?? 30_000,
    retry: 2,
  });
  let certificate: Promise<string> | undefined;
  let who = "keyless (no certificate yet)";
  return {
    kind: "keyless",
    witnesses: witnessesFor(options, DEFAULT_REKOR_URL),
    identity: () => who,
    async sign(data: Buffer): Promise<Signature> {
      certificate ??= fulcio.sign(data).then(
        (s) => {
          if (s.key.$case !== "x509Certificate") throw new SigningError("Fulcio returned no certificate", { code: "KEYLESS_UNAVAILABLE" });
          const cert = X509Certificate.parse(s.key.certificate);
          const san = cert.subjectAltName ?? "?";
          const issuer = certificateIssuer(cert);
          who = issuer ? `${san} (issuer ${issuer})` : san;
          return s.key.certificate;
        },
        (e: unknown) => {
          certificate = undefined;
          if (e instanceof SigningError) throw e;
          throw new SigningError(`keyless signing failed: ${errorMessage(e)}`, { code: "KEYLESS_UNAVAILABLE", cause: e, hint: "check the Fulcio URL and the workflow's id-token permission, or sign with `key`" });
        },
      );
      const pem = await certificate;
      const { signature } = await holder.sign(data);
      return { signature, key: { $case: "x509Certificate", certificate: pem } };
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
