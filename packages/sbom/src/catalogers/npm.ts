import { toSpdxExpression } from "../licenses.js";
import { purl } from "../purl.js";
import type { Cataloger, CollectedFile, Component } from "../types.js";

/** `…/node_modules/name/package.json` or `…/node_modules/@scope/name/package.json`, nothing deeper. */
const INSTALLED = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;
const LOCK = /(?:^|\/)package-lock\.json$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** package.json `license` (SPDX expression) or the legacy `licenses: [{type}]` array. */
function licenseOf(pkg: Record<string, unknown>): string | undefined {
  const l = pkg.license;
  if (typeof l === "string") return toSpdxExpression(l);
  if (isRecord(l)) return toSpdxExpression(str(l.type));
  if (Array.isArray(pkg.licenses)) {
    const types = pkg.licenses.map((x) => (isRecord(x) ? str(x.type) : str(x))).filter((x): x is string => !!x);
    return toSpdxExpression(types.join(" OR "));
  }
  return undefined;
}

function parseJson(f: CollectedFile, warn: (where: string, m: string) => void): Record<string, unknown> | undefined {
  if (!(f.result instanceof Buffer)) return undefined;
  try {
    const v: unknown = JSON.parse(f.result.toString("utf8"));
    if (isRecord(v)) return v;
  } catch (e) {
    warn(f.path, `not valid JSON (${e instanceof Error ? e.message : String(e)}); skipped`);
    return undefined;
  }
  warn(f.path, "not a JSON object; skipped");
  return undefined;
}

function component(name: string, version: string, license: string | undefined, f: CollectedFile, via: string): Component {
  const slash = name.startsWith("@") ? name.indexOf("/") : -1;
  return {
    ecosystem: "npm",
    type: "library",
    name,
    version,
    purl: purl("npm", slash > 0 ? name.slice(0, slash) : undefined, slash > 0 ? name.slice(slash + 1) : name, version),
    ...(license ? { license } : {}),
    layerDigest: f.layerDigest,
    sourcePath: f.path,
    properties: { "stella:npm:found-by": via },
  };
}

/**
 * npm packages: every installed `node_modules/**\/package.json` (what `npm ls --all`
 * walks), plus `package-lock.json` entries (lockfileVersion 2/3 `packages`) of projects
 * with nothing installed beside the lock (images that ship only the lock file). When a
 * project has node_modules, what is on disk wins: a package deleted by a later layer is
 * gone even though the lock still names it.
 */
export const npmCataloger: Cataloger = {
  name: "npm",
  open(info, buffer) {
    return INSTALLED.test(info.path) || LOCK.test(info.path) ? buffer() : undefined;
  },
  catalog(ctx): Component[] {
    const out: Component[] = [];
    const files = ctx.files("npm");
    const installed = new Set<string>();
    for (const f of files) {
      if (!INSTALLED.test(f.path)) continue;
      const pkg = parseJson(f, ctx.warn);
      if (!pkg) continue;
      const name = str(pkg.name);
      const version = str(pkg.version);
      if (!name || !version) continue; // workspace stubs and test fixtures without identity
      const dir = f.path.slice(0, -"/package.json".length);
      installed.add(dir.slice(0, dir.indexOf("node_modules/")));
      out.push(component(name, version, licenseOf(pkg), f, "package.json"));
    }
    for (const f of files) {
      if (!LOCK.test(f.path) || f.path.includes("node_modules/")) continue;
      const lock = parseJson(f, ctx.warn);
      if (!lock || !isRecord(lock.packages)) continue;
      const root = f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/") + 1) : "";
      if (installed.has(root)) continue;
      for (const [key, entry] of Object.entries(lock.packages)) {
        if (!key.includes("node_modules/") || !isRecord(entry) || entry.link === true) continue;
        const name = str(entry.name) ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
        const version = str(entry.version);
        if (!version) continue;
        out.push(component(name, version, toSpdxExpression(str(entry.license)), f, "package-lock.json"));
      }
    }
    return out;
  },
};
