/**
 * `checksums.sha256` in the GNU coreutils format `sha256sum -c` reads: `<64 hex><2 spaces><name>`,
 * one line per file, sorted by name (artifact-generation.md "Integrity": all artifacts are
 * checksummed, SHA-256).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex } from "@stella/core";
import { DeployError } from "./errors.js";

export interface ChecksumEntry {
  name: string;
  sha256: string;
}

export function formatChecksums(entries: readonly ChecksumEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.name}\n`)
    .join("");
}

export function parseChecksums(text: string, source = "checksums.sha256"): ChecksumEntry[] {
  const out: ChecksumEntry[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const m = /^([a-f0-9]{64}) [ *](.+)$/.exec(line);
    if (!m) problems.push(`${source}:${i + 1}: "${line}" is not "<sha256 hex>  <name>"`);
    else out.push({ sha256: m[1] ?? "", name: m[2] ?? "" });
  });
  if (problems.length > 0) throw new DeployError(problems.join("\n"), { code: "CHECKSUM_FORMAT", hint: "write it with sha256sum or stella deploy" });
  return out;
}

export interface ChecksumFailure {
  name: string;
  expected: string;
  actual: string | null;
}

/** Checks every listed file in `dir`; returns the failures (missing files have actual null). */
export async function verifyChecksums(dir: string, entries: readonly ChecksumEntry[]): Promise<ChecksumFailure[]> {
  const failures: ChecksumFailure[] = [];
  for (const e of entries) {
    if (e.name.includes("/") || e.name.startsWith("..")) {
      failures.push({ name: e.name, expected: e.sha256, actual: null });
      continue;
    }
    const bytes = await readFile(join(dir, e.name)).catch(() => undefined);
    const actual = bytes === undefined ? null : sha256Hex(bytes);
    if (actual !== e.sha256) failures.push({ name: e.name, expected: e.sha256, actual });
  }
  return failures;
}
