import { describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import { MAX_MANIFEST_BYTES, MediaType, childrenOf, isDescriptor, parseManifest, artifactTypeOf } from "../src/index.js";

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const desc = (mediaType: string, s: string) => ({ mediaType, digest: sha256Digest(s), size: s.length });
const config = desc(MediaType.ociConfig, "{}");
const layer = desc(MediaType.ociLayerGzip, "layer");

describe("parseManifest", () => {
  it.each([
    ["OCI manifest", { schemaVersion: 2, mediaType: MediaType.ociManifest, config, layers: [layer] }, "manifest", MediaType.ociManifest],
    ["OCI manifest without mediaType", { schemaVersion: 2, config, layers: [] }, "manifest", MediaType.ociManifest],
    ["Docker v2s2", { schemaVersion: 2, mediaType: MediaType.dockerManifest, config: desc(MediaType.dockerConfig, "c"), layers: [desc(MediaType.dockerLayerGzip, "l")] }, "manifest", MediaType.dockerManifest],
    ["OCI index", { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ ...desc(MediaType.ociManifest, "m"), platform: { os: "linux", architecture: "arm64", variant: "v8" } }] }, "index", MediaType.ociIndex],
    ["index without mediaType", { schemaVersion: 2, manifests: [] }, "index", MediaType.ociIndex],
    ["Docker manifest list", { schemaVersion: 2, mediaType: MediaType.dockerManifestList, manifests: [desc(MediaType.dockerManifest, "m")] }, "index", MediaType.dockerManifestList],
  ])("%s", (_name, doc, kind, mediaType) => {
    const parsed = parseManifest(enc(doc), "test");
    expect(parsed.kind).toBe(kind);
    expect(parsed.mediaType).toBe(mediaType);
  });

  it("uses the declared media type when the document has none", () => {
    expect(parseManifest(enc({ schemaVersion: 2, config, layers: [] }), "t", MediaType.dockerManifest).mediaType).toBe(MediaType.dockerManifest);
  });

  it.each([
    ["not JSON", new TextEncoder().encode("{nope"), /not valid JSON/],
    ["an array", enc([1]), /not a JSON object/],
    ["schema 1", enc({ schemaVersion: 1, name: "x", fsLayers: [] }), /Docker schema 1/],
    ["wrong schemaVersion", enc({ schemaVersion: 3, config, layers: [] }), /schemaVersion is 3/],
    ["config missing", enc({ schemaVersion: 2, mediaType: MediaType.ociManifest, layers: [] }), /config is missing/],
    ["bad layer", enc({ schemaVersion: 2, config, layers: [{ mediaType: "x", digest: "nope", size: 1 }] }), /layers\[0\] is not a valid descriptor/],
    ["negative size", enc({ schemaVersion: 2, config: { ...config, size: -1 }, layers: [] }), /config/],
    ["bad index entry", enc({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ digest: sha256Digest("x") }] }), /manifests\[0\]/],
    ["unknown media type", enc({ schemaVersion: 2, mediaType: "application/json", config, layers: [] }), /neither an image manifest nor an index/],
    ["bad annotations", enc({ schemaVersion: 2, config, layers: [], annotations: { a: 1 } }), /annotations/],
  ])("refuses %s", (_name, bytes, message) => {
    expect(() => parseManifest(bytes, "sha256:where")).toThrow(message);
    expect(() => parseManifest(bytes, "sha256:where")).toThrow(/sha256:where/);
  });

  it("refuses manifests over 4 MiB", () => {
    const big = new Uint8Array(MAX_MANIFEST_BYTES + 1).fill(0x20);
    expect(() => parseManifest(big, "big")).toThrow(/over the 4 MiB limit/);
  });

  it("lists children and artifact types", () => {
    const parsed = parseManifest(enc({ schemaVersion: 2, config, layers: [layer] }), "t");
    expect(childrenOf(parsed).blobs.map((d) => d.digest)).toEqual([config.digest, layer.digest]);
    expect(artifactTypeOf(parsed)).toBe(MediaType.ociConfig);
  });
});

describe("isDescriptor", () => {
  it.each([
    [{ mediaType: "a", digest: sha256Digest("x"), size: 1 }, true],
    [{ mediaType: "a", digest: sha256Digest("x"), size: 1.5 }, false],
    [{ mediaType: "a", digest: "sha256", size: 1 }, false],
    [{ mediaType: "a", digest: sha256Digest("x"), size: 1, platform: { os: "linux" } }, false],
    [{ mediaType: "a", digest: sha256Digest("x"), size: 1, urls: ["u"], data: "e30=", artifactType: "t" }, true],
    [null, false],
  ])("%j -> %s", (v, ok) => {
    expect(isDescriptor(v)).toBe(ok);
  });
});
