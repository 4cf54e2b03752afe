import { describe, expect, it } from "vitest";
import { sha256Digest } from "@stella/core";
import {
  addReferrers,
  encodeReferrersIndex,
  emptyReferrersIndex,
  filterByArtifactType,
  isReferrersTag,
  mergeReferrers,
  parseReferrersIndex,
  referrerDescriptorOf,
  referrersTagFor,
  removeReferrer,
  updatedReferrersIndex,
  MediaType,
  EMPTY_JSON_DIGEST,
  type Descriptor,
} from "../src/index.js";

const subject: Descriptor = { mediaType: MediaType.ociManifest, digest: sha256Digest("subject"), size: 7 };

function referrer(artifactType: string, note: string): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
      layers: [{ mediaType: "text/plain", digest: sha256Digest(note), size: note.length }],
      subject,
      annotations: { "org.example.note": note, "a.first": "1" },
    }),
  );
}

describe("referrersTagFor", () => {
  it.each([
    ["sha256:" + "a".repeat(64), "sha256-" + "a".repeat(64)],
    ["sha512:" + "b".repeat(128), "sha512-" + "b".repeat(64)],
  ])("%s -> %s", (digest, tag) => {
    expect(referrersTagFor(digest)).toBe(tag);
    expect(isReferrersTag(tag)).toBe(digest.startsWith("sha256"));
  });

  it.each(["latest", "sha256", "sha256:", "SHA256:abc", ""])("rejects %j quoting it", (bad) => {
    expect(() => referrersTagFor(bad)).toThrow(`"${bad}"`);
  });
});

describe("referrerDescriptorOf", () => {
  it("takes digest, size, artifactType, annotations and the subject from the bytes", () => {
    const bytes = referrer("application/vnd.example.sbom", "x");
    const { descriptor, subject: s } = referrerDescriptorOf(bytes);
    expect(s).toBe(subject.digest);
    expect(descriptor).toEqual({
      mediaType: MediaType.ociManifest,
      digest: sha256Digest(bytes),
      size: bytes.byteLength,
      artifactType: "application/vnd.example.sbom",
      annotations: { "org.example.note": "x", "a.first": "1" },
    });
  });

  it("falls back to the config media type when artifactType is absent (image-spec 1.1)", () => {
    const doc = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: "application/vnd.dev.cosign.simplesigning.v1+json", digest: EMPTY_JSON_DIGEST, size: 2 }, layers: [], subject };
    const { descriptor } = referrerDescriptorOf(new TextEncoder().encode(JSON.stringify(doc)));
    expect(descriptor.artifactType).toBe("application/vnd.dev.cosign.simplesigning.v1+json");
  });

  it("refuses a manifest without subject", () => {
    const doc = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 }, layers: [] };
    expect(() => referrerDescriptorOf(new TextEncoder().encode(JSON.stringify(doc)))).toThrow(/no subject/);
  });
});

describe("referrers index", () => {
  const a = referrerDescriptorOf(referrer("application/vnd.example.sbom", "a")).descriptor;
  const b = referrerDescriptorOf(referrer("application/vnd.example.sig", "b")).descriptor;
  const c = referrerDescriptorOf(referrer("application/vnd.example.sbom", "c")).descriptor;

  it("adds without duplicates and reports whether anything changed", () => {
    const one = addReferrers(emptyReferrersIndex(), [a]);
    expect(one.changed).toBe(true);
    const again = addReferrers(one.index, [a]);
    expect(again.changed).toBe(false);
    expect(again.index.manifests).toHaveLength(1);
    const two = addReferrers(again.index, [b, a, c]);
    expect(two.index.manifests.map((d) => d.digest).sort()).toEqual([a.digest, b.digest, c.digest].sort());
  });

  it("encodes the same set to the same bytes whatever the order of adding", () => {
    const x = encodeReferrersIndex(addReferrers(addReferrers(emptyReferrersIndex(), [a, b]).index, [c]).index);
    const y = encodeReferrersIndex(addReferrers(emptyReferrersIndex(), [c, b, a]).index);
    expect(Buffer.from(x).toString()).toBe(Buffer.from(y).toString());
    const parsed = parseReferrersIndex(x, "sha256-test");
    expect(parsed.mediaType).toBe(MediaType.ociIndex);
    expect(parsed.manifests.every((d) => d.artifactType !== undefined)).toBe(true);
    // Annotations are written with sorted keys.
    expect(Buffer.from(x).toString()).toContain('"annotations":{"a.first":"1","org.example.note":"a"}');
  });

  it("removes a referrer", () => {
    const { index } = addReferrers(emptyReferrersIndex(), [a, b]);
    const r = removeReferrer(index, a.digest);
    expect(r.changed).toBe(true);
    expect(r.index.manifests.map((d) => d.digest)).toEqual([b.digest]);
    expect(removeReferrer(r.index, a.digest).changed).toBe(false);
  });

  it("merges lists from the API and the tag schema, one entry per digest", () => {
    const merged = mergeReferrers([a, b], [b, c]);
    expect(merged).toHaveLength(3);
    expect(filterByArtifactType(merged, "application/vnd.example.sbom").map((d) => d.digest).sort()).toEqual([a.digest, c.digest].sort());
    expect(filterByArtifactType(merged)).toHaveLength(3);
  });

  it("updatedReferrersIndex returns undefined when nothing changes and new bytes otherwise", () => {
    const first = updatedReferrersIndex(undefined, "t", [a]);
    expect(first).toBeDefined();
    expect(updatedReferrersIndex(first, "t", [a])).toBeUndefined();
    const second = updatedReferrersIndex(first, "t", [b]);
    expect(parseReferrersIndex(second!, "t").manifests).toHaveLength(2);
  });

  it("reads an index written by another tool and refuses a non-index", () => {
    const foreign = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [{ mediaType: MediaType.ociManifest, digest: a.digest, size: a.size, artifactType: "x" }] });
    expect(parseReferrersIndex(new TextEncoder().encode(foreign), "t").manifests[0]?.artifactType).toBe("x");
    expect(() => parseReferrersIndex(referrer("x", "y"), "sha256-abc")).toThrow(/sha256-abc/);
  });
});
