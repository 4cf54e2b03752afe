import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { MediaType, isOciError, isRegistryError, nextLink, openRegistryStore } from "@stella/oci";

// Protocol edges a well-behaved docker-registry never shows: lying digests, huge manifests,
// token services that echo secrets. nock stands in for such a registry.
const origin = "https://registry.example";
const base = "/v2/team/app";
const store = (options: Parameters<typeof openRegistryStore>[1] = {}) => openRegistryStore({ registry: "registry.example", repository: "team/app" }, { retry: { retries: 0 }, ...options });
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociEmpty, digest: sha256Digest("{}"), size: 2 }, layers: [] }));
const digest = sha256Digest(manifest);

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("manifest verification", () => {
  it("refuses a manifest whose bytes do not match the requested digest, naming both", async () => {
    const other = sha256Digest("other");
    nock(origin).get(`${base}/manifests/${other}`).reply(200, manifest, { "content-type": MediaType.ociManifest });
    const err = await store().getManifest(other).catch((e: unknown) => e);
    expect(isOciError(err, "DIGEST_MISMATCH")).toBe(true);
    expect(String(err)).toContain(`expected ${other}, got ${digest}`);
  });

  it("refuses a manifest whose Docker-Content-Digest disagrees with its bytes", async () => {
    const lie = sha256Digest("lie");
    nock(origin).get(`${base}/manifests/v1`).reply(200, manifest, { "content-type": MediaType.ociManifest, "docker-content-digest": lie });
    await expect(store().getManifest("v1")).rejects.toThrow(`expected ${lie}, got ${digest}`);
  });

  it("refuses a HEAD whose digest is not the one asked for", async () => {
    const lie = sha256Digest("lie");
    nock(origin).head(`${base}/manifests/${digest}`).reply(200, "", { "content-type": MediaType.ociManifest, "docker-content-digest": lie, "content-length": String(manifest.byteLength) });
    await expect(store().resolve(digest)).rejects.toThrow(/digest mismatch/);
  });

  it("refuses manifests over 4 MiB, declared or streamed, and never pushes one", async () => {
    nock(origin).get(`${base}/manifests/big`).reply(200, "x", { "content-length": String(5 * 1024 * 1024) });
    await expect(store().getManifest("big")).rejects.toThrow(/over the 4 MiB limit/);
    const huge = Buffer.alloc(4 * 1024 * 1024 + 10, 0x20);
    nock(origin).get(`${base}/manifests/streamed`).reply(200, () => huge, { "content-type": MediaType.ociManifest, "transfer-encoding": "chunked" });
    const err = await store().getManifest("streamed").catch((e: unknown) => e);
    expect(isOciError(err, "MANIFEST_TOO_LARGE")).toBe(true);
    await expect(store().putManifest(huge, MediaType.ociManifest, "v1")).rejects.toThrow(/over the 4 MiB limit/);
  });

  it("reads the media type from Content-Type and the digest from the bytes", async () => {
    nock(origin).get(`${base}/manifests/v1`).reply(200, manifest, { "content-type": MediaType.ociManifest, "docker-content-digest": digest });
    expect((await store().getManifest("v1")).descriptor).toEqual({ mediaType: MediaType.ociManifest, digest, size: manifest.byteLength });
  });
});

