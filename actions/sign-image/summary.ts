import type { ImageSignReport, ResourceDescriptor } from "@stella/signing";

type Cell = string | { data: string; header: true };

/** The job summary: every image, what was signed (manifests, attestations), by whom, with log indexes. */
export function signSummary(reports: ImageSignReport[], identity: string): Cell[][] {
  const rows: Cell[][] = [[{ data: "image", header: true }, { data: "digest", header: true }, { data: "signed", header: true }, { data: "attestations", header: true }, { data: "identity", header: true }]];
  for (const r of reports) {
    const fresh = r.signatures.filter((s) => !s.duplicate).length;
    const dup = r.signatures.length - fresh;
    const signed = `${r.signatures.length} manifest(s)${dup ? ` (${dup} already signed)` : ""}`;
    const logs = [...r.signatures, ...r.attestations].flatMap((s) => s.logIndexes);
    const atts = r.attestations.map((a) => a.predicateType ?? "?").join("<br>") || "none";
    rows.push([r.image, `\`${r.digest}\``, signed, atts, `${identity}${logs.length ? ` (Rekor ${logs.join(", ")})` : ""}`]);
  }
  return rows;
}

/** `registry/repo@sha256:…` -> an SLSA resolved dependency. */
export function resourceOf(ref: string): ResourceDescriptor {
  const m = /^(?:docker:\/\/)?(.+)@sha256:([a-f0-9]{64})$/.exec(ref.trim());
  if (!m) throw new Error(`input "base-images": "${ref}" must be REGISTRY/REPO@sha256:<digest>`);
  return { uri: `pkg:docker/${m[1] ?? ""}`, digest: { sha256: m[2] ?? "" } };
}
