import { parseFormats, SbomError, type GenerateOptions } from "@stella/sbom";

export interface BuildSbomInputs {
  generate: Omit<GenerateOptions, "logger" | "open">;
  upload: boolean;
  artifactName: string;
  credentials?: { username: string; password: string };
}

function bool(name: string, raw: string, fallback: boolean): boolean {
  const v = raw.trim().toLowerCase();
  if (v === "") return fallback;
  if (v === "true" || v === "false") return v === "true";
  throw new SbomError(`input "${name}" must be true or false, got "${raw}"`, { code: "BAD_OPTION" });
}

/**
 * Action inputs and environment to one typed options object (STYLE.md §1). Reads nothing
 * itself: `getInput` and `env` are handed in, so the mapping is tested alone.
 */
export function readInputs(getInput: (name: string) => string, env: Readonly<Record<string, string | undefined>>): BuildSbomInputs {
  const image = getInput("image").trim();
  if (!image) throw new SbomError('input "image" is required: docker://REGISTRY/REPO:TAG, oci:DIR[:TAG], oci-archive:FILE or docker-archive:FILE', { code: "BAD_OPTION" });
  const formats = parseFormats(
    getInput("formats")
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean),
    'input "formats"',
  );
  const attach = bool("attach", getInput("attach"), image.startsWith("docker://"));
  const uploadRaw = getInput("upload-artifact").trim().toLowerCase() || "auto";
  if (!["true", "false", "auto"].includes(uploadRaw)) throw new SbomError(`input "upload-artifact" must be true, false or auto, got "${uploadRaw}"`, { code: "BAD_OPTION" });
  const onRunner = Boolean(env.ACTIONS_RUNTIME_TOKEN);
  if (uploadRaw === "true" && !onRunner) throw new SbomError('input "upload-artifact" is true but ACTIONS_RUNTIME_TOKEN is not set: artifacts can only be uploaded on a runner', { code: "BAD_OPTION" });
  const username = getInput("registry-username").trim();
  const password = getInput("registry-password");
  if (Boolean(username) !== Boolean(password)) throw new SbomError('inputs "registry-username" and "registry-password" go together: give both or neither', { code: "BAD_OPTION" });
  const platform = getInput("platform").trim();
  const compareTo = getInput("compare-to").trim();
  return {
    generate: {
      image,
      formats,
      outputDir: getInput("output-dir").trim() || "sbom",
      attach,
      ...(platform ? { platform } : {}),
      ...(compareTo ? { compareTo } : {}),
      ...(env.SOURCE_DATE_EPOCH ? { sourceDateEpoch: env.SOURCE_DATE_EPOCH } : {}),
      ...(env.GITHUB_WORKSPACE ? { cwd: env.GITHUB_WORKSPACE } : {}),
    },
    upload: uploadRaw === "true" || (uploadRaw === "auto" && onRunner),
    artifactName: getInput("artifact-name").trim() || "sbom",
    ...(username ? { credentials: { username, password } } : {}),
  };
}
