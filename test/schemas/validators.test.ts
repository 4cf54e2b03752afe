import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkReleaseManifest, parseFragment } from "@stella/release";
import { validateCompose } from "../../packages/profiles/src/validate.js";
import { parseSourceFile } from "../../packages/profiles/src/yaml-tree.js";
import { repoRoot } from "../helpers/run-action.js";

interface Generator {
  validatorSources(): Promise<Record<string, string>>;
}

describe("schema validators compiled at build time (scripts/gen-validators.mjs)", () => {
  it("the committed generated modules are what the schemas and the generator give now", async () => {
    const gen = (await import(join(repoRoot, "scripts/gen-validators.mjs"))) as Generator;
    const sources = await gen.validatorSources();
    expect(Object.keys(sources).length).toBe(4);
    for (const [path, text] of Object.entries(sources)) {
      expect(readFileSync(join(repoRoot, path), "utf8"), `${path} is stale: run node scripts/gen-validators.mjs`).toBe(text);
    }
  });

  it("release manifest: formats (ajv-formats) and patterns still apply", () => {
    const good = JSON.parse(readFileSync(join(repoRoot, "test/fixtures/release/release.json"), "utf8")) as Record<string, unknown>;
    expect(checkReleaseManifest(good).problems).toEqual([]);
    const bad = structuredClone(good) as { manifest: { released_at?: string; services: { digest: string }[] } };
    bad.manifest.released_at = "yesterday";
    bad.manifest.services[0].digest = "sha256:short";
    const pointers = checkReleaseManifest(bad).problems.map((p) => p.pointer);
    expect(pointers).toContain("/manifest/released_at");
    expect(pointers).toContain("/manifest/services/0/digest");
  });

  it("fragment: its $ref into the manifest schema resolves", () => {
    const service = { service_id: "api", name: "api", image: "registry.example/api", digest: `sha256:${"a".repeat(64)}`, version: "1.0.0" };
    expect(parseFragment({ fragment_version: 1, service }, "f.json").service.service_id).toBe("api");
    expect(() => parseFragment({ fragment_version: 1, service: { ...service, digest: "sha256:x" } }, "f.json")).toThrow(/\/service\/digest/);
    expect(() => parseFragment({ fragment_version: 2, service }, "f.json")).toThrow(/fragment_version/);
  });

  it("compose: the custom formats (durations, ports) are defined in the generated module", () => {
    const ok = "services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n    healthcheck:\n      interval: 1m30s\n";
    expect(validateCompose(parseSourceFile("ok.yml", ok))).toEqual([]);
    const bad = "services:\n  web:\n    image: nginx\n    healthcheck:\n      interval: soon\n    bogus: 1\n";
    const messages = validateCompose(parseSourceFile("bad.yml", bad)).map((f) => f.message);
    expect(messages.join("\n")).toMatch(/interval/);
    expect(messages.join("\n")).toMatch(/bogus/);
  });
});
