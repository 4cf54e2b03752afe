import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findOnPath, validateProfiles } from "@stella/profiles";

// helm is not installed here; a stand-in script on PATH proves the render-then-validate path
// (arguments passed, output validated as manifests, errors placed in the rendered text).
describe("validate-profiles with helm on PATH", () => {
  it("renders values with `helm template NAME CHART -f VALUES` and validates the output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-helm-"));
    const bin = join(dir, "bin");
    await mkdir(bin);
    await mkdir(join(dir, "chart"));
    await writeFile(join(dir, "chart/Chart.yaml"), "apiVersion: v2\nname: stellaops\nversion: 0.1.0\n");
    await writeFile(join(dir, "chart/values-stable.yaml"), "image:\n  repository: registry.stella-ops.org/stellaops/api\n");
    await writeFile(join(dir, "args"), "");
    await writeFile(
      join(bin, "helm"),
      `#!/bin/sh\necho "$@" > ${join(dir, "args")}\ncat <<'YAML'\n---\n# Source: stellaops/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: many\n  selector: {}\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.stella-ops.org/stellaops/api\nYAML\n`,
    );
    await chmod(join(bin, "helm"), 0o755);
    const helm = await findOnPath("helm", `${join(dir, "nope")}:${bin}`);
    expect(helm).toBe(join(bin, "helm"));
    const r = await validateProfiles({ profiles: ["chart/values-stable.yaml"], cwd: dir, ...(helm ? { helm } : {}) });
    expect(r.validated).toEqual([{ file: join(dir, "chart/values-stable.yaml"), kind: "helm", rendered: true }]);
    expect(r.findings.map((f) => `${f.file.split("/").pop()}:${f.line} ${f.message}`)).toEqual(["values-stable.yaml (helm template chart):8 Kubernetes apps/v1 Deployment: spec.replicas must be integer"]);
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(join(dir, "args"), "utf8")).trim()).toBe(`template stella ${join(dir, "chart")} -f ${join(dir, "chart/values-stable.yaml")}`);
  });
});
