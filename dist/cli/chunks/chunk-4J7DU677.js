#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  runNotifySmoke
} from "./chunk-YGCCH7FX.js";
import {
  generateSboms
} from "./chunk-FXKZUY4N.js";
import {
  LOCK_FILE_NAME,
  STICKER_FILE_NAME,
  buildSticker,
  checkDrift,
  generateLockFile,
  keyStickerSigner,
  pemStickerVerifier,
  serializeSticker,
  signSticker,
  storeArtifacts
} from "./chunk-44HPTHH7.js";
import {
  buildOfflineKit,
  buildOuk,
  importOfflineKit,
  importOuk,
  issueClientToken,
  keyKitSigner,
  keyKitVerifier,
  offlineKitName,
  tarChunks
} from "./chunk-KLHOWN2A.js";
import {
  alignProfiles
} from "./chunk-IUELWYK5.js";
import {
  assembleRelease,
  parseReleaseManifest,
  sigstoreManifestSigner,
  sigstoreManifestVerifier,
  verifyManifest
} from "./chunk-USADENSA.js";
import {
  PREDICATE_TYPES,
  attestImage,
  encryptPrivateKey,
  keySigner,
  loadPrivateKey,
  loadPublicKey,
  privateKeyFrom,
  publicKeyPem,
  signImage,
  slsaProvenancePredicate,
  verifyImage
} from "./chunk-QZSXOUOU.js";
import {
  MediaType,
  OciLayoutStore,
  copyImage,
  openImage
} from "./chunk-YWMM5RF6.js";
import {
  isoSeconds,
  mapLimit,
  sha256Digest,
  sha256Hex,
  timestampFrom,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/pipeline/src/example-services.ts
import { promisify } from "node:util";
import { gzip } from "node:zlib";
var AMD64 = { architecture: "amd64", os: "linux" };
var ARM64 = { architecture: "arm64", os: "linux", variant: "v8" };
var EXAMPLE_SERVICES = [
  { name: "authority", version: "2.4.1", kind: "go", platforms: [AMD64] },
  { name: "signer", version: "2.4.1", kind: "go", platforms: [AMD64] },
  { name: "scanner-web", version: "2.4.1", kind: "python", platforms: [AMD64, ARM64] },
  { name: "policy", version: "2.4.0", kind: "python", platforms: [AMD64] },
  { name: "concelier", version: "2.4.1", kind: "python", platforms: [AMD64] },
  { name: "excititor", version: "2.3.2", kind: "python", platforms: [AMD64] },
  { name: "backend", version: "2.4.1", kind: "node", platforms: [AMD64, ARM64] },
  { name: "web-ui", version: "2.4.1", kind: "node", platforms: [AMD64] }
];
var DPKG_PACKAGES = [
  ["base-files", "12.4+deb12u5", "Debian base system miscellaneous files"],
  ["ca-certificates", "20230311", "Common CA certificates"],
  ["libc6", "2.36-9+deb12u4", "GNU C Library: Shared libraries"],
  ["libssl3", "3.0.11-1~deb12u2", "Secure Sockets Layer toolkit - shared libraries"],
  ["tzdata", "2024a-0+deb12u1", "time zone and daylight-saving time data"],
  ["zlib1g", "1:1.2.13.dfsg-1", "compression library - runtime"]
];
var NPM_PACKAGES = [
  ["express", "4.19.2", "MIT"],
  ["body-parser", "1.20.2", "MIT"],
  ["debug", "2.6.9", "MIT"],
  ["ms", "2.0.0", "MIT"],
  ["cookie", "0.6.0", "MIT"]
];
var PY_PACKAGES = [
  ["requests", "2.28.1", "Apache-2.0"],
  ["urllib3", "1.26.12", "MIT"],
  ["idna", "3.3", "BSD-3-Clause"],
  ["certifi", "2022.9.24", "MPL-2.0"]
];
function file(path, text) {
  const bytes = Buffer.from(text);
  return { path, type: "file", mode: 420, size: bytes.length, open: /* @__PURE__ */ __name(() => Promise.resolve(bytes), "open") };
}
__name(file, "file");
function dirs(paths) {
  const all = /* @__PURE__ */ new Set();
  for (const p of paths) {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) all.add(parts.slice(0, i).join("/"));
  }
  return [...all].sort().map((d) => ({ path: d, type: "directory", mode: 493, size: 0 }));
}
__name(dirs, "dirs");
function baseLayerFiles() {
  const status = DPKG_PACKAGES.map(
    ([name, version, desc]) => [`Package: ${name}`, "Status: install ok installed", "Priority: required", "Section: libs", "Installed-Size: 100", "Maintainer: Debian <debian@example.invalid>", "Architecture: amd64", `Version: ${version}`, `Description: ${desc}`, ""].join("\n")
  ).join("\n");
  const files = [
    file("etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'),
    file("var/lib/dpkg/status", status)
  ];
  return [...dirs(files.map((f) => f.path)), ...files];
}
__name(baseLayerFiles, "baseLayerFiles");
function appLayerFiles(s) {
  const files = [file("app/service.json", JSON.stringify({ service: s.name, version: s.version }) + "\n")];
  if (s.kind === "node") {
    files.push(file("app/package.json", JSON.stringify({ name: `@stellaops/${s.name}`, version: s.version, private: true }, null, 2)));
    for (const [name, version, license] of NPM_PACKAGES) files.push(file(`app/node_modules/${name}/package.json`, JSON.stringify({ name, version, license }, null, 2)));
  } else if (s.kind === "python") {
    for (const [name, version, license] of PY_PACKAGES) {
      files.push(file(`usr/lib/python3/dist-packages/${name}-${version}.dist-info/METADATA`, `Metadata-Version: 2.1
Name: ${name}
Version: ${version}
License: ${license}
`));
    }
  } else {
    files.push(file(`usr/local/bin/${s.name}.txt`, `${s.name} ${s.version}
`));
  }
  files.sort((a, b) => a.path < b.path ? -1 : 1);
  return [...dirs(files.map((f) => f.path)), ...files];
}
__name(appLayerFiles, "appLayerFiles");
var gzipAsync = promisify(gzip);
async function layerBlob(entries, mtime) {
  const chunks = [];
  for await (const c of tarChunks(entries, mtime)) chunks.push(c);
  const tar = Buffer.concat(chunks);
  return { gz: await gzipAsync(tar, { level: 6 }), diffId: `sha256:${sha256Hex(tar)}` };
}
__name(layerBlob, "layerBlob");
async function putJson(store, value) {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = sha256Digest(bytes);
  await store.putBlob({ digest, size: bytes.length }, () => bytes);
  return { bytes, digest };
}
__name(putJson, "putJson");
async function buildExampleServices(store, release, services = EXAMPLE_SERVICES, width = 4) {
  const mtime = new Date(release.created);
  const base = await layerBlob(baseLayerFiles(), mtime);
  const baseDesc = { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(base.gz), size: base.gz.length };
  await store.putBlob(baseDesc, () => base.gz);
  const built = await mapLimit(services, width, async (s) => {
    const app = await layerBlob(appLayerFiles(s), mtime);
    const appDesc = { mediaType: MediaType.ociLayerGzip, digest: sha256Digest(app.gz), size: app.gz.length };
    await store.putBlob(appDesc, () => app.gz);
    const manifests = [];
    for (const platform of s.platforms) {
      const labels = {
        "org.opencontainers.image.title": s.name,
        "org.opencontainers.image.version": s.version,
        "org.opencontainers.image.revision": release.revision,
        "org.opencontainers.image.created": release.created,
        "org.stellaops.release.calendar": release.calendar,
        "org.stellaops.release.channel": release.channel,
        "org.stellaops.build.slsaProvenance": `oci://registry.stella-ops.org/stellaops/${s.name}/attestations`
      };
      const config = await putJson(store, {
        architecture: platform.architecture,
        os: platform.os,
        ...platform.variant ? { variant: platform.variant } : {},
        created: release.created,
        config: { Labels: labels, Entrypoint: [`/app/${s.name}`] },
        rootfs: { type: "layers", diff_ids: [base.diffId, app.diffId] },
        history: [{ created: release.created, created_by: "stella example base" }, { created: release.created, created_by: `stella example ${s.name}` }]
      });
      const manifest = Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociConfig, digest: config.digest, size: config.bytes.length }, layers: [baseDesc, appDesc] })
      );
      const desc = s.platforms.length === 1 ? await store.putManifest(manifest, MediaType.ociManifest, s.name) : await store.putManifest(manifest, MediaType.ociManifest);
      manifests.push({ ...desc, platform });
    }
    if (s.platforms.length === 1) return [s.name, manifests[0]];
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: manifests.map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.size, platform: m.platform })) }));
    return [s.name, await store.putManifest(index, MediaType.ociIndex, s.name)];
  });
  return new Map(built);
}
__name(buildExampleServices, "buildExampleServices");

