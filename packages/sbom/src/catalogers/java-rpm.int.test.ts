/**
 * Java and RPM catalogers on data we did not write where we can get it: Debian's
 * commons-lang3 jar (real pom.properties and manifest), nested in a war we build; and an
 * rpmdb in SQLite made with sql.js (no RHEL image is reachable here; headers are built
 * with the documented blob layout).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import initSqlJs from "sql.js/dist/sql-asm.js";
import { beforeAll, describe, expect, it } from "vitest";
import { debFiles } from "../../../../test/helpers/debian-image.js";
import { runCatalogers } from "../catalog.js";
import type { WalkResult } from "../layer-walker.js";
import type { CollectedFile } from "../types.js";
import { javaCataloger } from "./java.js";
import { osReleaseCataloger } from "./os-release.js";
import { buildRpmHeader } from "./rpm-header.js";
import { rpmCataloger } from "./rpm.js";

const LAYER = `sha256:${"d".repeat(64)}`;

/** A ZIP (APPNOTE 6.3) of deflated entries, for wrapping real jars into a war. */
function zip(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const cens: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const comp = deflateRawSync(data);
    const n = Buffer.from(name);
    const loc = Buffer.alloc(30);
    loc.writeUInt32LE(0x04034b50, 0);
    loc.writeUInt16LE(20, 4);
    loc.writeUInt16LE(8, 8);
    loc.writeUInt32LE(comp.length, 18);
    loc.writeUInt32LE(data.length, 22);
    loc.writeUInt16LE(n.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 6);
    cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(comp.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(n.length, 28);
    cen.writeUInt32LE(offset, 42);
    locals.push(loc, n, comp);
    cens.push(cen, n);
    offset += 30 + n.length + comp.length;
  }
  const cd = Buffer.concat(cens);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function walkOf(name: string, files: Record<string, Buffer>): WalkResult {
  const m = new Map<string, CollectedFile>(Object.entries(files).map(([path, result]) => [path, { path, size: result.length, layerDigest: LAYER, result }]));
  return { collected: new Map([[name, m]]), layers: [], warnings: [] };
}

let jar: Buffer;
beforeAll(async () => {
  const dir = await debFiles("libcommons-lang3-java");
  jar = await readFile(join(dir, "usr/share/java/commons-lang3-3.12.0.jar"));
}, 300_000);

describe("java archives", () => {
  it("Debian's commons-lang3 jar: Maven coordinates from its pom.properties", async () => {
    const { components } = await runCatalogers(walkOf("java-archive", { "usr/share/java/commons-lang3-3.12.0.jar": jar }), [javaCataloger]);
    expect(components.map((c) => [c.name, c.version, c.purl])).toEqual([["org.apache.commons:commons-lang3", "3.12.0", "pkg:maven/org.apache.commons/commons-lang3@3.12.0"]]);
  });

  it("nested in a war (WEB-INF/lib) and a manifest-only jar; a corrupt jar is a warning naming it", async () => {
    const manifestOnly = zip([["META-INF/MANIFEST.MF", Buffer.from("Manifest-Version: 1.0\r\nImplementation-Title: tiny\r\nImplementation-Version: 0.9\r\n\r\n")]]);
    const war = zip([
      ["WEB-INF/lib/commons-lang3-3.12.0.jar", jar],
      ["WEB-INF/lib/tiny-0.9.jar", manifestOnly],
      ["WEB-INF/lib/broken.jar", Buffer.from("not a zip at all")],
    ]);
    const { components, warnings } = await runCatalogers(walkOf("java-archive", { "srv/app.war": war }), [javaCataloger]);
    expect(components.map((c) => `${c.name}@${c.version} ${c.sourcePath}`)).toEqual([
      "org.apache.commons:commons-lang3@3.12.0 srv/app.war!/WEB-INF/lib/commons-lang3-3.12.0.jar",
      "tiny@0.9 srv/app.war!/WEB-INF/lib/tiny-0.9.jar",
    ]);
    expect(warnings.map((w) => w.where)).toEqual(["srv/app.war!/WEB-INF/lib/broken.jar"]);
  });
});

describe("rpm (SQLite rpmdb)", () => {
  it("lists packages with epoch, arch, licence and distro purl; skips gpg-pubkey; a non-empty WAL is a warning", async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
    const rows = [
      buildRpmHeader({ NAME: "bash", VERSION: "5.1.8", RELEASE: "9.el9", ARCH: "x86_64", LICENSE: "GPLv3+", SOURCERPM: "bash-5.1.8-9.el9.src.rpm", VENDOR: "Red Hat, Inc." }),
      buildRpmHeader({ NAME: "openssl-libs", EPOCH: 1, VERSION: "3.0.7", RELEASE: "27.el9", ARCH: "x86_64", LICENSE: "ASL 2.0" }),
      buildRpmHeader({ NAME: "gpg-pubkey", VERSION: "fd431d51", RELEASE: "4ae0493b" }),
    ];
    for (const r of rows) db.run("INSERT INTO Packages (blob) VALUES (?)", [r]);
    const bytes = Buffer.from(db.export());
    db.close();
    const walk = walkOf("rpm", { "var/lib/rpm/rpmdb.sqlite": bytes, "var/lib/rpm/Packages": Buffer.from("bdb") });
    walk.collected.get("rpm")?.set("var/lib/rpm/rpmdb.sqlite-wal", { path: "var/lib/rpm/rpmdb.sqlite-wal", size: 4096, layerDigest: LAYER, result: 4096 });
    walk.collected.set("os-release", new Map([["etc/os-release", { path: "etc/os-release", size: 1, layerDigest: LAYER, result: Buffer.from('ID="rhel"\nVERSION_ID="9.4"\n') }]]));
    const { components, warnings } = await runCatalogers(walk, [osReleaseCataloger, rpmCataloger]);
    expect(components.filter((c) => c.ecosystem === "rpm").map((c) => [c.name, c.version, c.purl])).toEqual([
      ["bash", "5.1.8-9.el9", "pkg:rpm/rhel/bash@5.1.8-9.el9?arch=x86_64&distro=rhel-9.4&upstream=bash-5.1.8-9.el9.src.rpm"],
      ["openssl-libs", "1:3.0.7-27.el9", "pkg:rpm/rhel/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1"],
    ]);
    expect(warnings.map((w) => w.where)).toEqual(["var/lib/rpm/Packages", "var/lib/rpm/rpmdb.sqlite-wal"]);
    expect(warnings[1]?.message).toMatch(/4096 bytes of write-ahead log .*rpm --rebuilddb/);
  });
});
