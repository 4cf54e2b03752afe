import * as core from "@actions/core";
import { writeFileAtomic } from "@stella/core";
import { signBlob, signerFromSpec } from "@stella/signing";
import { maskSecrets, runAction } from "../_shared/run.js";
import { signBlobInputs } from "./inputs.js";

await runAction(async () => {
  const inputs = signBlobInputs((n) => core.getInput(n), process.env);
  maskSecrets(...inputs.secrets);
  if (inputs.signer.keyless && core.getInput("key").trim() !== "") core.info("keyless: true, so the key input is not used");
  const signer = await signerFromSpec(inputs.signer);
  const rows: string[][] = [];
  const bundles: string[] = [];
  const signatures: string[] = [];
  for (const file of inputs.files) {
    const out = await signBlob(file, signer);
    await writeFileAtomic(`${file}.sigstore.json`, out.bundleJson);
    await writeFileAtomic(`${file}.sig`, `${out.signature}\n`);
    if (out.certificate) await writeFileAtomic(`${file}.pem`, out.certificate);
    bundles.push(`${file}.sigstore.json`);
    signatures.push(`${file}.sig`);
    core.info(`signed ${file}: ${file}.sigstore.json, ${file}.sig`);
    rows.push([file, out.identity, out.logIndexes.join(", ") || "none"]);
  }
  core.setOutput("bundles", bundles.join("\n"));
  core.setOutput("signatures", signatures.join("\n"));
  core.setOutput("identity", signer.identity());
  await core.summary
    .addHeading("Signed files", 3)
    .addTable([[{ data: "file", header: true }, { data: "signed by", header: true }, { data: "Rekor log index", header: true }], ...rows])
    .write();
});
