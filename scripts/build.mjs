// Bundles every action (actions/<name>/main.ts -> dist/<name>/index.js) and the CLI
// (packages/cli/src/main.ts -> dist/cli/stella.js) with esbuild. Deterministic: sorted
// inputs, no timestamps, no absolute paths; CI rebuilds and fails on `git diff dist`.
import { build } from "esbuild";
import { chmod, readdir, readFile, rm, mkdir, writeFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

async function exists(p) {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

const actionNames = [];
for (const name of (await readdir(join(root, "actions"))).sort()) {
  if (name.startsWith("_")) continue;
  if (await exists(join(root, "actions", name, "main.ts"))) actionNames.push(name);
}

await import("./gen-commands.mjs");
await (await import("./gen-validators.mjs")).writeValidators();

const common = {
  bundle: true,
  platform: "node",
  target: "node24",
  format: "esm",
  legalComments: "none",
  logLevel: "warning",
  sourcemap: false,
  minify: false,
  keepNames: true,
  tsconfig: join(root, "tsconfig.json"),
  absWorkingDir: root,
  // CommonJS dependencies read the free globals __filename/__dirname: point them at the bundle's own
  // (esbuild's define replaces only unbound uses, so ESM modules declaring their own keep theirs).
  define: { STELLA_VERSION: JSON.stringify(pkg.version), __filename: "__stellaFilename", __dirname: "__stellaDirnameValue" },
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: 'import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);',
  },
  // Optional native accelerators some dependencies probe for; never needed.
  // (xmlbuilder2/libxmljs2: optional XML plugins @cyclonedx/cyclonedx-library probes for; SBOMs use JSON.)
  external: ["bufferutil", "utf-8-validate", "xmlbuilder2", "libxmljs2"],
  // ajv-formats-draft2019 requires "punycode", which Node resolves to its deprecated built-in (a
  // DeprecationWarning on every start); bundle the userland package of the same API instead.
  alias: { punycode: "punycode/" },
};

await rm(join(root, "dist"), { recursive: true, force: true });
await mkdir(join(root, "dist"), { recursive: true });
await writeFile(join(root, "dist/package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");

const jobs = actionNames.map((name) =>
  build({ ...common, entryPoints: [join(root, "actions", name, "main.ts")], outfile: join(root, "dist", name, "index.js") }),
);
jobs.push(
  build({
    ...common,
    entryPoints: { stella: join(root, "packages/cli/src/main.ts") },
    // One chunk per command (loaded on use) plus shared chunks: content-hashed names, deterministic.
    splitting: true,
    outdir: join(root, "dist/cli"),
    chunkNames: "chunks/[name]-[hash]",
    // The installed `stella` runs with 2 MiB young-generation semi-spaces: copies stream 64 KiB
    // chunks, and with V8's default 16 MiB their garbage lingers (a 500 MiB pull peaked at ~150 MiB
    // RSS; with this flag ~120 MiB at the same speed, bench/oci-copy). `node dist/cli/stella.js`
    // without the flag works the same, with the default heap.
    banner: { js: "#!/usr/bin/env -S node --max-semi-space-size=2\n" + common.banner.js },
  }),
);
await Promise.all(jobs);
await chmod(join(root, "dist/cli/stella.js"), 0o755);
console.log(`built ${actionNames.length} actions and the CLI into dist/`);
