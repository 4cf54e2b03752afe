// A deterministic ~1 GiB image for the "peak RSS under 200 MB for a 1 GB image" target of
// issue 4 (bench/sbom/run.mjs --big). Same inputs, same bytes: contents come from AES-256-CTR
// keystreams keyed by a label, tar headers have mtime 0 and uid/gid 0, gzip levels are fixed.
//
//   layer 1  os:    etc/os-release, var/lib/dpkg/status with 400 stanzas, 40 000 small text files
//   layer 2  node:  opt/app/node_modules with 3 000 packages (package.json + index.js each)
//   layer 3  bin:   3 x 256 MiB incompressible files, one executable with an ELF magic (the Go
//                   scanner reads it end to end looking for build info)
//   layer 4  more:  one 128 MiB file and whiteouts of one npm package and 100 small files
//
// Written as an OCI layout (tag `big`) and an oci-archive (the tar of that layout).
import { createCipheriv, createHash } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pack } from "tar-stream";

const run = promisify(execFile);
const VERSION = 2; // bump when the contents below change (the cache is keyed by it)
export const BIG = { dpkgStanzas: 400, smallFiles: 40_000, npmPackages: 3_000, bigFiles: 3, bigFileMiB: 256, lastFileMiB: 128, whiteouts: 101 };

/** A deterministic byte stream: AES-256-CTR of zeros under a key derived from `label`. */
function keystream(label) {
  const key = createHash("sha256").update(label).digest();
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  const zero = Buffer.alloc(1 << 20);
  return (n) => (n <= zero.length ? cipher.update(zero.subarray(0, n)) : cipher.update(Buffer.alloc(n)));
}

const header = (name, size, mode = 0o644) => ({ name, size, mode, mtime: new Date(0), uid: 0, gid: 0, uname: "", gname: "" });

/** Writes one gzip'd tar layer, returning its descriptor (digest of the compressed blob, diff_id). */
async function writeLayer(dir, level, fill) {
  const tmp = join(dir, `layer-${process.pid}.tmp`);
  const blobHash = createHash("sha256");
  const diffHash = createHash("sha256");
  let size = 0;
  const p = pack();
  const tap = (h, count) => new Transform({ transform(chunk, _e, cb) { h.update(chunk); if (count) size += chunk.length; cb(null, chunk); } });
  const done = pipeline(p, tap(diffHash, false), createGzip({ level }), tap(blobHash, true), createWriteStream(tmp));
  const small = (name, body, mode) => new Promise((res, rej) => p.entry(header(name, body.length, mode), body, (e) => (e ? rej(e) : res())));
  const big = async (name, bytes, label, mode) => {
    const next = keystream(label);
    const entry = p.entry(header(name, bytes, mode));
    for (let left = bytes; left > 0; ) {
      const n = Math.min(left, 1 << 20);
      const chunk = next(n);
      if (left === bytes && mode & 0o111) chunk.write("\x7fELF", 0, "latin1");
      if (!entry.write(chunk)) await once(entry, "drain");
      left -= n;
    }
    entry.end();
    await once(entry, "finish");
  };
  await fill({ small, big });
  p.finalize();
  await done;
  const digest = `sha256:${blobHash.digest("hex")}`;
  await rename(tmp, join(dir, "blobs/sha256", digest.slice(7)));
  return { desc: { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest, size }, diffId: `sha256:${diffHash.digest("hex")}` };
}

const WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu".split(" ");

function textOf(next, bytes) {
  const r = next(bytes);
  let s = "";
  for (let i = 0; s.length < bytes; i++) s += WORDS[r[i % r.length] % WORDS.length] + ((r[(i + 7) % r.length] & 15) === 0 ? "\n" : " ");
  return Buffer.from(s.slice(0, bytes));
}

async function osLayer({ small }) {
  await small("etc/os-release", Buffer.from('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'));
  const stanzas = [];
  for (let i = 0; i < BIG.dpkgStanzas; i++) {
    stanzas.push(`Package: bigpkg-${String(i).padStart(4, "0")}\nStatus: install ok installed\nPriority: optional\nSection: misc\nInstalled-Size: ${100 + i}\nMaintainer: Bench <bench@example.invalid>\nArchitecture: amd64\nVersion: 1.${i % 17}.${i}-1\nDescription: generated package ${i}\n synthetic stanza for the 1 GiB bench image\n`);
  }
  await small("var/lib/dpkg/status", Buffer.from(stanzas.join("\n")));
  const next = keystream("small-files");
  for (let i = 0; i < BIG.smallFiles; i++) {
    const size = 512 + (next(2).readUInt16BE(0) % 3584);
    await small(`usr/share/bench/d${String(i % 400).padStart(3, "0")}/f${String(i).padStart(5, "0")}.txt`, textOf(next, size));
  }
}

