// Installs workflows/*.yml into .github/workflows (verbatim, marks removed) and
// .gitea/workflows (rewritten: packages/pipeline/src/forge-workflows.ts says how and why).
// `--check` writes nothing and exits 1 naming every stale copy (a test runs it).
import { build } from "esbuild";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");
const bundle = join(root, ".cache/forge-workflows.mjs");
await build({ entryPoints: [join(root, "packages/pipeline/src/forge-workflows.ts")], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "error" });
const { githubWorkflow, giteaWorkflow } = await import(pathToFileURL(bundle).href);

const stale = [];
for (const name of (await readdir(join(root, "workflows"))).filter((f) => f.endsWith(".yml")).sort()) {
  const text = await readFile(join(root, "workflows", name), "utf8");
  for (const [dir, render] of [[".github/workflows", githubWorkflow], [".gitea/workflows", giteaWorkflow]]) {
    const target = join(root, dir, name);
    const want = render(name, text);
    const have = await readFile(target, "utf8").catch(() => null);
    if (have === want) continue;
    stale.push(`${dir}/${name}`);
    if (!check) {
      await mkdir(join(root, dir), { recursive: true });
      await writeFile(target, want);
    }
  }
}
if (check && stale.length) {
  console.error(`stale workflow copies (run node scripts/gen-workflows.mjs):\n  ${stale.join("\n  ")}`);
  process.exit(1);
}
console.log(check ? "workflow copies are in sync" : `wrote ${stale.length} workflow copies`);
