#!/usr/bin/env node
// bench/oci-copy (issue 3): copy a ~500 MB, 20-layer image layout -> registry -> layout with
// `stella copy` and with `skopeo copy` on the same data, in one run, and print both times,
// the ratio and our peak RSS. Target: ours <= 1.0x skopeo's time, peak RSS < 150 MB.
//
//   npm run build && node bench/oci-copy/run.mjs [--layers 20] [--layer-mib 25] [--keep] [--rounds 2] [--cli dist/cli/stella.js]
//   node bench/oci-copy/run.mjs --make-layout DIR   (only writes the layout)
//
// The layout is generated deterministically (AES-256-CTR keystream from a fixed seed, so the
// data is incompressible and the digests are the same on every run), gzip layers stored at
// level 0 so neither tool recompresses. Each tool gets its own fresh docker-registry so
// neither can cross-mount blobs the other pushed.
import { spawn } from "node:child_process";
import { createCipheriv, createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";

const root = resolve(import.meta.dirname, "../..");
const { values } = parseArgs({ options: { cli: { type: "string" }, layers: { type: "string", default: "20" }, "layer-mib": { type: "string", default: "25" }, keep: { type: "boolean" }, "make-layout": { type: "string" }, rounds: { type: "string", default: "2" } } });
const stella = resolve(values.cli ?? join(root, "dist/cli/stella.js"));
const LAYERS = Number(values.layers);
const LAYER_BYTES = Number(values["layer-mib"]) * 1024 * 1024;

function tarHeader(name, size) {
  const h = Buffer.alloc(512, 0);
  const octal = (v, w) => v.toString(8).padStart(w - 1, "0") + "\0";
  h.write(name, 0);
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write("        ", 148);
  h.write("0", 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + " ", 148);
  return h;
}

/** One layer: tar with a single file of keystream bytes. */
function layerTar(i) {
  const key = createHash("sha256").update(`stella-bench-layer-${i}`).digest();
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16, 0));
  const zero = Buffer.alloc(1024 * 1024, 0);
  return Readable.from(
    (async function* () {
      yield tarHeader(`data/layer-${i}.bin`, LAYER_BYTES);
      for (let left = LAYER_BYTES; left > 0; left -= zero.length) yield cipher.update(zero.subarray(0, Math.min(left, zero.length)));
      yield Buffer.alloc((512 - (LAYER_BYTES % 512)) % 512 + 1024, 0);
    })(),
  );
}

async function writeBlob(layout, bytes) {
  const digest = createHash("sha256").update(bytes).digest("hex");
  await writeFile(join(layout, "blobs/sha256", digest), bytes);
  return { digest: `sha256:${digest}`, size: bytes.length };
}

async function makeLayout(layout) {
  await mkdir(join(layout, "blobs/sha256"), { recursive: true });
  const layers = [];
  const diffIds = [];
  for (let i = 0; i < LAYERS; i++) {
    const tmp = join(layout, "blobs/sha256", `.layer-${i}.tmp`);
    const diff = createHash("sha256");
    const comp = createHash("sha256");
    let size = 0;
    const tap = (h, count) =>
      async function* (source) {
        for await (const c of source) {
          h.update(c);
          if (count) size += c.length;
          yield c;
        }
      };
    await pipeline(layerTar(i), tap(diff, false), createGzip({ level: 0 }), tap(comp, true), createWriteStream(tmp));
    const hex = comp.digest("hex");
    await import("node:fs/promises").then((fs) => fs.rename(tmp, join(layout, "blobs/sha256", hex)));
    layers.push({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: `sha256:${hex}`, size });
    diffIds.push(`sha256:${diff.digest("hex")}`);
  }
  const config = Buffer.from(
    JSON.stringify({ architecture: "amd64", os: "linux", created: "2026-01-01T00:00:00Z", config: { Labels: { "org.opencontainers.image.title": "stella-bench" } }, rootfs: { type: "layers", diff_ids: diffIds } }),
  );
  const configDesc = { mediaType: "application/vnd.oci.image.config.v1+json", ...(await writeBlob(layout, config)) };
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: configDesc, layers }));
  const m = await writeBlob(layout, manifest);
  await writeFile(join(layout, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  await writeFile(
    join(layout, "index.json"),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", ...m, annotations: { "org.opencontainers.image.ref.name": "v1" } }] }),
  );
  return { digest: m.digest, bytes: layers.reduce((n, l) => n + l.size, 0) };
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
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

/** A fresh docker-registry (JSON is valid YAML for its config). */
async function startRegistry(work, name) {
  const port = await freePort();
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  const config = { version: 0.1, log: { level: "error", accesslog: { disabled: true } }, storage: { filesystem: { rootdirectory: join(dir, "data") } }, http: { addr: `127.0.0.1:${port}`, secret: "bench" } };
  await writeFile(join(dir, "config.yml"), JSON.stringify(config));
  const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: "ignore" });
  await waitForPort(port);
  return { host: `127.0.0.1:${port}`, stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) };
}

