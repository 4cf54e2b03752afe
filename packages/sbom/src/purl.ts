import { PackageURL } from "packageurl-js";

/**
 * A Package URL string (purl-spec), built through packageurl-js so encoding is right;
 * undefined when the parts do not make a valid purl (one odd package must not sink the SBOM).
 */
export function purl(type: string, namespace: string | undefined, name: string, version: string | undefined, qualifiers?: Record<string, string | undefined>): string | undefined {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(qualifiers ?? {}).sort(([a], [b]) => a.localeCompare(b))) if (v) q[k] = v;
  try {
    return new PackageURL(type, namespace ?? null, name, version || null, Object.keys(q).length ? q : null, null).toString();
  } catch {
    return undefined;
  }
}
