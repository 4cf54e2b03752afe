// Splits each action into its own tree so `uses: stella/<action>@v1` works (issue 10):
// <out>/<action>/{action.yml (main: dist/index.js), dist/index.js, dist/package.json, README.md},
// a git repository with one commit per version, tags vX.Y.Z and a moved vX.
// usage: node scripts/split-actions.mjs --out DIR --version vX.Y.Z [--only NAME]
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readdir, readFile, rm, writeFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { out: { type: "string" }, version: { type: "string" }, only: { type: "string" } } });
if (!values.out || !values.version || !/^v?\d+\.\d+\.\d+$/.test(values.version)) {
  console.error("usage: node scripts/split-actions.mjs --out DIR --version vX.Y.Z [--only NAME]");
  process.exit(2);
}
const version = values.version.startsWith("v") ? values.version : `v${values.version}`;
const major = version.split(".")[0];
const out = resolve(values.out);

function table(entries, cols) {
  const rows = Object.entries(entries ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (!rows.length) return "_none_\n";
  const head = `| ${cols.join(" | ")} |\n| ${cols.map(() => "---").join(" | ")} |\n`;
  return head + rows.map(([k, v]) => `| \`${k}\` | ${String(v?.description ?? "").replace(/\n/g, " ").replace(/\|/g, "\\|")} |${cols.length > 2 ? ` ${v?.required ? "yes" : "no"} | ${v?.default === undefined ? "" : `\`${v.default}\``} |` : ""}`).join("\n") + "\n";
}

function readme(name, action) {
  return `# ${action.name ?? name}\n\n${action.description ?? ""}\n\n\`\`\`yaml\n- uses: stella/${name}@${major}\n\`\`\`\n\n## Inputs\n\n${table(action.inputs, ["input", "description", "required", "default"])}\n## Outputs\n\n${table(action.outputs, ["output", "description"])}\nGenerated from \`actions/${name}/action.yml\` of the Stella release actions, ${version}.\n`;
}

const git = (cwd, ...args) => execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GIT_AUTHOR_NAME: "stella-release", GIT_AUTHOR_EMAIL: "release@stella.invalid", GIT_COMMITTER_NAME: "stella-release", GIT_COMMITTER_EMAIL: "release@stella.invalid", GIT_AUTHOR_DATE: "@0 +0000", GIT_COMMITTER_DATE: "@0 +0000" } }).toString();

const names = [];
for (const name of (await readdir(join(root, "actions"))).sort()) {
  if (name.startsWith("_") || (values.only && values.only !== name)) continue;
  try {
    await stat(join(root, "actions", name, "action.yml"));
    await stat(join(root, "dist", name, "index.js"));
  } catch {
    continue;
  }
  const action = parse(await readFile(join(root, "actions", name, "action.yml"), "utf8"));
  const dir = join(out, name);
  await mkdir(join(dir, "dist"), { recursive: true });
  try {
    await stat(join(dir, ".git"));
  } catch {
    git(dir, "init", "-q", "-b", "main");
  }
  const actionYml = (await readFile(join(root, "actions", name, "action.yml"), "utf8")).replace(/main:\s*\S*dist\/[^/\s]+\/index\.js/, "main: dist/index.js");
  await writeFile(join(dir, "action.yml"), actionYml);
  await copyFile(join(root, "dist", name, "index.js"), join(dir, "dist/index.js"));
  await writeFile(join(dir, "dist/package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
  await writeFile(join(dir, "README.md"), readme(name, action));
  git(dir, "add", "-A");
  if (git(dir, "status", "--porcelain").trim()) git(dir, "commit", "-q", "-m", `${name} ${version}`);
  git(dir, "tag", "-f", version);
  git(dir, "tag", "-f", major);
  names.push(name);
}
await rm(join(out, ".tmp"), { recursive: true, force: true });
console.log(`split ${names.length} actions into ${out} at ${version} (${major} moved): ${names.join(", ")}`);
