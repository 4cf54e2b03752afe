import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "@stella/core";
import { openImage } from "@stella/oci";
import { buildOuk } from "../src/ouk/build.js";
import { defaultOpenStore } from "../src/ouk/trivy.js";
import { clientJwt } from "./ouk-helpers.js";
import { pushTrivyDb } from "./trivy-helpers.js";

const now = new Date("2026-11-06T09:00:00Z");
let dir: string;
let jwt: string;
const registry = () => inject("registry");
const repo = `mirror/aquasecurity-${Date.now()}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ouk-trivy-"));
  jwt = await clientJwt(now, 30);
  const db = await openImage(`docker://${registry()}/${repo}/trivy-db:2`, { mode: "write" });
  await pushTrivyDb(db.store, "2", { version: 2, updatedAt: "2026-11-06T06:12:00Z" });
  await pushTrivyDb(db.store, "3", { version: 3, updatedAt: "2026-11-06T06:12:00Z" });
  await pushTrivyDb(db.store, "wrongtype", { version: 2, updatedAt: "2026-11-06T06:12:00Z", layerMediaType: "application/vnd.oci.image.layer.v1.tar+gzip" });
  await pushTrivyDb(db.store, "future", { version: 2, updatedAt: "2026-11-07T06:12:00Z" });
  const java = await openImage(`docker://${registry()}/${repo}/trivy-java-db:1`, { mode: "write" });
  await pushTrivyDb(java.store, "1", { name: "trivy-java-db", version: 1, updatedAt: "2026-11-04T01:00:00Z" });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function build(output: string, dbTag: string) {
  return buildOuk({
    date: "2026-11-06",
    output: join(dir, output),
    workDir: join(dir, `work-${output}`),
    trivy: [
      { name: "trivy-db", reference: `docker://${registry()}/${repo}/trivy-db:${dbTag}` },
      { name: "trivy-java-db", reference: `docker://${registry()}/${repo}/trivy-java-db:1` },
    ],
    openStore: defaultOpenStore(),
    clientJwt: jwt,
    now,
    toolVersion: "test",
    logger: silentLogger,
  });
}

describe("Trivy DB and Java DB from a mirror registry", () => {
  it("pulls both artifacts, checks metadata.json Version, stamps UpdatedAt", async () => {
    const r = await build("trivy.tar.zst", "2");
    expect((await r.files())).toEqual(expect.arrayContaining(["feeds/trivy-db/trivy.db", "feeds/trivy-db/metadata.json", "feeds/trivy-java-db/trivy-java.db"]));
    expect(r.feeds.map((f) => [f.name, f.version, f.newest])).toEqual([
      ["trivy-db", "2", "2026-11-06T06:12:00Z"],
      ["trivy-java-db", "1", "2026-11-04T01:00:00Z"],
    ]);
  });

  it("refuses a DB of another schema, another media type, or updated after --date", async () => {
    await expect(build("v3.tar.zst", "3")).rejects.toThrow(/DB schema Version 3, the scanners read schema 2/);
    await expect(build("type.tar.zst", "wrongtype")).rejects.toThrow(/expected one layer of application\/vnd\.aquasec\.trivy\.db\.layer\.v1\.tar\+gzip/);
    await expect(build("future.tar.zst", "future")).rejects.toThrow(/updated at 2026-11-07T06:12:00Z, after --date/);
  });
});
