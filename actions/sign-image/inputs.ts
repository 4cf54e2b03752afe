import type { SignerSpec } from "@stella/signing";

export interface SignImageInputs {
  images: string[];
  signer: SignerSpec;
  /** SBOM files to attest: one for every image, or one per image in the order of `images`. */
  sbomFiles: string[];
  provenance: boolean;
  baseImages: string[];
  recursive: boolean;
  referrer: boolean;
  /** Secrets to mask before anything is logged. */
  secrets: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

export function list(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function bool(get: (n: string) => string, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = get(name).trim().toLowerCase();
  if (raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  problems.push(`input "${name}" must be true or false, got "${raw}"`);
  return fallback;
}

/** `registry/repo@sha256:…` (or any transport reference) -> a transport reference; must carry a digest. */
export function imageRef(raw: string, problems: string[]): string {
  const ref = /^(docker|oci|oci-archive|docker-archive):/.test(raw) ? raw : `docker://${raw}`;
  if (!/@sha256:[a-f0-9]{64}$/.test(ref)) problems.push(`input "images": "${raw}" has no @sha256:<digest>; sign by digest (the build step's digest output), a tag can move`);
  return ref;
}

/** The signing inputs every signing action shares (key / key-password / keyless / Rekor / TSA / OIDC). */
export function signerSpecInputs(get: (n: string) => string, env: Env, problems: string[]): { spec: SignerSpec; secrets: string[] } {
  const key = get("key");
  const keyPassword = get("key-password");
  const keyless = bool(get, "keyless", false, problems);
  // Reusable workflows pass the key secret and a keyless switch side by side: an explicit
  // `keyless: true` wins and the key is left unused (the entry point says so in the log).
  if (key.trim() === "" && !keyless) problems.push('give input "key" (the cosign.key PEM, a secret) with "key-password", or "keyless: true"');
  const opt = (name: string) => get(name).trim() || undefined;
  const spec: SignerSpec = {
    ...(key.trim() !== "" && !keyless ? { keyPem: key, keySource: 'input "key"' } : {}),
    keyPassword,
    keyless,
    tlogUpload: bool(get, "tlog-upload", false, problems),
    ...(opt("rekor-url") ? { rekorUrl: opt("rekor-url") } : {}),
    ...(opt("fulcio-url") ? { fulcioUrl: opt("fulcio-url") } : {}),
    ...(opt("tsa-url") ? { tsaUrl: opt("tsa-url") } : {}),
    oidc: { requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL, requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN, gitea: env.GITEA_ACTIONS === "true" },
    names: { key: 'input "key"', keyless: 'input "keyless"' },
  };
  return { spec, secrets: [key, keyPassword].filter((s) => s !== "") };
}

/** Action inputs -> one typed object; every problem reported at once. */
export function signImageInputs(get: (name: string) => string, env: Env): SignImageInputs {
  const problems: string[] = [];
  const rawImages = list(get("images"));
  if (rawImages.length === 0) problems.push('input "images" is required: one or more REGISTRY/REPO@sha256:<digest>');
  const images = rawImages.map((r) => imageRef(r, problems));
  const { spec, secrets } = signerSpecInputs(get, env, problems);
  const sbomFiles = list(get("attest-sbom"));
  if (sbomFiles.length > 1 && sbomFiles.length !== images.length) {
    problems.push(`input "attest-sbom" lists ${sbomFiles.length} files for ${images.length} images: give one file, or one per image in the same order`);
  }
  const inputs: SignImageInputs = {
    images,
    signer: spec,
    sbomFiles,
    provenance: bool(get, "attest-provenance", false, problems),
    baseImages: list(get("base-images")),
    recursive: bool(get, "recursive", true, problems),
    referrer: bool(get, "referrer", true, problems),
    secrets,
  };
  if (problems.length > 0) throw new Error(`sign-image: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return inputs;
}
