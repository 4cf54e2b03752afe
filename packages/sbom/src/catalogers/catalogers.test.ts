import { createReadStream, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCatalogers } from "../catalog.js";
import type { WalkResult } from "../layer-walker.js";
import { toSpdxExpression } from "../licenses.js";
import type { Cataloger, CollectedFile } from "../types.js";
import { apkCataloger } from "./apk.js";
import { dpkgCataloger } from "./dpkg.js";
import { BuildInfoScanner, parseModInfo } from "./go-buildinfo.js";
import { goCataloger } from "./go.js";
import { npmCataloger } from "./npm.js";
import { osReleaseCataloger } from "./os-release.js";
import { pythonCataloger } from "./python.js";

const LAYER = `sha256:${"c".repeat(64)}`;

/** A walk result as if the walker had collected these files for these catalogers. */
function walked(catalogers: Cataloger[], files: Record<string, string>): WalkResult {
  const collected = new Map<string, Map<string, CollectedFile>>();
  for (const c of catalogers) {
    const m = new Map<string, CollectedFile>();
    for (const [path, text] of Object.entries(files)) {
      const sink = c.open({ path, size: text.length, mode: 0o644 }, () => {
        const chunks: Buffer[] = [];
        return { write: (b) => void chunks.push(b), end: () => Buffer.concat(chunks) };
      });
      if (!sink) continue;
      sink.write(Buffer.from(text));
      m.set(path, { path, size: text.length, layerDigest: LAYER, result: sink.end() });
    }
    collected.set(c.name, m);
  }
  return { collected, layers: [], warnings: [] };
}

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';

