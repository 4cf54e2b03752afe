import { fixupSpdxId } from "@cyclonedx/cyclonedx-library/SPDX";
/**
 * Licence names as packages write them, to SPDX license expressions. Known short names map
 * to SPDX ids; anything else becomes a `LicenseRef-` so the expression stays valid
 * (SPDX 2.3 annex D).
 */
const DEBIAN_TO_SPDX: Record<string, string> = {
  "gpl-1": "GPL-1.0-only", "gpl-1+": "GPL-1.0-or-later", "gpl-2": "GPL-2.0-only", "gpl-2+": "GPL-2.0-or-later",
  "gpl-3": "GPL-3.0-only", "gpl-3+": "GPL-3.0-or-later", "lgpl-2": "LGPL-2.0-only", "lgpl-2+": "LGPL-2.0-or-later",
  "lgpl-2.1": "LGPL-2.1-only", "lgpl-2.1+": "LGPL-2.1-or-later", "lgpl-3": "LGPL-3.0-only", "lgpl-3+": "LGPL-3.0-or-later",
  "agpl-3": "AGPL-3.0-only", "agpl-3+": "AGPL-3.0-or-later", "gfdl-1.2+": "GFDL-1.2-or-later", "gfdl-1.3+": "GFDL-1.3-or-later",
  "apache-2.0": "Apache-2.0", "apache-2": "Apache-2.0", "artistic": "Artistic-1.0-Perl", "artistic-2.0": "Artistic-2.0",
  "bsd-2-clause": "BSD-2-Clause", "bsd-3-clause": "BSD-3-Clause", "bsd-4-clause": "BSD-4-Clause", "expat": "MIT", "mit": "MIT",
  "isc": "ISC", "zlib": "Zlib", "mpl-1.1": "MPL-1.1", "mpl-2.0": "MPL-2.0", "public-domain": "LicenseRef-public-domain",
  "cc0-1.0": "CC0-1.0", "cc0": "CC0-1.0", "psf-2": "PSF-2.0", "python-2.0": "Python-2.0", "openssl": "OpenSSL", "curl": "curl",
  "x11": "X11", "unicode-dfs-2016": "Unicode-DFS-2016", "bsl-1.0": "BSL-1.0", "0bsd": "0BSD", "unlicense": "Unlicense",
  "wtfpl": "WTFPL", "blueoak-1.0.0": "BlueOak-1.0.0", "cc-by-4.0": "CC-BY-4.0", "cc-by-3.0": "CC-BY-3.0", "epl-2.0": "EPL-2.0",
};

/** A LicenseRef id (SPDX 2.3 §10.1: letters, digits, `.` and `-`). */
export function licenseRef(name: string): string {
  return `LicenseRef-${name.replace(/\+/g, "-plus").replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "unknown"}`;
}

/** One licence token to an SPDX id (the SPDX list the CycloneDX library ships) or a LicenseRef. */
export function toSpdxId(name: string): string {
  const n = name.trim();
  const known = DEBIAN_TO_SPDX[n.toLowerCase()];
  if (known) return known;
  if (n.startsWith("LicenseRef-")) return licenseRef(n.slice("LicenseRef-".length));
  return fixupSpdxId(n) ?? licenseRef(n);
}

/**
 * A licence string as written (`MIT`, `GPL-2+ or Artistic`, `(MIT OR Apache-2.0)`) to an
 * SPDX expression; undefined when empty.
 */
export function toSpdxExpression(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  if (t === "" || /^(unknown|none|UNKNOWN|NOASSERTION)$/.test(t)) return undefined;
  // Debian writes exceptions in words ("GPL-3+ with Bison exception"): keep them as one reference.
  const words = t.replace(/(\S+)\s+with\s+([^()]+?)\s+exception\b/gi, (_m, lic: string, exc: string) => licenseRef(`${lic}-with-${exc}-exception`));
  const balanced = [...words].filter((c) => c === "(").length === [...words].filter((c) => c === ")").length;
  const tokens = (balanced ? words : words.replace(/[()]/g, " "))
    .replace(/[()]/g, (p) => ` ${p} `).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (const tok of tokens) {
    const up = tok.toUpperCase();
    if (tok === "(" || tok === ")") out.push(tok);
    else if (up === "OR" || tok === "|") out.push("OR");
    else if (up === "AND" || tok === "&" || tok === ",") out.push("AND");
    else if (up === "WITH") out.push("AND");
    else out.push(toSpdxId(tok.replace(/,$/, "")));
  }
  // Two ids in a row ("GPL-2 Artistic" would be a typo'd list): join them with AND.
  const joined: string[] = [];
  for (const tok of out) {
    const prev = joined[joined.length - 1];
    const isOp = (x: string | undefined) => x === "OR" || x === "AND" || x === "WITH" || x === "(" || x === ")";
    if (prev !== undefined && !isOp(prev) && !isOp(tok)) joined.push("AND");
    if (prev === ")" && tok === "(") joined.push("AND");
    joined.push(tok);
  }
  while (joined.length && ["OR", "AND", "WITH"].includes(joined[joined.length - 1] ?? "")) joined.pop();
  while (joined.length && ["OR", "AND", "WITH"].includes(joined[0] ?? "")) joined.shift();
  return joined.join(" ").replace(/\( /g, "(").replace(/ \)/g, ")") || undefined;
}

/** Several expressions, each distinct once, joined with AND (sorted, so output is stable). */
export function andAll(exprs: Iterable<string>): string | undefined {
  const set = [...new Set(exprs)].sort();
  if (set.length === 0) return undefined;
  return set.map((e) => (set.length > 1 && / (OR|AND) /.test(e) ? `(${e})` : e)).join(" AND ");
}