// packages/pipeline/src/image-leg.ts
async function runImageLeg(input) {
  const epoch = String(Math.floor(Date.parse(input.created) / 1e3));
  const sboms = await generateSboms({ image: input.ref, cwd: input.outDir, formats: ["cyclonedx-json", "spdx-json"], attach: true, platform: "all", outputDir: `${input.outDir}/sboms/${input.service}`, sourceDateEpoch: epoch });
  const cdxSbom = sboms.images[0]?.sboms.find((s) => s.format === "cyclonedx-json");
  const cyclonedx = cdxSbom ? JSON.parse(Buffer.from(cdxSbom.bytes).toString("utf8")) : void 0;
  const sbom = {
    components: Math.max(0, ...sboms.images.map((i) => i.inventory.components.length)),
    attachedTo: [...new Set(sboms.images.map((i) => i.digest))],
    files: sboms.images.flatMap((i) => i.sboms.map((s) => s.path ?? "")).filter(Boolean)
  };
  const signer = keySigner(privateKeyFrom(input.key, "cosign.key"));
  const opened = await openImage(input.ref, { cwd: input.outDir });
  try {
    const target = { store: opened.store, dockerReference: input.dockerReference, digest: input.digest, signer };
    const signed = await signImage({ ...target, recursive: true });
    let attestations = 0;
    if (cyclonedx !== void 0) attestations += (await attestImage({ ...target, predicateType: PREDICATE_TYPES.cyclonedx, predicate: cyclonedx })).length;
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
      finishedOn: new Date(input.created)
    });
    attestations += (await attestImage({ ...target, predicateType: PREDICATE_TYPES.slsaprovenance1, predicate })).length;
    return { service: input.service, sbom, signatures: signed.length, attestations };
  } finally {
    await opened.close();
  }
}
__name(runImageLeg, "runImageLeg");

