import { readFileSync } from "node:fs";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MediaType, isDescriptor, openRegistryStore, referrersTagFor, type Descriptor } from "@stella/oci";

// The Referrers API path (distribution spec 1.1), against a nock recording of the exchange
// the spec describes (test/fixtures/registry/referrers-api-exchange.json): Debian's
// docker-registry 2.8 has no such API, so this is the only way to run it here.
interface Fixture {
  subject: Descriptor;
  referrers: Record<"sbom" | "prov" | "sig", { bytes: string; descriptor: Descriptor }>;
  interceptors: nock.Definition[];
}
const fixture = JSON.parse(readFileSync(new URL("../../../test/fixtures/registry/referrers-api-exchange.json", import.meta.url), "utf8")) as Fixture;
const { subject, referrers } = fixture;
const origin = "https://registry.example";
const base = "/v2/team/app";
const store = () => openRegistryStore({ registry: "registry.example", repository: "team/app" }, { retry: { retries: 0 } });
const bytes = (s: string) => Buffer.from(s);
const pathOf = (i: nock.Definition) => String(i.path);

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("referrers with the Referrers API", () => {
  it("pushes a referrer and, seeing OCI-Subject, writes no fallback tag at all", async () => {
    const scopes = nock.define(fixture.interceptors.filter((i) => i.method === "PUT"));
    const d = await store().putReferrer(bytes(referrers.sbom.bytes), MediaType.ociManifest);
    expect(d).toEqual(referrers.sbom.descriptor);
    scopes.forEach((s) => expect(s.isDone()).toBe(true));
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("merges the API's referrers with the fallback tag index", async () => {
    nock.define(fixture.interceptors.filter((i) => i.method === "GET" && !pathOf(i).includes("artifactType")));
    const list = await store().referrers(subject.digest);
    expect(list.map((x) => x.digest).sort()).toEqual([referrers.sbom, referrers.prov, referrers.sig].map((r) => r.descriptor.digest).sort());
    expect(list.every(isDescriptor)).toBe(true);
  });

  it("passes the artifactType filter to the API (OCI-Filters-Applied) and filters the tag's entries itself", async () => {
    nock.define(fixture.interceptors.filter((i) => i.method === "GET" && (pathOf(i).includes("artifactType") || pathOf(i).includes("/manifests/"))));
    expect(await store().referrers(subject.digest, "application/spdx+json")).toEqual([referrers.sbom.descriptor]);
  });

  it("filters client-side when the registry ignored the filter, and follows Link pages", async () => {
    const index = (ms: Descriptor[]) => ({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: ms });
    nock(origin)
      .get(`${base}/referrers/${subject.digest}`)
      .query({ artifactType: "application/spdx+json" })
      .reply(200, index([referrers.prov.descriptor]), { "content-type": MediaType.ociIndex, link: `<${base}/referrers/${subject.digest}?artifactType=application%2Fspdx%2Bjson&page=2>; rel="next"` })
      .get(`${base}/referrers/${subject.digest}`)
      .query({ artifactType: "application/spdx+json", page: "2" })
      .reply(200, index([referrers.sbom.descriptor]), { "content-type": MediaType.ociIndex })
      .get(`${base}/manifests/${referrersTagFor(subject.digest)}`)
      .reply(404, { errors: [{ code: "MANIFEST_UNKNOWN" }] });
    expect(await store().referrers(subject.digest, "application/spdx+json")).toEqual([referrers.sbom.descriptor]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("without OCI-Subject but with a working API: still no fallback tag", async () => {
    nock(origin)
      .put(`${base}/manifests/${referrers.prov.descriptor.digest}`)
      .reply(201, "", { "docker-content-digest": referrers.prov.descriptor.digest })
      .get(`${base}/referrers/${subject.digest}`)
      .reply(200, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [referrers.prov.descriptor] }, { "content-type": MediaType.ociIndex });
    await store().putReferrer(bytes(referrers.prov.bytes), MediaType.ociManifest);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("referrers without the API (tag schema)", () => {
  it("on 404 from /referrers/ updates the sha256-<hex> index tag with the referrer's descriptor", async () => {
    let pushed: unknown;
    const tag = referrersTagFor(subject.digest);
    nock(origin)
      .put(`${base}/manifests/${referrers.sig.descriptor.digest}`)
      .reply(201, "", { "docker-content-digest": referrers.sig.descriptor.digest })
      .get(`${base}/referrers/${subject.digest}`)
      .reply(404, { errors: [{ code: "NOT_FOUND" }] })
      .get(`${base}/manifests/${tag}`)
      .reply(200, { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [referrers.sbom.descriptor] }, { "content-type": MediaType.ociIndex })
      .put(`${base}/manifests/${tag}`, (body) => {
        pushed = body;
        return true;
      })
      .reply(201, "");
    await store().putReferrer(bytes(referrers.sig.bytes), MediaType.ociManifest);
    expect(nock.pendingMocks()).toEqual([]);
    const index = pushed as { mediaType: string; manifests: Descriptor[] };
    expect(index.mediaType).toBe(MediaType.ociIndex);
    expect(index.manifests.map((m) => m.digest).sort()).toEqual([referrers.sbom.descriptor.digest, referrers.sig.descriptor.digest].sort());
    expect(index.manifests.find((m) => m.digest === referrers.sig.descriptor.digest)?.artifactType).toBe("application/vnd.dev.cosign.artifact.sig.v1+json");
  });
});
