import type { VerifySpec } from "@stella/signing";

export interface VerifyImageInputs {
  images: string[];
  spec: VerifySpec;
  /** Path of trusted_root.json (read by main). */
  trustedRootPath?: string;
  recursive: boolean;
  attestationType?: string;
  policyPath?: string;
}

function list(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function verifyImageInputs(get: (name: string) => string): VerifyImageInputs {
  const problems: string[] = [];
  const images = list(get("images")).map((r) => (/^(docker|oci|oci-archive|docker-archive):/.test(r) ? r : `docker://${r}`));
  if (images.length === 0) problems.push('input "images" is required');
  const opt = (n: string) => get(n).trim() || undefined;
  const publicKey = get("public-key").trim();
  const identity = {
    ...(opt("certificate-identity") ? { subject: opt("certificate-identity") } : {}),
    ...(opt("certificate-identity-regexp") ? { subjectRegExp: opt("certificate-identity-regexp") } : {}),
    ...(opt("certificate-oidc-issuer") ? { issuer: opt("certificate-oidc-issuer") } : {}),
    ...(opt("certificate-oidc-issuer-regexp") ? { issuerRegExp: opt("certificate-oidc-issuer-regexp") } : {}),
  };
  const hasIdentity = identity.subject !== undefined || identity.subjectRegExp !== undefined;
  if (!publicKey && !hasIdentity) problems.push('give input "public-key" (cosign.pub PEM) or "certificate-identity"/"certificate-identity-regexp" with "certificate-oidc-issuer"');
  if (hasIdentity && identity.issuer === undefined && identity.issuerRegExp === undefined) problems.push('"certificate-identity" needs "certificate-oidc-issuer" (or -regexp)');
  const rec = get("recursive").trim().toLowerCase();
  if (rec !== "" && rec !== "true" && rec !== "false") problems.push(`input "recursive" must be true or false, got "${rec}"`);
  if (problems.length > 0) throw new Error(`verify-image: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  const trustedRootPath = opt("trusted-root");
  const attestationType = opt("attestation-type");
  const policyPath = opt("policy");
  return {
    images,
    spec: {
      ...(publicKey ? { publicKeyPem: publicKey, publicKeySource: 'input "public-key"' } : {}),
      ...(hasIdentity ? { identity } : {}),
      allowNetworkRoot: trustedRootPath === undefined,
    },
    ...(trustedRootPath ? { trustedRootPath } : {}),
    recursive: rec !== "false",
    ...(attestationType ? { attestationType } : {}),
    ...(policyPath ? { policyPath } : {}),
  };
}
