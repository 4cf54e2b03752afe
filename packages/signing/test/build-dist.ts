// Builds just the bundles these e2e tests run (sign-image, verify-image, sign-blob, the CLI) with the
// options of scripts/build.mjs into .cache/signing-e2e/ (git-ignored), not dist/: in the shared work
// tree anyone's `npm run build` wipes dist/ while it rebuilds, which must not break this test run.
// runAction is given the private bundle's path (its `script` option), so dist/ is never written.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { repoRoot } from "../../../test/helpers/run-action.js";

export const PRIVATE_DIR = join(repoRoot, ".cache/signing-e2e");
export const PRIVATE_CLI = join(PRIVATE_DIR, "cli/stella.js");

export async function buildDist(actions: string[]): Promise<void> {
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version: string };
  await mkdir(PRIVATE_DIR, { recursive: true });
  await writeFile(join(PRIVATE_DIR, "package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
  const banner =
    'import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __filename = __stellaFileURLToPath(import.meta.url); const __dirname = __stellaDirname(__filename);';
  const common = {
    bundle: true,
    platform: "node" as const,
    target: "node24",
    format: "esm" as const,
    legalComments: "none" as const,
    logLevel: "error" as const,
    keepNames: true,
    tsconfig: join(repoRoot, "tsconfig.json"),
    absWorkingDir: repoRoot,
    define: { STELLA_VERSION: JSON.stringify(pkg.version) },
    banner: { js: banner },
    external: ["bufferutil", "utf-8-validate", "xmlbuilder2", "libxmljs2"],
  };
  await Promise.all([
    ...actions.map((a) => build({ ...common, entryPoints: [join(repoRoot, "actions", a, "main.ts")], outfile: join(PRIVATE_DIR, a, "index.js") })),
    build({ ...common, entryPoints: [join(repoRoot, "packages/cli/src/main.ts")], outfile: PRIVATE_CLI, banner: { js: `#!/usr/bin/env node\n${banner}` } }),
  ]);
}

/** runCli's twin for the private CLI bundle. */
export async function runPrivateCli(args: string[], options: { env?: Record<string, string> } = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [PRIVATE_CLI, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", CI: "true", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number>((r) => child.on("close", (code) => r(code ?? 1)));
  return { exitCode, stdout, stderr };
}
