/**
 * SARIF 2.1.0 for code scanning (OASIS SARIF v2.1.0; the subset GitHub code scanning
 * reads: tool.driver.rules, results with ruleId/ruleIndex/level/message and one
 * physicalLocation with a region). Paths are relative to `baseDir` with `%SRCROOT%`.
 */
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, Result } from "sarif";
import { RULES, type Finding } from "./findings.js";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

export interface SarifOptions {
  baseDir: string;
  toolName?: string;
  toolVersion?: string;
}

function uriOf(file: string, baseDir: string): string {
  const rel = relative(baseDir, file);
  const path = rel.startsWith("..") ? file : rel;
  return path.split(sep).map(encodeURIComponent).join("/");
}

/** Typed against @types/sarif (the OASIS 2.1.0 object model), so a wrong shape fails to compile. */
export function toSarif(findings: readonly Finding[], options: SarifOptions): Log {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: options.toolName ?? "stella-check-channel-alignment",
            informationUri: "https://stella-ops.org/docs/deployment-profiles",
            ...(options.toolVersion === undefined ? {} : { version: options.toolVersion, semanticVersion: options.toolVersion }),
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              defaultConfiguration: { level: "error" },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(options.baseDir.endsWith(sep) ? options.baseDir : options.baseDir + sep).href } },
        results: findings.map((f): Result => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule) ?? 0,
          level: f.severity,
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(f.file, options.baseDir), uriBaseId: "%SRCROOT%" },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          partialFingerprints: { "stellaAlignment/v1": `${f.rule}:${uriOf(f.file, options.baseDir)}:${f.service ?? f.actual ?? ""}` },
          ...(f.expected === undefined && f.actual === undefined ? {} : { properties: { expected: f.expected, actual: f.actual } }),
        })),
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}

export function sarifText(findings: readonly Finding[], options: SarifOptions): string {
  return `${JSON.stringify(toSarif(findings, options), null, 2)}\n`;
}
