import { describe, expect, it } from "vitest";
import { signImageInputs } from "./inputs.js";
import { resourceOf } from "./summary.js";

const from = (v: Record<string, string>) => (name: string) => v[name] ?? "";
const D = `sha256:${"a".repeat(64)}`;

describe("sign-image inputs", () => {
  it("maps every input", () => {
    const i = signImageInputs(from({ images: `ghcr.io/o/app@${D}\noci:out/layout@${D}`, key: "-----BEGIN X-----", "key-password": "pw1234", "attest-sbom": "sbom.json", "attest-provenance": "true", "base-images": `debian@${D}`, recursive: "false", "tlog-upload": "TRUE", "rekor-url": "https://rekor.local" }), { GITEA_ACTIONS: "true" });
    expect(i).toMatchObject({
      images: [`docker://ghcr.io/o/app@${D}`, `oci:out/layout@${D}`],
      sbomFiles: ["sbom.json"],
      provenance: true,
      baseImages: [`debian@${D}`],
      recursive: false,
      referrer: true,
      secrets: ["-----BEGIN X-----", "pw1234"],
      signer: { keyPem: "-----BEGIN X-----", keyPassword: "pw1234", keyless: false, tlogUpload: true, rekorUrl: "https://rekor.local", oidc: { gitea: true } },
    });
  });

  it("collects every problem: tags, no signer, a bad boolean, SBOM count", () => {
    expect(() => signImageInputs(from({ images: "ghcr.io/o/app:v1, ghcr.io/o/b@" + D, recursive: "yes", "attest-sbom": "a.json\nb.json\nc.json" }), {})).toThrow(
      /4 problem\(s\)[\s\S]*"ghcr.io\/o\/app:v1" has no @sha256[\s\S]*give input "key"[\s\S]*"attest-sbom" lists 3 files for 2 images[\s\S]*"recursive" must be true or false/,
    );
    // keyless: true wins over a key secret passed alongside (reusable workflows pass both).
    expect(signImageInputs(from({ images: `a/b@${D}`, key: "k", keyless: "true" }), {}).signer).toMatchObject({ keyless: true });
    expect(signImageInputs(from({ images: `a/b@${D}`, key: "k", keyless: "true" }), {}).signer.keyPem).toBeUndefined();
  });

  it("turns base images into SLSA resolved dependencies", () => {
    expect(resourceOf(`docker.io/library/debian@${D}`)).toEqual({ uri: "pkg:docker/docker.io/library/debian", digest: { sha256: "a".repeat(64) } });
    expect(() => resourceOf("debian:12")).toThrow(/must be REGISTRY\/REPO@sha256/);
  });
});
