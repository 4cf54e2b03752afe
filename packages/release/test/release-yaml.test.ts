import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseReleaseYaml, writeReleaseYaml, type ReleaseYaml } from "@stella/release";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const release: ReleaseYaml = {
  version: "2.4.1",
  channel: "stable",
  date: "2027-06-20T12:00:00Z",
  calendar: "2027.06",
  components: [
    { name: "signer", image: `registry.stella-ops.org/stellaops/signer@${d("c")}`, version: "2.4.1", signature: { rekorUUID: "24296fb24b8ad77a" } },
    { name: "scanner-webservice", image: `registry.stella-ops.org/stellaops/scanner-web@${d("a")}`, version: "2.4.1", sbom: `oci://registry.stella-ops.org/stellaops/scanner-web@${d("1")}`, provenance: `oci://registry.stella-ops.org/stellaops/scanner-web@${d("3")}`, signature: { rekorUUID: "24296fb24b8ad77b", logIndex: 7 } },
  ],
  charts: [{ name: "platform", version: "2.4.1", digest: d("e") }],
  compose: { file: "docker-compose.yml", digest: d("7") },
};

describe("release.yaml (§6.1)", () => {
  it("writes the §6.1 shape, components sorted, byte-identical for the same input", () => {
    const a = writeReleaseYaml(release);
    const b = writeReleaseYaml({ ...release, components: [...release.components].reverse() });
    expect(a).toBe(b);
    const doc = parse(a) as { release: { components: { name: string }[]; checksums: { sha256: string } } };
    expect(doc.release.components.map((c) => c.name)).toEqual(["scanner-webservice", "signer"]);
    expect(doc.release.checksums.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect(a).toContain('  version: "2.4.1"\n  channel: "stable"\n  date: "2027-06-20T12:00:00Z"\n  calendar: "2027.06"\n');
  });
  it("parses back to the same data", () => {
    const parsed = parseReleaseYaml(writeReleaseYaml(release));
    const { checksums, ...rest } = parsed;
    expect(checksums?.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect(rest).toEqual({ ...release, components: [release.components[1], release.components[0]] });
  });
  it("detects a changed field through checksums.sha256, and unpinned images", () => {
    const text = writeReleaseYaml(release);
    expect(() => parseReleaseYaml(text.replace('version: "2.4.1"\n  channel', 'version: "2.4.2"\n  channel'))).toThrow(/checksums\.sha256 is [a-f0-9]{64} but the content hashes to/);
    expect(() => parseReleaseYaml(text.replace(`scanner-web@${d("a")}`, "scanner-web:2.4.1"), "r.yaml")).toThrow(/r\.yaml: .*[\s\S]*components\[0\]\.image: "registry.stella-ops.org\/stellaops\/scanner-web:2\.4\.1" is not pinned by digest/);
  });
});
