#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  createCleartextMessage,
  decryptKey,
  enums,
  readCleartextMessage,
  readKeys,
  readPrivateKey,
  sign,
  verify
} from "./chunk-53YZ6OCT.js";
import {
  writeTarball
} from "./chunk-KLHOWN2A.js";
import "./chunk-J6QU6PQX.js";
import {
  alignProfiles
} from "./chunk-IUELWYK5.js";
import {
  require_dist
} from "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import "./chunk-QZSXOUOU.js";
import {
  openImage
} from "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  StellaError,
  sha256Digest,
  timestampFrom,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name,
  __toESM
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/chart.ts
import { readFile as readFile4 } from "node:fs/promises";
import { resolve } from "node:path";

// packages/charts/src/errors.ts
var ChartError = class extends StellaError {
  static {
    __name(this, "ChartError");
  }
};

// packages/charts/src/helmignore.ts
function globToRegex(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
__name(globToRegex, "globToRegex");
function parseHelmignore(text) {
  const rules = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith("/");
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    rules.push({ negate, dirOnly, anchored, regex: globToRegex(line), source: raw.trim() });
  }
  return rules;
}
__name(parseHelmignore, "parseHelmignore");
function isIgnored(rules, relPath, isDir) {
  let ignored = false;
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const hit = r.anchored ? r.regex.test(relPath) : r.regex.test(base);
    if (hit) ignored = !r.negate;
  }
  return ignored;
}
__name(isIgnored, "isIgnored");

// packages/charts/src/chart-yaml.ts
var import_yaml = __toESM(require_dist(), 1);
var SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
var NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function readChartYaml(text, file, set = {}) {
  const doc = (0, import_yaml.parseDocument)(text);
  if (doc.errors.length) throw new ChartError(`${file}: not valid YAML: ${doc.errors[0]?.message ?? ""}`, { code: "CHART_INVALID" });
  if (set.version !== void 0) doc.set("version", set.version);
  if (set.appVersion !== void 0) doc.set("appVersion", set.appVersion);
  const data = doc.toJS();
  const problems = [];
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new ChartError(`${file}: must be a YAML mapping`, { code: "CHART_INVALID" });
  const m = data;
  if (m.apiVersion !== "v2" && m.apiVersion !== "v1") problems.push(`apiVersion must be v2 (or v1), got ${JSON.stringify(m.apiVersion)}`);
  if (typeof m.name !== "string" || !NAME.test(m.name)) problems.push(`name must be lower-case letters, digits and dashes, got ${JSON.stringify(m.name)}`);
  if (typeof m.version !== "string" || !SEMVER.test(m.version)) problems.push(`version must be SemVer 2 (e.g. 2.4.1), got ${JSON.stringify(m.version)}`);
  if (m.appVersion !== void 0 && typeof m.appVersion !== "string" && typeof m.appVersion !== "number") problems.push(`appVersion must be a string`);
  if (problems.length) throw new ChartError(`${file}: ${problems.join("; ")}`, { code: "CHART_INVALID", hint: "see https://helm.sh/docs/topics/charts/#the-chartyaml-file" });
  const out = set.version === void 0 && set.appVersion === void 0 ? text : doc.toString();
  return { text: out, metadata: { ...m, apiVersion: m.apiVersion, name: m.name, version: m.version, ...typeof m.appVersion === "string" || typeof m.appVersion === "number" ? { appVersion: String(m.appVersion) } : {} } };
}
__name(readChartYaml, "readChartYaml");

