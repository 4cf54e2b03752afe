import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Example deployment profiles (deployment-profiles.md): a Compose bundle and Helm values
 * that name the example services by tag, as a team writes them before a release; the
 * pipeline's alignment stage pins them to the manifest's digests with --fix, then checks.
 */
export async function writeExampleProfiles(dir: string, services: { name: string; image: string; version: string }[]): Promise<string[]> {
  await mkdir(join(dir, "compose"), { recursive: true });
  await mkdir(join(dir, "helm"), { recursive: true });
  const compose = [
    "# Stella Ops core stack, production profile (deployment-profiles.md).",
    "services:",
    ...services.flatMap((s) => [`  ${s.name}:`, `    image: ${s.image}:${s.version}`, "    restart: unless-stopped"]),
    "",
  ].join("\n");
  const values = [
    "# Helm values for the stellaops chart, production profile.",
    ...services.flatMap((s) => [`${s.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}:`, "  image:", `    repository: ${s.image}`, `    tag: "${s.version}"`]),
    "",
  ].join("\n");
  const files = [join(dir, "compose", "docker-compose.prod.yaml"), join(dir, "helm", "values-prod.yaml")];
  await writeFile(files[0], compose);
  await writeFile(files[1], values);
  return files;
}