async function nodeLayer({ small }) {
  const next = keystream("npm");
  for (let i = 0; i < BIG.npmPackages; i++) {
    const name = i % 5 === 0 ? `@bench/pkg-${i}` : `pkg-${i}`;
    const pj = { name, version: `${i % 9}.${i % 13}.${i}`, license: ["MIT", "ISC", "Apache-2.0", "BSD-3-Clause"][i % 4], description: `generated package ${i}`, main: "index.js" };
    await small(`opt/app/node_modules/${name}/package.json`, Buffer.from(JSON.stringify(pj, null, 2)));
    await small(`opt/app/node_modules/${name}/index.js`, textOf(next, 1500));
  }
}

async function binLayer({ big }) {
  for (let i = 0; i < BIG.bigFiles; i++) await big(`opt/data/blob-${i}.bin`, BIG.bigFileMiB << 20, `big-${i}`, i === 0 ? 0o755 : 0o644);
}

async function moreLayer({ small, big }) {
  await big("opt/data/extra.bin", BIG.lastFileMiB << 20, "extra", 0o644);
  await small("opt/app/node_modules/.wh.pkg-1", Buffer.alloc(0));
  for (let i = 0; i < BIG.whiteouts - 1; i++) await small(`usr/share/bench/d${String(i % 400).padStart(3, "0")}/.wh.f${String(i).padStart(5, "0")}.txt`, Buffer.alloc(0));
}

async function putJson(dir, value, mediaType) {
  const bytes = Buffer.from(JSON.stringify(value));
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  await writeFile(join(dir, "blobs/sha256", digest.slice(7)), bytes);
  return { mediaType, digest, size: bytes.length };
}

/** Expected component counts of the generated image (after the whiteouts). */
export const BIG_EXPECTED = { deb: BIG.dpkgStanzas, npm: BIG.npmPackages - 1 };

/** Builds (or reuses) the image under `work`: { layout, archive, layers (blob paths), bytes }. */
export async function bigImage(work) {
  const dir = join(work, `big-v${VERSION}`);
  const layout = join(dir, "layout");
  const archive = join(dir, "big.oci.tar");
  if (!existsSync(join(dir, "done.json"))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(layout, "blobs/sha256"), { recursive: true });
    const started = Date.now();
    const layers = [];
    for (const [fill, level] of [[osLayer, 6], [nodeLayer, 6], [binLayer, 1], [moreLayer, 1]]) {
      layers.push(await writeLayer(layout, level, fill));
      console.error(`big image: layer ${layers.length} ${layers.at(-1).desc.digest.slice(0, 19)} ${(layers.at(-1).desc.size / 1048576).toFixed(0)} MiB (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    const config = await putJson(layout, { architecture: "amd64", os: "linux", created: "2026-01-01T00:00:00Z", rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) }, config: {} }, "application/vnd.oci.image.config.v1+json");
    const manifest = await putJson(layout, { schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config, layers: layers.map((l) => l.desc) }, "application/vnd.oci.image.manifest.v1+json");
    await writeFile(join(layout, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
    await writeFile(join(layout, "index.json"), JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{ ...manifest, annotations: { "org.opencontainers.image.ref.name": "big" } }] }));
    await run("tar", ["-C", layout, "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", archive, "."]);
    await writeFile(join(dir, "done.json"), JSON.stringify({ layers: layers.map((l) => l.desc.digest) }));
  }
  const { layers } = JSON.parse(await readFile(join(dir, "done.json"), "utf8"));
  const paths = layers.map((d) => join(layout, "blobs/sha256", d.slice(7)));
  let bytes = 0;
  for (const p of paths) bytes += (await stat(p)).size;
  return { layout: `oci:${layout}:big`, archive: `oci-archive:${archive}:big`, layers: paths, bytes };
}
