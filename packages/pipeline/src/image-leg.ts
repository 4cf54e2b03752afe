import { openImage } from "@stella/oci";
import { generateSboms } from "@stella/sbom";
import type { KeyObject } from "node:crypto";
import { attestImage, keySigner, privateKeyFrom, PREDICATE_TYPES, signImage, slsaProvenancePredicate } from "@stella/signing";

/**
 * One image's leg of the release (release-engineering-playbook.md §2 SBOM -> Sign, per image):
 * SBOMs generated and attached, the image signed (recursively for an index) and attested
 * (CycloneDX and SLSA provenance v1). Its input is plain data so a worker thread can run it,
 * as the reusable workflow's matrix runs one leg per runner; the registry (here an OCI layout,
 * safe for concurrent writers) is the shared store.
 */
export interface LegInput {
  service: string;
  /** The image as read from the output directory (`oci:registry@sha256:…` or `docker://…`). */
  ref: string;
  digest: string;
  dockerReference: string;
  outDir: string;
  created: string;
  revision: string;
  /** The decrypted signing key: structured-cloned to a worker, never turned into text (one scrypt per run, not per leg). */
  key: KeyObject;
}

export interface SbomFact {
  components: number;
  attachedTo: string[];
  files: string[];
  cyclonedx?: unknown;
}

export interface LegOutput {
  service: string;
  sbom: SbomFact;
  signatures: number;
  attestations: number;
}

export async function runImageLeg(input: LegInput): Promise<LegOutput> {
  const epoch = String(Math.floor(Date.parse(input.created) / 1000));
  const sboms = await generateSboms({ image: input.ref, cwd: input.outDir, formats: ["cyclonedx-json", "spdx-json"], attach: true, platform: "all", outputDir: `${input.outDir}/sboms/${input.service}`, sourceDateEpoch: epoch });
  const cdxSbom = sboms.images[0]?.sboms.find((s) => s.format === "cyclonedx-json");
  const cyclonedx: unknown = cdxSbom ? JSON.parse(Buffer.from(cdxSbom.bytes).toString("utf8")) : undefined;
  const sbom: SbomFact = {
    components: Math.max(0, ...sboms.images.map((i) => i.inventory.components.length)),
    attachedTo: [...new Set(sboms.images.map((i) => i.digest))],
    files: sboms.images.flatMap((i) => i.sboms.map((s) => s.path ?? "")).filter(Boolean),
  };
  const signer = keySigner(privateKeyFrom(input.key, "cosign.key"));
  const opened = await openImage(input.ref, { cwd: input.outDir });
  try {
    const target = { store: opened.store, dockerReference: input.dockerReference, digest: input.digest, signer };
    const signed = await signImage({ ...target, recursive: true });
    let attestations = 0;
    if (cyclonedx !== undefined) attestations += (await attestImage({ ...target, predicateType: PREDICATE_TYPES.cyclonedx, predicate: cyclonedx })).length;
    // A local build has no forge: the provenance says so (builder "stella pipeline run", event "local").
    const predicate = slsaProvenancePredicate({
      platform: "github",
      serverUrl: "https://stella.local",
      repository: "stella/example-release",
      ref: "refs/heads/main",
      sha: input.revision,
      workflowPath: "stella pipeline run",
      eventName: "local",
      runId: "local",
      runAttempt: "1",
      startedOn: new Date(input.created),
      finishedOn: new Date(input.created),
    });
    attestations += (await attestImage({ ...target, predicateType: PREDICATE_TYPES.slsaprovenance1, predicate })).length;
    return { service: input.service, sbom, signatures: signed.length, attestations };
  } finally {
    await opened.close();
  }
}