// packages/charts/src/package.ts
import { readdir, readFile, lstat } from "node:fs/promises";
import { join } from "node:path";
function byteOrder(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
__name(byteOrder, "byteOrder");
async function collect(root, rel, rules, out) {
  for (const name of (await readdir(join(root, rel))).sort(byteOrder)) {
    const path = rel ? `${rel}/${name}` : name;
    const st = await lstat(join(root, path));
    if (st.isSymbolicLink()) throw new ChartError(`${join(root, path)} is a symlink: charts are packaged from regular files only`, { code: "CHART_INVALID", hint: "replace the link by the file, or list it in .helmignore" });
    if (isIgnored(rules, path, st.isDirectory())) continue;
    if (st.isDirectory()) await collect(root, path, rules, out);
    else if (st.isFile()) out.push(path);
  }
}
__name(collect, "collect");
async function packageChart(dir, options) {
  const chartFile = join(dir, "Chart.yaml");
  const chartText = await readFile(chartFile, "utf8").catch((e) => {
    throw new ChartError(`${dir} is not a chart: no Chart.yaml`, { code: "CHART_INVALID", cause: e, hint: "point at the directory that holds Chart.yaml" });
  });
  const { text: chartYaml, metadata } = readChartYaml(chartText, chartFile, {
    ...options.version === void 0 ? {} : { version: options.version },
    ...options.appVersion === void 0 ? {} : { appVersion: options.appVersion }
  });
  const ignoreText = await readFile(join(dir, ".helmignore"), "utf8").catch(() => "");
  const files = [];
  await collect(dir, "", parseHelmignore(ignoreText), files);
  const name = metadata.name;
  const entries = [];
  const bytes = /* @__PURE__ */ __name((s) => Buffer.from(s, "utf8"), "bytes");
  entries.push({ path: `${name}/Chart.yaml`, type: "file", mode: 420, size: bytes(chartYaml).length, open: /* @__PURE__ */ __name(() => Promise.resolve(bytes(chartYaml)), "open") });
  for (const f of files) {
    if (f === "Chart.yaml") continue;
    if (f === "values.yaml" && options.valuesYaml !== void 0) {
      const v = bytes(options.valuesYaml);
      entries.push({ path: `${name}/values.yaml`, type: "file", mode: 420, size: v.length, open: /* @__PURE__ */ __name(() => Promise.resolve(v), "open") });
      continue;
    }
    const abs = join(dir, f);
    const size = (await lstat(abs)).size;
    entries.push({ path: `${name}/${f}`, type: "file", mode: 420, size, open: /* @__PURE__ */ __name(() => readFile(abs), "open") });
  }
  const path = join(options.outputDir, `${name}-${metadata.version}.tgz`);
  const written = await writeTarball(entries, path, { mtime: options.mtime ?? /* @__PURE__ */ new Date(0), compression: "gzip" });
  return { path, metadata, digest: written.digest, size: written.size, chartYaml };
}
__name(packageChart, "packageChart");

// packages/charts/src/provenance.ts
import { createHash } from "node:crypto";
var import_yaml2 = __toESM(require_dist(), 1);
function provenanceMessage(chartYaml, archiveName, archive) {
  const sum = createHash("sha256").update(archive).digest("hex");
  const meta = chartYaml.endsWith("\n") ? chartYaml.slice(0, -1) : chartYaml;
  return `${meta}
...
files:
  ${archiveName}: sha256:${sum}
`;
}
__name(provenanceMessage, "provenanceMessage");
async function readSigningKey(armoredKey, passphrase) {
  let key;
  try {
    key = await readPrivateKey({ armoredKey });
  } catch (e) {
    throw new ChartError("the signing key is not an armored OpenPGP private key", { code: "PROV_KEY", cause: e, hint: "export it with: gpg --armor --export-secret-keys KEYID" });
  }
  if (key.isDecrypted()) return key;
  try {
    return await decryptKey({ privateKey: key, passphrase: passphrase ?? "" });
  } catch {
    throw new ChartError("the signing key's passphrase is wrong", { code: "PROV_KEY", hint: "check the key-passphrase input / --passphrase-file" });
  }
}
__name(readSigningKey, "readSigningKey");
async function signProvenance(message, armoredKey, passphrase) {
  const signingKey = await readSigningKey(armoredKey, passphrase);
  const unsigned = await createCleartextMessage({ text: message });
  const signed = await sign({ message: unsigned, signingKeys: signingKey, config: { preferredHashAlgorithm: enums.hash.sha512 } });
  return signed.replace(/\r\n/g, "\n");
}
__name(signProvenance, "signProvenance");
function filesOf(text) {
  const at = text.indexOf("\n...\n");
  if (at < 0) throw new ChartError("provenance has no `...` separator between the metadata and the files", { code: "PROV_INVALID" });
  const files = (0, import_yaml2.parse)(text.slice(at + 5))?.files;
  if (typeof files !== "object" || files === null) throw new ChartError("provenance has no files: section", { code: "PROV_INVALID" });
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, String(v)]));
}
__name(filesOf, "filesOf");
async function verifyProvenance(archive, archiveName, prov, armoredKeyring) {
  let message;
  try {
    message = await readCleartextMessage({ cleartextMessage: prov });
  } catch (e) {
    throw new ChartError("the .prov file is not an OpenPGP clear-signed message", { code: "PROV_INVALID", cause: e });
  }
  const keys = await readKeys({ armoredKeys: armoredKeyring }).catch((e) => {
    throw new ChartError("the keyring holds no armored OpenPGP public key", { code: "PROV_KEY", cause: e, hint: "export it with: gpg --armor --export KEYID" });
  });
  const result = await verify({ message, verificationKeys: keys });
  const sig = result.signatures[0];
  if (!sig) throw new ChartError("the .prov carries no signature", { code: "PROV_SIGNATURE" });
  try {
    await sig.verified;
  } catch (e) {
    const expected = keys.map((k) => k.getFingerprint().toUpperCase()).join(", ");
    throw new ChartError(`provenance signature does not verify: ${e instanceof Error ? e.message : String(e)} (signer key id ${sig.keyID.toHex().toUpperCase()}; keyring: ${expected})`, { code: "PROV_SIGNATURE" });
  }
  const signer = keys.find((k) => k.getKeys(sig.keyID).length > 0);
  const files = filesOf(message.getText());
  const want = files[archiveName];
  if (!want) throw new ChartError(`provenance has no sha256 for a file named "${archiveName}" (it lists ${Object.keys(files).join(", ")})`, { code: "PROV_HASH" });
  const have = `sha256:${createHash("sha256").update(archive).digest("hex")}`;
  if (want !== have) throw new ChartError(`sha256 of ${archiveName} does not match its provenance: signed ${want}, archive is ${have}`, { code: "PROV_HASH", hint: "the archive was changed after signing" });
  const user = (await signer.getPrimaryUser().catch(() => void 0))?.user.userID?.userID ?? "";
  return { signedBy: user, fingerprint: signer.getFingerprint().toUpperCase(), fileName: archiveName, fileHash: have };
}
__name(verifyProvenance, "verifyProvenance");

