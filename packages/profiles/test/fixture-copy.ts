import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const FIXTURES = resolve(import.meta.dirname, "../../../test/fixtures/profiles");

export const DIGESTS = {
  orchestrator: "sha256:efa0f9ff17b6fc5dcc3a7ea124bf3a8a5f07985bd6566d61b427bcf07df47ae7",
  "policy-engine": "sha256:a5f4ef6e17c980a9145b6b5d7037a206d0ec65f4a1960daa2b3249f56d511546",
  scanner: "sha256:68902e838ca5567e1f1febaaccd204e7ab20d74271dd966ecb27530013a592a5",
  "findings-ledger": "sha256:6dc9f99143e7736e3f6b57f7cadb57cae10cfd3a19a01e512a6797daded35150",
  "vex-lens": "sha256:9fba74717b9033f125a3397d3de0b45e424b4aa227fb618561b8b610467d77a8",
  concelier: "sha256:33bf7fd3afaf6f53180a363be8ebb1cbc4290e11da1eefec74b2317cc65c333d",
} as const;

export const OTHER_DIGEST = "sha256:6671be54e3342096139a7f0d71c7945b5d3e34472eddf0f91d5c93964dd6e0a4";

export const PROFILES = ["compose/docker-compose.yaml+compose/docker-compose.telemetry.yaml", "helm/values-stable.yaml", "helm/values-airgap.yaml", "k8s/rendered.yaml"];
export const MIRRORS = [{ from: "registry.stella-ops.org", to: "mirror.airgap.local:5000" }];

/** A private copy of the profile fixtures to edit. */
export async function copyFixtures(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stella-profiles-"));
  await cp(FIXTURES, dir, { recursive: true });
  return dir;
}

/** Replaces one exact occurrence of `from` in a file (fails when it is not there exactly once). */
export async function edit(dir: string, file: string, from: string, to: string, nth = 0): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, "utf8");
  const parts = text.split(from);
  if (parts.length - 1 <= nth) throw new Error(`${file}: "${from}" found ${parts.length - 1} times`);
  const before = parts.slice(0, nth + 1).join(from);
  const after = parts.slice(nth + 1).join(from);
  await writeFile(path, before + to + after);
}

/** 1-based line of the nth occurrence of `needle` in a file. */
export async function lineOf(dir: string, file: string, needle: string, nth = 0): Promise<number> {
  const text = await readFile(join(dir, file), "utf8");
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  return text.slice(0, at).split("\n").length;
}