// packages/pipeline/src/leg-pool.ts
import { Worker } from "node:worker_threads";
var LEG_WORKER = "stella-image-leg";
function legPool(script, size) {
  const workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: { stellaWorker: LEG_WORKER } }));
  const idle = [...workers];
  const queue = [];
  let nextId = 0;
  const acquire = /* @__PURE__ */ __name(async () => {
    while (idle.length === 0) await new Promise((r) => queue.push(r));
    return idle.pop();
  }, "acquire");
  const release = /* @__PURE__ */ __name((w) => {
    idle.push(w);
    queue.shift()?.();
  }, "release");
  return {
    async run(input) {
      const w = await acquire();
      const id = nextId++;
      try {
        return await new Promise((resolve, reject) => {
          const onMessage = /* @__PURE__ */ __name((m) => {
            if (m.id !== id) return;
            w.off("message", onMessage);
            w.off("error", onError);
            if (m.ok && m.value) resolve(m.value);
            else reject(new Error(m.error ?? "image leg failed"));
          }, "onMessage");
          const onError = /* @__PURE__ */ __name((e) => {
            w.off("message", onMessage);
            reject(e);
          }, "onError");
          w.on("message", onMessage);
          w.once("error", onError);
          w.postMessage({ id, input });
        });
      } finally {
        release(w);
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  };
}
__name(legPool, "legPool");
function inProcessLegs(run) {
  return { run, close: /* @__PURE__ */ __name(() => Promise.resolve(), "close") };
}
__name(inProcessLegs, "inProcessLegs");

// packages/pipeline/src/local-pipeline.ts
import { generateKeyPairSync as generateKeyPairSync2 } from "node:crypto";
import { mkdir as mkdir3, readFile as readFile2, rm, writeFile as writeFile3 } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join as join3 } from "node:path";

