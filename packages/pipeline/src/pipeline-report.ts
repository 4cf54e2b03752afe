import { renderReport, reportVerdict, type CheckStatus, type ReportItem, type ReportModel } from "./report.js";
import type { PipelineContext } from "./local-pipeline.js";
import type { StageResult } from "./stages.js";

const item = (label: string, ok: boolean | undefined, detail?: string): ReportItem => ({ label, status: ok === undefined ? "skip" : ok ? "ok" : "fail", ...(detail ? { detail } : {}) });

/** The pipeline's facts as the report model (architecture-devops.md §10.2 verify page). */
export function renderPipelineReport(ctx: PipelineContext, stages: StageResult[]): { html: string; verdict: CheckStatus; model: ReportModel } {
  const f = ctx.facts;
  const sboms = f.sbom ?? {};
  const { verify, manifest, align, ouk, oukImport: imp } = f;
  const model: ReportModel = {
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
        ...(s ? { sbomComponents: s.components } : {}),
        checks: [
          item("signature verified", v?.signature),
          item("SBOM attached and attested", v ? v.sbom && (s?.attachedTo.length ?? 0) > 0 : undefined),
          item("SLSA provenance attested", v?.provenance),
          item(img.service.platforms.length > 1 ? `${img.service.platforms.length} platforms` : "single platform", true),
        ],
      };
    }),
    sections: [
      {
        title: "Release manifest",
        items: [
          item("release.json validates against the schema", manifest ? true : undefined, manifest?.releaseJsonPath),
          item("manifest signature verified offline", verify ? verify.manifest.digest === manifest?.manifestDigest : undefined),
          item(`component skew (§1.3): ${manifest?.skew.findings.length ?? 0} pairs checked`, manifest ? manifest.skew.violations.length === 0 : undefined, manifest?.skew.violations.map((x) => x.message).join("; ")),
          item("image labels (§6.2)", manifest ? manifest.labels.length === 0 : undefined, manifest?.labels.map((x) => x.message).join("; ")),
        ],
      },
      {
        title: "Channel alignment",
        items: align
          ? [item(`${align.files} profiles, ${align.images} image references pinned by digest`, align.after === 0, `${align.before} findings fixed by --fix, ${align.after} remain`)]
          : [item("profiles checked", undefined)],
      },
      {
        title: "Deployment artifacts",
        items: f.deploy
          ? [
              item("compose.stella.lock.yml, signed stella.version.json, manifest.json + checksums.sha256 stored", true, f.deploy.dir),
              item("drift check", !f.deploy.drift.driftDetected),
            ]
          : [item("artifacts written", undefined)],
      },
      {
        title: "Offline kit",
        items: f.kit
          ? [
              item(`${f.kit.path.split("/").pop() ?? ""} signed`, true, f.kit.digest),
              item(`imported into a fresh site registry: ${f.kitImport?.pushed.length ?? 0} images, signatures verified before and after`, f.kitImport ? true : undefined),
            ]
          : [item("kit built", undefined)],
      },
      {
        title: "Offline Update Kit",
        items: ouk
          ? [
              item(`kit ${ouk.path.split("/").pop() ?? ""} signed`, true, ouk.digest),
              ...ouk.feeds.map((feed) => item(`feed ${feed.name}: ${feed.records} records`, true, feed.newest ? `newest ${feed.newest}` : undefined)),
              item("verified and imported into a fresh target", imp ? imp.first.status === "imported" : undefined),
              item("re-import is a no-op", imp ? imp.again.status === "unchanged" : undefined),
            ]
          : [item("kit built", undefined)],
      },
    ],
    stages: stages.map((s) => ({ id: s.id, title: s.title, status: s.status, detail: s.detail, durationMs: s.durationMs })),
  };
  return { html: renderReport(model), verdict: reportVerdict(model), model };
}