// packages/charts/src/read-archive.ts
import { gunzipSync } from "node:zlib";
var MAX_CHART_BYTES = 64 << 20;
function chartYamlOf(archive, file) {
  let tar;
  try {
    tar = gunzipSync(archive, { maxOutputLength: MAX_CHART_BYTES });
  } catch (e) {
    throw new ChartError(`${file} is not a gzip-compressed chart archive (or unpacks to over 64 MiB)`, { code: "CHART_INVALID", cause: e });
  }
  let pax;
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = /* @__PURE__ */ __name((start, len) => header.subarray(start, start + len).toString("utf8").replace(/\0.*$/s, ""), "field");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = field(345, 155);
    const name = pax ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const body = tar.subarray(off + 512, off + 512 + size);
    pax = void 0;
    if (type === "x") pax = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))?.[1];
    else if ((type === "0" || type === "\0") && /^[^/]+\/Chart\.yaml$/.test(name)) return body.toString("utf8");
    off += 512 + Math.ceil(size / 512) * 512;
  }
  throw new ChartError(`${file} holds no <name>/Chart.yaml: not a Helm chart archive`, { code: "CHART_INVALID" });
}
__name(chartYamlOf, "chartYamlOf");

// packages/charts/src/oci-chart.ts
var HELM_CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json";
var HELM_CHART_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
var HELM_PROV_MEDIA_TYPE = "application/vnd.cncf.helm.chart.provenance.v1.prov";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
__name(canonicalJson, "canonicalJson");
function chartTag(version) {
  return version.replace(/\+/g, "_");
}
__name(chartTag, "chartTag");
async function pushChart(store, chart) {
  const config = Buffer.from(canonicalJson(chart.metadata));
  const configDesc = { mediaType: HELM_CONFIG_MEDIA_TYPE, digest: sha256Digest(config), size: config.length };
  const chartDesc = { mediaType: HELM_CHART_MEDIA_TYPE, digest: sha256Digest(chart.archive), size: chart.archive.length };
  await store.putBlob(configDesc, () => config);
  await store.putBlob(chartDesc, () => chart.archive);
  const layers = [chartDesc];
  if (chart.prov !== void 0) {
    const prov = Buffer.from(chart.prov);
    const provDesc = { mediaType: HELM_PROV_MEDIA_TYPE, digest: sha256Digest(prov), size: prov.length };
    await store.putBlob(provDesc, () => prov);
    layers.push(provDesc);
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: configDesc,
    layers,
    annotations: {
      "org.opencontainers.image.title": chart.metadata.name,
      "org.opencontainers.image.version": chart.metadata.version,
      ...typeof chart.metadata.description === "string" ? { "org.opencontainers.image.description": chart.metadata.description } : {}
    }
  };
  return store.putManifest(Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST, chartTag(chart.metadata.version));
}
__name(pushChart, "pushChart");

