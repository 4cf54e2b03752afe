import type { WalkResult } from "./layer-walker.js";
import type { CatalogContext, Cataloger, Component, Warning } from "./types.js";
import { distroOf } from "./catalogers/os-release.js";

/** Stable order for every output: ecosystem, name, version, then where it was found. */
export function compareComponents(a: Component, b: Component): number {
  return (
    a.ecosystem.localeCompare(b.ecosystem) ||
    a.name.localeCompare(b.name) ||
    a.version.localeCompare(b.version) ||
    a.sourcePath.localeCompare(b.sourcePath) ||
    (a.purl ?? "").localeCompare(b.purl ?? "")
  );
}

/**
 * Runs every cataloger over the walker's final file view. The distro (os-release) is
 * known first so package URLs can carry it as a qualifier. Same component found twice at
 * the same path (a hard link, a lock entry) is kept once.
 */
export async function runCatalogers(walk: WalkResult, catalogers: readonly Cataloger[]): Promise<{ components: Component[]; warnings: Warning[]; distro?: CatalogContext["distro"] }> {
  const warnings: Warning[] = [...walk.warnings];
  const ctx: CatalogContext = {
    files: (name) => [...(walk.collected.get(name)?.values() ?? [])].sort((a, b) => a.path.localeCompare(b.path)),
    file: (name, path) => walk.collected.get(name)?.get(path),
    warn: (where, message) => warnings.push({ where, message }),
  };
  const distro = distroOf(ctx)?.distro;
  if (distro) ctx.distro = distro;
  const seen = new Set<string>();
  const components: Component[] = [];
  for (const c of catalogers) {
    for (const comp of await c.catalog(ctx)) {
      const key = `${comp.ecosystem}\0${comp.purl ?? comp.name}\0${comp.version}\0${comp.sourcePath}`;
      if (seen.has(key)) continue;
      seen.add(key);
      components.push(comp);
    }
  }
  components.sort(compareComponents);
  warnings.sort((a, b) => a.where.localeCompare(b.where) || a.message.localeCompare(b.message));
  return { components, warnings, ...(distro ? { distro } : {}) };
}
