import { toSpdxExpression } from "../licenses.js";
import { purl } from "../purl.js";
import { parseStanzas } from "../stanzas.js";
import type { Cataloger, Component } from "../types.js";

/**
 * Python distributions: `*.dist-info/METADATA` (PEP 376 / core metadata 2.x),
 * `*.egg-info/PKG-INFO`, and single-file `*.egg-info` as Debian's python3-* packages
 * install them. Name, Version, License-Expression (PEP 639) or License / classifiers.
 */
const METADATA = /(?:^|\/)[^/]+\.dist-info\/METADATA$|(?:^|\/)[^/]+\.egg-info\/PKG-INFO$|(?:^|\/)[^/]+\.egg-info$/;

/** PEP 503 normalised name, the form purl-spec's pypi type asks for. */
export function normalizePyName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const CLASSIFIER = /^License :: OSI Approved :: (.+)$/;
const CLASSIFIER_IDS: Record<string, string> = {
  "MIT License": "MIT", "Apache Software License": "Apache-2.0", "BSD License": "BSD-3-Clause",
  "Python Software Foundation License": "PSF-2.0", "ISC License (ISCL)": "ISC", "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
};

export const pythonCataloger: Cataloger = {
  name: "python",
  open(info, buffer) {
    return METADATA.test(info.path) ? buffer() : undefined;
  },
  catalog(ctx): Component[] {
    const out: Component[] = [];
    for (const f of ctx.files("python")) {
      if (!(f.result instanceof Buffer)) continue;
      const [head] = parseStanzas(f.result.toString("utf8"), { stopAtFirstBlank: true });
      const name = head?.fields.get("Name");
      const version = head?.fields.get("Version");
      if (!head || !name || !version) {
        ctx.warn(f.path, "no Name/Version header; skipped");
        continue;
      }
      let license = toSpdxExpression(head.fields.get("License-Expression"));
      const raw = head.fields.get("License");
      if (!license && raw && !raw.includes("\n") && raw.length < 64) license = toSpdxExpression(raw);
      if (!license) {
        const text = f.result.toString("utf8");
        for (const m of text.matchAll(/^Classifier: (.+)$/gm)) {
          const c = CLASSIFIER.exec((m[1] ?? "").trim());
          const id = c ? CLASSIFIER_IDS[c[1] ?? ""] : undefined;
          if (id) license = id;
        }
      }
      out.push({
        ecosystem: "python",
        type: "library",
        name,
        version,
        purl: purl("pypi", undefined, normalizePyName(name), version),
        ...(license ? { license } : {}),
        layerDigest: f.layerDigest,
        sourcePath: f.path,
      });
    }
    return out;
  },
};
