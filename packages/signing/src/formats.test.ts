import { describe, expect, it } from "vitest";
import { buildSimpleSigningPayload, parseSimpleSigningPayload } from "./simple-signing.js";
import { pae, parseEnvelope, serializeEnvelope, makeEnvelope } from "./dsse.js";
import { buildStatement, parseStatement, predicateTypeFor, subjectFor, statementCovers } from "./intoto.js";
import { contextFromEnv, slsaProvenancePredicate } from "./provenance.js";

const D1 = `sha256:${"a".repeat(64)}`;
const D2 = `sha256:${"b".repeat(64)}`;

describe("simple-signing payload", () => {
  it("has cosign's exact bytes and member order", () => {
    const bytes = buildSimpleSigningPayload({ dockerReference: "127.0.0.1:5000/app", manifestDigest: D1 });
    expect(bytes.toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/app"},"image":{"docker-manifest-digest":"${D1}"},"type":"cosign container image signature"},"optional":null}`,
    );
    const withOptional = buildSimpleSigningPayload({ dockerReference: "r/a", manifestDigest: D1, optional: { z: "1", a: { y: 2, b: 1 } } });
    expect(withOptional.toString()).toContain(`"optional":{"a":{"b":1,"y":2},"z":"1"}`);
    expect(buildSimpleSigningPayload({ dockerReference: "r/a", manifestDigest: D1, optional: { z: "1", a: { y: 2, b: 1 } } }).equals(withOptional)).toBe(true);
  });

  it("parses back and names every problem", () => {
    expect(parseSimpleSigningPayload(buildSimpleSigningPayload({ dockerReference: "r/a", manifestDigest: D2 }))).toEqual({ dockerReference: "r/a", manifestDigest: D2, optional: null });
    expect(() => parseSimpleSigningPayload(Buffer.from(`{"critical":{"type":"x","image":{}}}`))).toThrow(/critical.type is "x".*docker-reference.*docker-manifest-digest/);
    expect(() => buildSimpleSigningPayload({ dockerReference: "r", manifestDigest: "sha256:abc" })).toThrow(/not sha256/);
  });
});

describe("DSSE", () => {
  it("PAE matches the DSSE spec's example", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    expect(pae("t", Buffer.from("é")).toString()).toBe("DSSEv1 1 t 2 é");
  });

  it("envelope round-trips and refuses broken ones with reasons", () => {
    const env = makeEnvelope("application/vnd.in-toto+json", Buffer.from("{}"), Buffer.from([1, 2, 3]), "k");
    expect(parseEnvelope(serializeEnvelope(env))).toEqual(env);
    expect(serializeEnvelope(env).toString()).toBe(`{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[{"keyid":"k","sig":"AQID"}]}`);
    expect(() => parseEnvelope(`{"payload":1,"signatures":[]}`)).toThrow(/payloadType must be a string; payload must be a base64 string; signatures must be a non-empty array/);
  });
});

describe("in-toto statement", () => {
  it("is byte-stable with sorted keys, and knows cosign's type names", () => {
    const a = buildStatement([subjectFor("app", D1)], predicateTypeFor("cyclonedx"), { specVersion: "1.6", bomFormat: "CycloneDX", components: [{ name: "b", a: 1 }] });
    const b = buildStatement([subjectFor("app", D1)], predicateTypeFor("cyclonedx"), { components: [{ a: 1, name: "b" }], bomFormat: "CycloneDX", specVersion: "1.6" });
    expect(a.equals(b)).toBe(true);
    expect(a.toString()).toBe(
      `{"_type":"https://in-toto.io/Statement/v1","predicate":{"bomFormat":"CycloneDX","components":[{"a":1,"name":"b"}],"specVersion":"1.6"},"predicateType":"https://cyclonedx.org/bom","subject":[{"digest":{"sha256":"${"a".repeat(64)}"},"name":"app"}]}`,
    );
    const st = parseStatement(a);
    expect(statementCovers(st, D1)).toBe(true);
    expect(statementCovers(st, D2)).toBe(false);
    expect(predicateTypeFor("slsaprovenance1")).toBe("https://slsa.dev/provenance/v1");
    expect(predicateTypeFor("spdx")).toBe("https://spdx.dev/Document");
    expect(predicateTypeFor("https://example.com/custom/v1")).toBe("https://example.com/custom/v1");
    expect(() => predicateTypeFor("sbom")).toThrow(/unknown attestation type "sbom"/);
  });
});

describe("SLSA provenance v1", () => {
  const env = {
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "stella/ops",
    GITHUB_REF: "refs/tags/v2.4.1",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_WORKFLOW_REF: "stella/ops/.github/workflows/release.yml@refs/tags/v2.4.1",
    GITHUB_EVENT_NAME: "push",
    GITHUB_RUN_ID: "42",
    GITHUB_RUN_ATTEMPT: "2",
    RUNNER_ENVIRONMENT: "github-hosted",
    RUNNER_OS: "Linux",
    RUNNER_ARCH: "X64",
  };

  it("builds the predicate from the runner context, with base images as resolved dependencies, byte-stable", () => {
    const ctx = contextFromEnv(env, { resolvedDependencies: [{ uri: "pkg:docker/debian@bookworm", digest: { sha256: "c".repeat(64) } }] });
    const p = slsaProvenancePredicate(ctx);
    expect(p).toEqual({
      buildDefinition: {
        buildType: "https://actions.github.io/buildtypes/workflow/v1",
        externalParameters: { workflow: { ref: "refs/tags/v2.4.1", repository: "https://github.com/stella/ops", path: ".github/workflows/release.yml" } },
        internalParameters: { github: { event_name: "push", platform: "github", runner_environment: "github-hosted", runner_os: "Linux", runner_arch: "X64" } },
        resolvedDependencies: [
          { uri: "git+https://github.com/stella/ops@refs/tags/v2.4.1", digest: { gitCommit: env.GITHUB_SHA } },
          { uri: "pkg:docker/debian@bookworm", digest: { sha256: "c".repeat(64) } },
        ],
      },
      runDetails: {
        builder: { id: "https://github.com/stella/ops/.github/workflows/release.yml@refs/tags/v2.4.1" },
        metadata: { invocationId: "https://github.com/stella/ops/actions/runs/42/attempts/2" },
      },
    });
    const s1 = buildStatement([subjectFor("app", D1)], predicateTypeFor("slsaprovenance1"), p);
    const s2 = buildStatement([subjectFor("app", D1)], predicateTypeFor("slsaprovenance1"), slsaProvenancePredicate(contextFromEnv({ ...env }, { resolvedDependencies: [{ uri: "pkg:docker/debian@bookworm", digest: { sha256: "c".repeat(64) } }] })));
    expect(s1.equals(s2)).toBe(true);
  });

  it("reads Gitea's variables and names what is missing", () => {
    const gitea = { GITEA_ACTIONS: "true", GITHUB_SERVER_URL: "https://git.example", GITHUB_REPOSITORY: "o/r", GITHUB_REF: "refs/heads/main", GITHUB_SHA: "f".repeat(40), GITHUB_WORKFLOW: "release.yml", GITHUB_RUN_ID: "7" };
    const ctx = contextFromEnv(gitea);
    expect(ctx.platform).toBe("gitea");
    expect(ctx.workflowPath).toBe("release.yml");
    expect(() => contextFromEnv({ GITHUB_REPOSITORY: "o/r" })).toThrow(/lacks GITHUB_SERVER_URL, GITHUB_REF, GITHUB_SHA, GITHUB_RUN_ID, GITHUB_WORKFLOW_REF/);
  });
});
