import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { repoRoot } from "../helpers/run-action.js";

// Every action's metadata is what the runners read: strict YAML (GitHub's parser refuses
// "a: b: c" in plain scalars), node24, a main inside dist/, every input and output described.
const actions = readdirSync(join(repoRoot, "actions"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
  .map((d) => d.name)
  .sort();

describe.each(actions)("actions/%s/action.yml", (name) => {
  const text = readFileSync(join(repoRoot, "actions", name, "action.yml"), "utf8");
  const doc = parseDocument(text, { strict: true, uniqueKeys: true });

  it("is strict YAML with a name, description, node24 runtime and a bundled main", () => {
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const meta = doc.toJS() as { name?: string; description?: string; runs?: { using?: string; main?: string } };
    expect(meta.name).toBeTruthy();
    expect(meta.description).toBeTruthy();
    expect(meta.runs?.using).toBe("node24");
    expect(meta.runs?.main).toBe(`../../dist/${name}/index.js`);
    expect(existsSync(join(repoRoot, "actions", name, "main.ts")), "a thin main.ts entry point").toBe(true);
  });

  it("describes every input and output", () => {
    const meta = doc.toJS() as { inputs?: Record<string, { description?: string }>; outputs?: Record<string, { description?: string }> };
    const undocumented = [...Object.entries(meta.inputs ?? {}), ...Object.entries(meta.outputs ?? {})].filter(([, v]) => !v?.description).map(([k]) => k);
    expect(undocumented).toEqual([]);
  });
});
