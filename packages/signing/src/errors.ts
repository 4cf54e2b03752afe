import { StellaError } from "@stella/core";

export type SigningErrorCode =
  | "KEY_FORMAT" // a key file we cannot read (wrong PEM label, broken JSON, unsupported algorithm)
  | "KEY_PASSWORD" // wrong password for an encrypted key
  | "KEYLESS_UNAVAILABLE" // no OIDC token source (Gitea) or keyless services unreachable
  | "SIGNATURE_INVALID" // a signature does not verify
  | "PAYLOAD_MISMATCH" // payload names another digest / reference / artifact
  | "IDENTITY_MISMATCH" // certificate identity or issuer differs from the policy
  | "CERTIFICATE_INVALID" // chain, validity window
  | "TLOG_INVALID" // Rekor entry missing or for another artifact
  | "NO_SIGNATURES" // nothing to verify
  | "POLICY" // attestation policy not met
  | "FORMAT"; // malformed payload, envelope, bundle

/** Every failure of packages/signing (STYLE.md §6): what, where, and how to fix it. */
export class SigningError extends StellaError<SigningErrorCode> {}