// packages/pipeline/src/report.ts
var ICON = { ok: "\u2714", fail: "\u2718", skip: "\u2013" };
function esc(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}
__name(esc, "esc");
function check(item2) {
  return `<span class="check ${item2.status}" data-status="${item2.status}" title="${esc(item2.detail ?? "")}">${ICON[item2.status]} ${esc(item2.label)}</span>`;
}
__name(check, "check");
function reportVerdict(model) {
  const items = [...model.services.flatMap((s) => s.checks), ...model.sections.flatMap((s) => s.items)];
  if (items.some((i) => i.status === "fail") || model.stages.some((s) => s.status === "failed")) return "fail";
  return "ok";
}
__name(reportVerdict, "reportVerdict");
function renderReport(model) {
  const verdict = reportVerdict(model);
  const services = model.services.map(
    (s) => `<tr data-service="${esc(s.name)}"><td>${esc(s.name)}</td><td>${esc(s.version ?? "")}</td><td><code>${esc(s.image)}</code><br><code class="digest">${esc(s.digest)}</code></td><td class="num">${s.sbomComponents ?? ""}</td><td>${s.checks.map(check).join("<br>")}</td></tr>`
  ).join("\n");
  const sections = model.sections.map(
    (sec) => `<section data-section="${esc(sec.title)}"><h2>${esc(sec.title)}</h2><ul>${sec.items.map((i) => `<li>${check(i)}${i.detail ? ` <small>${esc(i.detail)}</small>` : ""}</li>`).join("")}</ul></section>`
  ).join("\n");
  const stages = model.stages.map((s) => `<tr data-stage="${esc(s.id)}" data-status="${s.status}"><td>${esc(s.title)}</td><td>${s.status}</td><td class="num">${(s.durationMs / 1e3).toFixed(2)} s</td><td>${esc(s.detail)}</td></tr>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(model.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f23}
h1{margin:0 0 .25rem} .verdict{font-size:1.2rem;font-weight:600;padding:.4rem .8rem;border-radius:6px;display:inline-block}
.verdict.ok{background:#dafbe1;color:#116329} .verdict.fail{background:#ffebe9;color:#a40e26}
table{border-collapse:collapse;margin:1rem 0;width:100%} td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
.num{text-align:right} code{font-size:12px} .digest{color:#57606a}
.check.ok{color:#1a7f37} .check.fail{color:#cf222e;font-weight:600} .check.skip{color:#6e7781}
ul{list-style:none;padding-left:0} section{margin-top:1.5rem}
</style>
</head>
<body>
<h1>${esc(model.title)}</h1>
<p>Version <strong data-field="version">${esc(model.version)}</strong> \xB7 channel <strong data-field="channel">${esc(model.channel)}</strong> \xB7 manifest <code data-field="manifest-digest">${esc(model.manifestDigest)}</code></p>
<p class="verdict ${verdict}" data-field="verdict" data-status="${verdict}">${verdict === "ok" ? "\u2714 Release verified" : "\u2718 Release has failures"}</p>
<h2>Services</h2>
<table id="services"><thead><tr><th>service</th><th>version</th><th>image</th><th>SBOM components</th><th>checks</th></tr></thead>
<tbody>
${services}
</tbody></table>
${sections}
<h2>Stages</h2>
<table id="stages"><thead><tr><th>stage</th><th>status</th><th>time</th><th>result</th></tr></thead>
<tbody>
${stages}
</tbody></table>
</body>
</html>
`;
}
__name(renderReport, "renderReport");

// packages/pipeline/src/pipeline-report.ts
var item = /* @__PURE__ */ __name((label, ok, detail) => ({ label, status: ok === void 0 ? "skip" : ok ? "ok" : "fail", ...detail ? { detail } : {} }), "item");
function renderPipelineReport(ctx, stages) {
  const f = ctx.facts;
  const sboms = f.sbom ?? {};
  const { verify, manifest, align, ouk, oukImport: imp } = f;
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
          item(`imported into a fresh site registry: ${f.kitImport?.pushed.length ?? 0} images, signatures verified before and after`, f.kitImport ? true : void 0)
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

// packages/pipeline/src/stages.ts
async function runStages(stages, ctx, options = {}) {
  const now = options.now ?? (() => performance.now());
  const byId = new Map(stages.map((s) => [s.id, s]));
  for (const s of stages) {
    for (const n of [...s.needs ?? [], ...s.laterNeeds ?? []]) if (!byId.has(n)) throw new Error(`stage ${s.id} needs unknown stage ${n}`);
  }
  const limit = Math.max(1, options.concurrency ?? Infinity);
  const early = limit === Infinity;
  const needsOf = /* @__PURE__ */ __name((s) => early ? s.needs ?? [] : [...s.needs ?? [], ...s.laterNeeds ?? []], "needsOf");
  refuseCycles(stages, byId);
  const t0 = now();
  const results = /* @__PURE__ */ new Map();
  const running = /* @__PURE__ */ new Map();
  const pending = [...stages];
  const settled = new Map(
    stages.map((s) => {
      let resolve;
      const promise = new Promise((r) => resolve = r);
      return [s.id, { promise, resolve }];
    })
  );
  const waitFor = /* @__PURE__ */ __name((of) => async (id) => {
    if (!(of.laterNeeds ?? []).includes(id)) throw new Error(`internal: stage ${of.id} waits for ${id}, which is not among its laterNeeds`);
    const r = await settled.get(id).promise;
    if (r.status !== "passed") throw new Error(`${id} ${r.status}`);
  }, "waitFor");
  const finish = /* @__PURE__ */ __name((s, status, detail, started, error) => {
    const r = { id: s.id, title: s.title, status, detail, startedMs: Math.round(started - t0), durationMs: Math.round(now() - started), ...error === void 0 ? {} : { error } };
    results.set(s.id, r);
    settled.get(s.id).resolve(r);
    options.onEvent?.({ type: "end", stage: s.id, result: r });
  }, "finish");
  while (pending.length || running.size) {
    let progressed = false;
    for (let i = 0; i < pending.length && running.size < limit; i++) {
      const s = pending[i];
      const deps = needsOf(s).map((n) => results.get(n));
      if (deps.some((d) => d === void 0)) continue;
      pending.splice(i--, 1);
      progressed = true;
      const blocked = deps.find((d) => d && d.status !== "passed");
      const enabled = s.enabled ? s.enabled(ctx) : true;
      if (blocked) {
        finish(s, "skipped", `skipped: ${blocked.id} ${blocked.status}`, now());
        continue;
      }
      if (enabled !== true) {
        finish(s, "skipped", typeof enabled === "string" ? enabled : "skipped", now());
        continue;
      }
      const started = now();
      options.onEvent?.({ type: "start", stage: s.id });
      running.set(
        s.id,
        s.run(ctx, waitFor(s)).then(
          (detail) => {
            running.delete(s.id);
            finish(s, "passed", detail ?? "ok", started);
          },
          (e) => {
            running.delete(s.id);
            finish(s, "failed", e instanceof Error ? e.message : String(e), started, e);
          }
        )
      );
    }
    if (running.size) await Promise.race(running.values());
    else if (!progressed && pending.length) throw new Error(`stages never became ready: ${pending.map((s) => s.id).join(", ")}`);
  }
  return stages.map((s) => results.get(s.id));
}
__name(runStages, "runStages");
function refuseCycles(stages, byId) {
  const state = /* @__PURE__ */ new Map();
  const visit = /* @__PURE__ */ __name((s, path) => {
    if (state.get(s.id) === "done") return;
    if (state.get(s.id) === "visiting") throw new Error(`stages wait for each other: ${[...path.slice(path.indexOf(s.id)), s.id].join(" -> ")}`);
    state.set(s.id, "visiting");
    for (const n of [...s.needs ?? [], ...s.laterNeeds ?? []]) visit(byId.get(n), [...path, s.id]);
    state.set(s.id, "done");
  }, "visit");
  for (const s of stages) visit(s, []);
}
__name(refuseCycles, "refuseCycles");

// packages/pipeline/src/local-stages.ts
import { generateKeyPairSync } from "node:crypto";
import { mkdir as mkdir2, readFile, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";

// packages/pipeline/src/example-feeds.ts
import { createServer } from "node:http";
var EXAMPLE_CVES = [
  ["CVE-2024-0001", "2024-01-10T10:00:00.000", "Example: heap overflow in libexample before 1.2.3."],
  ["CVE-2024-0002", "2024-02-11T11:00:00.000", "Example: path traversal in example-server."],
  ["CVE-2024-0003", "2024-03-12T12:00:00.000", "Example: denial of service in example-parser."],
  ["CVE-2025-0004", "2025-04-13T13:00:00.000", "Example: signature bypass in example-verify."],
  ["CVE-2025-0005", "2025-05-14T14:00:00.000", "Example: SSRF in example-proxy."],
  ["CVE-2027-0006", "2027-05-15T15:00:00.000", "Example: use after free in example-daemon."]
];
async function startExampleNvdMirror() {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/rest/json/cves/2.0") {
      res.writeHead(404).end();
      return;
    }
    const start = Number(url.searchParams.get("startIndex") ?? "0");
    const size = Math.min(2e3, Number(url.searchParams.get("resultsPerPage") ?? "2000"));
    const page = EXAMPLE_CVES.slice(start, start + size);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        resultsPerPage: page.length,
        startIndex: start,
        totalResults: EXAMPLE_CVES.length,
        format: "NVD_CVE",
        version: "2.0",
        timestamp: "2027-06-20T00:00:00.000",
        vulnerabilities: page.map(([id, modified, text]) => ({
          cve: { id, sourceIdentifier: "example@stella.invalid", published: modified, lastModified: modified, vulnStatus: "Analyzed", descriptions: [{ lang: "en", value: text }] }
        }))
      })
    );
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = server.address().port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: /* @__PURE__ */ __name(() => new Promise((resolve) => server.close(() => resolve())), "close")
  };
}
__name(startExampleNvdMirror, "startExampleNvdMirror");

