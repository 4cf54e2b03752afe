// The bundled actions and CLI against the real docker-registry (global setup) and a local
// Fulcio/Rekor/TSA (sigstore-local.ts). Build first: npm run build.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildExampleImage, openRegistryStore } from "@stella/oci";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runAction as runDistAction } from "../../../test/helpers/run-action.js";
import { generateKeyPair } from "../src/keys.js";
import { startLocalSigstore, type LocalSigstore } from "./sigstore-local.js";
import { buildDist, PRIVATE_DIR, runPrivateCli as runCli } from "./build-dist.js";

/** The test helper, pointed at this test's private bundles (see build-dist.ts); dist/ is not touched. */
const runAction: typeof runDistAction = (action, inputs, options) => runDistAction(action, inputs, { ...options, script: join(PRIVATE_DIR, action, "index.js") });

const registry = inject("registry");
const PASSWORD = "e2e-secret-password";
let dir: string;
let keys: { privatePem: string; publicPem: string };
let other: { privatePem: string; publicPem: string };
let sigstore: LocalSigstore;
let image: string;
let digest: string;

const github = {
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "stella/ops",
  GITHUB_REF: "refs/heads/main",
  GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
  GITHUB_WORKFLOW_REF: "stella/ops/.github/workflows/release.yml@refs/heads/main",
  GITHUB_EVENT_NAME: "push",
  GITHUB_RUN_ID: "9",
  GITHUB_RUN_ATTEMPT: "1",
};

beforeAll(async () => {
  await buildDist(["sign-image", "verify-image", "sign-blob"]);
  dir = await mkdtemp(join(tmpdir(), "stella-sign-e2e-"));
  keys = await generateKeyPair({ password: PASSWORD });
  other = await generateKeyPair({ password: "x" });
  await writeFile(join(dir, "cosign.pub"), keys.publicPem);
  await writeFile(join(dir, "cosign.key"), keys.privatePem);
  await writeFile(join(dir, "other.pub"), other.publicPem);
  sigstore = await startLocalSigstore();
  await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
  await writeFile(join(dir, "sbom.json"), JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [] }));
  const repo = `sign-e2e/app-${Date.now()}`;
  const store = openRegistryStore({ registry, repository: repo });
  const desc = await buildExampleImage(store, { tag: "v1", platforms: [{ architecture: "amd64", os: "linux" }, { architecture: "arm64", os: "linux" }], seed: repo });
  digest = desc.digest;
  image = `${registry}/${repo}@${digest}`;
});
afterAll(async () => sigstore.close());

