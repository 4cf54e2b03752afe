#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  interpolate,
  parseEnvFile,
  unmirror
} from "./chunk-IUELWYK5.js";
import {
  canonicalize,
  computeManifestDigest,
  require_dist
} from "./chunk-USADENSA.js";
import {
  keyHint,
  loadPrivateKey,
  loadPublicKey,
  signBytes,
  verifyBytes
} from "./chunk-QZSXOUOU.js";
import {
  parseDockerReference
} from "./chunk-YWMM5RF6.js";
import {
  StellaError,
  errorMessage,
  sha256Digest,
  sha256Hex,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name,
  __toESM
} from "./chunk-GT7O54H4.js";

// packages/deploy/src/lock.ts
var import_yaml2 = __toESM(require_dist(), 1);

// packages/deploy/src/checksums.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";

// packages/deploy/src/errors.ts
var DeployError = class extends StellaError {
  static {
    __name(this, "DeployError");
  }
  constructor(message, options) {
    super(message, options);
  }
};

// packages/deploy/src/checksums.ts
function formatChecksums(entries) {
  return [...entries].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0).map((e) => `${e.sha256}  ${e.name}
`).join("");
}
__name(formatChecksums, "formatChecksums");
function parseChecksums(text, source = "checksums.sha256") {
  const out = [];
  const problems = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const m = /^([a-f0-9]{64}) [ *](.+)$/.exec(line);
    if (!m) problems.push(`${source}:${i + 1}: "${line}" is not "<sha256 hex>  <name>"`);
    else out.push({ sha256: m[1] ?? "", name: m[2] ?? "" });
  });
  if (problems.length > 0) throw new DeployError(problems.join("\n"), { code: "CHECKSUM_FORMAT", hint: "write it with sha256sum or stella deploy" });
  return out;
}
__name(parseChecksums, "parseChecksums");
async function verifyChecksums(dir, entries) {
  const failures = [];
  for (const e of entries) {
    if (e.name.includes("/") || e.name.startsWith("..")) {
      failures.push({ name: e.name, expected: e.sha256, actual: null });
      continue;
    }
    const bytes = await readFile(join(dir, e.name)).catch(() => void 0);
    const actual = bytes === void 0 ? null : sha256Hex(bytes);
    if (actual !== e.sha256) failures.push({ name: e.name, expected: e.sha256, actual });
  }
  return failures;
}
__name(verifyChecksums, "verifyChecksums");

// packages/deploy/src/compose-profile.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile as readFile2 } from "node:fs/promises";
import { dirname, join as join2 } from "node:path";
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isRecord, "isRecord");
function merge(base, over) {
  if (isRecord(base) && isRecord(over)) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k] ?? null, v) : v;
    return out;
  }
  return over;
}
__name(merge, "merge");
async function readCompose(file) {
  let text;
  try {
    text = await readFile2(file, "utf8");
  } catch (e) {
    throw new DeployError(`cannot read Compose profile ${file}: ${errorMessage(e)}`, { code: "LOCK_INPUT", hint: "pass --compose FILE (repeat for overlays)" });
  }
  let root = {};
  const docs = (0, import_yaml.parseAllDocuments)(text, { merge: true });
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) throw new DeployError(`${file}: ${doc.errors[0]?.message ?? "invalid YAML"}`, { code: "LOCK_INPUT" });
    root = merge(root, doc.toJS({ maxAliasCount: -1 }));
  }
  return isRecord(root) ? root : {};
}
__name(readCompose, "readCompose");
async function resolveExtends(file, services, depth = 0) {
  const out = {};
  for (const [name, svc] of Object.entries(services)) {
    if (!isRecord(svc) || svc.extends === void 0) {
      out[name] = svc;
      continue;
    }
    const ext = svc.extends;
    const base = typeof ext === "string" ? ext : isRecord(ext) && typeof ext.service === "string" ? ext.service : void 0;
    const other = isRecord(ext) && typeof ext.file === "string" ? join2(dirname(file), ext.file) : file;
    if (base === void 0 || depth > 16) throw new DeployError(`${file}: services.${name}.extends cannot be resolved`, { code: "LOCK_INPUT", hint: "extends needs a service name and must not form a cycle" });
    const pool = other === file ? services : (await readCompose(other)).services ?? {};
    if (!isRecord(pool) || !isRecord(pool[base])) throw new DeployError(`${file}: services.${name} extends "${base}", which is not a service of ${other}`, { code: "LOCK_INPUT" });
    const resolved = (await resolveExtends(other, { [base]: pool[base] ?? null }, depth + 1))[base] ?? {};
    const { extends: _e, ...own } = svc;
    void _e;
    out[name] = merge(resolved, own);
  }
  return out;
}
__name(resolveExtends, "resolveExtends");
async function loadProfile(files) {
  let root = {};
  for (const file of files) {
    const one = await readCompose(file);
    if (isRecord(one.services)) one.services = await resolveExtends(file, one.services);
    root = merge(root, one);
  }
  const first = files[0];
  const env = /* @__PURE__ */ new Map();
  if (first !== void 0) {
    const dotenv = join2(dirname(first), ".env");
    const text = await readFile2(dotenv, "utf8").catch(() => void 0);
    if (text !== void 0) for (const [k, v] of parseEnvFile(dotenv, text)) env.set(k, v);
  }
  return { root: isRecord(root) ? root : {}, env };
}
__name(loadProfile, "loadProfile");