// packages/pipeline/src/example-profiles.ts
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
async function writeExampleProfiles(dir, services) {
  await mkdir(join(dir, "compose"), { recursive: true });
  await mkdir(join(dir, "helm"), { recursive: true });
  const compose = [
    "# Stella Ops core stack, production profile (deployment-profiles.md).",
    "services:",
    ...services.flatMap((s) => [`  ${s.name}:`, `    image: ${s.image}:${s.version}`, "    restart: unless-stopped"]),
    ""
  ].join("\n");
  const values = [
    "# Helm values for the stellaops chart, production profile.",
    ...services.flatMap((s) => [`${s.name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())}:`, "  image:", `    repository: ${s.image}`, `    tag: "${s.version}"`]),
    ""
  ].join("\n");
  const files = [join(dir, "compose", "docker-compose.prod.yaml"), join(dir, "helm", "values-prod.yaml")];
  await writeFile(files[0], compose);
  await writeFile(files[1], values);
  return files;
}
__name(writeExampleProfiles, "writeExampleProfiles");

// packages/pipeline/src/local-stages.ts
var CDX = "application/vnd.cyclonedx+json";
var SPDX = "application/spdx+json";
function stageDefinitions() {
  return [
    { id: "images", title: "Build example images", run: prepareImages },
    { id: "key", title: "Signing key", run: prepareKey },
    { id: "key-file", title: "Write cosign.key (encrypted)", needs: ["key"], run: writeKeyFile },
    {
      id: "legs",
      title: "Per image: SBOM (CycloneDX + SPDX, attached), sign, attest",
      needs: ["images", "key"],
      async run(ctx) {
        const serial = ctx.options.concurrency === 1;
        const outputs = await mapLimit(
          ctx.images,
          widthOf(ctx),
          (img) => ctx.legs.run({ service: img.service.name, ref: img.localRef, digest: img.digest, dockerReference: img.dockerReference, outDir: ctx.out, created: ctx.release.created, revision: ctx.release.revision, key: ctx.key.privateKey.privateKey })
        );
        ctx.facts.sbom = Object.fromEntries(outputs.map((o) => [o.service, o.sbom]));
        const components = outputs.reduce((n, o) => n + o.sbom.components, 0);
        const signatures = outputs.reduce((n, o) => n + o.signatures, 0);
        const attestations = outputs.reduce((n, o) => n + o.attestations, 0);
        return `${ctx.images.length} images: ${components} SBOM components, ${signatures} signatures, ${attestations} attestations${ctx.options.workerScript && !serial ? " (worker threads)" : ""}`;
      }
    },
    {
      id: "manifest",
      title: "Assemble and sign the release manifest",
      needs: ["legs"],
      async run(ctx) {
        const sboms = fact(ctx, "sbom");
        const fragments = ctx.images.map((img) => ({
          fragment_version: 1,
          service: { service_id: img.service.name, name: img.service.name, image: img.dockerReference, digest: img.digest, version: img.service.version },
          claims: [{ kind: "signature", artifact_type: "application/vnd.dev.cosign.simplesigning.v1+json" }, ...sboms[img.service.name]?.attachedTo.includes(img.digest) ? [{ kind: "sbom", artifact_type: CDX }, { kind: "sbom", artifact_type: SPDX }] : []]
        }));
        const stores = new Map(ctx.images.map((i) => [i.dockerReference, i.store]));
        const r = await assembleRelease({
          fragments,
          release: { version: ctx.release.version, released_at: ctx.release.created, release_id: `stella-${ctx.release.version}`, train: "stable", schemaChannel: "stable" },
          outDir: join2(ctx.out, "release"),
          openStore: /* @__PURE__ */ __name((image) => Promise.resolve(stores.get(image) ?? ctx.images[0].store), "openStore"),
          revision: ctx.release.revision,
          signer: sigstoreManifestSigner(signerOf(ctx)),
          signedAt: new Date(ctx.release.created),
          labels: "error",
          failOnSkew: true
        });
        ctx.facts.manifest = r;
        return `release.json ${r.manifestDigest}, ${r.skew.findings.length} skew pairs checked, ${r.skew.violations.length} violations`;
      }
    },
    {
      id: "align",
      title: "Channel alignment of the profiles (fix, then check)",
      needs: ["manifest"],
      async run(ctx) {
        const manifest = fact(ctx, "manifest");
        const profiles = await writeExampleProfiles(join2(ctx.out, "profiles"), ctx.images.map((i) => ({ name: i.service.name, image: i.dockerReference, version: i.service.version })));
        const fixed = await alignProfiles({ manifestPath: manifest.releaseJsonPath, channel: "stable", profiles, fix: true, sarifPath: join2(ctx.out, "profiles", "alignment.sarif"), logger: ctx.options.logger });
        const check2 = await alignProfiles({ manifestPath: manifest.releaseJsonPath, channel: "stable", profiles });
        ctx.facts.align = { profiles, before: fixed.fixedFindings?.length ?? fixed.findings.length, after: check2.findings.length, files: profiles.length, images: check2.imagesChecked, findings: check2.findings };
        if (check2.findings.length) throw new Error(`${check2.findings.length} alignment findings remain after --fix`);
        return `${profiles.length} profiles pinned to the manifest (${fixed.fixedFindings?.length ?? 0} findings fixed)`;
      }
    },
    {
      id: "deploy",
      title: "Deployment artifacts (lock file, signed sticker, store, drift)",
      needs: ["align"],
      async run(ctx) {
        const manifestPath = fact(ctx, "manifest").releaseJsonPath;
        const manifest = parseReleaseManifest(await readFile(manifestPath, "utf8"));
        const compose = fact(ctx, "align").profiles.find((p) => p.includes("compose"));
        const generatedAt = ctx.release.created;
        const lock = await generateLockFile({ manifest, composeFiles: [compose], environment: { name: "production" }, generatedAt, generator: "stella-artifact-generator@stella" });
        const signer = keyStickerSigner(ctx.key.privateKey);
        const sticker = await signSticker(
          buildSticker({ manifest, environment: "production", target: "local", user: "release-manager", agent: "stella pipeline run", startedAt: generatedAt, completedAt: generatedAt, generatedAt, generator: "stella-artifact-generator@stella" }),
          signer
        );
        const stickerText = serializeSticker(sticker);
        const stored = await storeArtifacts({
          root: join2(ctx.out, "artifacts"),
          tenant: "local",
          deploymentId: lock.deploymentId,
          environment: "production",
          createdAt: generatedAt,
          files: [
            { name: LOCK_FILE_NAME, bytes: Buffer.from(lock.text) },
            { name: STICKER_FILE_NAME, bytes: Buffer.from(stickerText) }
          ],
          signer
        });
        const drift = await checkDrift({ expected: sticker, target: stored.dir, verifier: pemStickerVerifier(ctx.key.publicPem, ctx.key.publicPath) });
        ctx.facts.deploy = { dir: stored.dir, drift };
        if (drift.driftDetected) throw new Error(`drift in the stored deployment: ${drift.driftType ?? "unknown"}`);
        return `${stored.dir}: ${LOCK_FILE_NAME}, ${STICKER_FILE_NAME} (signed), no drift`;
      }
    },
    {
      id: "ouk",
      title: "Offline Update Kit (example feeds, signed)",
      needs: ["key"],
      async run(ctx) {
        const now = ctx.options.now ?? /* @__PURE__ */ new Date();
        const date = now.toISOString().slice(0, 10);
        const mirror = await startExampleNvdMirror();
        try {
          const tokenKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
          const clientJwt = await issueClientToken({ privateKeyPem: tokenKey, issuer: "stella-local", subject: "offline-kit", issuedAt: now });
          const r = await buildOuk({
            date,
            output: join2(ctx.out, "ouk", `ouk-${date.replace(/-/g, "")}.tar.gz`),
            workDir: join2(ctx.out, ".work", "ouk"),
            nvd: { baseUrl: mirror.baseUrl, pageDelayMs: 0 },
            clientJwt,
            now,
            signer: keyKitSigner(ctx.key.privateKey),
            toolVersion: "stella",
            logger: ctx.options.logger
          });
          ctx.facts.ouk = r;
          return `${r.path} (${r.digest})`;
        } finally {
          await mirror.close();
        }
      }
    },
    {
      id: "ouk-import",
      title: "Import the OUK into a fresh target (verify first)",
      needs: ["ouk"],
      async run(ctx) {
        const ouk = fact(ctx, "ouk");
        const verifier = keyKitVerifier(loadPublicKey(ctx.key.publicPem, ctx.key.publicPath));
        const target = join2(ctx.out, "target", "var", "lib", "stella", "db");
        const now = ctx.options.now ?? /* @__PURE__ */ new Date();
        const first = await importOuk({ file: ouk.path, target, verifier, now, logger: ctx.options.logger, auditLog: join2(ctx.out, "target", "audit.jsonl") });
        const again = await importOuk({ file: ouk.path, target, verifier, now, logger: ctx.options.logger, auditLog: join2(ctx.out, "target", "audit.jsonl") });
        ctx.facts.oukImport = { first, again };
        if (again.status !== "unchanged") throw new Error("re-importing the same kit was not a no-op");
        return `${first.status} into ${target}; re-import ${again.status}`;
      }
    },
    {
      id: "kit",
      title: "Offline kit (images, referrers, SBOMs, profiles, signed manifest)",
      // The images go into the kit's tree while align pins the compose files that join them.
      needs: ["manifest"],
      laterNeeds: ["align"],
      async run(ctx, waitFor) {
        const manifest = fact(ctx, "manifest");
        const output = join2(ctx.out, "kit", offlineKitName(ctx.release.channel, ctx.release.version));
        const layoutDir = join2(ctx.out, "registry");
        const local = !ctx.options.registry;
        const r = await buildOfflineKit({
          manifestPath: manifest.releaseJsonPath,
          ...manifest.bundlePath ? { bundlePath: manifest.bundlePath } : {},
          channel: ctx.release.channel,
          output,
          workDir: join2(ctx.out, ".work", "kit"),
          include: /* @__PURE__ */ __name(async () => {
            await waitFor("align");
            return { compose: join2(ctx.out, "profiles", "compose") };
          }, "include"),
          // The local registry is the layout directory; with --registry the images are pulled from it.
          ...local ? { source: /* @__PURE__ */ __name((_image, digest) => `oci:${layoutDir}@${digest}`, "source") } : {},
          created: new Date(ctx.release.created),
          signer: keyKitSigner(ctx.key.privateKey),
          toolVersion: "stella",
          concurrency: widthOf(ctx),
          logger: ctx.options.logger
        });
        ctx.facts.kit = r;
        return `${r.path} (${r.images.length} images, ${r.digest})`;
      }
    },
    {
      id: "kit-import",
      title: "Import the offline kit into a fresh site registry (verify everything first)",
      needs: ["kit"],
      async run(ctx) {
        const kit = fact(ctx, "kit");
        const publicKey = loadPublicKey(ctx.key.publicPem, ctx.key.publicPath);
        const site = join2(ctx.out, "site-registry");
        const r = await importOfflineKit({ file: kit.path, registry: `oci:${site}`, verifier: keyKitVerifier(publicKey), material: { publicKey }, workDir: join2(ctx.out, ".work", "kit-import"), concurrency: widthOf(ctx), logger: ctx.options.logger });
        await mapLimit(r.pushed, widthOf(ctx), async (p) => {
          const opened = await openImage(p.reference);
          try {
            const v = await verifyImage({ store: opened.store, digest: p.digest, publicKey, recursive: true });
            if (!v.every((x) => x.verified)) throw new Error(`${p.reference}: signature does not verify after import`);
          } finally {
            await opened.close();
          }
        });
        ctx.facts.kitImport = r;
        return `${r.pushed.length} images with ${r.pushed.reduce((n, p) => n + p.referrers, 0)} referrers imported into oci:${site}, signatures verified there`;
      }
    },
    {
      id: "verify",
      title: "Verify images and manifest offline",
      needs: ["manifest"],
      async run(ctx) {
        const publicKey = loadPublicKey(ctx.key.publicPem, ctx.key.publicPath);
        const results = {};
        await mapLimit(ctx.images, widthOf(ctx), async (img) => {
          const sig = await verifyImage({ store: img.store, digest: img.digest, publicKey, recursive: true });
          const sbom = await verifyImage({ store: img.store, digest: img.digest, publicKey, recursive: false, predicateType: PREDICATE_TYPES.cyclonedx });
          const prov = await verifyImage({ store: img.store, digest: img.digest, publicKey, recursive: false, predicateType: PREDICATE_TYPES.slsaprovenance1 });
          results[img.service.name] = { signature: sig.every((r) => r.verified), sbom: sbom.every((r) => r.verified), provenance: prov.every((r) => r.verified) };
        });
        const manifest = fact(ctx, "manifest");
        const release = parseReleaseManifest(await readFile(manifest.releaseJsonPath, "utf8"));
        const bundles = manifest.bundlePath ? [JSON.parse(await readFile(manifest.bundlePath, "utf8"))] : [];
        const mv = await verifyManifest(release, sigstoreManifestVerifier({ publicKey }), bundles);
        ctx.facts.verify = { images: results, manifest: mv };
        const bad = Object.entries(results).filter(([, v]) => !v.signature || !v.sbom || !v.provenance);
        if (bad.length) throw new Error(`not verified: ${bad.map(([k]) => k).join(", ")}`);
        return `${ctx.images.length} images and the manifest verified with ${ctx.key.publicPath}`;
      }
    },
    {
      id: "notify",
      title: "notify-smoke",
      needs: ["verify"],
      enabled: /* @__PURE__ */ __name((ctx) => ctx.options.env.NOTIFY_SMOKE_REDIS_DSN ? true : "skipped: set NOTIFY_SMOKE_REDIS_DSN and the other NOTIFY_SMOKE_* settings (deployment-profiles.md) to run it", "enabled"),
      async run(ctx) {
        const raw = Object.fromEntries(Object.entries(ctx.options.env).filter(([k]) => k.startsWith("NOTIFY_SMOKE_")));
        const r = await runNotifySmoke(raw, { logger: ctx.options.logger });
        ctx.facts.notify = r;
        if (!r.passed) throw new Error(`notify-smoke failed: missing ${r.missingKinds.join(", ")}`);
        return "every expected kind seen and sent";
      }
    }
  ];
}
__name(stageDefinitions, "stageDefinitions");

