import { describe, expect, it } from "vitest";
import { formatDockerReference, formatImageReference, manifestReferenceOf, parseDockerReference, parseImageReference, type DockerReference } from "../src/refs.js";

const D = "sha256:" + "0123456789abcdef".repeat(4);

describe("parseDockerReference: valid", () => {
  const cases: [string, DockerReference][] = [
    ["alpine", { registry: "docker.io", repository: "library/alpine" }],
    ["alpine:3.20", { registry: "docker.io", repository: "library/alpine", tag: "3.20" }],
    ["library/alpine", { registry: "docker.io", repository: "library/alpine" }],
    ["docker.io/alpine", { registry: "docker.io", repository: "library/alpine" }],
    ["index.docker.io/user/app:v1", { registry: "docker.io", repository: "user/app", tag: "v1" }],
    ["user/app", { registry: "docker.io", repository: "user/app" }],
    ["ghcr.io/org/team/app:1.2.3", { registry: "ghcr.io", repository: "org/team/app", tag: "1.2.3" }],
    ["localhost/app", { registry: "localhost", repository: "app" }],
    ["localhost:5000/app:dev", { registry: "localhost:5000", repository: "app", tag: "dev" }],
    ["127.0.0.1:5000/a/b", { registry: "127.0.0.1:5000", repository: "a/b" }],
    ["[::1]:5000/app:x", { registry: "[::1]:5000", repository: "app", tag: "x" }],
    ["[fe80::1%eth0]/app", { registry: "[fe80::1%eth0]", repository: "app" }],
    [`app@${D}`, { registry: "docker.io", repository: "library/app", digest: D }],
    [`r.example.com/app:v2@${D}`, { registry: "r.example.com", repository: "app", tag: "v2", digest: D }],
    ["Registry.Example.com/app", { registry: "Registry.Example.com", repository: "app" }],
    ["my-reg.io/a__b/c.d/e-f/g--h", { registry: "my-reg.io", repository: "a__b/c.d/e-f/g--h" }],
    ["reg.io/app:_under.score-1", { registry: "reg.io", repository: "app", tag: "_under.score-1" }],
  ];
  it.each(cases)("%s", (input, expected) => {
    expect(parseDockerReference(input)).toEqual(expected);
  });

  it("formats back to the fully qualified form", () => {
    expect(formatDockerReference(parseDockerReference(`alpine:3@${D}`))).toBe(`docker.io/library/alpine:3@${D}`);
    expect(formatDockerReference(parseDockerReference("[::1]:5000/app"))).toBe("[::1]:5000/app");
  });

  it("asks for the digest, then the tag, then latest", () => {
    expect(manifestReferenceOf(parseDockerReference(`a:t@${D}`))).toBe(D);
    expect(manifestReferenceOf(parseDockerReference("a:t"))).toBe("t");
    expect(manifestReferenceOf(parseDockerReference("a"))).toBe("latest");
  });
});

describe("parseDockerReference: invalid, quoting the input and naming the part", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["Alpine", /"Alpine" is invalid \(repository names must be lower case\)/],
    ["reg.io/App", /component "App".*lower case/],
    ["app:", /tag ""/],
    ["app:-bad", /tag "-bad"/],
    [`app:${"x".repeat(129)}`, /tag "x{129}"/],
    ["app@sha256:abc", /digest "sha256:abc"/],
    [`app@md5:${"a".repeat(32)}`, /digest "md5:/],
    ["reg.io/", /repository path after the registry is empty/],
    ["reg.io//app", /empty component/],
    ["reg.io/a//b", /empty component/],
    ["[::1]:5000", /looks like a registry but the repository path after it is missing/],
    ["reg.io:99999/app", /registry port "99999"/],
    ["reg.io:port/app", /registry port "port"/],
    ["-reg.io/app", /registry host "-reg.io"/],
    ["[zz::1]:5000/app", /registry host "\[zz::1\]"/],
    ["app name", /white space/],
    ["reg.io/a/b_", /component "b_"/],
    ["reg.io/a/-b", /component "-b"/],
    [`reg.io/${"a".repeat(250)}`, /over the 255 limit/],
  ];
  it.each(cases)("%j", (input, message) => {
    expect(() => parseDockerReference(input)).toThrow(message);
    expect(() => parseDockerReference(input)).toThrow(`"${input}"`);
  });
});

describe("parseImageReference", () => {
  it.each([
    ["oci:/tmp/layout", { transport: "oci", dir: "/tmp/layout" }],
    ["oci:relative/dir:v1", { transport: "oci", dir: "relative/dir", tag: "v1" }],
    ["oci:dir:org/app:1.0", { transport: "oci", dir: "dir", tag: "org/app:1.0" }],
    [`oci:dir@${D}`, { transport: "oci", dir: "dir", digest: D }],
    ["oci-archive:img.tar", { transport: "oci-archive", file: "img.tar" }],
    ["oci-archive:img.tar:latest", { transport: "oci-archive", file: "img.tar", tag: "latest" }],
    ["docker-archive:save.tar", { transport: "docker-archive", file: "save.tar" }],
    ["docker-archive:save.tar:app:1", { transport: "docker-archive", file: "save.tar", ref: { registry: "docker.io", repository: "library/app", tag: "1" } }],
    ["docker://alpine", { transport: "docker", ref: { registry: "docker.io", repository: "library/alpine" } }],
    ["docker://127.0.0.1:5000/x/y:z", { transport: "docker", ref: { registry: "127.0.0.1:5000", repository: "x/y", tag: "z" } }],
  ])("%s", (input, expected) => {
    const parsed = parseImageReference(input);
    expect(parsed).toEqual(expected);
    expect(parseImageReference(formatImageReference(parsed))).toEqual(parsed);
  });

  it.each([
    ["alpine:3.20", /no transport.*docker:\/\/alpine:3.20|no transport/],
    ["docker:alpine", /written "docker:\/\/"/],
    ["dir:/tmp/x", /transport "dir:" is not supported/],
    ["oci:", /oci path is empty/],
    ["oci::tag", /oci path is empty/],
    ["oci:dir:", /tag after "dir:" is empty/],
    ["oci:dir:bad tag", /tag "bad tag"/],
    ["oci:dir@sha256:nothex", /digest "sha256:nothex"/],
    ["oci-archive:", /oci-archive path is empty/],
    ["docker-archive:", /docker-archive file is empty/],
    ["docker://", /empty/],
    ["docker://bad/X", /"X" is invalid \(repository names must be lower case\)/],
  ])("rejects %j", (input, message) => {
    expect(() => parseImageReference(input)).toThrow(message);
    expect(() => parseImageReference(input)).toThrow(/invalid image reference "/);
  });

  it("hints at docker:// for a bare name", () => {
    try {
      parseImageReference("alpine");
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: "BAD_REFERENCE", hint: "for a registry image write docker://alpine" });
    }
  });
});
