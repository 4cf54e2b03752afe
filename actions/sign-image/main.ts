import * as core from "@actions/core";
import { contextFromEnv, sbomAttestation, signerFromSpec, signImages, slsaProvenancePredicate, predicateTypeFor, type AttestationSpec } from "@stella/signing";
import { actionLogger, maskSecrets, runAction } from "../_shared/run.js";
import { signImageInputs } from "./inputs.js";
import { resourceOf, signSummary } from "./summary.js";

await runAction(async () => {
  const inputs = signImageInputs((n) => core.getInput(n), process.env);
  maskSecrets(...inputs.secrets);
  if (inputs.signer.keyless && core.getInput("key").trim() !== "") core.info("keyless: true, so the key input is not used");
  const signer = await signerFromSpec(inputs.signer);
  const started = new Date();
  const attestations = async (index: number): Promise<AttestationSpec[]> => {
    const out: AttestationSpec[] = [];
    const sbom = inputs.sbomFiles.length === 1 ? inputs.sbomFiles[0] : inputs.sbomFiles[index];
    if (sbom) out.push(await sbomAttestation(sbom));
    if (inputs.provenance) {
      const ctx = contextFromEnv(process.env, { resolvedDependencies: inputs.baseImages.map(resourceOf), startedOn: started });
      out.push({ predicateType: predicateTypeFor("slsaprovenance1"), predicate: slsaProvenancePredicate(ctx) });
    }
    return out;
  };
  const perImage = await Promise.all(inputs.images.map((_, i) => attestations(i)));
  const reports = await signImages(inputs.images, {
    signer,
    recursive: inputs.recursive,
    referrer: inputs.referrer,
    requireDigest: true,
    attestations: (ref) => perImage[inputs.images.indexOf(ref)] ?? [],
    logger: actionLogger(),
  });
  core.setOutput("signatures", JSON.stringify(reports.flatMap((r) => r.signatures.map((s) => ({ image: r.image, ...s })))));
  core.setOutput("attestations", JSON.stringify(reports.flatMap((r) => r.attestations.map((a) => ({ image: r.image, ...a })))));
  core.setOutput("signature-digests", reports.flatMap((r) => r.signatures.map((s) => s.tagManifest)).join("\n"));
  core.setOutput("attestation-digests", reports.flatMap((r) => r.attestations.map((a) => a.tagManifest)).join("\n"));
  core.setOutput("identity", signer.identity());
  await core.summary.addHeading("Signed images", 3).addTable(signSummary(reports, signer.identity())).write();
});
