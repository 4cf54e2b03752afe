/**
 * Real data no one here wrote (issue 4): a Debian bookworm image from debootstrap, a real
 * `npm ci`, Debian's python3-* and docker-registry debs, packed by umoci. The SBOM must
 * agree with dpkg-query, npm ls and the dist-info files themselves.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { openImage } from "@stella/oci";
import { beforeAll, describe, expect, it } from "vitest";
import { debianImage, WHITED_OUT, type DebianImage } from "../../../test/helpers/debian-image.js";
import { isSbomError } from "./errors.js";
import { generateSboms } from "./generate.js";
import { scanImage, type ImageInventory } from "./scan.js";
import { verifyAttached } from "./verify.js";

const run = promisify(execFile);
let img: DebianImage;
const scans = new Map<string, ImageInventory>();

async function scan(tag: string): Promise<ImageInventory> {
  const hit = scans.get(tag);
  if (hit) return hit;
  const opened = await openImage(`oci:${img.layout}:${tag}`);
  const [inv] = await scanImage({ store: opened.store, reference: opened.reference });
  if (!inv) throw new Error("no inventory");
  scans.set(tag, inv);
  return inv;
}

const set = (xs: Iterable<string>) => [...new Set(xs)].sort();

interface NpmLsNode {
  version?: string;
  dependencies?: Record<string, NpmLsNode>;
}

function npmLsSet(node: NpmLsNode, out = new Set<string>()): Set<string> {
  for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
    if (dep.version) out.add(`${name}@${dep.version}`);
    npmLsSet(dep, out);
  }
  return out;
}

beforeAll(async () => {
  img = await debianImage();
}, 600_000);

describe("Debian bookworm image", () => {
  it("dpkg components equal dpkg-query -W of the rootfs exactly, all from layer 1, with distro purls", async () => {
    const inv = await scan("base");
    const { stdout } = await run("dpkg-query", ["-W", "-f", "${Package}\t${Version}\n", `--admindir=${img.rootfs}/var/lib/dpkg`]);
    const expected = set(stdout.trim().split("\n").map((l) => l.replace("\t", "@")));
    const dpkg = inv.components.filter((c) => c.ecosystem === "dpkg");
    expect(set(dpkg.map((c) => `${c.name}@${c.version}`))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(80);
    expect(new Set(dpkg.map((c) => c.layerDigest))).toEqual(new Set([inv.image.layers[0]?.digest]));
    expect(dpkg.find((c) => c.name === "libc6")?.purl).toMatch(/^pkg:deb\/debian\/libc6@[^?]+\?arch=amd64&distro=debian-12&upstream=glibc$/);
    expect(inv.components.find((c) => c.ecosystem === "os")).toMatchObject({ name: "debian", version: "12" });
    expect(dpkg.filter((c) => c.license).length).toBeGreaterThan(40);
    expect(inv.warnings).toEqual([]);
  });

  it("npm components equal `npm ls --all --json` of the install, from layer 2", async () => {
    const inv = await scan("app");
    const { stdout } = await run("npm", ["ls", "--all", "--json"], { cwd: img.app, maxBuffer: 64 << 20 });
    const expected = set(npmLsSet(JSON.parse(stdout) as NpmLsNode));
    const npm = inv.components.filter((c) => c.ecosystem === "npm" && c.sourcePath.startsWith("opt/app/"));
    expect(set(npm.map((c) => `${c.name}@${c.version}`))).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
    expect(new Set(npm.map((c) => c.layerDigest))).toEqual(new Set([inv.image.layers[1]?.digest]));
  });

  it("python components equal the distributions the python3-* debs ship", async () => {
    const inv = await scan("app");
    const dir = join(img.extra, "usr/lib/python3/dist-packages");
    const expected: string[] = [];
    for (const entry of await readdir(dir)) {
      const m = /^(.+?)-([^-]+?)(?:-py[\d.]+)?\.(egg-info|dist-info)$/.exec(entry);
      if (!m) continue;
      const file = join(dir, entry, m[3] === "dist-info" ? "METADATA" : "PKG-INFO");
      const text = await readFile(file, "utf8").catch(async () => readFile(join(dir, entry), "utf8"));
      expected.push(`${/^Name: (.+)$/m.exec(text)?.[1] ?? "?"}@${/^Version: (.+)$/m.exec(text)?.[1] ?? "?"}`);
    }
    const py = inv.components.filter((c) => c.ecosystem === "python");
    expect(set(py.map((c) => `${c.name}@${c.version}`))).toEqual(set(expected));
    expect(expected.length).toBe(3);
  });

  it("the Go binary from Debian's docker-registry package is found with its main module and toolchain", async () => {
    const inv = await scan("app");
    const go = inv.components.filter((c) => c.ecosystem === "go-module" && c.sourcePath === "usr/bin/docker-registry");
    expect(go.map((c) => c.name).sort()).toEqual(["github.com/docker/distribution/cmd/registry", "stdlib"]);
    expect(go.find((c) => c.name === "stdlib")?.version).toMatch(/^v1\.\d+/);
    expect(go[0]?.layerDigest).toBe(inv.image.layers[2]?.digest);
  });

  it("a later layer's whiteouts remove the npm package and python distribution below them", async () => {
    const before = await scan("app");
    const after = await scan("latest");
    const under = (inv: ImageInventory, dir: string) => inv.components.filter((c) => c.sourcePath.startsWith(dir + "/")).map((c) => `${c.name}@${c.version}`);
    expect(under(before, WHITED_OUT.npm)).toEqual(["ms@2.0.0"]);
    expect(under(before, WHITED_OUT.python)).toEqual(["certifi@2022.9.24"]);
    expect(under(after, WHITED_OUT.npm)).toEqual([]);
    expect(under(after, WHITED_OUT.python)).toEqual([]);
    expect(after.components.length).toBe(before.components.length - 2);
    expect(after.layers[3]?.whiteouts).toBe(2);
  });
});

describe("bad input through the real OCI store", () => {
  async function copyLayout(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "sbom-bad-"));
    await cp(img.layout, dir, { recursive: true });
    return dir;
  }

  it("a truncated layer blob is an error naming the layer", async () => {
    const dir = await copyLayout();
    try {
      const inv = await scan("app");
      const layer = inv.image.layers[1]?.digest ?? "";
      await truncate(join(dir, "blobs/sha256", layer.slice(7)), 1000);
      const opened = await openImage(`oci:${dir}:app`);
      const err = await scanImage({ store: opened.store, reference: opened.reference }).catch((e: unknown) => e);
      expect(String(err)).toContain(layer);
      expect(err).toBeInstanceOf(Error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a later layer with a corrupt dpkg status: a warning names file:line, every package is still listed", async () => {
    const dir = await copyLayout();
    try {
      const status = (await readFile(join(img.rootfs, "var/lib/dpkg/status"), "utf8")).split("\n");
      const at = status.findIndex((l) => l === "Package: libc6") + 2;
      status.splice(at, 0, "%%% this is not a control field %%%");
      await mkdir(join(dir, "l/var/lib/dpkg"), { recursive: true });
      await writeFile(join(dir, "l/var/lib/dpkg/status"), status.join("\n"));
      await run("tar", ["-C", join(dir, "l"), "-cf", join(dir, "l.tar"), "var"]);
      await run("umoci", ["raw", "add-layer", "--image", `${dir}:base`, join(dir, "l.tar")]);
      const opened = await openImage(`oci:${dir}:base`);
      const [inv] = await scanImage({ store: opened.store, reference: opened.reference });
      expect(inv?.warnings).toEqual([{ where: `var/lib/dpkg/status:${at + 1}`, message: expect.stringContaining("not a `Field: value` line") as unknown }]);
      const dpkg = inv?.components.filter((c) => c.ecosystem === "dpkg") ?? [];
      expect(dpkg).toHaveLength((await scan("base")).components.filter((c) => c.ecosystem === "dpkg").length);
      expect(new Set(dpkg.map((c) => c.layerDigest))).toEqual(new Set([inv?.image.layers[1]?.digest]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a layer whose bytes do not match its digest is an error naming the layer", async () => {
    const dir = await copyLayout();
    try {
      const inv = await scan("app");
      const layer = inv.image.layers[2]?.digest ?? "";
      const path = join(dir, "blobs/sha256", layer.slice(7));
      const bytes = await readFile(path);
      bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
      await writeFile(path, bytes);
      const opened = await openImage(`oci:${dir}:app`);
      const err = await scanImage({ store: opened.store, reference: opened.reference }).catch((e: unknown) => e);
      expect(String(err)).toContain(layer);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("attach, verify, drift on an OCI layout", () => {
  it("attaches all three formats as referrers; verify passes; a changed image drifts; output is deterministic", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sbom-attach-"));
    try {
      await cp(img.layout, join(dir, "img"), { recursive: true });
      const image = `oci:${join(dir, "img")}:app`;
      const formats = ["cyclonedx-json", "cyclonedx-proto", "spdx-json"] as const;
      const first = await generateSboms({ image, formats: [...formats], outputDir: join(dir, "out1"), attach: true, sourceDateEpoch: "1700000000" });
      const again = await generateSboms({ image, formats: [...formats], outputDir: join(dir, "out2"), sourceDateEpoch: "1700000000" });
      const [a, b] = [first.images[0], again.images[0]];
      expect(a?.sboms.map((s) => s.digest)).toEqual(b?.sboms.map((s) => s.digest));
      expect(a?.sboms.every((s) => s.referrer?.digest.startsWith("sha256:"))).toBe(true);

      const opened = await openImage(image);
      const inv = await scan("app");
      const results = await verifyAttached(opened.store, inv.image.descriptor, inv.components, [...formats]);
      expect(results.map((r) => [r.format, r.ok])).toEqual(formats.map((f) => [f, true]));
      const refs = await opened.store.referrers(inv.image.digest, "application/spdx+json");
      expect(refs).toHaveLength(1);

      const latest = await scan("latest");
      const drift = await verifyAttached(opened.store, inv.image.descriptor, latest.components, ["cyclonedx-json"]);
      expect(drift[0]?.ok).toBe(false);
      expect(drift[0]?.diff?.removed.map((r) => r.key)).toEqual(["pkg:npm/ms /opt/app/node_modules/ms/package.json", "pkg:pypi/certifi /usr/lib/python3/dist-packages/certifi-2022.9.24.egg-info/PKG-INFO"]);

      const vs = await generateSboms({ image: `oci:${join(dir, "img")}:latest`, formats: ["cyclonedx-json"], compareTo: join(dir, "out1", `sbom-${inv.image.digest.slice(7, 19)}.cdx.json`) });
      expect(vs.images[0]?.drift?.removed.map((r) => r.name)).toEqual(["ms", "certifi"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("attaching to an archive is refused with a hint", async () => {
    const err = await generateSboms({ image: "oci-archive:/nonexistent.tar", formats: ["spdx-json"], attach: true }).catch((e: unknown) => e);
    expect(isSbomError(err, "BAD_OPTION")).toBe(true);
  });
});