describe("dpkg", () => {
  it("reads status and distroless status.d, skips not-installed, warns with file:line on a corrupt stanza", async () => {
    const status = [
      "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\nSource: zlib\nDescription: compression\n multi-line\n",
      "Package: gone\nStatus: purge ok not-installed\nVersion: 1\n",
      "Package: broken\nthis line is garbage\nVersion: 2\n",
      "Package: noversion\nStatus: install ok installed\n",
    ].join("\n");
    const copyright = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: Zlib\n\nFiles: contrib/*\nLicense: GPL-2+ or Artistic\n";
    const files = {
      "etc/os-release": OS_RELEASE,
      "var/lib/dpkg/status": status,
      "var/lib/dpkg/status.d/base": "Package: base-files\nVersion: 12.4\nArchitecture: amd64\n",
      "var/lib/dpkg/status.d/base.md5sums": "ignored",
      "usr/share/doc/zlib1g/copyright": copyright,
    };
    const cats = [osReleaseCataloger, dpkgCataloger];
    const { components, warnings } = await runCatalogers(walked(cats, files), cats);
    expect(components.filter((c) => c.ecosystem === "dpkg").map((c) => `${c.name}@${c.version}`)).toEqual(["base-files@12.4", "broken@2", "zlib1g@1:1.2.13.dfsg-1"]);
    const zlib = components.find((c) => c.name === "zlib1g");
    expect(zlib?.purl).toBe("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib");
    expect(zlib?.license).toBe("(GPL-2.0-or-later OR Artistic-1.0-Perl) AND Zlib");
    expect(warnings).toEqual([
      { where: "var/lib/dpkg/status:14", message: expect.stringContaining("not a `Field: value` line") as unknown },
      { where: "var/lib/dpkg/status:17", message: "stanza without Version; skipped" },
    ]);
  });
});

describe("apk, npm, python", () => {
  it("apk installed db", async () => {
    const db = "C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\n\nP:busybox\nV:1.36.1-r29\nA:x86_64\nL:GPL-2.0-only\n";
    const cats = [osReleaseCataloger, apkCataloger];
    const { components } = await runCatalogers(walked(cats, { "etc/os-release": "ID=alpine\nVERSION_ID=3.20.3\n", "lib/apk/db/installed": db }), cats);
    expect(components.filter((c) => c.ecosystem === "apk").map((c) => c.purl)).toEqual([
      "pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3",
      "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.3&upstream=musl",
    ]);
  });

  it("npm: installed package.json files (not nested ones), lock entries only for projects with nothing installed", async () => {
    const files = {
      "app/node_modules/@scope/a/package.json": '{"name":"@scope/a","version":"1.0.0","license":"MIT"}',
      "app/node_modules/@scope/a/lib/package.json": '{"type":"module"}',
      "app/node_modules/b/package.json": '{"name":"b","version":"2.0.0","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}',
      "app/package-lock.json": JSON.stringify({ lockfileVersion: 3, packages: { "": {}, "node_modules/b": { version: "2.0.0" }, "node_modules/gone": { version: "9.9.9" } } }),
      "lockonly/package-lock.json": JSON.stringify({ lockfileVersion: 3, packages: { "": {}, "node_modules/c": { version: "3.0.0", license: "ISC" } } }),
      "other/node_modules/bad/package.json": "{not json",
    };
    const { components, warnings } = await runCatalogers(walked([npmCataloger], files), [npmCataloger]);
    expect(components.map((c) => [c.purl, c.license])).toEqual([
      ["pkg:npm/%40scope/a@1.0.0", "MIT"],
      ["pkg:npm/b@2.0.0", "MIT OR Apache-2.0"],
      ["pkg:npm/c@3.0.0", "ISC"],
    ]);
    expect(warnings.map((w) => w.where)).toEqual(["other/node_modules/bad/package.json"]);
  });

  it("python dist-info, egg-info dir and single-file egg-info", async () => {
    const files = {
      "usr/lib/python3/dist-packages/Foo_Bar-1.0.dist-info/METADATA": "Metadata-Version: 2.4\nName: Foo_Bar\nVersion: 1.0\nLicense-Expression: MIT\n\nlong description\nName: not-this\n",
      "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO": "Metadata-Version: 1.2\nName: six\nVersion: 1.16.0\nLicense: MIT\n",
      "usr/lib/python3/dist-packages/old-0.1.egg-info": "Metadata-Version: 1.1\nName: old\nVersion: 0.1\nClassifier: License :: OSI Approved :: BSD License\n",
    };
    const { components } = await runCatalogers(walked([pythonCataloger], files), [pythonCataloger]);
    expect(components.map((c) => [c.purl, c.license])).toEqual([
      ["pkg:pypi/foo-bar@1.0", "MIT"],
      ["pkg:pypi/old@0.1", "BSD-3-Clause"],
      ["pkg:pypi/six@1.16.0", "MIT"],
    ]);
  });
});

describe("licences", () => {
  it("maps Debian short names and keeps expressions valid", () => {
    expect(toSpdxExpression("GPL-2+")).toBe("GPL-2.0-or-later");
    expect(toSpdxExpression("GPL-3+ with Bison exception")).toBe("LicenseRef-GPL-3-plus-with-Bison-exception");
    expect(toSpdxExpression("(MIT OR Apache-2.0)")).toBe("(MIT OR Apache-2.0)");
    expect(toSpdxExpression("BSD-4-clause-UC")).toBe("BSD-4-Clause-UC");
    expect(toSpdxExpression("same-as-rest-of-p11kit")).toBe("LicenseRef-same-as-rest-of-p11kit");
    expect(toSpdxExpression("(MIT")).toBe("MIT");
    expect(toSpdxExpression("")).toBeUndefined();
  });
});

describe("go", () => {
  it("parses module info lines", () => {
    const info = parseModInfo("go1.22.1", "path\tex.com/cmd\nmod\tex.com\tv1.0.0\th1:x=\ndep\tgolang.org/x/sys\tv0.1.0\th1:y=\n=>\t../sys\t\t\nbuild\tGOOS=linux\n");
    expect(info).toMatchObject({ goVersion: "go1.22.1", main: { path: "ex.com", version: "v1.0.0" }, deps: [{ path: "golang.org/x/sys", replace: { path: "../sys" } }], settings: { GOOS: "linux" } });
  });

  // A module-mode Go binary someone else built (this machine ships HashiCorp's terraform);
  // Debian's own Go packages are GOPATH builds (main package only, see the integration test).
  const bin = "/usr/local/bin/terraform";
  it.skipIf(!existsSync(bin))("finds modules in a real module-mode Go binary (terraform)", async () => {
    const scanner = new BuildInfoScanner();
    for await (const chunk of createReadStream(bin, { highWaterMark: 1 << 16 })) scanner.write(chunk as Buffer);
    const result = scanner.end();
    const files = new Map<string, CollectedFile>([["usr/bin/esbuild", { path: "usr/bin/esbuild", size: 1, layerDigest: LAYER, result }]]);
    const { components } = await runCatalogers({ collected: new Map([["go-module", files]]), layers: [], warnings: [] }, [goCataloger]);
    const names = components.map((c) => c.name);
    expect(names).toContain("github.com/hashicorp/terraform");
    expect(components.length).toBeGreaterThan(50);
    expect(names).toContain("golang.org/x/sys");
    expect(names).toContain("stdlib");
    expect(components.find((c) => c.name === "golang.org/x/sys")?.purl).toMatch(/^pkg:golang\/golang.org\/x\/sys@v\d/);
  });
});
