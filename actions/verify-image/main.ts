import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { formatVerifyReport, policyFromJson, predicateTypeFor, verifyImages, verifyMaterialFrom, SigningError } from "@stella/signing";
import { actionLogger, runAction } from "../_shared/run.js";
import { verifyImageInputs } from "./inputs.js";

await runAction(async () => {
  const inputs = verifyImageInputs((n) => core.getInput(n));
  const trustedRootJson = inputs.trustedRootPath ? await readFile(inputs.trustedRootPath, "utf8") : undefined;
  const material = await verifyMaterialFrom({ ...inputs.spec, ...(trustedRootJson ? { trustedRootJson, trustedRootSource: inputs.trustedRootPath } : {}) });
  const policy = inputs.policyPath ? policyFromJson(await readFile(inputs.policyPath, "utf8"), inputs.policyPath) : undefined;
  const reports = await verifyImages(inputs.images, material, {
    recursive: inputs.recursive,
    ...(inputs.attestationType ? { predicateType: predicateTypeFor(inputs.attestationType) } : {}),
    ...(policy ? { policy } : {}),
    logger: actionLogger(),
  });
  const text = formatVerifyReport(reports);
  core.info(text);
  const verified = reports.every((r) => r.verified);
  core.setOutput("verified", String(verified));
  core.setOutput("report", JSON.stringify(reports.map((r) => ({ image: r.image, digest: r.digest, verified: r.verified, manifests: r.manifests.map((m) => ({ digest: m.digest, verified: m.verified, candidates: m.candidates.map(({ statement: _s, ...c }) => c) })) }))));
  await core.summary
    .addHeading("Image verification", 3)
    .addTable([
      [{ data: "image", header: true }, { data: "result", header: true }, { data: "matched", header: true }],
      ...reports.map((r) => [r.image, r.verified ? "✔ verified" : "✘ not verified", r.manifests.flatMap((m) => m.candidates.filter((c) => c.ok).map((c) => `${c.identity ?? "?"} via ${c.source}`)).join("<br>") || "none"]),
    ])
    .write();
  if (!verified) throw new SigningError(`not every image is verified:\n${text}`, { code: "SIGNATURE_INVALID" });
});
