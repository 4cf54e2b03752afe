import { toSpdxExpression } from "../licenses.js";
import { purl } from "../purl.js";
import type { Cataloger, CatalogContext, Component } from "../types.js";
import { distroQualifier } from "./os-release.js";
import { parseRpmHeader } from "./rpm-header.js";

/** RHEL 9 / Fedora 33+ keep the rpmdb in SQLite; older Berkeley DB and SUSE's ndb are not read. */
const SQLITE_DB = /^(usr\/lib\/sysimage\/rpm|var\/lib\/rpm)\/rpmdb\.sqlite$/;
/** SQLite's write-ahead log: rpm checkpoints it on close, so non-empty means rows we cannot see. */
const WAL = /^(usr\/lib\/sysimage\/rpm|var\/lib\/rpm)\/rpmdb\.sqlite-wal$/;
const OTHER_DB = /^(usr\/lib\/sysimage\/rpm|var\/lib\/rpm)\/(Packages|Packages\.db)$/;

/**
 * RPM packages from the SQLite rpmdb (table `Packages(hnum, blob)`, one header blob per
 * package), opened in memory with sql.js (SQLite compiled to JavaScript: no native module).
 */
export const rpmCataloger: Cataloger = {
  name: "rpm",
  open(info, buffer) {
    if (WAL.test(info.path)) return { write() {}, end: () => info.size };
    return SQLITE_DB.test(info.path) || OTHER_DB.test(info.path) ? buffer() : undefined;
  },
  async catalog(ctx: CatalogContext): Promise<Component[]> {
    const out: Component[] = [];
    for (const f of ctx.files("rpm")) {
      if (WAL.test(f.path)) {
        if (typeof f.result === "number" && f.result > 0) ctx.warn(f.path, `${f.result} bytes of write-ahead log not checkpointed into rpmdb.sqlite (rpm was interrupted?); packages it holds are not listed. Fix: run \`rpm --rebuilddb\` in the image build`);
        continue;
      }
      if (OTHER_DB.test(f.path)) {
        ctx.warn(f.path, "Berkeley DB / ndb rpmdb is not supported (only the SQLite rpmdb of RHEL 9 / Fedora 33+); packages not listed");
        continue;
      }
      if (!(f.result instanceof Buffer)) continue;
      // sql.js (8 MB of asm.js) is loaded only when an image has an rpmdb: its code costs
      // ~20 MB of RSS in every scan otherwise, and the CLI bundle keeps it in its own chunk.
      const { default: initSqlJs } = await import("sql.js/dist/sql-asm.js");
      const SQL = await initSqlJs();
      let db;
      try {
        db = new SQL.Database(f.result);
        const rows = db.exec("SELECT blob FROM Packages ORDER BY hnum");
        for (const row of rows[0]?.values ?? []) {
          const blob = row[0];
          if (!(blob instanceof Uint8Array)) continue;
          const h = parseRpmHeader(blob);
          if (!h) {
            ctx.warn(f.path, "a package header could not be parsed; skipped");
            continue;
          }
          if (h.name === "gpg-pubkey") continue; // imported keys, not software
          // An explicit Epoch: 0 is printed as rpm prints it (`0:`); no epoch tag, no prefix.
          const epoch = h.epoch === undefined ? undefined : String(h.epoch);
          const version = `${epoch === undefined ? "" : `${epoch}:`}${h.version}-${h.release}`;
          const license = toSpdxExpression(h.license);
          out.push({
            ecosystem: "rpm",
            type: "library",
            name: h.name,
            version,
            purl: purl("rpm", ctx.distro?.id ?? "redhat", h.name, `${h.version}-${h.release}`, { arch: h.arch, epoch, distro: distroQualifier(ctx.distro), upstream: h.sourceRpm }),
            ...(license ? { license } : {}),
            layerDigest: f.layerDigest,
            sourcePath: f.path,
            properties: { ...(h.sourceRpm ? { "stella:rpm:source-rpm": h.sourceRpm } : {}), ...(h.vendor ? { "stella:rpm:vendor": h.vendor } : {}) },
          });
        }
      } catch (e) {
        ctx.warn(f.path, `not a readable SQLite rpmdb (${e instanceof Error ? e.message : String(e)}); skipped`);
      } finally {
        db?.close();
      }
    }
    return out;
  },
};
