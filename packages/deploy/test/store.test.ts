import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expiryOf, planPrune, prune, retentionClassOf, storeArtifacts } from "@stella/deploy";

const files = [
  { name: "compose.stella.lock.yml", bytes: Buffer.from("services: {}\n") },
  { name: "stella.version.json", bytes: Buffer.from('{"version":"1.0"}\n') },
];

describe("artifact store", () => {
  it("writes {tenant}/{deployment}/ with manifest.json and checksums sha256sum -c accepts", async () => {
    const root = await mkdtemp(join(tmpdir(), "stella-store-"));
    const r = await storeArtifacts({ root, tenant: "acme", deploymentId: "d-1", environment: "production", createdAt: "2026-01-10T14:30:00Z", files });
    expect(r.dir).toBe(join(root, "acme", "d-1"));
    expect(r.written).toBe(true);
    const manifest = JSON.parse(await readFile(join(r.dir, "manifest.json"), "utf8")) as unknown;
    expect(manifest).toEqual({
      version: "1.0",
      deploymentId: "d-1",
      environment: "production",
      createdAt: "2026-01-10T14:30:00Z",
      artifacts: [
        { name: "compose.stella.lock.yml", type: "compose-lock", size: 13, sha256: "fa6ccea1ca4e3a031d9e99f25cc05db803aa9bac642c000ddab14f6d9da54b52" },
        { name: "stella.version.json", type: "version-sticker", size: 18, sha256: expect.stringMatching(/^[a-f0-9]{64}$/) },
      ],
      totalSize: 31,
    });
    expect(execFileSync("sha256sum", ["-c", "checksums.sha256"], { cwd: r.dir, encoding: "utf8" })).toBe("compose.stella.lock.yml: OK\nmanifest.json: OK\nstella.version.json: OK\n");
  });

  it("is immutable: same bytes again is a no-op, other bytes are refused and nothing changes", async () => {
    const root = await mkdtemp(join(tmpdir(), "stella-store-"));
    const o = { root, tenant: "acme", deploymentId: "d-1", environment: "production", createdAt: "2026-01-10T14:30:00Z", files };
    await storeArtifacts(o);
    expect((await storeArtifacts(o)).written).toBe(false);
    const before = await readFile(join(root, "acme/d-1/checksums.sha256"), "utf8");
    await expect(storeArtifacts({ ...o, files: [{ name: "compose.stella.lock.yml", bytes: Buffer.from("services: {x: {}}\n") }, ...files.slice(1)] })).rejects.toThrow(/immutable[\s\S]*compose\.stella\.lock\.yml \(stored sha256:/);
    expect(await readFile(join(root, "acme/d-1/checksums.sha256"), "utf8")).toBe(before);
    await expect(storeArtifacts({ ...o, deploymentId: "../escape" })).rejects.toThrow(/invalid artifact path/);
  });
});

describe("retention", () => {
  it("classes and expiry follow the spec table", () => {
    expect(["dev", "development", "staging", "stage-eu", "production", "prod-us", "airgap"].map(retentionClassOf)).toEqual(["development", "development", "staging", "staging", "production", "production", undefined]);
    expect(expiryOf(new Date("2026-01-10T00:00:00Z"), "production").toISOString()).toBe("2033-01-10T00:00:00.000Z");
    expect(expiryOf(new Date("2026-01-10T00:00:00Z"), "development").toISOString()).toBe("2026-02-09T00:00:00.000Z");
  });

  it("prune --dry-run lists what and why, then prune removes only the expired", async () => {
    const root = await mkdtemp(join(tmpdir(), "stella-store-"));
    const put = (id: string, environment: string, createdAt: string) => storeArtifacts({ root, tenant: "acme", deploymentId: id, environment, createdAt, files });
    await put("dev-old", "development", "2026-01-01T00:00:00Z");
    await put("dev-new", "development", "2026-03-01T00:00:00Z");
    await put("stage-old", "staging", "2025-11-01T00:00:00Z");
    await put("prod-old", "production", "2020-01-01T00:00:00Z");
    await put("lab", "airgap-lab", "2020-01-01T00:00:00Z");
    const now = new Date("2026-03-10T00:00:00Z");
    const plan = await planPrune(root, now);
    expect(plan.map((e) => `${e.deploymentId} ${e.action}: ${e.reason}`)).toEqual([
      "dev-new keep: development retention 30 days: retained until 2026-03-31",
      "dev-old remove: development retention 30 days: expired 2026-01-31",
      'lab keep: environment "airgap-lab" has no retention class (development/staging/production); kept',
      "prod-old keep: production retention 7 years: retained until 2027-01-01",
      "stage-old remove: staging retention 90 days: expired 2026-01-30",
    ]);
    await prune(root, now, true);
    expect((await planPrune(root, now)).length).toBe(5);
    await prune(root, now, false);
    expect((await planPrune(root, now)).map((e) => e.deploymentId)).toEqual(["dev-new", "lab", "prod-old"]);
  });
});
