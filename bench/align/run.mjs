// bench/align: check-channel-alignment over 5,000 profile files holding 50,000 image
// references (Compose, Helm values, rendered Kubernetes manifests in equal parts), beside
// the floor: reading and parsing the same files with the `yaml` package alone.
// Target: ours within 1.5x of the floor. Run: node bench/align/run.mjs [files] [refsPerFile]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const root = resolve(import.meta.dirname, "../..");
const FILES = Number(process.argv[2] ?? 5000);
const PER_FILE = Number(process.argv[3] ?? 10);
const SERVICES = 50;
const RUNS = 3;

const digest = (s) => `sha256:${createHash("sha256").update(s).digest("hex")}`;
const services = Array.from({ length: SERVICES }, (_, i) => ({ service_id: `svc-${i}`, image: `registry.stella-ops.org/stellaops/svc-${i}`, tag: "2025.10.0", digest: digest(`svc-${i}`), version: "2025.10.0" }));

function compose(n) {
  const lines = [`# compose profile ${n}`, "services:"];
  for (let j = 0; j < PER_FILE; j++) {
    const s = services[(n * PER_FILE + j) % SERVICES];
    lines.push(`  ${s.service_id}-${j}:`, `    image: ${s.image}:${s.tag}@${s.digest}`, "    restart: unless-stopped", "    environment:", `      LOG_LEVEL: info`, "    ports:", `      - "${8000 + j}:8080"`);
  }
  return lines.join("\n") + "\n";
}

function helm(n) {
  const lines = [`# values ${n}`, "global:", '  imageRegistry: ""'];
  for (let j = 0; j < PER_FILE; j++) {
    const s = services[(n * PER_FILE + j) % SERVICES];
    const [registry, ...repo] = s.image.split("/");
    lines.push(`component${j}:`, "  replicaCount: 2", "  image:", `    registry: ${registry}`, `    repository: ${repo.join("/")}`, `    tag: "${s.tag}"`, `    digest: "${s.digest}"`, "    pullPolicy: IfNotPresent", "  resources: {}");
  }
  return lines.join("\n") + "\n";
}

function k8s(n) {
  const docs = [];
  for (let j = 0; j < PER_FILE; j++) {
    const s = services[(n * PER_FILE + j) % SERVICES];
    docs.push(
      ["apiVersion: apps/v1", "kind: Deployment", "metadata:", `  name: d${n}-${j}`, "spec:", "  replicas: 1", "  selector:", `    matchLabels: { app: d${j} }`, "  template:", "    metadata:", `      labels: { app: d${j} }`, "    spec:", "      containers:", `        - name: c${j}`, `          image: ${s.image}:${s.tag}@${s.digest}`, "          ports:", "            - containerPort: 8080"].join("\n"),
    );
  }
  return docs.join("\n---\n") + "\n";
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), "stella-bench-align-"));
  const outfile = join(work, "profiles.mjs");
  await build({
    entryPoints: [join(root, "packages/profiles/src/index.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    outfile,
    tsconfig: join(root, "tsconfig.json"),
    logLevel: "warning",
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
  const { alignProfiles } = await import(pathToFileURL(outfile).href);

  const dir = join(work, "profiles");
  const paths = [];
  for (let n = 0; n < FILES; n++) {
    const kind = n % 3;
    const sub = join(dir, String(n % 100));
    await mkdir(sub, { recursive: true });
    const p = join(sub, kind === 0 ? `docker-compose-${n}.yaml` : kind === 1 ? `values-${n}.yaml` : `rendered-${n}.yaml`);
    await writeFile(p, kind === 0 ? compose(n) : kind === 1 ? helm(n) : k8s(n));
    paths.push(p);
  }
  const manifestPath = join(work, "release.json");
  await writeFile(manifestPath, JSON.stringify({ manifest: { release_id: "bench-2025.10.0", version: "2025.10.0", services }, channels: [{ channel_id: "stable", name: "Stable", current_version: "2025.10.0" }] }, null, 2));

  async function floor() {
    let docs = 0;
    for (const p of paths) docs += parseAllDocuments(await readFile(p, "utf8")).length;
    return docs;
  }
  async function ours() {
    const r = await alignProfiles({ manifestPath, channel: "stable", profiles: paths, cwd: work });
    if (r.findings.length !== 0) throw new Error(`expected an aligned set, got ${r.findings.length} findings, first: ${r.findings[0].message}`);
    return r.imagesChecked;
  }
  const time = async (fn) => {
    const t = performance.now();
    const v = await fn();
    return { ms: performance.now() - t, v };
  };
  // Warm-up once each (JIT, file cache), then the best of RUNS, alternating.
  await floor();
  const refs = (await ours());
  let bestFloor = Infinity;
  let bestOurs = Infinity;
  for (let i = 0; i < RUNS; i++) {
    bestFloor = Math.min(bestFloor, (await time(floor)).ms);
    bestOurs = Math.min(bestOurs, (await time(ours)).ms);
  }
  console.log(`profiles: ${paths.length} files, ${refs} image references checked (${SERVICES} manifest services)`);
  console.log(`floor  (yaml parseAllDocuments of the same files): ${bestFloor.toFixed(0)} ms`);
  console.log(`ours   (stella align: parse + positions + extract + check): ${bestOurs.toFixed(0)} ms`);
  console.log(`ratio  ${(bestOurs / bestFloor).toFixed(2)}x (target <= 1.5x)`);
  await rm(work, { recursive: true, force: true });
}

await main();
