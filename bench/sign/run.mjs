#!/usr/bin/env node
// bench/sign (issue 5), one run, two comparisons:
//  1. `stella sign` of 100 images already in a local docker-registry, in one call, against the floor:
//     a bare keep-alive HTTP loop doing exactly the registry requests one cosign signature needs
//     (payload blob upload, config blob upload, .sig manifest PUT) plus one ECDSA P-256 signature
//     each with node:crypto. Target: ours <= 1.5x the floor. Measured with --no-referrer (the same
//     artifact cosign's classic .sig scheme writes) and, for information, with the default bundle
//     referrer too.
//  2. 1,000 verifications with our library (Sigstore bundle through @sigstore/verify, in one
//     process) against the shell-glue way, a loop of `openssl dgst -sha256 -verify`. Target: >= 20x.
//
//   node bench/sign/run.mjs [--images 100] [--verifications 1000] [--cli FILE]
// Node 24 (node_modules/.bin first on PATH). The CLI and library are bundled privately into
// bench/.work/sign/ with esbuild, so a concurrent `npm run build` cannot pull dist/ away.
import { spawn, spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "../..");
const work = join(root, "bench/.work/sign");
const { values } = parseArgs({ options: { images: { type: "string", default: "100" }, verifications: { type: "string", default: "1000" }, cli: { type: "string" } } });
const N = Number(values.images);
const V = Number(values.verifications);

// ---- bundles -------------------------------------------------------------------------------
const banner =
  'import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __filename = __stellaFileURLToPath(import.meta.url); const __dirname = __stellaDirname(__filename);';
const common = {
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  logLevel: "error",
  tsconfig: join(root, "tsconfig.json"),
  absWorkingDir: root,
  define: { STELLA_VERSION: '"bench"' },
  banner: { js: banner },
  external: ["bufferutil", "utf-8-validate", "xmlbuilder2", "libxmljs2"],
};
await mkdir(work, { recursive: true });
await writeFile(join(work, "package.json"), '{"type":"module"}\n');
const stella = values.cli ? resolve(values.cli) : join(work, "stella.js");
await Promise.all([
  values.cli ? Promise.resolve() : build({ ...common, entryPoints: [join(root, "packages/cli/src/main.ts")], outfile: stella }),
  build({
    ...common,
    stdin: { contents: 'export { verifyBlob, signBlob, keySigner, loadPrivateKey, loadPublicKey, generateKeyPair } from "@stella/signing";', resolveDir: root, loader: "ts" },
    outfile: join(work, "lib.js"),
  }),
]);
const lib = await import(join(work, "lib.js"));

// ---- registry ------------------------------------------------------------------------------
async function freePort() {
  return new Promise((r) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => r(port));
    });
  });
}
async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const c = connect(port, "127.0.0.1", () => (c.end(), r(true)));
      c.on("error", () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not listen on ${port}`);
}
const dir = await mkdtemp(join(tmpdir(), "stella-bench-sign-"));
const port = await freePort();
const config = { version: 0.1, log: { level: "error", accesslog: { disabled: true } }, storage: { filesystem: { rootdirectory: join(dir, "data") } }, http: { addr: `127.0.0.1:${port}`, secret: "bench" } };
await writeFile(join(dir, "config.yml"), JSON.stringify(config));
const registryProc = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: "ignore" });
await waitForPort(port);
const registry = `127.0.0.1:${port}`;
const base = `http://${registry}/v2`;

const sha = (b) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
async function putBlob(repo, bytes) {
  const digest = sha(bytes);
  const post = await fetch(`${base}/${repo}/blobs/uploads/`, { method: "POST" });
  await post.arrayBuffer();
  const loc = post.headers.get("location");
  const url = new URL(loc, `http://${registry}`);
  url.searchParams.set("digest", digest);
  const put = await fetch(url, { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream" } });
  await put.arrayBuffer();
  if (put.status !== 201) throw new Error(`blob PUT ${put.status}`);
  return { digest, size: bytes.length };
}
async function putManifest(repo, tag, bytes) {
  const res = await fetch(`${base}/${repo}/manifests/${tag}`, { method: "PUT", body: bytes, headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`manifest PUT ${res.status}`);
  return sha(bytes);
}
/** N small distinct images (config + one layer) in `repo`; returns their digests. */
async function pushImages(repo) {
  const digests = [];
  for (let i = 0; i < N; i++) {
    const layer = await putBlob(repo, Buffer.from(`${repo} layer ${i}\n`.repeat(32)));
    const cfg = await putBlob(repo, Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [layer.digest] }, config: {} })));
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: { mediaType: "application/vnd.oci.image.config.v1+json", ...cfg }, layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", ...layer }] }));
    digests.push(await putManifest(repo, `v${i}`, manifest));
  }
  return digests;
}

function timed(cmd, args, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(" ")} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

