/**
 * The RPM cataloger on an rpmdb written by rpm itself (Debian's rpm 4.18, SQLite backend):
 * packages built by rpmbuild from test/fixtures/sbom/rpm/*.spec, installed with
 * `rpm --root`, packed as a two-layer OCI image. Our rpm components must equal
 * `rpm -qa` of that root exactly, gpg-pubkey aside.
 */
import { openImage } from "@stella/oci";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RPM_QUERY_FORMAT, rpmAt, rpmImage, type RpmImage } from "../../../../test/helpers/rpm-image.js";
import { scanImage, type ImageInventory } from "../scan.js";

let img: RpmImage;
let inv: ImageInventory;

beforeAll(async () => {
  img = await rpmImage();
  const opened = await openImage(`oci:${img.layout}:latest`);
  const [first] = await scanImage({ store: opened.store, reference: opened.reference });
  if (!first) throw new Error("no inventory");
  inv = first;
}, 300_000);

afterAll(async () => {
  await img.cleanup();
});

/** `name E:V-R arch license` per package, as rpm prints it. */
async function rpmQa(): Promise<string[]> {
  const out = await rpmAt(img.root, ["-qa", "--qf", RPM_QUERY_FORMAT]);
  return out.trim().split("\n").sort();
}

describe("rpm cataloger on an rpmdb.sqlite written by rpm", () => {
  it("the rpmdb is rpm's own SQLite file", async () => {
    const dbs = await rpmAt(img.root, ["--eval", "%{_db_backend} %{_dbpath}"]);
    expect(dbs.trim()).toBe("sqlite /var/lib/rpm");
  });

  it("components equal rpm -qa exactly (name, E:V-R, arch, licence), gpg-pubkey left out", async () => {
    const expected = (await rpmQa()).filter((l) => !l.startsWith("gpg-pubkey "));
    expect(expected).toHaveLength(4);
    const ours = inv.components
      .filter((c) => c.ecosystem === "rpm")
      .map((c) => `${c.name} ${c.version} ${new URL(c.purl ?? "x:").searchParams.get("arch") ?? "?"} ${c.license ?? "?"}`)
      .sort();
    expect(ours).toEqual(expected);
    expect(await rpmQa()).toEqual(expect.arrayContaining([expect.stringMatching(/^gpg-pubkey /)]));
    expect(inv.warnings).toEqual([]);
  });

  it("purls carry the distro, epoch and source rpm; vendor is a property; all from the top layer's rpmdb", () => {
    const rpm = inv.components.filter((c) => c.ecosystem === "rpm");
    const hello = rpm.find((c) => c.name === "stella-hello");
    expect(hello?.purl).toBe("pkg:rpm/fedora/stella-hello@1.2.3-4.fc40?arch=noarch&distro=fedora-40&epoch=2&upstream=stella-hello-1.2.3-4.fc40.src.rpm");
    expect(hello?.properties).toEqual({ "stella:rpm:source-rpm": "stella-hello-1.2.3-4.fc40.src.rpm", "stella:rpm:vendor": "Stella Test Vendor" });
    expect(rpm.find((c) => c.name === "stella-zero")?.purl).toContain("&epoch=0&");
    expect(new Set(rpm.map((c) => `${c.sourcePath} ${c.layerDigest}`))).toEqual(new Set([`var/lib/rpm/rpmdb.sqlite ${inv.image.layers[1]?.digest}`]));
  });
});
