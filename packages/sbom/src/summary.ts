import type { ImageInventory } from "./scan.js";

/** Component counts by type (ecosystem) and by layer, for job summaries and CLI output. */
export function countComponents(inv: ImageInventory): { byEcosystem: [string, number][]; byLayer: [string, number][]; total: number } {
  const eco = new Map<string, number>();
  const layer = new Map<string, number>(inv.layers.map((l) => [l.digest, 0]));
  for (const c of inv.components) {
    eco.set(c.ecosystem, (eco.get(c.ecosystem) ?? 0) + 1);
    layer.set(c.layerDigest, (layer.get(c.layerDigest) ?? 0) + 1);
  }
  return { byEcosystem: [...eco].sort(([a], [b]) => a.localeCompare(b)), byLayer: [...layer], total: inv.components.length };
}

/** A Markdown summary: one table by type, one by layer (layer order). */
export function markdownSummary(inv: ImageInventory): string {
  const { byEcosystem, byLayer, total } = countComponents(inv);
  const lines = [
    `### SBOM of \`${inv.image.digest}\`${inv.image.platform ? ` (${inv.image.platform})` : ""}: ${total} components`,
    "",
    "| type | components |",
    "| --- | ---: |",
    ...byEcosystem.map(([k, n]) => `| ${k} | ${n} |`),
    "",
    "| # | layer | files | components |",
    "| ---: | --- | ---: | ---: |",
    ...byLayer.map(([d, n], i) => `| ${i + 1} | \`${d.slice(0, 19)}…\` | ${inv.layers[i]?.files ?? 0} | ${n} |`),
  ];
  if (inv.warnings.length) lines.push("", `${inv.warnings.length} warning(s):`, ...inv.warnings.slice(0, 20).map((w) => `- \`${w.where}\`: ${w.message}`));
  return lines.join("\n") + "\n";
}
