import type { SignerSpec } from "@stella/signing";
import { list, signerSpecInputs } from "../sign-image/inputs.js";

export interface SignBlobInputs {
  files: string[];
  signer: SignerSpec;
  secrets: string[];
}

export function signBlobInputs(get: (name: string) => string, env: Readonly<Record<string, string | undefined>>): SignBlobInputs {
  const problems: string[] = [];
  const files = list(get("files"));
  if (files.length === 0) problems.push('input "files" is required: one or more paths');
  const { spec, secrets } = signerSpecInputs(get, env, problems);
  if (problems.length > 0) throw new Error(`sign-blob: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return { files, signer: spec, secrets };
}
