import { toSpdxExpression } from "../licenses.js";
import { purl } from "../purl.js";
import { parseStanzas } from "../stanzas.js";
import type { Cataloger, Component } from "../types.js";
import { distroQualifier } from "./os-release.js";

const INSTALLED = "lib/apk/db/installed";

/**
 * Alpine packages from apk's installed database (apk-tools "Package database" format:
 * one letter keys, `P:` name, `V:` version, `A:` arch, `L:` licence, `o:` origin).
 */
export const apkCataloger: Cataloger = {
  name: "apk",
  open(info, buffer) {
    return info.path === INSTALLED ? buffer() : undefined;
  },
  catalog(ctx): Component[] {
    const out: Component[] = [];
    for (const f of ctx.files("apk")) {
      if (!(f.result instanceof Buffer)) continue;
      for (const st of parseStanzas(f.result.toString("utf8"), { separator: /^([A-Za-z]):(.*)$/ })) {
        const name = st.fields.get("P");
        const version = st.fields.get("V");
        if (!name || !version) {
          ctx.warn(`${f.path}:${st.line}`, "entry without P: or V:; skipped");
          continue;
        }
        const arch = st.fields.get("A");
        const origin = st.fields.get("o");
        const license = toSpdxExpression(st.fields.get("L"));
        out.push({
          ecosystem: "apk",
          type: "library",
          name,
          version,
          purl: purl("apk", ctx.distro?.id ?? "alpine", name, version, { arch, distro: distroQualifier(ctx.distro), upstream: origin }),
          ...(license ? { license } : {}),
          layerDigest: f.layerDigest,
          sourcePath: f.path,
          properties: origin ? { "stella:apk:origin": origin } : {},
        });
      }
    }
    return out;
  },
};
