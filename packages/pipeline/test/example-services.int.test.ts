import { execFileSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OciLayoutStore } from "@stella/oci";
import { generateSboms } from "@stella/sbom";
import { buildExampleServices, EXAMPLE_SERVICES } from "../src/example-services.js";

const release = { version: "2.4.1", calendar: "2027.06", channel: "stable", created: "2027-06-20T12:00:00Z", revision: "0123456789abcdef0123456789abcdef01234567" };

describe("example services of the local pipeline", () => {
  it("are deterministic, readable by skopeo, and give SBOMs with their packages", async () => {
    const a = await mkdtemp(join(tmpdir(), "ex-a-"));
    const b = await mkdtemp(join(tmpdir(), "ex-b-"));
    const da = await buildExampleServices(await OciLayoutStore.open(a, { create: true }), release);
    const db = await buildExampleServices(await OciLayoutStore.open(b, { create: true }), release);
    expect([...da.entries()].map(([k, v]) => [k, v.digest])).toEqual([...db.entries()].map(([k, v]) => [k, v.digest]));
    expect(da.size).toBe(EXAMPLE_SERVICES.length);
    const raw = JSON.parse(execFileSync("skopeo", ["inspect", "--raw", `oci:${a}:backend`]).toString()) as { manifests: { platform: { architecture: string } }[] };
    expect(raw.manifests.map((m) => m.platform.architecture)).toEqual(["amd64", "arm64"]);
    const inspected = JSON.parse(execFileSync("skopeo", ["inspect", `oci:${a}:policy`]).toString()) as { Digest: string; Labels: Record<string, string> };
    expect(inspected.Digest).toBe(da.get("policy")?.digest);
    expect(inspected.Labels["org.stellaops.release.channel"]).toBe("stable");
    const sboms = await generateSboms({ image: `oci:${a}:web-ui`, formats: ["cyclonedx-json"] });
    const names = sboms.images[0].inventory.components.map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(["libc6", "express", "ms"]));
  });
});