describe("sign-image / verify-image actions", () => {
  it("signs by key with SBOM and provenance attestations; verify-image accepts it and names why another key fails", async () => {
    const run = await runAction("sign-image", { images: image, key: keys.privatePem, "key-password": PASSWORD, "attest-sbom": join(dir, "sbom.json"), "attest-provenance": "true" }, { env: github });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs["signature-digests"]?.split("\n")).toHaveLength(3);
    expect(run.outputs["attestation-digests"]?.split("\n")).toHaveLength(2);
    expect(run.summary).toContain("Signed images");
    expect(run.summary).toContain(digest);
    expect(run.stdout).toContain(`::add-mask::${PASSWORD}`);
    expect(run.stdout.replace(`::add-mask::${PASSWORD}`, "")).not.toContain(PASSWORD);

    const ok = await runAction("verify-image", { images: image, "public-key": keys.publicPem });
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    expect(ok.outputs.verified).toBe("true");
    const bad = await runAction("verify-image", { images: image, "public-key": other.publicPem });
    expect(bad.exitCode, bad.stdout + bad.stderr).toBe(1);
    expect(bad.outputs.verified).toBe("false");
    expect(bad.stdout).toMatch(/✗ sha256-[a-f0-9]{64}\.sig layer 0: signature does not verify/);

    const prov = await runAction("verify-image", { images: image, "public-key": keys.publicPem, "attestation-type": "slsaprovenance1", recursive: "false" });
    expect(prov.exitCode, prov.stdout + prov.stderr).toBe(0);
    const sbom = await runAction("verify-image", { images: image, "public-key": keys.publicPem, "attestation-type": "cyclonedx", recursive: "false" });
    expect(sbom.exitCode, sbom.stdout + sbom.stderr).toBe(0);
  });

  it("signs keyless with the runner's OIDC token; verifies offline by identity with a trusted root file", async () => {
    const run = await runAction("sign-image", { images: image, keyless: "true", "fulcio-url": sigstore.fulcioUrl, "rekor-url": sigstore.rekorUrl, recursive: "false" }, { env: { ...github, ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.tokenRequestToken } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.identity).toContain(sigstore.identity.subject);
    const v = await runAction("verify-image", {
      images: image,
      "certificate-identity": sigstore.identity.subject,
      "certificate-oidc-issuer": sigstore.identity.issuer,
      "trusted-root": join(dir, "trusted_root.json"),
      recursive: "false",
    });
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/✓ sha256-[a-f0-9]{64}\.sig layer \d: signed by https:\/\/github.com\/stella\/ops\/.github\/workflows\/release.yml@refs\/heads\/main \(issuer https:\/\/token.actions.githubusercontent.com\), Rekor log index \d+/);
  });

  it("on Forgejo (GITEA_ACTIONS=true with the token variables), keyless works", async () => {
    const run = await runAction("sign-image", { images: image, keyless: "true", "fulcio-url": sigstore.fulcioUrl, "rekor-url": sigstore.rekorUrl, recursive: "false", referrer: "false" }, { gitea: true, env: { ...github, ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.tokenRequestToken } });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs["signature-digests"]).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it("on Gitea, keyless fails at once and names the key-based inputs", async () => {
    const run = await runAction("sign-image", { images: image, keyless: "true" }, { gitea: true, env: github });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/::error::keyless signing is not possible: this Gitea runner provides no OIDC token/);
    expect(run.stdout).toMatch(/`key` input.*`key-password`/);
  });
});

describe("sign-blob action and CLI", () => {
  it("writes a bundle and a .sig openssl accepts; stella verify-blob accepts the bundle", async () => {
    const file = join(dir, "kit.tar");
    await writeFile(file, "offline kit bytes");
    const run = await runAction("sign-blob", { files: file, key: keys.privatePem, "key-password": PASSWORD });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.bundles).toBe(`${file}.sigstore.json`);
    await writeFile(join(dir, "kit.sig.der"), Buffer.from(await readFile(`${file}.sig`, "utf8"), "base64"));
    expect(execFileSync("openssl", ["dgst", "-sha256", "-verify", join(dir, "cosign.pub"), "-signature", join(dir, "kit.sig.der"), file]).toString().trim()).toBe("Verified OK");
    const v = await runCli(["verify-blob", file, "--bundle", `${file}.sigstore.json`, "--key", join(dir, "cosign.pub")]);
    expect(v.stdout).toContain("Verified OK");
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
  });

  it("stella sign / verify on the registry, and a wrong password says only that", async () => {
    const s = await runCli(["sign", "--key", join(dir, "cosign.key"), "--no-recursive", `docker://${image}`], { env: { COSIGN_PASSWORD: PASSWORD } });
    expect(s.stderr).toMatch(/already signed/);
    expect(s.exitCode, s.stdout + s.stderr).toBe(0);
    const v = await runCli(["verify", "--key", join(dir, "cosign.pub"), `docker://${image}`]);
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^verified: docker:\/\//);
    const wrong = await runCli(["sign", "--key", join(dir, "cosign.key"), `docker://${image}`], { env: { COSIGN_PASSWORD: "nope" } });
    expect(wrong.exitCode, wrong.stdout + wrong.stderr).toBe(1);
    expect(wrong.stderr).toMatch(/cosign.key: cannot decrypt the private key: wrong password/);
  });
});
