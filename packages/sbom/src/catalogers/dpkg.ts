import { andAll, toSpdxExpression } from "../licenses.js";
import { purl } from "../purl.js";
import { parseStanzas } from "../stanzas.js";
import type { Cataloger, CollectedFile, Component } from "../types.js";
import { distroQualifier } from "./os-release.js";

const STATUS = "var/lib/dpkg/status";
const STATUS_D = /^var\/lib\/dpkg\/status\.d\/[^/]+$/;
const COPYRIGHT = /^usr\/share\/doc\/([^/]+)\/copyright$/;

function isStatusFile(path: string): boolean {
  // distroless: one file per package in status.d/, beside `<pkg>.md5sums` lists.
  return path === STATUS || (STATUS_D.test(path) && !path.endsWith(".md5sums"));
}

/**
 * `License:` fields of a machine-readable debian/copyright (DEP-5), as one SPDX
 * expression; undefined for free-form copyright files.
 */
export function copyrightLicense(text: string): string | undefined {
  if (!/^Format:\s*\S/m.test(text)) return undefined;
  const found: string[] = [];
  for (const m of text.matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)) {
    const expr = toSpdxExpression((m[1] ?? "").trim());
    if (expr) found.push(expr);
  }
  return andAll(found);
}

/**
 * Debian/Ubuntu packages from dpkg's database (dpkg(1) "FILES": var/lib/dpkg/status;
 * deb-control(5) fields), in the set `dpkg-query -W` prints: every stanza whose status
 * is not `not-installed`. A broken stanza is a warning naming file:line.
 */
export const dpkgCataloger: Cataloger = {
  name: "dpkg",
  open(info, buffer) {
    if (isStatusFile(info.path) || COPYRIGHT.test(info.path)) return buffer();
    return undefined;
  },
  catalog(ctx): Component[] {
    const out: Component[] = [];
    const distro = distroQualifier(ctx.distro);
    const files: CollectedFile[] = ctx.files("dpkg").filter((f) => isStatusFile(f.path));
    for (const f of files) {
      if (!(f.result instanceof Buffer)) continue;
      for (const st of parseStanzas(f.result.toString("utf8"))) {
        for (const line of st.bad) ctx.warn(`${f.path}:${line}`, "not a `Field: value` line nor a continuation; line ignored");
        const name = st.fields.get("Package");
        const version = st.fields.get("Version");
        const status = st.fields.get("Status") ?? "install ok installed";
        if (!name || !version) {
          ctx.warn(`${f.path}:${st.line}`, `stanza without ${name ? "Version" : "Package"}; skipped`);
          continue;
        }
        if (/\bnot-installed$/.test(status)) continue;
        const arch = st.fields.get("Architecture");
        const source = st.fields.get("Source");
        const copyright = ctx.file("dpkg", `usr/share/doc/${name}/copyright`);
        const license = copyright?.result instanceof Buffer ? copyrightLicense(copyright.result.toString("utf8")) : undefined;
        const props: Record<string, string> = {};
        if (source) props["stella:dpkg:source"] = source;
        if (arch) props["stella:dpkg:architecture"] = arch;
        if (!status.endsWith(" installed")) props["stella:dpkg:status"] = status;
        out.push({
          ecosystem: "dpkg",
          type: "library",
          name,
          version,
          purl: purl("deb", ctx.distro?.id ?? "debian", name, version, { arch, distro, upstream: source?.split(" ")[0] }),
          ...(license ? { license } : {}),
          layerDigest: f.layerDigest,
          sourcePath: f.path,
          properties: props,
        });
      }
    }
    return out;
  },
};
