import { purl } from "../purl.js";
import type { Cataloger, Component } from "../types.js";
import { BuildInfoScanner, type GoBuildInfo, type GoModule } from "./go-buildinfo.js";

/** Executables worth scanning: any regular file with an execute bit, at least one page. */
function candidate(mode: number, size: number): boolean {
  return (mode & 0o111) !== 0 && size >= 4096;
}

function isInfo(v: unknown): v is GoBuildInfo {
  return typeof v === "object" && v !== null && "goVersion" in v && "deps" in v;
}

/**
 * Go modules compiled into ELF binaries, read from the embedded build info (no symbol
 * tables, no disassembly): the main module (`(devel)` when built from a checkout) and
 * every `dep`, each with the binary's path and the Go toolchain as properties.
 */
export const goCataloger: Cataloger = {
  name: "go-module",
  open(info) {
    return candidate(info.mode, info.size) ? new BuildInfoScanner() : undefined;
  },
  catalog(ctx): Component[] {
    const out: Component[] = [];
    for (const f of ctx.files("go-module")) {
      if (f.result === "old-format") {
        ctx.warn(f.path, "Go binary built before Go 1.18 (pointer-format build info); modules not read");
        continue;
      }
      if (!isInfo(f.result)) continue;
      const info = f.result;
      const props = { "stella:go:toolchain": info.goVersion, "stella:go:binary": f.path };
      // GOPATH-mode builds (Debian's dh-golang) record only `path`: the main package, no deps.
      const main: GoModule | undefined = info.main ?? (info.path ? { path: info.path, version: "" } : undefined);
      const stdlib: GoModule = { path: "stdlib", version: info.goVersion.replace(/^go/, "v") };
      const mods = [...(main ? [{ m: main, main: true }] : []), ...info.deps.map((m) => ({ m, main: false })), { m: stdlib, main: false }];
      for (const { m, main } of mods) {
        const eff = m.replace && m.replace.version ? m.replace : m;
        if (!eff.path) continue;
        const version = eff.version || "(devel)";
        const slash = eff.path.lastIndexOf("/");
        out.push({
          ecosystem: "go-module",
          type: main ? "application" : "library",
          name: eff.path,
          version,
          purl: purl("golang", slash > 0 ? eff.path.slice(0, slash) : undefined, slash > 0 ? eff.path.slice(slash + 1) : eff.path, version === "(devel)" ? undefined : version),
          layerDigest: f.layerDigest,
          sourcePath: f.path,
          properties: { ...props, ...(m.sum ? { "stella:go:h1-digest": m.sum } : {}), ...(main ? { "stella:go:main-module": "true" } : {}) },
        });
      }
    }
    return out;
  },
};