/** Runs a command, returning wall seconds and peak RSS in MiB (from the probe for node, /usr/bin/time for others). */
async function timed(label, cmd, args, env = {}) {
  const rssFile = join(tmpdir(), `stella-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const useTime = cmd !== process.execPath;
  const argv = useTime ? ["-f", "%M", "-o", rssFile, cmd, ...args] : args;
  let stderr = "";
  const started = process.hrtime.bigint();
  const code = await new Promise((r) => {
    const child = spawn(useTime ? "/usr/bin/time" : cmd, argv, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true", NODE_NO_WARNINGS: "1", STELLA_BENCH_RSS_FILE: rssFile, ...env } });
    child.stderr.on("data", (d) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on("exit", (c) => r(c));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${label} failed with exit code ${code}:\n${stderr}`);
  const rssKiB = Number((await readFile(rssFile, "utf8")).trim().split("\n").pop());
  await rm(rssFile, { force: true });
  console.log(`  ${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s   peak RSS ${(rssKiB / 1024).toFixed(0).padStart(4)} MiB`);
  return { seconds, rssMiB: rssKiB / 1024 };
}

if (values["make-layout"]) {
  console.log(await makeLayout(resolve(values["make-layout"])));
  process.exit(0);
}

const work = await mkdtemp(join(tmpdir(), "stella-bench-oci-copy-"));
try {
  const t0 = Date.now();
  const src = join(work, "src");
  const { digest, bytes } = await makeLayout(src);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`layout: ${LAYERS} layers, ${(bytes / 1024 / 1024).toFixed(0)} MiB of incompressible data, ${digest} (made in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // A private copy of the built CLI (its directory: the bundle may be split into chunks), so a
  // concurrent `npm run build` cannot pull it away mid-run.
  const cliDir = join(work, "cli");
  await cp(dirname(stella), cliDir, { recursive: true }).catch(() => {
    throw new Error(`${stella} is missing: run npm run build first`);
  });
  await writeFile(join(cliDir, "package.json"), JSON.stringify({ type: "module" }));
  const cli = join(cliDir, basename(stella));
  // Run the CLI as the installed `stella` runs: with the node flags of its shebang line.
  const shebang = (await readFile(cli, "utf8")).split("\n", 1)[0] ?? "";
  const nodeFlags = /^#!\/usr\/bin\/env -S node (.*)$/.exec(shebang)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  const probe = [...nodeFlags, "--import", join(import.meta.dirname, "rss-probe.mjs"), cli];
  // Rounds alternate which tool goes first; the best time of each tool counts (the machine is shared).
  const results = {};
  const ROUNDS = Number(values.rounds);
  for (let round = 0; round < ROUNDS; round++) {
    for (const tool of round % 2 === 0 ? ["stella", "skopeo"] : ["skopeo", "stella"]) {
      const reg = await startRegistry(work, `registry-${tool}-${round}`);
      const remote = `docker://${reg.host}/bench/${tool}:v1`;
      const backDir = join(work, `back-${tool}-${round}`);
      const back = `oci:${backDir}:v1`;
      console.log(`${tool} (round ${round + 1}):`);
      try {
        const push =
          tool === "stella"
            ? await timed("layout -> registry", process.execPath, [...probe, "copy", `oci:${src}:v1`, remote])
            : await timed("layout -> registry", "skopeo", ["copy", "-q", "--dest-tls-verify=false", `oci:${src}:v1`, remote]);
        const pull =
          tool === "stella"
            ? await timed("registry -> layout", process.execPath, [...probe, "copy", remote, back])
            : await timed("registry -> layout", "skopeo", ["copy", "-q", "--src-tls-verify=false", remote, back]);
        const copied = JSON.parse(await readFile(join(backDir, "index.json"), "utf8")).manifests[0].digest;
        if (copied !== digest) throw new Error(`${tool} round trip changed the digest: ${copied} != ${digest}`);
        const prev = results[tool];
        const seconds = push.seconds + pull.seconds;
        results[tool] = { seconds: Math.min(seconds, prev?.seconds ?? Infinity), rss: Math.max(push.rssMiB, pull.rssMiB, prev?.rss ?? 0), runs: [...(prev?.runs ?? []), seconds] };
      } finally {
        await reg.stop();
        await rm(join(work, `registry-${tool}-${round}`), { recursive: true, force: true });
        await rm(backDir, { recursive: true, force: true });
      }
    }
  }
  const ratio = results.stella.seconds / results.skopeo.seconds;
  console.log("");
  const runs = (t) => results[t].runs.map((x) => x.toFixed(2)).join(", ");
  console.log(`stella copy  best ${results.stella.seconds.toFixed(2)} s (runs ${runs("stella")}), peak RSS ${results.stella.rss.toFixed(0)} MiB (target < 150 MiB)`);
  console.log(`skopeo copy  best ${results.skopeo.seconds.toFixed(2)} s (runs ${runs("skopeo")}), peak RSS ${results.skopeo.rss.toFixed(0)} MiB`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`ratio stella/skopeo: ${ratio.toFixed(2)}x (target <= 1.00x)  digests identical: yes`);
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