// packages/deploy/src/ids.ts
import { createHash } from "node:crypto";
var URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
function bytesOf(uuid) {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}
__name(bytesOf, "bytesOf");
function format(b) {
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
__name(format, "format");
function uuidv5(name, namespace) {
  const hash = createHash("sha1").update(bytesOf(namespace)).update(name, "utf8").digest().subarray(0, 16);
  hash[6] = (hash[6] ?? 0) & 15 | 80;
  hash[8] = (hash[8] ?? 0) & 63 | 128;
  return format(hash);
}
__name(uuidv5, "uuidv5");
var STELLA_NAMESPACE = uuidv5("https://stella-ops.org/deploy", URL_NAMESPACE);
function stellaId(kind, name) {
  return uuidv5(`${kind}:${name}`, STELLA_NAMESPACE);
}
__name(stellaId, "stellaId");

// packages/deploy/src/release-ids.ts
function manifestDigestOf(manifest) {
  return manifest.manifest.manifest_digest ?? computeManifestDigest(manifest);
}
__name(manifestDigestOf, "manifestDigestOf");
function releaseIdOf(manifest) {
  return stellaId("release", `${manifest.manifest.release_id}@${manifestDigestOf(manifest)}`);
}
__name(releaseIdOf, "releaseIdOf");
function componentIdOf(service) {
  return stellaId("component", `${service.service_id}@${service.digest}`);
}
__name(componentIdOf, "componentIdOf");
function environmentIdOf(name) {
  return stellaId("environment", name);
}
__name(environmentIdOf, "environmentIdOf");
function deploymentIdOf(releaseId, environmentId, startedAt, target = "") {
  return stellaId("deployment", `${releaseId}/${environmentId}/${target}/${startedAt}`);
}
__name(deploymentIdOf, "deploymentIdOf");

// packages/deploy/src/lock.ts
var LOCK_FILE_NAME = "compose.stella.lock.yml";
function nameOf(image, mirrors) {
  try {
    const r = parseDockerReference(image);
    return unmirror(`${r.registry}/${r.repository}`, mirrors);
  } catch {
    return void 0;
  }
}
__name(nameOf, "nameOf");
function quoted(value) {
  const s = new import_yaml2.Scalar(value);
  s.type = "QUOTE_DOUBLE";
  return s;
}
__name(quoted, "quoted");
async function generateLockFile(options) {
  const { manifest } = options;
  const mirrors = options.mirrors ?? [];
  const { root, env } = await loadProfile(options.composeFiles);
  const services = isRecord(root.services) ? root.services : {};
  const byName = /* @__PURE__ */ new Map();
  for (const s of manifest.manifest.services) {
    const n = nameOf(s.image, []);
    if (n) byName.set(n, s);
  }
  const releaseId = releaseIdOf(manifest);
  const environmentId = options.environment.id ?? environmentIdOf(options.environment.name);
  const startedAt = options.deployment?.startedAt ?? options.generatedAt;
  const deploymentId = options.deployment?.id ?? deploymentIdOf(releaseId, environmentId, startedAt);
  const doc = new import_yaml2.Document({}, { version: "1.2" });
  const problems = [];
  const out = {};
  const comments = /* @__PURE__ */ new Map();
  for (const [name, raw] of Object.entries(services)) {
    if (!isRecord(raw)) continue;
    const image = typeof raw.image === "string" ? interpolate(raw.image, env).value : void 0;
    const svc = manifest.manifest.services.find((s) => s.service_id === name) ?? (image ? byName.get(nameOf(image, mirrors) ?? "") : void 0);
    const { image: _img, labels, ...rest } = raw;
    void _img;
    let pinned;
    let digest;
    let originalTag;
    if (svc) {
      digest = svc.digest;
      pinned = `${svc.image}@${svc.digest}`;
      originalTag = svc.tag ?? (image ? safeTag(image) : void 0);
    } else {
      const ref = image ? safeRef(image) : void 0;
      if (!ref?.digest) {
        if (image) problems.push(`services.${name}.image ${image} is not in release ${manifest.manifest.release_id} and has no digest to pin`);
        continue;
      }
      digest = ref.digest;
      pinned = `${ref.registry}/${ref.repository}@${ref.digest}`;
      originalTag = ref.tag;
    }
    const labelMap = {};
    if (Array.isArray(labels)) {
      for (const l of labels) if (typeof l === "string") labelMap[l.split("=")[0] ?? l] = l.includes("=") ? l.slice(l.indexOf("=") + 1) : "";
    } else if (isRecord(labels)) Object.assign(labelMap, labels);
    if (svc) labelMap["stella.component.id"] = componentIdOf(svc);
    labelMap["stella.release.id"] = releaseId;
    labelMap["stella.digest"] = digest;
    out[name] = { image: pinned, ...rest, labels: labelMap };
    if (originalTag) comments.set(name, ` Original tag: ${originalTag}`);
  }
  if (problems.length > 0) {
    throw new DeployError(`cannot pin the Compose profile:
  ${problems.join("\n  ")}`, { code: "LOCK_UNPINNABLE", hint: "add the image to the release manifest or pin it by digest in the profile (architecture-devops.md \xA73.1)" });
  }
  const body = { version: "3.8", services: out };
  for (const key of ["networks", "volumes", "configs", "secrets"]) if (root[key] !== void 0) body[key] = root[key] ?? null;
  body["x-stella"] = {
    release: { id: releaseId, name: manifest.manifest.release_id, created_at: manifest.manifest.released_at ?? options.generatedAt },
    environment: { id: environmentId, name: options.environment.name },
    deployment: { id: deploymentId, started_at: startedAt },
    checksums: { sha256: "" }
  };
  doc.contents = doc.createNode(body);
  decorate(doc, comments);
  doc.commentBefore = [` ${LOCK_FILE_NAME}`, " Generated by Stella Ops - DO NOT EDIT", ` Release: ${manifest.manifest.release_id}`, ` Generated: ${options.generatedAt}`, ` Generator: ${options.generator}`].join("\n");
  const unsigned = doc.toString({ lineWidth: 0 }).replace(/\n\nversion: /, "\nversion: ");
  const text = withLockChecksum(unsigned, sha256Hex(unsigned));
  return { text, checksums: formatChecksums([{ name: LOCK_FILE_NAME, sha256: sha256Hex(text) }]), deploymentId, releaseId };
}
__name(generateLockFile, "generateLockFile");
function safeRef(image) {
  try {
    return parseDockerReference(image);
  } catch {
    return void 0;
  }
}
__name(safeRef, "safeRef");
function safeTag(image) {
  return safeRef(image)?.tag;
}
__name(safeTag, "safeTag");
function decorate(doc, comments) {
  const root = doc.contents;
  const version = root.items.find((p) => keyOf(p) === "version");
  if (version) version.value = quoted("3.8");
  const services = root.items.find((p) => keyOf(p) === "services")?.value;
  if ((0, import_yaml2.isMap)(services)) {
    for (const svc of services.items) {
      const map = svc.value;
      if (!(0, import_yaml2.isMap)(map)) continue;
      const comment = comments.get(String(keyOf(svc)));
      const second = map.items[1];
      if (comment && second) second.key = withComment(keyOf(second), comment);
      const labels = map.items.find((p) => keyOf(p) === "labels")?.value;
      if ((0, import_yaml2.isMap)(labels)) for (const l of labels.items) l.value = quoted(leafText(l.value));
    }
  }
  const meta = root.items.find((p) => keyOf(p) === "x-stella");
  if (meta) {
    meta.key = withComment("x-stella", " Stella metadata");
    quoteLeaves(meta.value);
  }
}
__name(decorate, "decorate");
function leafText(node) {
  const v = node instanceof import_yaml2.Scalar ? node.value : node;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "";
}
__name(leafText, "leafText");
function keyOf(p) {
  return p.key instanceof import_yaml2.Scalar ? p.key.value : p.key;
}
__name(keyOf, "keyOf");
function withComment(key, comment) {
  const s = new import_yaml2.Scalar(key);
  s.commentBefore = comment;
  return s;
}
__name(withComment, "withComment");
function quoteLeaves(node) {
  if (!(0, import_yaml2.isMap)(node)) return;
  for (const p of node.items) {
    if ((0, import_yaml2.isMap)(p.value)) quoteLeaves(p.value);
    else p.value = quoted(leafText(p.value));
  }
}
__name(quoteLeaves, "quoteLeaves");
function withLockChecksum(text, hex) {
  const at = text.lastIndexOf('sha256: ""');
  return at < 0 ? text : `${text.slice(0, at)}sha256: "${hex}"${text.slice(at + 'sha256: ""'.length)}`;
}
__name(withLockChecksum, "withLockChecksum");

// packages/deploy/src/sticker.ts
var STICKER_FILE_NAME = "stella.version.json";
function buildSticker(o) {
  const releaseId = releaseIdOf(o.manifest);
  const environmentId = environmentIdOf(o.environment);
  const targetId = stellaId("target", o.target);
  const body = o.manifest.manifest;
  const components = body.services.map((s) => ({ name: s.service_id, digest: s.digest, semver: s.version ?? body.version, tag: s.tag ?? s.version ?? body.version })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    version: "1.0",
    generatedAt: o.generatedAt,
    generator: o.generator,
    release: { id: releaseId, name: body.release_id, createdAt: body.released_at ?? o.generatedAt, components },
    deployment: {
      id: o.deploymentId ?? deploymentIdOf(releaseId, environmentId, o.startedAt, o.target),
      promotionId: o.promotionId ?? stellaId("promotion", `${releaseId}/${environmentId}`),
      environmentId,
      environmentName: o.environment,
      targetId,
      targetName: o.target,
      strategy: o.strategy ?? "rolling",
      startedAt: o.startedAt,
      completedAt: o.completedAt
    },
    deployer: { userId: stellaId("user", o.user), userName: o.user, agentId: stellaId("agent", o.agent), agentName: o.agent },
    previous: o.previous ? { releaseId: releaseIdOf(o.previous), releaseName: o.previous.manifest.release_id, digest: manifestDigestOf(o.previous) } : null
  };
}
__name(buildSticker, "buildSticker");
function stickerPayload(sticker) {
  const { signature: _s, ...rest } = sticker;
  void _s;
  const text = canonicalize(rest);
  if (text === void 0) throw new DeployError("sticker cannot be canonicalized", { code: "STICKER_PARSE" });
  return new TextEncoder().encode(text);
}
__name(stickerPayload, "stickerPayload");
async function signSticker(sticker, signer) {
  const unsigned = { ...sticker, signatureAlgorithm: signer.algorithm, signerKeyRef: signer.keyRef };
  delete unsigned.signature;
  const signature = Buffer.from(await signer.sign(stickerPayload(unsigned))).toString("base64");
  const { signatureAlgorithm, signerKeyRef, ...body } = unsigned;
  return { ...body, signature, ...signatureAlgorithm === void 0 ? {} : { signatureAlgorithm }, ...signerKeyRef === void 0 ? {} : { signerKeyRef } };
}
__name(signSticker, "signSticker");
function serializeSticker(sticker) {
  return `${JSON.stringify(sticker, null, 2)}
`;
}
__name(serializeSticker, "serializeSticker");
function isObj(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isObj, "isObj");
var str = /* @__PURE__ */ __name((o, k) => typeof o[k] === "string", "str");
function parseSticker(text, source = STICKER_FILE_NAME) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DeployError(`${source}: not JSON: ${e instanceof Error ? e.message : String(e)}`, { code: "STICKER_PARSE" });
  }
  const problems = [];
  if (!isObj(value)) throw new DeployError(`${source}: a sticker is a JSON object`, { code: "STICKER_PARSE" });
  if (value.version !== "1.0") problems.push(`version must be "1.0"`);
  for (const k of ["generatedAt", "generator"]) if (!str(value, k)) problems.push(`${k} must be a string`);
  const rel = value.release;
  if (!isObj(rel) || !str(rel, "id") || !str(rel, "name") || !Array.isArray(rel.components)) problems.push("release must have id, name and components");
  else rel.components.forEach((c, i) => !isObj(c) || !str(c, "name") || !str(c, "digest") ? problems.push(`release.components[${i}] needs name and digest`) : void 0);
  const dep = value.deployment;
  if (!isObj(dep) || !["id", "environmentId", "environmentName", "targetId", "targetName"].every((k) => str(dep, k))) problems.push("deployment must have id, environmentId, environmentName, targetId and targetName");
  if (!isObj(value.deployer)) problems.push("deployer must be an object");
  if (value.previous !== null && value.previous !== void 0 && !isObj(value.previous)) problems.push("previous must be an object or null");
  if (problems.length > 0) throw new DeployError(`${source}: not a version sticker:
  ${problems.join("\n  ")}`, { code: "STICKER_PARSE", hint: "write it with stella deploy sticker" });
  return value;
}
__name(parseSticker, "parseSticker");

