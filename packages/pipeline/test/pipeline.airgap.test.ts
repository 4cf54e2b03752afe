import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/run-cli.js";
import { CHROMIUM_ARGS } from "../../../test/helpers/chromium.js";
import { LOCAL_KEY_PASSWORD } from "../src/local-pipeline.js";

const schemaPath = "/work/shared/spec/release-manifest.schema.json";

// The README's main job, as a user types it, and its outputs checked by tools we did not write.
// An air-gap test: CI runs it under `unshare -n` (loopback only), so the whole pipeline, its
// verify and import stages included, is shown to need no network.
describe("stella pipeline run", () => {
  it("runs every stage, writes a green report, and its outputs verify with independent tools", async () => {
    const out = await mkdtemp(join(tmpdir(), "pipeline-"));
    const r = await runCli(["pipeline", "run", "--out", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${join(out, "report.html")}`);
    expect(r.stdout).toContain("✔ release verified");
    // no Redis configured: one line saying how to enable it
    expect(r.stderr).toMatch(/–\s*notify .*NOTIFY_SMOKE_REDIS_DSN/);
    // The stages' scratch (OUK downloads, kit tree, import staging) is not left behind.
    expect(existsSync(join(out, ".work"))).toBe(false);

    // skopeo reads every image of the layout registry, by the digest the manifest lists.
    const release = JSON.parse(await readFile(join(out, "release", "release.json"), "utf8")) as { manifest: { services: { service_id: string; digest: string }[] } };
    expect(release.manifest.services).toHaveLength(8);
    for (const s of release.manifest.services) {
      const raw = execFileSync("skopeo", ["inspect", "--raw", `oci:${join(out, "registry")}:${s.service_id}`]);
      expect(`sha256:${execFileSync("sha256sum", { input: raw }).toString().slice(0, 64)}`).toBe(s.digest);
    }

    // An independent JSON Schema validator (not ajv) accepts release.json.
    const schema = JSON.parse(await readFile(schemaPath, "utf8")) as Record<string, unknown>;
    const result = new Validator(schema, "2020-12", false).validate(release);
    expect(result.valid, JSON.stringify(result.errors.slice(0, 3))).toBe(true);

    // sha256sum -c accepts the OUK's checksum file; openssl accepts its detached signature.
    const oukDir = join(out, "ouk");
    const sumFile = (await readdir(oukDir)).find((f) => f.endsWith(".sha256"))!;
    expect(spawnSync("sha256sum", ["-c", sumFile], { cwd: oukDir, encoding: "utf8" }).status).toBe(0);
    const kit = sumFile.replace(/\.sha256$/, "");
    const sig = Buffer.from((await readFile(join(oukDir, `${kit}.sig`), "utf8")).trim(), "base64");
    await writeFile(join(out, "ouk.sig.der"), sig);
    const ossl = spawnSync("openssl", ["dgst", "-sha256", "-verify", join(out, "keys", "cosign.pub"), "-signature", join(out, "ouk.sig.der"), join(oukDir, kit)], { encoding: "utf8" });
    expect(ossl.stdout.trim()).toBe("Verified OK");

    // cosign.key (written by the key-file stage while the rest ran) is the key the run signed
    // with: a blob signed with it verifies with openssl against cosign.pub.
    await writeFile(join(out, "blob"), "key-file check\n");
    const signed = await runCli(["sign-blob", join(out, "blob"), "--key", join(out, "keys", "cosign.key")], { env: { COSIGN_PASSWORD: LOCAL_KEY_PASSWORD } });
    expect(signed.exitCode, signed.stderr).toBe(0);
    await writeFile(join(out, "blob.sig.der"), Buffer.from((await readFile(join(out, "blob.sig"), "utf8")).trim(), "base64"));
    expect(spawnSync("openssl", ["dgst", "-sha256", "-verify", join(out, "keys", "cosign.pub"), "-signature", join(out, "blob.sig.der"), join(out, "blob")], { encoding: "utf8" }).stdout.trim()).toBe("Verified OK");

    // The offline kit was imported into a fresh site store (one OCI layout per repository): skopeo
    // reads each image there by its version tag, and its manifest hashes to the manifest's digest.
    for (const s of release.manifest.services as { service_id: string; digest: string; version: string }[]) {
      const raw = execFileSync("skopeo", ["inspect", "--raw", `oci:${join(out, "site-registry", "stellaops", s.service_id)}:${s.version}`]);
      expect(`sha256:${execFileSync("sha256sum", { input: raw }).toString().slice(0, 64)}`).toBe(s.digest);
    }

    // The deployment artifact directory passes sha256sum -c (artifact-generation.md).
    const tenant = join(out, "artifacts", "local");
    const [deployment] = await readdir(tenant);
    expect(spawnSync("sha256sum", ["-c", "checksums.sha256"], { cwd: join(tenant, deployment), encoding: "utf8" }).status).toBe(0);

    // The report, read in headless Chromium.
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(out, "report.html")}`);
      expect(await page.getAttribute('[data-field="verdict"]', "data-status")).toBe("ok");
      expect(await page.locator("#services tbody tr").count()).toBe(8);
      expect(await page.locator('.check[data-status="fail"]').count()).toBe(0);
      expect(await page.textContent('[data-service="backend"]')).toContain("2 platforms");
      expect(await page.getAttribute('[data-stage="notify"]', "data-status")).toBe("skipped");
    } finally {
      await browser.close();
    }
  });

  it("is deterministic: the same release manifest digest and SBOM bytes on a second run, serial, and with legs on worker threads", async () => {
    const a = await mkdtemp(join(tmpdir(), "pipeline-a-"));
    const b = await mkdtemp(join(tmpdir(), "pipeline-b-"));
    const c = await mkdtemp(join(tmpdir(), "pipeline-c-"));
    expect((await runCli(["pipeline", "run", "--out", a, "--services", "3"])).exitCode).toBe(0);
    expect((await runCli(["pipeline", "run", "--out", b, "--services", "3", "--serial"])).exitCode).toBe(0);
    // --workers: the legs run on worker threads, the loaded signing key structured-cloned to them.
    const workers = await runCli(["pipeline", "run", "--out", c, "--services", "3", "--workers", "--json"]);
    expect(workers.exitCode, workers.stderr).toBe(0);
    const legs = (JSON.parse(workers.stdout) as { stages: { id: string; status: string; detail: string }[] }).stages.find((st) => st.id === "legs");
    expect(legs?.status).toBe("passed");
    expect(legs?.detail).toContain("(worker threads)");
    const digest = async (d: string) => (JSON.parse(await readFile(join(d, "release", "release.json"), "utf8")) as { manifest_digest: string }).manifest_digest;
    expect(await digest(a)).toBe(await digest(b));
    expect(await digest(c)).toBe(await digest(a));
    expect(await readFile(join(a, "release", "release.yaml"))).toEqual(await readFile(join(b, "release", "release.yaml")));
    const sboms = await readdir(join(a, "sboms", "authority"));
    for (const f of sboms) {
      expect(await readFile(join(a, "sboms", "authority", f))).toEqual(await readFile(join(b, "sboms", "authority", f)));
      expect(await readFile(join(c, "sboms", "authority", f))).toEqual(await readFile(join(a, "sboms", "authority", f)));
    }
  });
});
