/**
 * A real Debian bookworm image for the SBOM tests and bench (issue 4 "real data that no
 * one here wrote"): `debootstrap --variant=minbase` from the mirror apt already uses, an
 * `npm ci` of a fixed lock, python3-* and docker-registry debs unpacked with dpkg-deb, and
 * a whiteout layer, packed as an OCI layout with umoci. Everything slow is cached under
 * `.cache/sbom/` (CI builds it from scratch: about a minute).
 */
import { execFile } from "node:child_process";
import { cp, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { pack } from "tar-stream";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../..");
export const cacheDir = join(repoRoot, ".cache/sbom");
const fixtureApp = join(repoRoot, "test/fixtures/sbom/npm-app");

/** Debs whose files go into the image without dpkg knowing (as `COPY --from` would). */
export const EXTRA_DEBS = ["python3-six", "python3-idna", "python3-certifi", "docker-registry"] as const;
/** The npm package and the python distribution (its metadata directory) the whiteout layer deletes. */
export const WHITED_OUT = { npm: "opt/app/node_modules/ms", python: "usr/lib/python3/dist-packages/certifi-2022.9.24.egg-info" } as const;

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Serialises cache builds across vitest workers and processes (a directory is created
 * atomically); a lock older than 20 minutes is taken as left over by a killed run.
 */
async function withCacheLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(cacheDir, ".lock");
  await mkdir(cacheDir, { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const s = await stat(lock).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > 20 * 60_000) await rm(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The deb mirror apt is configured with (deb822 `URIs:` or one-line `deb URL`). */
export async function debianMirror(): Promise<string> {
  const files = ["/etc/apt/sources.list", ...(await readdir("/etc/apt/sources.list.d").catch(() => [] as string[])).map((f) => `/etc/apt/sources.list.d/${f}`)];
  for (const f of files) {
    const text = await readFile(f, "utf8").catch(() => "");
    const m = /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text) ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s+bookworm\b/m.exec(text);
    if (m?.[1]) return m[1];
  }
  return "http://deb.debian.org/debian";
}

/** A bookworm minbase rootfs, built once and cached. */
export async function debianRootfs(): Promise<string> {
  const dir = join(cacheDir, "bookworm-rootfs");
  if (await exists(join(dir, "var/lib/dpkg/status"))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  await mkdir(cacheDir, { recursive: true });
  await rm(tmp, { recursive: true, force: true });
  await run("debootstrap", ["--variant=minbase", "bookworm", tmp, await debianMirror()], { maxBuffer: 64 << 20 });
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}

/** `npm ci` of the fixture app (express and friends), cached. */
export async function npmApp(): Promise<string> {
  const dir = join(cacheDir, "npm-app");
  if (await exists(join(dir, "node_modules/express/package.json"))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(join(fixtureApp, "package.json"), join(dir, "package.json"));
  await cp(join(fixtureApp, "package-lock.json"), join(dir, "package-lock.json"));
  await run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, maxBuffer: 64 << 20 });
  return dir;
}

/** The extra debs downloaded and unpacked (dpkg-deb -x) into one tree, cached. */
export async function extraDebsTree(): Promise<string> {
  const dir = join(cacheDir, "extra-debs");
  if (await exists(join(dir, "usr/bin/docker-registry"))) return dir;
  const debs = join(cacheDir, "debs");
  await mkdir(debs, { recursive: true });
  await run("apt-get", ["download", ...EXTRA_DEBS], { cwd: debs, maxBuffer: 64 << 20 });
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  for (const f of (await readdir(debs)).filter((f) => f.endsWith(".deb")).sort()) await run("dpkg-deb", ["-x", join(debs, f), tmp]);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}

async function tarDir(src: string, out: string, prefix = "."): Promise<void> {
  await run("tar", ["-C", src, "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", out, prefix], { maxBuffer: 64 << 20 });
}

/** A layer holding only whiteouts (image-spec layer.md "Whiteouts"). */
export async function whiteoutLayer(out: string, paths: readonly string[]): Promise<void> {
  const p = pack();
  const done = pipeline(p, createWriteStream(out));
  for (const path of paths) {
    const at = path.lastIndexOf("/");
    p.entry({ name: `${path.slice(0, at + 1)}.wh.${path.slice(at + 1)}`, size: 0, mode: 0o644, mtime: new Date(0) }, "");
  }
  p.finalize();
  await done;
}

export interface DebianImage {
  /** OCI layout directory: tags `base` (layer 1), `app` (layers 1-3), `latest` (1-4). */
  layout: string;
  rootfs: string;
  app: string;
  extra: string;
}

/**
 * The test image, cached: layer 1 the rootfs, 2 the npm app under opt/app, 3 the extra
 * debs' files, 4 whiteouts of one npm package and one python distribution.
 */
export function debianImage(): Promise<DebianImage> {
  return withCacheLock(buildDebianImage);
}

async function buildDebianImage(): Promise<DebianImage> {
  const [rootfs, app, extra] = [await debianRootfs(), await npmApp(), await extraDebsTree()];
  const layout = join(cacheDir, "image");
  if (await exists(join(layout, "index.json"))) return { layout, rootfs, app, extra };
  const work = join(cacheDir, `layers-${process.pid}`);
  const tmp = `${layout}.tmp-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(join(work, "app/opt"), { recursive: true });
  await cp(app, join(work, "app/opt/app"), { recursive: true });
  await tarDir(rootfs, join(work, "1.tar"));
  await tarDir(join(work, "app"), join(work, "2.tar"));
  await tarDir(extra, join(work, "3.tar"));
  await whiteoutLayer(join(work, "4.tar"), [WHITED_OUT.npm, WHITED_OUT.python]);
  await rm(tmp, { recursive: true, force: true });
  await run("umoci", ["init", "--layout", tmp]);
  await run("umoci", ["new", "--image", `${tmp}:latest`]);
  for (const n of [1, 2, 3, 4]) {
    await run("umoci", ["raw", "add-layer", "--image", `${tmp}:latest`, join(work, `${n}.tar`)]);
    if (n === 1) await run("umoci", ["tag", "--image", `${tmp}:latest`, "base"]);
    if (n === 3) await run("umoci", ["tag", "--image", `${tmp}:latest`, "app"]);
  }
  await rm(work, { recursive: true, force: true });
  await rm(layout, { recursive: true, force: true });
  await rename(tmp, layout);
  return { layout, rootfs, app, extra };
}

/** One Debian package's files (`apt-get download` + `dpkg-deb -x`), cached; e.g. a real jar. */
export function debFiles(pkg: string): Promise<string> {
  return withCacheLock(() => buildDebFiles(pkg));
}

async function buildDebFiles(pkg: string): Promise<string> {
  const dir = join(cacheDir, "deb-files", pkg);
  if (await exists(join(dir, ".complete"))) return dir;
  const dl = join(cacheDir, "deb-files", `${pkg}.download`);
  await rm(dl, { recursive: true, force: true });
  await mkdir(dl, { recursive: true });
  await run("apt-get", ["download", pkg], { cwd: dl, maxBuffer: 64 << 20 });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const f of (await readdir(dl)).filter((f) => f.endsWith(".deb"))) await run("dpkg-deb", ["-x", join(dl, f), dir]);
  await rm(dl, { recursive: true, force: true });
  await mkdir(join(dir, ".complete"));
  return dir;
}
