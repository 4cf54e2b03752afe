#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  renderReport,
  reportVerdict
} from "./chunk-RPTQUHDP.js";
import {
  __name
} from "./chunk-XK6OAO7Z.js";

// packages/pipeline/src/pipeline-report.ts
var item = /* @__PURE__ */ __name((label, ok, detail) => ({ label, status: ok === void 0 ? "skip" : ok ? "ok" : "fail", ...detail ? { detail } : {} }), "item");
function renderPipelineReport(ctx, stages) {
  const f = ctx.facts;
  const sboms = f.sbom ?? {};
  const verify = f.verify;
  const manifest = f.manifest;
  const align = f.align;
  const ouk = f.ouk;
  const imp = f.oukImport;
  const model = {
    title: `Stella release ${ctx.release.version} (${ctx.release.calendar})`,
    version: `${ctx.release.version} (${ctx.release.calendar})`,
    channel: ctx.release.channel,
    manifestDigest: manifest?.manifestDigest ?? "(not assembled)",
    services: ctx.images.map((img) => {
      const v = verify?.images[img.service.name];
      const s = sboms[img.service.name];
      return {
        name: img.service.name,
        version: img.service.version,
        image: img.dockerReference,
        digest: img.digest,
        ...s ? { sbomComponents: s.components } : {},
        checks: [
          item("signature verified", v?.signature),
          item("SBOM attached and attested", v ? v.sbom && (s?.attachedTo.length ?? 0) > 0 : void 0),
          item("SLSA provenance attested", v?.provenance),
          item(img.service.platforms.length > 1 ? `${img.service.platforms.length} platforms` : "single platform", true)
        ]
      };
    }),
    sections: [
      {
        title: "Release manifest",
        items: [
          item("release.json validates against the schema", manifest ? true : void 0, manifest?.releaseJsonPath),
          item("manifest signature verified offline", verify ? verify.manifest.digest === manifest?.manifestDigest : void 0),
          item(`component skew (\xA71.3): ${manifest?.skew.findings.length ?? 0} pairs checked`, manifest ? manifest.skew.violations.length === 0 : void 0, manifest?.skew.violations.map((x) => x.message).join("; ")),
          item("image labels (\xA76.2)", manifest ? manifest.labels.length === 0 : void 0, manifest?.labels.map((x) => x.message).join("; "))
        ]
      },
      {
        title: "Channel alignment",
        items: align ? [item(`${align.files} profiles, ${align.images} image references pinned by digest`, align.after === 0, `${align.before} findings fixed by --fix, ${align.after} remain`)] : [item("profiles checked", void 0)]
      },
      {
        title: "Deployment artifacts",
        items: f.deploy ? [
          item("compose.stella.lock.yml, signed stella.version.json, manifest.json + checksums.sha256 stored", true, f.deploy.dir),
          item("drift check", !f.deploy.drift.driftDetected)
        ] : [item("artifacts written", void 0)]
      },
      {
        title: "Offline kit",
        items: f.kit ? [
          item(`${f.kit.path.split("/").pop() ?? ""} signed`, true, f.kit.digest),
          item(
            `imported into a fresh site registry: ${f.kitImport?.pushed.length ?? 0} images, signatures verified before and after`,
            f.kitImport ? true : void 0
          )
        ] : [item("kit built", void 0)]
      },
      {
        title: "Offline Update Kit",
        items: ouk ? [
          item(`kit ${ouk.path.split("/").pop() ?? ""} signed`, true, ouk.digest),
          ...ouk.feeds.map((feed) => item(`feed ${feed.name}: ${feed.records} records`, true, feed.newest ? `newest ${feed.newest}` : void 0)),
          item("verified and imported into a fresh target", imp ? imp.first.status === "imported" : void 0),
          item("re-import is a no-op", imp ? imp.again.status === "unchanged" : void 0)
        ] : [item("kit built", void 0)]
      }
    ],
    stages: stages.map((s) => ({ id: s.id, title: s.title, status: s.status, detail: s.detail, durationMs: s.durationMs }))
  };
  return { html: renderReport(model), verdict: reportVerdict(model), model };
}
__name(renderPipelineReport, "renderPipelineReport");
export {
  renderPipelineReport
};
