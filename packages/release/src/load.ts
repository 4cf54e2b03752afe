import { readFile } from "node:fs/promises";
import { errorMessage } from "@stella/core";
import { ManifestValidationError, ReleaseError } from "./errors.js";
import type { ReleaseManifest } from "./model.js";
import { checkReleaseManifest } from "./validate.js";

export interface ParseOptions {
  /** Where the manifest came from (file path, input name), used in every message. */
  source?: string;
}

/**
 * A release.json, from its text (a string) or an already parsed JSON value, validated against the
 * schema. Throws ManifestValidationError listing every problem (pointer, line, value,
 * expected, hint), or ReleaseError MANIFEST_PARSE for text that is not JSON.
 */
export function parseReleaseManifest(input: unknown, options: ParseOptions = {}): ReleaseManifest {
  const source = options.source ?? "release.json";
  let value: unknown = input;
  let text: string | undefined;
  if (typeof input === "string") {
    text = input;
    try {
      value = JSON.parse(input) as unknown;
    } catch (e) {
      throw new ReleaseError(`${source}: not valid JSON: ${errorMessage(e)}`, {
        code: "MANIFEST_PARSE",
        hint: "release.json must be a JSON document (release.yaml is the §6.1 summary; parse it with parseReleaseYaml)",
        cause: e,
      });
    }
  }
  const checked = checkReleaseManifest(value, text);
  if (checked.manifest === undefined) throw new ManifestValidationError(source, checked.problems);
  return checked.manifest;
}

/** Reads and parses a release.json file. */
export async function loadReleaseManifest(path: string): Promise<ReleaseManifest> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ReleaseError(`cannot read release manifest ${path}: ${errorMessage(e)}`, {
      code: "MANIFEST_READ",
      hint: "pass the path of a release.json written by `stella manifest assemble`",
      cause: e,
    });
  }
  return parseReleaseManifest(text, { source: path });
}