describe("bearer tokens", () => {
  it("answers the challenge, caches the token for its scope and sends it again", async () => {
    const challenge = `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:team/app:pull"`;
    nock(origin).get(`${base}/tags/list`).query(true).reply(401, "", { "www-authenticate": challenge });
    nock("https://auth.example").get("/token").query({ service: "registry.example", scope: "repository:team/app:pull" }).basicAuth({ user: "u", pass: "p4ssw0rd" }).once().reply(200, { token: "tok-1", expires_in: 300 });
    nock(origin).get(`${base}/tags/list`).query(true).matchHeader("authorization", "Bearer tok-1").times(2).reply(200, { name: "team/app", tags: ["v1"] });
    const s = store({ credentials: { username: "u", password: "p4ssw0rd" } });
    expect(await s.listTags()).toEqual(["v1"]);
    expect(await s.listTags()).toEqual(["v1"]);
    expect(s.client.auth.tokenRequests).toBe(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("shares one token request among parallel requests that meet the same challenge", async () => {
    const challenge = `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:team/app:pull"`;
    nock(origin, { badheaders: ["authorization"] }).get(`${base}/tags/list`).query(true).times(4).reply(401, "", { "www-authenticate": challenge });
    nock("https://auth.example").get("/token").query(true).once().delay(50).reply(200, { token: "tok-shared" });
    nock(origin).get(`${base}/tags/list`).query(true).matchHeader("authorization", "Bearer tok-shared").times(4).reply(200, { name: "team/app", tags: [] });
    const s = store({ credentials: { username: "u", password: "p" } });
    await Promise.all([1, 2, 3, 4].map(() => s.listTags()));
    expect(s.client.auth.tokenRequests).toBe(1);
  });

  it("never puts the password or a token into an error, even when a server echoes them", async () => {
    const password = `pw-${randomBytes(6).toString("hex")}`;
    nock(origin).get(`${base}/tags/list`).query(true).reply(401, "", { "www-authenticate": `Bearer realm="https://auth.example/token",service="s"` });
    nock("https://auth.example").get("/token").query(true).reply(500, `internal error for password ${password}`);
    const err = await store({ credentials: { username: "alice", password } })
      .listTags()
      .catch((e: unknown) => e);
    expect(isRegistryError(err, "UNAUTHORIZED")).toBe(true);
    expect(String(err)).toContain("registry.example");
    expect(`${String(err)} ${(err as Error).stack ?? ""}`).not.toContain(password);
  });

  it("reports 403 as denied, naming the user and the scope it needed", async () => {
    nock(origin).post(`${base}/blobs/uploads/`).reply(401, "", { "www-authenticate": 'Basic realm="r"' });
    nock(origin).post(`${base}/blobs/uploads/`).reply(403, { errors: [{ code: "DENIED" }] });
    nock(origin).head(`${base}/blobs/${sha256Digest("b")}`).reply(404);
    const err = await store({ credentials: { username: "bob", password: "secret-pw" } })
      .putBlob({ digest: sha256Digest("b"), size: 1 }, () => Buffer.from("b"))
      .catch((e: unknown) => e);
    expect(isRegistryError(err, "DENIED")).toBe(true);
    expect(String(err)).toContain('denied user "bob" POST');
    expect(String(err)).not.toContain("secret-pw");
  });
});

describe("chunked uploads", () => {
  it("raises the chunk size to the registry's OCI-Chunk-Min-Length and follows each Location", async () => {
    const data = randomBytes(25_000);
    const digest = sha256Digest(data);
    nock(origin).head(`${base}/blobs/${digest}`).reply(404);
    nock(origin).post(`${base}/blobs/uploads/`).reply(202, "", { location: `${base}/blobs/uploads/u1?_state=a`, "oci-chunk-min-length": "10000" });
    // Each PATCH only matches its exact Content-Range at the Location the previous answer gave.
    const patch = (from: string, to: string, range: string) =>
      nock(origin)
        .patch(`${base}/blobs/uploads/u1`)
        .query({ _state: from })
        .matchHeader("content-range", range)
        .reply(202, "", { location: `${base}/blobs/uploads/u1?_state=${to}` });
    patch("a", "b", "0-9999");
    patch("b", "c", "10000-19999");
    patch("c", "d", "20000-24999");
    nock(origin).put(`${base}/blobs/uploads/u1`).query({ _state: "d", digest }).reply(201, "", { "docker-content-digest": digest });
    await store({ monolithicMaxBytes: 1000, chunkSize: 4096 }).putBlob({ digest, size: data.byteLength }, () => Readable.from([data]));
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("Link pagination", () => {
  it("finds rel=next among several links, quoted or not", () => {
    expect(nextLink('</v2/a/tags/list?n=2&last=b>; rel="next"')).toBe("/v2/a/tags/list?n=2&last=b");
    expect(nextLink('<https://x/first>; rel="prev", <https://x/next?a=1,2>; rel=next')).toBe("https://x/next?a=1,2");
    expect(nextLink(null)).toBeUndefined();
    expect(nextLink('<https://x/>; rel="last"')).toBeUndefined();
  });
});