// packages/charts/src/operations.ts
import { readFile as readFile3 } from "node:fs/promises";
import { basename, join as join3 } from "node:path";

// packages/charts/src/stamp.ts
import { mkdtemp, readFile as readFile2, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";
async function stampValues(valuesYaml, manifestPath, channel) {
  const dir = await mkdtemp(join2(tmpdir(), "stella-chart-values-"));
  try {
    const file = join2(dir, "values.yaml");
    await writeFile(file, valuesYaml);
    await alignProfiles({ manifestPath, channel, profiles: [file], fix: true });
    const after = await alignProfiles({ manifestPath, channel, profiles: [file] });
    const problems = after.findings.filter((f) => f.rule !== "missing-service" && f.rule !== "channel-version");
    if (problems.length) {
      throw new ChartError(`values.yaml does not align with ${manifestPath} (${channel}) after stamping: ${problems.map((p) => p.message).join("; ")}`, { code: "CHART_INVALID", hint: "every image in values.yaml must be a service of the release manifest" });
    }
    return await readFile2(file, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
__name(stampValues, "stampValues");

// packages/charts/src/operations.ts
async function releaseChart(o) {
  let valuesYaml = o.valuesYaml;
  if (o.stampFrom) {
    const text = valuesYaml ?? await readFile3(join3(o.dir, "values.yaml"), "utf8");
    valuesYaml = await stampValues(text, o.stampFrom.manifestPath, o.stampFrom.channel);
    o.logger.info(`values.yaml images pinned to ${o.stampFrom.manifestPath} (${o.stampFrom.channel})`);
  }
  const chart = await packageChart(o.dir, {
    outputDir: o.outputDir,
    ...o.version === void 0 ? {} : { version: o.version },
    ...o.appVersion === void 0 ? {} : { appVersion: o.appVersion },
    ...o.mtime === void 0 ? {} : { mtime: o.mtime },
    ...valuesYaml === void 0 ? {} : { valuesYaml }
  });
  o.logger.info(`packaged ${chart.metadata.name} ${chart.metadata.version}: ${chart.path} (${chart.digest})`);
  const archive = await readFile3(chart.path);
  let prov;
  let provPath;
  if (o.signingKey) {
    prov = await signProvenance(provenanceMessage(chart.chartYaml, basename(chart.path), archive), o.signingKey, o.passphrase);
    provPath = `${chart.path}.prov`;
    await writeFileAtomic(provPath, prov);
    o.logger.info(`signed: ${provPath}`);
  }
  let pushed;
  if (o.pushTo) {
    const destination = o.pushTo.startsWith("docker://") ? `${o.pushTo.replace(/\/+$/, "")}/${chart.metadata.name}` : o.pushTo;
    const target = await openImage(destination, { mode: "write", ...o.registry ? { registry: o.registry } : {} });
    try {
      const descriptor = await pushChart(target.store, { metadata: chart.metadata, archive, ...prov === void 0 ? {} : { prov } });
      await target.commit();
      pushed = { reference: `${target.store.location}@${descriptor.digest}`, descriptor };
      o.logger.info(`pushed ${pushed.reference}`);
    } catch (e) {
      await target.abort();
      throw e;
    } finally {
      await target.close();
    }
  }
  return { archivePath: chart.path, name: chart.metadata.name, version: chart.metadata.version, digest: chart.digest, ...provPath ? { provPath } : {}, ...pushed ? { pushed } : {} };
}
__name(releaseChart, "releaseChart");
async function verifyChartFile(archivePath, keyring, provPath = `${archivePath}.prov`) {
  const [archive, prov] = await Promise.all([readFile3(archivePath), readFile3(provPath, "utf8")]);
  const meta = readChartYaml(chartYamlOf(archive, archivePath), `${archivePath}:Chart.yaml`).metadata;
  const v = await verifyProvenance(archive, basename(archivePath), prov, keyring);
  return { ...v, chart: `${meta.name} ${meta.version}` };
}
__name(verifyChartFile, "verifyChartFile");
async function signChartFile(archivePath, signingKey, passphrase) {
  const archive = await readFile3(archivePath);
  const prov = await signProvenance(provenanceMessage(chartYamlOf(archive, archivePath), basename(archivePath), archive), signingKey, passphrase);
  await writeFileAtomic(`${archivePath}.prov`, prov);
  return `${archivePath}.prov`;
}
__name(signChartFile, "signChartFile");

// packages/cli/src/commands/chart.ts
var usage = `usage: stella chart package DIR [--version V] [--app-version V] [--output DIR] [--sign KEY.asc] [--push oci:DIR|docker://HOST/REPO]
                           [--stamp-from release.json --channel C]
       stella chart sign ARCHIVE.tgz --key KEY.asc
       stella chart verify ARCHIVE.tgz --keyring KEYRING.asc [--prov FILE]

Helm charts without Helm (release-engineering-playbook.md \xA75: charts signed by a .prov file).
package: an archive laid out as \`helm package\` does, deterministic (SOURCE_DATE_EPOCH fixes the
mtime); --sign writes ARCHIVE.prov; --push stores it as Helm 3.8+ does (OCI); --stamp-from pins values.yaml's images to the
manifest's digests first (the --fix of stella align).
sign / verify: the OpenPGP clear-signed provenance file, checked the way \`helm verify\` does.
The key's passphrase comes from STELLA_CHART_KEY_PASSPHRASE (never a flag).`;
var command = {
  name: "chart",
  summary: "package, sign, verify and push Helm charts without Helm",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    const passphrase = ctx.env.STELLA_CHART_KEY_PASSPHRASE;
    if (sub === "package") {
      const { values, positionals } = parseCommandArgs(rest, { version: { type: "string" }, "app-version": { type: "string" }, output: { type: "string", default: "." }, sign: { type: "string" }, push: { type: "string" }, "stamp-from": { type: "string" }, channel: { type: "string", default: "stable" } }, usage);
      const [dir] = requirePositionals(positionals, ["DIR"], usage);
      const r = await releaseChart({
        dir: resolve(ctx.cwd, dir),
        outputDir: resolve(ctx.cwd, values.output),
        mtime: timestampFrom(ctx.env.SOURCE_DATE_EPOCH, void 0),
        logger: ctx.logger,
        ...values.version ? { version: values.version } : {},
        ...values["app-version"] ? { appVersion: values["app-version"] } : {},
        ...values.sign ? { signingKey: await readFile4(resolve(ctx.cwd, values.sign), "utf8"), ...passphrase ? { passphrase } : {} } : {},
        ...values.push ? { pushTo: values.push } : {},
        ...values["stamp-from"] ? { stampFrom: { manifestPath: resolve(ctx.cwd, values["stamp-from"]), channel: values.channel } } : {}
      });
      ctx.stdout(JSON.stringify({ archive: r.archivePath, prov: r.provPath ?? null, digest: r.digest, pushed: r.pushed?.reference ?? null }, null, 2));
      return 0;
    }
    if (sub === "sign") {
      const { values, positionals } = parseCommandArgs(rest, { key: { type: "string" } }, usage);
      const [archive] = requirePositionals(positionals, ["ARCHIVE"], usage);
      if (!values.key) throw new UsageError("--key is required", usage);
      ctx.stdout(await signChartFile(resolve(ctx.cwd, archive), await readFile4(resolve(ctx.cwd, values.key), "utf8"), passphrase));
      return 0;
    }
    if (sub === "verify") {
      const { values, positionals } = parseCommandArgs(rest, { keyring: { type: "string" }, prov: { type: "string" } }, usage);
      const [archive] = requirePositionals(positionals, ["ARCHIVE"], usage);
      if (!values.keyring) throw new UsageError("--keyring is required", usage);
      const v = await verifyChartFile(resolve(ctx.cwd, archive), await readFile4(resolve(ctx.cwd, values.keyring), "utf8"), values.prov ? resolve(ctx.cwd, values.prov) : void 0);
      ctx.stdout(`Signed by: ${v.signedBy}
Using Key With Fingerprint: ${v.fingerprint}
Chart Hash Verified: ${v.fileHash}`);
      return 0;
    }
    throw new UsageError(sub ? `unknown sub-command "${sub}"` : "missing sub-command", usage);
  }
};
var chart_default = command;
export {
  chart_default as default
};