// packages/pipeline/src/local-pipeline.ts
function fact(ctx, key) {
  const value = ctx.facts[key];
  if (value === void 0) throw new Error(`the ${key} stage left no result`);
  return value;
}
__name(fact, "fact");
var LOCAL_KEY_PASSWORD = "stella-local-pipeline";
function widthOf(ctx) {
  return ctx.options.concurrency === 1 ? 1 : 8;
}
__name(widthOf, "widthOf");
async function prepareImages(ctx) {
  const layoutDir = join3(ctx.out, "registry");
  const layout = await OciLayoutStore.open(layoutDir, { create: true });
  const services = ctx.options.services ?? EXAMPLE_SERVICES;
  const built = await buildExampleServices(layout, ctx.release, services, widthOf(ctx));
  const images = [];
  for (const service of services) {
    const desc = built.get(service.name);
    if (!ctx.options.registry) {
      images.push({ service, ref: `oci:${layoutDir}@${desc.digest}`, localRef: `oci:registry@${desc.digest}`, digest: desc.digest, store: layout, dockerReference: `registry.stella-ops.org/stellaops/${service.name}` });
      continue;
    }
    const base = ctx.options.registry.replace(/\/+$/, "");
    const target = await openImage(`${base}/${service.name}:${service.version}`, { mode: "write" });
    try {
      const copied = await copyImage({ store: layout, reference: desc.digest }, { store: target.store, tag: service.version }, { all: true, logger: ctx.options.logger });
      await target.commit();
      images.push({ service, ref: `${base}/${service.name}@${copied.digest}`, localRef: `${base}/${service.name}@${copied.digest}`, digest: copied.digest, store: target.store, dockerReference: `${base.replace(/^docker:\/\//, "")}/${service.name}` });
    } finally {
      await target.close();
    }
  }
  ctx.images = images;
  return `${images.length} images in ${ctx.options.registry ?? `oci:${layoutDir}`}`;
}
__name(prepareImages, "prepareImages");
async function prepareKey(ctx) {
  const password = ctx.options.keyPassword ?? ctx.options.env.COSIGN_PASSWORD ?? LOCAL_KEY_PASSWORD;
  const dir = join3(ctx.out, "keys");
  if (ctx.options.keyPath) {
    const pem = await readFile2(ctx.options.keyPath, "utf8");
    const privateKey2 = await loadPrivateKey(pem, password, ctx.options.keyPath);
    const publicPem2 = privateKey2.publicKey.export({ type: "spki", format: "pem" }).toString();
    await writeFileAtomic(join3(dir, "cosign.pub"), publicPem2);
    ctx.key = { privateKey: privateKey2, publicPem: publicPem2, privatePath: ctx.options.keyPath, publicPath: join3(dir, "cosign.pub"), password };
    return `key ${ctx.options.keyPath}`;
  }
  const pair = generateKeyPairSync2("ec", { namedCurve: "prime256v1" });
  const publicPem = publicKeyPem(pair.publicKey);
  await writeFileAtomic(join3(dir, "cosign.pub"), publicPem);
  const privateKey = privateKeyFrom(pair.privateKey, join3(dir, "cosign.key"));
  loadPublicKey(publicPem, join3(dir, "cosign.pub"));
  ctx.key = { privateKey, publicPem, privatePath: join3(dir, "cosign.key"), publicPath: join3(dir, "cosign.pub"), password, generated: true };
  return `generated ECDSA P-256 key ${join3(dir, "cosign.pub")}`;
}
__name(prepareKey, "prepareKey");
async function writeKeyFile(ctx) {
  const key = ctx.key;
  if (!key?.generated) return `${key?.privatePath ?? "the given key"} is used as it is`;
  await writeFileAtomic(key.privatePath, await encryptPrivateKey(key.privateKey.privateKey, key.password), 384);
  return `${key.privatePath} (cosign's encrypted format)`;
}
__name(writeKeyFile, "writeKeyFile");
function signerOf(ctx) {
  if (!ctx.key) throw new Error("no signing key (the key stage did not run)");
  return keySigner(ctx.key.privateKey);
}
__name(signerOf, "signerOf");
function legRunnerFor(options) {
  const serial = options.concurrency === 1;
  const images = (options.services ?? EXAMPLE_SERVICES).length;
  return options.workerScript && !serial ? legPool(options.workerScript, Math.min(availableParallelism(), images)) : inProcessLegs(runImageLeg);
}
__name(legRunnerFor, "legRunnerFor");
async function runLocalPipeline(options) {
  const out = options.outDir;
  await rm(out, { recursive: true, force: true });
  await mkdir3(out, { recursive: true });
  const created = isoSeconds(timestampFrom(options.env.SOURCE_DATE_EPOCH, "2027-06-20T12:00:00Z"));
  const ctx = {
    options,
    out,
    release: { version: "2.4.1", calendar: "2027.06", channel: "stable", created, revision: "5ca1ab1e0ddba11c0ffee0ddf00dfacade15bead" },
    images: [],
    legs: legRunnerFor(options),
    facts: {}
  };
  const stages = stageDefinitions();
  let results;
  try {
    results = await runStages(stages, ctx, { ...options.concurrency ? { concurrency: options.concurrency } : {}, ...options.onStage ? { onEvent: options.onStage } : {} });
  } finally {
    await ctx.legs.close();
    await rm(join3(out, ".work"), { recursive: true, force: true });
  }
  const reportPath = join3(out, "report.html");
  const model = renderPipelineReport(ctx, results);
  await writeFile3(reportPath, model.html);
  return { stages: results, reportPath, passed: model.verdict === "ok", context: ctx };
}
__name(runLocalPipeline, "runLocalPipeline");

export {
  EXAMPLE_SERVICES,
  runImageLeg,
  LEG_WORKER,
  runLocalPipeline
};
