/**
 * in-toto Statement v1 (in-toto/attestation `spec/v1/statement.md`) and the predicate types we
 * attach (architecture-devops.md §2.2 SBOM + SLSA provenance as referrers, §2.3 DSSE attestations).
 * `--type` names follow cosign's attest/verify-attestation flags.
 */
import { isSha256Digest } from "@stella/core";
import { SigningError } from "./errors.js";
import { isRecord, parseJson, stableStringify } from "./stable-json.js";

export const STATEMENT_V1 = "https://in-toto.io/Statement/v1";
/** Older statements cosign and others still write; accepted when verifying. */
export const STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";

export const PREDICATE_TYPES = {
  slsaprovenance1: "https://slsa.dev/provenance/v1",
  slsaprovenance02: "https://slsa.dev/provenance/v0.2",
  slsaprovenance: "https://slsa.dev/provenance/v0.2",
  cyclonedx: "https://cyclonedx.org/bom",
  spdx: "https://spdx.dev/Document",
  spdxjson: "https://spdx.dev/Document",
  openvex: "https://openvex.dev/ns",
  vuln: "https://cosign.sigstore.dev/attestation/vuln/v1",
  link: "https://in-toto.io/Link/v1",
  custom: "https://cosign.sigstore.dev/attestation/v1",
} as const;

/** A cosign `--type` short name or a predicate type URI to the URI. */
export function predicateTypeFor(type: string): string {
  const known = (PREDICATE_TYPES as Record<string, string>)[type];
  if (known) return known;
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(type)) return type;
  throw new SigningError(`unknown attestation type "${type}"`, {
    code: "FORMAT",
    hint: `use one of ${Object.keys(PREDICATE_TYPES).join(", ")} or a predicate type URI (https://…)`,
  });
}

export interface Subject {
  name: string;
  digest: Record<string, string>;
}

export interface Statement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: unknown;
}

export function subjectFor(name: string, digest: string): Subject {
  if (!isSha256Digest(digest)) throw new SigningError(`subject ${name}: digest "${digest}" is not sha256:<64 hex>`, { code: "FORMAT" });
  return { name, digest: { sha256: digest.slice("sha256:".length) } };
}

/** The statement's bytes: sorted keys at every depth, so the same inputs give the same bytes. */
export function buildStatement(subjects: Subject[], predicateType: string, predicate: unknown): Buffer {
  if (subjects.length === 0) throw new SigningError("in-toto statement needs at least one subject", { code: "FORMAT" });
  const statement: Statement = { _type: STATEMENT_V1, subject: subjects, predicateType, predicate };
  return Buffer.from(stableStringify(statement), "utf8");
}

export function parseStatement(bytes: Uint8Array, where = "in-toto statement"): Statement {
  const doc = parseJson(bytes, where, (m, cause) => new SigningError(m, { code: "FORMAT", cause }));
  const problems: string[] = [];
  if (!isRecord(doc)) throw new SigningError(`${where}: not a JSON object`, { code: "FORMAT" });
  if (doc._type !== STATEMENT_V1 && doc._type !== STATEMENT_V01) problems.push(`_type is ${JSON.stringify(doc._type)}, expected "${STATEMENT_V1}"`);
  if (typeof doc.predicateType !== "string") problems.push("predicateType must be a string");
  const subjects: Subject[] = [];
  if (!Array.isArray(doc.subject) || doc.subject.length === 0) problems.push("subject must be a non-empty array");
  else
    doc.subject.forEach((s: unknown, i) => {
      if (!isRecord(s) || typeof s.name !== "string" || !isRecord(s.digest)) problems.push(`subject[${i}] needs name and digest`);
      else subjects.push({ name: s.name, digest: Object.fromEntries(Object.entries(s.digest).filter((e): e is [string, string] => typeof e[1] === "string")) });
    });
  if (problems.length > 0) throw new SigningError(`${where}: ${problems.join("; ")}`, { code: "FORMAT" });
  return { _type: doc._type as string, subject: subjects, predicateType: doc.predicateType as string, predicate: doc.predicate };
}

/** True when one of the statement's subjects is `digest` (sha256:<hex>). */
export function statementCovers(statement: Statement, digest: string): boolean {
  const hex = digest.replace(/^sha256:/, "");
  return statement.subject.some((s) => s.digest.sha256 === hex);
}
