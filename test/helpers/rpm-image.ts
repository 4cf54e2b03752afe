/**
 * An RPM-based image made by the real rpm tools (issue 4 "real data no one here wrote"):
 * Debian's `rpmbuild -bb` builds the noarch packages of test/fixtures/sbom/rpm/*.spec, and
 * `rpm --root` installs them with its SQLite backend, so `var/lib/rpm/rpmdb.sqlite` is written
 * by rpm itself. Two layers, packed as an OCI layout with umoci: layer 1 a gpg-pubkey and
 * stella-hello(+doc), layer 2 the rest (its rpmdb replaces layer 1's, as a `dnf install` does).
 * Built rpms are cached in the temp dir, keyed by the spec files' content.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { generateGpgKey } from "./gpg.js";

const run = promisify(execFile);
const specDir = resolve(import.meta.dirname, "../fixtures/sbom/rpm");
/** Packages of layer 1 (by rpm file name prefix); every other built rpm goes into layer 2. */
const LAYER1 = ["stella-hello-1", "stella-hello-doc-"];
/** rpm's own defaults on Debian put the db under ~/.rpmdb; these make it a RHEL/Fedora-like root. */
const RPM_DEFINES = ["--define", "_dbpath /var/lib/rpm", "--define", "_db_backend sqlite"];

/** The query the tests compare against: one line per package, epoch printed as `E:` when set. */
export const RPM_QUERY_FORMAT = "%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH} %{LICENSE}\\n";

export interface RpmImage {
  /** OCI layout directory; tag `latest` has both layers. */
  layout: string;
  /** The installed root (rpm --root), for `rpm -qa` against it. */
  root: string;
  /** Removes the layout and root. */
  cleanup(): Promise<void>;
}

/** `rpm` with the root and the SQLite defines. */
export async function rpmAt(root: string, args: string[]): Promise<string> {
  const { stdout } = await run("rpm", ["--root", root, ...RPM_DEFINES, ...args], { maxBuffer: 16 << 20 });
  return stdout;
}

async function buildRpms(): Promise<string[]> {
  const specs = (await readdir(specDir)).filter((f) => f.endsWith(".spec")).sort();
  const hash = createHash("sha256");
  for (const s of specs) hash.update(s).update("\0").update(await readFile(join(specDir, s))).update("\0");
  const cache = join(tmpdir(), `stella-rpms-${hash.digest("hex").slice(0, 16)}`);
  const out = join(cache, "RPMS/noarch");
  const done = await stat(join(cache, ".complete")).then(() => true, () => false);
  if (!done) {
    const top = `${cache}.tmp-${process.pid}`;
    await rm(top, { recursive: true, force: true });
    for (const s of specs) {
      await run("rpmbuild", ["-bb", "--quiet", "--define", `_topdir ${top}`, join(specDir, s)], { maxBuffer: 16 << 20 }).catch((e: unknown) => {
        throw new Error(`rpmbuild -bb ${s} failed (is Debian's rpm package installed? apt-get install rpm): ${String(e)}`);
      });
    }
    await writeFile(join(top, ".complete"), "");
    await rm(cache, { recursive: true, force: true });
    await rename(top, cache);
  }
  return (await readdir(out)).filter((f) => f.endsWith(".rpm")).sort().map((f) => join(out, f));
}

async function tarPaths(root: string, out: string, paths: string[]): Promise<void> {
  await run("tar", ["-C", root, "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", out, ...paths]);
}

/** Builds the two-layer image in a fresh temp dir (a few seconds; the rpms are cached). */
export async function rpmImage(): Promise<RpmImage> {
  const rpms = await buildRpms();
  const work = await mkdtemp(join(tmpdir(), "sbom-rpm-"));
  const root = join(work, "root");
  const layout = join(work, "layout");
  const layer1 = rpms.filter((r) => LAYER1.some((p) => r.split("/").pop()?.startsWith(p)));
  const layer2 = rpms.filter((r) => !layer1.includes(r));
  await mkdir(join(root, "etc"), { recursive: true });
  await writeFile(join(root, "etc/os-release"), 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n');
  await rpmAt(root, ["--initdb"]);
  const key = generateGpgKey("Stella RPM test <rpm@stella.test>");
  await writeFile(join(work, "key.asc"), key.publicArmored);
  await rm(key.home, { recursive: true, force: true });
  await rpmAt(root, ["--import", join(work, "key.asc")]);
  await rpmAt(root, ["-i", "--nodeps", "--noscripts", ...layer1]);
  await tarPaths(root, join(work, "1.tar"), ["."]);
  // Layer 2: one package's files installed for real, the other only in the db (--justdb).
  const [real, ...justDb] = layer2;
  if (!real || justDb.length === 0) throw new Error(`expected at least two rpms for layer 2 in ${specDir}, got ${layer2.join(", ")}`);
  await rpmAt(root, ["-i", "--nodeps", "--noscripts", real]);
  await rpmAt(root, ["-i", "--nodeps", "--justdb", ...justDb]);
  await tarPaths(root, join(work, "2.tar"), ["./usr/bin", "./var/lib/rpm"]);
  await run("umoci", ["init", "--layout", layout]);
  await run("umoci", ["new", "--image", `${layout}:latest`]);
  for (const n of [1, 2]) await run("umoci", ["raw", "add-layer", "--image", `${layout}:latest`, join(work, `${n}.tar`)]);
  return { layout, root, cleanup: () => rm(work, { recursive: true, force: true }) };
}
