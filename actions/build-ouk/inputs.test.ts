import { describe, expect, it } from "vitest";
import { buildOukInputs } from "./inputs.js";

const from = (v: Record<string, string>) => (name: string) => v[name] ?? "";
const today = new Date("2026-11-06T07:00:00Z");

describe("build-ouk inputs", () => {
  it("maps the playbook's flags, defaults the names from the date, publishes to the repository", () => {
    const i = buildOukInputs(from({ nvd: "true", osv: "true", "trivy-db": "true", key: "PEM", "key-password": "pw", "nvd-api-key": "nvdkey", "client-jwt": "eyJhbGciOi.x.y", token: "ghs_x", "osv-ecosystems": "npm, PyPI" }), { GITHUB_REPOSITORY: "stella/ops", ACTIONS_RUNTIME_TOKEN: "rt" }, today);
    expect(i.build).toMatchObject({
      date: "2026-11-06",
      output: "ouk-20261106.tar.gz",
      nvd: { baseUrl: "https://services.nvd.nist.gov", apiKey: "nvdkey" },
      osv: { ecosystems: ["npm", "PyPI"] },
      trivy: [{ name: "trivy-db", reference: "docker://ghcr.io/aquasecurity/trivy-db:2" }],
      clientJwt: "eyJhbGciOi.x.y",
      signer: { keyPem: "PEM", keyPassword: "pw" },
    });
    expect(i.publish).toMatchObject({ tag: "ouk-20261106", repository: "stella/ops", gitea: false });
    expect(i.artifact).toBe("ouk-20261106");
    expect(i.secrets).toEqual(expect.arrayContaining(["PEM", "pw", "nvdkey", "ghs_x"]));
  });

  it("takes the date from SOURCE_DATE_EPOCH, issues the token when only token-key is given, skips the artifact without runtime token, knows Gitea", () => {
    const i = buildOukInputs(from({ osv: "true", key: "PEM", "token-key": "EC", token: "t" }), { SOURCE_DATE_EPOCH: "1797552000", GITHUB_REPOSITORY: "o/r", GITEA_ACTIONS: "true", GITHUB_SERVER_URL: "https://gitea.local" }, today);
    expect(i.build.date).toBe("2026-12-18");
    expect(i.build.issueToken).toEqual({ privateKeyPem: "EC", subject: "o/r", issuer: "https://authority.stella-ops.org" });
    expect(i.artifact).toBeUndefined();
    expect(i.publish).toMatchObject({ gitea: true, serverUrl: "https://gitea.local" });
  });

  it("names every problem at once", () => {
    expect(() => buildOukInputs(from({ date: "06.11.2026" }), {}, today)).toThrow(/5 problem\(s\)[\s\S]*"date" must be YYYY-MM-DD[\s\S]*at least one feed[\s\S]*give input "key"[\s\S]*"client-jwt"[\s\S]*"token" and "repository"/);
  });
});