try {
  const [plain, serial, withReferrer, floorSet] = [await pushImages("bench/plain"), await pushImages("bench/serial"), await pushImages("bench/referrer"), await pushImages("bench/floor")];
  const env = { COSIGN_PASSWORD: "bench" };
  timed(process.execPath, [stella, "key", "generate", "--output-key-prefix", join(dir, "cosign")], env);

  // 1a. ours, .sig tag only (what cosign's classic scheme writes)
  const ours = timed(process.execPath, [stella, "sign", "--key", join(dir, "cosign.key"), "--no-referrer", ...plain.map((d) => `docker://${registry}/bench/plain@${d}`)], env);
  if (ours.stdout.trim().split("\n").length !== N) throw new Error("not every image was signed");
  // 1a'. the same, one image at a time (the floor loop is sequential too)
  const oursSerial = timed(process.execPath, [stella, "sign", "--key", join(dir, "cosign.key"), "--no-referrer", "--concurrency", "1", ...serial.map((d) => `docker://${registry}/bench/serial@${d}`)], env);
  // 1b. ours, default: .sig tag + Sigstore bundle referrer (referrers tag index on this registry)
  const oursRef = timed(process.execPath, [stella, "sign", "--key", join(dir, "cosign.key"), ...withReferrer.map((d) => `docker://${registry}/bench/referrer@${d}`)], env);

  // 1c. the floor: bare keep-alive loop, the same requests one .sig signature needs, one ECDSA each.
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const t0 = process.hrtime.bigint();
  for (const d of floorSet) {
    const payload = Buffer.from(`{"critical":{"identity":{"docker-reference":"${registry}/bench/floor"},"image":{"docker-manifest-digest":"${d}"},"type":"cosign container image signature"},"optional":null}`);
    const sig = cryptoSign("sha256", payload, { key: privateKey, dsaEncoding: "der" }).toString("base64");
    const p = await putBlob("bench/floor", payload);
    const cfg = await putBlob("bench/floor", Buffer.from(JSON.stringify({ architecture: "", os: "", rootfs: { type: "layers", diff_ids: [p.digest] }, config: {} })));
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: { mediaType: "application/vnd.oci.image.config.v1+json", ...cfg }, layers: [{ mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", ...p, annotations: { "dev.cosignproject.cosign/signature": sig } }] }));
    await putManifest("bench/floor", `${d.replace(":", "-")}.sig`, manifest);
  }
  const floorMs = Number(process.hrtime.bigint() - t0) / 1e6;

  // 2. verification: 1,000 bundle verifications in-process vs a shell loop of openssl.
  const pair = await lib.generateKeyPair({ password: "" });
  const key = await lib.loadPrivateKey(pair.privatePem, "", "k");
  const blob = Buffer.from("release manifest bytes\n".repeat(100));
  const signed = await lib.signBlob(blob, lib.keySigner(key));
  const pub = lib.loadPublicKey(pair.publicPem, "pub");
  await writeFile(join(dir, "blob"), blob);
  await writeFile(join(dir, "blob.sig.der"), Buffer.from(signed.signature, "base64"));
  await writeFile(join(dir, "cosign-v.pub"), pair.publicPem);
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < V; i++) await lib.verifyBlob(blob, { bundle: signed.bundleJson, publicKey: pub });
  const verifyMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const shell = timed("sh", ["-c", `i=0; while [ $i -lt ${V} ]; do openssl dgst -sha256 -verify "$1" -signature "$2" "$3" >/dev/null || exit 1; i=$((i+1)); done`, "sh", join(dir, "cosign-v.pub"), join(dir, "blob.sig.der"), join(dir, "blob")]);

  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`sign ${N} images (one \`stella sign\` call, key-based, .sig tag only, default --concurrency 8): ${f(ours.ms)}`);
  console.log(`floor: bare keep-alive HTTP loop (2 blob uploads + manifest PUT + 1 ECDSA P-256 each): ${f(floorMs)}`);
  console.log(`ratio ours/floor: ${(ours.ms / floorMs).toFixed(2)}x (target <= 1.5x)`);
  console.log(`same, --concurrency 1 (sequential like the floor): ${f(oursSerial.ms)} (${(oursSerial.ms / floorMs).toFixed(2)}x the floor)`);
  console.log(`for information, default \`stella sign\` (.sig tag + Sigstore bundle referrer): ${f(oursRef.ms)} (${(oursRef.ms / floorMs).toFixed(2)}x the floor)`);
  console.log(`verify ${V} Sigstore bundles in-process (@stella/signing verifyBlob): ${f(verifyMs)}`);
  console.log(`shell loop of ${V} \`openssl dgst -sha256 -verify\`: ${f(shell.ms)}`);
  console.log(`speed-up: ${(shell.ms / verifyMs).toFixed(1)}x (target >= 20x)`);
} finally {
  registryProc.kill("SIGTERM");
  await new Promise((r) => registryProc.once("exit", r));
  await rm(dir, { recursive: true, force: true });
}