// packages/deploy/src/sticker-signer.ts
var JWS = { "ecdsa-p256": "ES256", "ecdsa-p384": "ES384", "ecdsa-p521": "ES512", rsa: "RS256", ed25519: "EdDSA" };
async function pemStickerSigner(pem, password, where, keyRef) {
  return keyStickerSigner(await loadPrivateKey(pem, password, where), keyRef);
}
__name(pemStickerSigner, "pemStickerSigner");
function keyStickerSigner(key, keyRef) {
  return {
    algorithm: JWS[key.algorithm] ?? key.algorithm,
    keyRef: keyRef ?? `sha256:${keyHint(key.publicKey)}`,
    sign: /* @__PURE__ */ __name((payload) => Promise.resolve(signBytes(key, payload)), "sign")
  };
}
__name(keyStickerSigner, "keyStickerSigner");
function pemStickerVerifier(pem, where) {
  const key = loadPublicKey(pem, where);
  return { verify: /* @__PURE__ */ __name((payload, signature) => Promise.resolve(verifyBytes(key, payload, signature)), "verify") };
}
__name(pemStickerVerifier, "pemStickerVerifier");

// packages/deploy/src/store.ts
import { mkdir, readFile as readFile3, stat } from "node:fs/promises";
import { join as join3 } from "node:path";
var MANIFEST_FILE = "manifest.json";
var CHECKSUMS_FILE = "checksums.sha256";
var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
function artifactType(name) {
  if (name === "compose.stella.lock.yml") return "compose-lock";
  if (name === "stella.version.json") return "version-sticker";
  if (name.endsWith(".dll")) return "script-compiled";
  if (name.endsWith(".csx")) return "script-source";
  if (name.endsWith(".sh")) return "script";
  return "file";
}
__name(artifactType, "artifactType");
async function existing(path) {
  return readFile3(path).catch((e) => {
    if (e.code === "ENOENT") return void 0;
    throw new DeployError(`cannot read ${path}: ${errorMessage(e)}`, { code: "STORE_READ", cause: e });
  });
}
__name(existing, "existing");
async function storeArtifacts(o) {
  const bad = [o.tenant, o.deploymentId, ...o.files.map((f) => f.name)].filter((n) => !NAME.test(n) || n === MANIFEST_FILE || n === CHECKSUMS_FILE);
  const reserved = o.files.filter((f) => f.name === MANIFEST_FILE || f.name === CHECKSUMS_FILE).map((f) => f.name);
  if (bad.length > 0) {
    throw new DeployError(`invalid artifact path component(s): ${bad.map((b) => `"${b}"`).join(", ")}${reserved.length ? " (manifest.json and checksums.sha256 are written by the store)" : ""}`, {
      code: "STORE_NAME",
      hint: "tenant, deployment id and file names are single path components of [A-Za-z0-9._-]"
    });
  }
  const dir = join3(o.root, o.tenant, o.deploymentId);
  const artifacts = o.files.map((f) => ({ name: f.name, type: f.type ?? artifactType(f.name), size: f.bytes.length, sha256: sha256Hex(f.bytes) })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  let manifest = {
    version: "1.0",
    deploymentId: o.deploymentId,
    environment: o.environment,
    createdAt: o.createdAt,
    artifacts,
    totalSize: artifacts.reduce((n, a) => n + a.size, 0)
  };
  if (o.signer) {
    const payload = canonicalize(manifest) ?? "";
    manifest = { ...manifest, signature: Buffer.from(await o.signer.sign(new TextEncoder().encode(payload))).toString("base64") };
  }
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}
`);
  const checksums = Buffer.from(formatChecksums([...artifacts.map((a) => ({ name: a.name, sha256: a.sha256 })), { name: MANIFEST_FILE, sha256: sha256Hex(manifestBytes) }]));
  const planned = new Map([...o.files.map((f) => [f.name, f.bytes]), [MANIFEST_FILE, manifestBytes], [CHECKSUMS_FILE, checksums]]);
  const conflicts = [];
  let present = 0;
  for (const [name, bytes] of planned) {
    const have = await existing(join3(dir, name));
    if (have === void 0) continue;
    present++;
    if (!have.equals(bytes)) conflicts.push(`${name} (stored sha256:${sha256Hex(have)}, new sha256:${sha256Hex(bytes)})`);
  }
  const dirExists = await stat(dir).then(() => true, () => false);
  if (conflicts.length > 0 || dirExists && present > 0 && present < planned.size) {
    throw new DeployError(`${dir} is immutable and already holds other content: ${conflicts.join(", ") || "a different set of artifacts"}`, {
      code: "STORE_IMMUTABLE",
      hint: 'artifacts are never overwritten (artifact-generation.md "Immutability"); a new deployment gets a new deployment id'
    });
  }
  if (present === planned.size) return { dir, manifest, written: false };
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of planned) if (name !== MANIFEST_FILE && name !== CHECKSUMS_FILE) await writeFileAtomic(join3(dir, name), bytes, 292);
  await writeFileAtomic(join3(dir, MANIFEST_FILE), manifestBytes, 292);
  await writeFileAtomic(join3(dir, CHECKSUMS_FILE), checksums, 292);
  return { dir, manifest, written: true };
}
__name(storeArtifacts, "storeArtifacts");
function isObj2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
__name(isObj2, "isObj");
function parseArtifactManifest(text, source) {
  let v;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DeployError(`${source}: not JSON: ${errorMessage(e)}`, { code: "STORE_READ" });
  }
  if (!isObj2(v) || v.version !== "1.0" || typeof v.deploymentId !== "string" || typeof v.createdAt !== "string" || !Array.isArray(v.artifacts)) {
    throw new DeployError(`${source}: not an artifact manifest (version "1.0", deploymentId, createdAt, artifacts)`, { code: "STORE_READ" });
  }
  return v;
}
__name(parseArtifactManifest, "parseArtifactManifest");

// packages/deploy/src/retention.ts
import { readdir, readFile as readFile4, rm } from "node:fs/promises";
import { join as join4 } from "node:path";
var RETENTION = {
  development: { days: 30, label: "30 days" },
  staging: { days: 90, label: "90 days" },
  production: { years: 7, label: "7 years" }
};
function retentionClassOf(environment) {
  const e = environment.toLowerCase();
  if (/^(dev|development|test|testing|qa|sandbox|local)\b/.test(e)) return "development";
  if (/^(stag|stage|staging|preprod|pre-prod|uat)\b/.test(e)) return "staging";
  if (/^(prod|production|live)\b/.test(e)) return "production";
  return void 0;
}
__name(retentionClassOf, "retentionClassOf");
function expiryOf(createdAt, cls) {
  const r = RETENTION[cls];
  const d = new Date(createdAt.getTime());
  if (r.years !== void 0) d.setUTCFullYear(d.getUTCFullYear() + r.years);
  if (r.days !== void 0) d.setUTCDate(d.getUTCDate() + r.days);
  return d;
}
__name(expiryOf, "expiryOf");
async function planPrune(root, now) {
  const out = [];
  const tenants = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const tenant of tenants) {
    const deployments = (await readdir(join4(root, tenant), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    for (const deploymentId of deployments) {
      const path = join4(root, tenant, deploymentId);
      const base = { tenant, deploymentId, path, environment: void 0, createdAt: void 0, expiresAt: void 0 };
      let text;
      try {
        text = await readFile4(join4(path, MANIFEST_FILE), "utf8");
      } catch (e) {
        out.push({ ...base, action: "keep", reason: `no readable ${MANIFEST_FILE} (${errorMessage(e)}); kept for inspection` });
        continue;
      }
      let m;
      try {
        m = parseArtifactManifest(text, join4(path, MANIFEST_FILE));
      } catch (e) {
        out.push({ ...base, action: "keep", reason: `${errorMessage(e)}; kept for inspection` });
        continue;
      }
      const created = new Date(m.createdAt);
      const environment = typeof m.environment === "string" ? m.environment : void 0;
      const cls = environment === void 0 ? void 0 : retentionClassOf(environment);
      if (!cls || Number.isNaN(created.getTime())) {
        out.push({ ...base, environment, createdAt: m.createdAt, action: "keep", reason: `environment "${environment ?? "(none)"}" has no retention class (development/staging/production); kept` });
        continue;
      }
      const expires = expiryOf(created, cls);
      const expired = expires.getTime() <= now.getTime();
      out.push({
        ...base,
        environment,
        createdAt: m.createdAt,
        expiresAt: expires.toISOString().replace(/\.\d{3}Z$/, "Z"),
        action: expired ? "remove" : "keep",
        reason: `${cls} retention ${RETENTION[cls].label}: ${expired ? "expired" : "retained until"} ${expires.toISOString().slice(0, 10)}`
      });
    }
  }
  return out;
}
__name(planPrune, "planPrune");
async function prune(root, now, dryRun) {
  const plan = await planPrune(root, now);
  if (!dryRun) {
    for (const e of plan) if (e.action === "remove") await rm(e.path, { recursive: true, force: true });
  }
  return plan;
}
__name(prune, "prune");

// packages/deploy/src/drift.ts
import { readFile as readFile5, stat as stat2 } from "node:fs/promises";
import { join as join5 } from "node:path";
async function verifySticker(sticker, verifier) {
  if (!sticker.signature) return { valid: false, reason: "the sticker is not signed" };
  const ok = await verifier.verify(stickerPayload(sticker), Buffer.from(sticker.signature, "base64"), sticker.signatureAlgorithm);
  return ok ? { valid: true, reason: `signature valid (${sticker.signatureAlgorithm ?? "?"}, ${sticker.signerKeyRef ?? "?"})` } : { valid: false, reason: `signature does not verify with the given key (${sticker.signatureAlgorithm ?? "?"}, key ${sticker.signerKeyRef ?? "?"})` };
}
__name(verifySticker, "verifySticker");
function canonicalDigest(v) {
  return sha256Digest(canonicalize(v) ?? "");
}
__name(canonicalDigest, "canonicalDigest");
function fields(s) {
  const m = /* @__PURE__ */ new Map([
    ["release.id", s.release.id],
    ["release.name", s.release.name],
    ["deployment.id", s.deployment.id],
    ["deployment.environmentId", s.deployment.environmentId],
    ["deployment.targetId", s.deployment.targetId]
  ]);
  for (const c of s.release.components) m.set(`release.components[${c.name}].digest`, c.digest);
  return m;
}
__name(fields, "fields");
function compareStickers(expected, actual) {
  const e = fields(expected);
  const a = fields(actual);
  const out = [];
  for (const [k, v] of e) if (a.get(k) !== v) out.push({ field: k, expected: v, actual: a.get(k) ?? "(absent)" });
  for (const [k, v] of a) if (!e.has(k)) out.push({ field: k, expected: "(absent)", actual: v });
  return out;
}
__name(compareStickers, "compareStickers");
async function checkDrift(o) {
  const base = { targetId: o.expected.deployment.targetId, expectedSticker: o.expected };
  const isDir = await stat2(o.target).then((s) => s.isDirectory(), () => false);
  const path = isDir ? join5(o.target, STICKER_FILE_NAME) : o.target;
  const corrupted = /* @__PURE__ */ __name((reason, field, expected, actual2, sticker) => ({
    ...base,
    actualSticker: sticker,
    driftDetected: true,
    driftType: "corrupted",
    reason,
    details: { field, expected, actual: actual2, expectedDigest: expected, actualDigest: actual2 }
  }), "corrupted");
  const text = await readFile5(path, "utf8").catch(() => void 0);
  if (text === void 0) return { ...base, actualSticker: null, driftDetected: true, driftType: "missing", reason: `${path} does not exist` };
  let actual;
  try {
    actual = parseSticker(text, path);
  } catch (e) {
    return corrupted(errorMessage(e), STICKER_FILE_NAME, "a version sticker", "unreadable", null);
  }
  if (isDir) {
    const sums = await readFile5(join5(o.target, "checksums.sha256"), "utf8").catch(() => void 0);
    if (sums !== void 0) {
      let failures;
      try {
        failures = await verifyChecksums(o.target, parseChecksums(sums, join5(o.target, "checksums.sha256")));
      } catch (e) {
        return corrupted(errorMessage(e), "checksums.sha256", "valid checksums", "unreadable", actual);
      }
      const f = failures[0];
      if (f) return corrupted(`${f.name} fails checksums.sha256`, `checksums.sha256:${f.name}`, `sha256:${f.expected}`, f.actual ? `sha256:${f.actual}` : "(missing)", actual);
    }
  }
  if (o.verifier) {
    const sig = await verifySticker(actual, o.verifier);
    if (!sig.valid) return corrupted(sig.reason, "signature", "valid signature", "invalid", actual);
  }
  const mismatches = compareStickers(o.expected, actual);
  const first = mismatches[0];
  if (!first) return { ...base, actualSticker: actual, driftDetected: false };
  const isDigest = first.field.endsWith(".digest");
  return {
    ...base,
    actualSticker: actual,
    driftDetected: true,
    driftType: "mismatch",
    details: { field: first.field, expected: first.expected, actual: first.actual, expectedDigest: isDigest ? first.expected : canonicalDigest(o.expected.release), actualDigest: isDigest ? first.actual : canonicalDigest(actual.release) },
    mismatches
  };
}
__name(checkDrift, "checkDrift");
function formatDrift(d) {
  if (!d.driftDetected) return `no drift: target ${d.targetId} runs ${d.expectedSticker.release.name} as expected`;
  const head = `drift: ${d.driftType ?? "?"} on target ${d.targetId}`;
  if (d.driftType === "missing") return `${head}: ${d.reason ?? "no sticker"}`;
  if (d.driftType === "corrupted") return `${head}: ${d.reason ?? ""} (${d.details?.field ?? ""}: expected ${d.details?.expected ?? ""}, actual ${d.details?.actual ?? ""})`;
  return [head, ...(d.mismatches ?? []).map((m) => `  ${m.field}: expected ${m.expected}, actual ${m.actual}`)].join("\n");
}
__name(formatDrift, "formatDrift");

export {
  LOCK_FILE_NAME,
  generateLockFile,
  STICKER_FILE_NAME,
  buildSticker,
  signSticker,
  serializeSticker,
  parseSticker,
  pemStickerSigner,
  keyStickerSigner,
  pemStickerVerifier,
  storeArtifacts,
  prune,
  verifySticker,
  checkDrift,
  formatDrift
};
