import type { AssembleRunOptions } from "@stella/release";

export interface AssembleInputs {
  /** Local fragments directory; empty means: download the workflow artifacts matching `fragmentsPattern`. */
  fragmentsDir: string | undefined;
  fragmentsPattern: string;
  options: Omit<AssembleRunOptions, "fragmentsDir" | "releasedAt" | "signer" | "signedAt" | "logger" | "registry">;
  releasedAt: string | undefined;
  key: string | undefined;
  keyPassword: string | undefined;
  keyless: boolean;
  fulcioUrl: string | undefined;
  rekorUrl: string | undefined;
}

function list(raw: string): string[] {
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

/** Action inputs (+ the runner's context) -> one typed object; a unit test checks this mapping alone. */
export function assembleInputs(get: (name: string) => string, env: Readonly<Record<string, string | undefined>>): AssembleInputs {
  const problems: string[] = [];
  const opt = (n: string) => get(n).trim() || undefined;
  const version = opt("version");
  const channel = opt("channel");
  if ((version === undefined) !== (channel === undefined)) problems.push('inputs "version" and "channel" go together (or leave both empty to derive them from the ref and VERSION)');
  const ref = version ? undefined : (opt("ref") ?? env.GITHUB_REF);
  const labels = opt("labels") ?? "error";
  if (labels !== "error" && labels !== "warn" && labels !== "off") problems.push(`input "labels" must be error, warn or off, got "${labels}"`);
  const rc = opt("rc-number") ?? env.GITHUB_RUN_NUMBER;
  if (rc !== undefined && !/^\d+$/.test(rc)) problems.push(`input "rc-number" must be a positive integer, got "${rc}"`);
  const key = opt("key");
  const keyless = bool(get, "keyless", false, problems);
  if (key && keyless) problems.push('inputs "key" and "keyless: true" exclude each other');
  const checkImages = bool(get, "check-images", true, problems);
  const allowSkew = bool(get, "allow-skew", false, problems);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const workspace = env.GITHUB_WORKSPACE ?? ".";
  const ltsLines = list(get("lts-lines"));
  const revision = opt("revision") ?? env.GITHUB_SHA;
  const images = opt("images");
  const template = opt("template");
  const skewRules = opt("skew-rules");
  const previousManifest = opt("previous-manifest");
  // "NAME VERSION sha256:DIGEST", one chart per line (architecture-devops.md §6.1 charts).
  const charts = get("charts")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, version, digest, ...rest] = line.split(/\s+/);
      if (!name || !version || !digest || rest.length || !/^sha256:[a-f0-9]{64}$/.test(digest)) {
        throw new Error(`input "charts": "${line}" is not "NAME VERSION sha256:<64 hex>"`);
      }
      return { name, version, digest };
    });
  return {
    fragmentsDir: opt("fragments-dir"),
    fragmentsPattern: opt("fragments-pattern") ?? "release-fragment-*",
    options: {
      outDir: opt("out-dir") ?? "release",
      ...(version ? { version } : {}),
      ...(channel ? { channel } : {}),
      ...(ref ? { ref, versionFile: opt("version-file") ?? `${workspace}/VERSION` } : {}),
      ...(rc ? { rcNumber: Number(rc) } : {}),
      ...(ltsLines.length ? { ltsLines } : {}),
      ...(template ? { template } : {}),
      ...(skewRules ? { skewRules } : {}),
      ...(previousManifest ? { previousManifest } : {}),
      ...(charts.length ? { charts } : {}),
      failOnSkew: !allowSkew,
      checkImages,
      ...(images ? { images } : {}),
      labels: labels as "error" | "warn" | "off",
      ...(revision ? { revision } : {}),
    },
    releasedAt: opt("released-at"),
    key,
    keyPassword: opt("key-password"),
    keyless,
    fulcioUrl: opt("fulcio-url"),
    rekorUrl: opt("rekor-url"),
  };
}
