import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alignProfiles, extractImages, type Finding } from "@stella/profiles";
import { copyFixtures, DIGESTS, edit, FIXTURES, lineOf, MIRRORS, OTHER_DIGEST, PROFILES } from "./fixture-copy.js";

const where = (f: Finding) => `${f.file.split("/").slice(-2).join("/")}:${f.line}:${f.rule}`;

describe("image references with positions", () => {
  it("finds every shape at the right line and column", async () => {
    const ex = await extractImages(PROFILES, { cwd: FIXTURES });
    const rows = ex.images.map((i) => `${i.kind} ${i.file.split("/").pop()}:${i.line}:${i.column} ${i.path}`);
    expect(rows).toEqual([
      "compose docker-compose.yaml:9:10 services.orchestrator.image", // anchor + merge-key list
      "compose docker-compose.yaml:21:12 services.policy-engine.image", // ${POLICY_IMAGE} from .env
      "compose docker-compose.yaml:26:12 services.vex-lens.image", // ${VEX_TAG:-…}
      "compose common-services.yaml:4:12 services.scanner.image", // extends (other file), scanner-worker extends it again
      "compose docker-compose.telemetry.yaml:4:12 services.findings-ledger.image", // overlay wins over build-only base
      "helm values-stable.yaml:7:10 orchestrator.image",
      "helm values-stable.yaml:13:17 policyEngine.image",
      "helm values-stable.yaml:20:17 scanner.image",
      "helm values-stable.yaml:28:14 ledger.controller.image",
      "helm values-stable.yaml:35:17 concelier.image",
      "helm values-stable.yaml:39:17 concelier.initImage",
      "helm values-stable.yaml:46:17 vexLens.image",
      "helm values-airgap.yaml:8:17 policyEngine.image",
      "kubernetes rendered.yaml:16:18 Deployment/orchestrator containers[orchestrator].image",
      "kubernetes rendered.yaml:34:18 StatefulSet/findings-ledger initContainers[migrate].image",
      "kubernetes rendered.yaml:38:18 StatefulSet/findings-ledger containers[ledger].image",
      "kubernetes rendered.yaml:53:22 CronJob/scanner-nightly containers[scanner].image",
      "kubernetes rendered.yaml:65:18 Job/vex-lens-reindex containers[reindex].image",
      "kubernetes rendered.yaml:80:18 DaemonSet/concelier-agent containers[agent].image",
      "kubernetes rendered.yaml:89:14 Pod/policy-debug containers[policy].image",
      "kubernetes rendered.yaml:92:14 Pod/policy-debug ephemeralContainers[debugger].image",
    ]);
    const byPath = new Map(ex.images.map((i) => [`${i.file.split("/").pop()} ${i.path}`, i.value]));
    expect(byPath.get("docker-compose.yaml services.policy-engine.image")).toBe(`registry.stella-ops.org/stellaops/policy-engine:2025.10.0@${DIGESTS["policy-engine"]}`);
    expect(byPath.get("values-stable.yaml scanner.image")).toBe(`registry.stella-ops.org/stellaops/scanner:2025.10.0@${DIGESTS.scanner}`);
    expect(byPath.get("values-airgap.yaml policyEngine.image")).toMatch(/^mirror\.airgap\.local:5000\/stellaops\/policy-engine:/);
    expect(ex.findings).toEqual([]);
  });

  it("uses a Compose default when the variable is unset and reports a required one", async () => {
    const dir = await copyFixtures();
    await edit(dir, "compose/.env", "VEX_TAG=2025.10.0\n", "");
    await edit(dir, "compose/docker-compose.yaml", "image: ${POLICY_IMAGE}", "image: ${POLICY_REPO:?set POLICY_REPO}@sha256:1");
    const ex = await extractImages(["compose/docker-compose.yaml"], { cwd: dir });
    expect(ex.images.find((i) => i.path === "services.vex-lens.image")?.value).toContain(":2025.10.0@");
    expect(ex.findings.map((f) => `${f.rule}:${f.line}:${f.severity}`)).toEqual(["interpolation:21:error"]);
    expect(ex.findings[0]?.message).toContain("set POLICY_REPO");
  });
});

describe("channel alignment", () => {
  it("passes for profiles pinned to the manifest (mirror mapped)", async () => {
    const r = await alignProfiles({ manifestPath: "release.json", channel: "stable", profiles: PROFILES, cwd: FIXTURES, mirrors: MIRRORS });
    expect(r.findings).toEqual([]);
    expect(r.imagesChecked).toBe(21);
  });

  it("refuses the air-gap mirror without an explicit mapping", async () => {
    const r = await alignProfiles({ manifestPath: "release.json", channel: "stable", profiles: PROFILES, cwd: FIXTURES });
    expect(r.findings.map(where)).toEqual(["helm/values-airgap.yaml:8:unknown-image"]);
    expect(r.findings[0]?.message).toContain("declare it: --mirror registry.stella-ops.org=mirror.airgap.local:5000");
  });

  it("reports a changed digest, a tag-only ref, an extra image and a missing service at their lines", async () => {
    const dir = await copyFixtures();
    await edit(dir, "helm/values-stable.yaml", `digest: "${DIGESTS.concelier}"`, `digest: "${OTHER_DIGEST}"`);
    await edit(dir, "k8s/rendered.yaml", `scanner@${DIGESTS.scanner}`, "scanner:2025.10.0");
    await edit(dir, "compose/docker-compose.yaml", "networks:\n  stellaops: {}", "  cache:\n    image: docker.io/library/redis:7.2 # not in the release\n\nnetworks:\n  stellaops: {}");
    const manifest = JSON.parse(await readFile(join(dir, "release.json"), "utf8")) as { manifest: { services: unknown[] } };
    manifest.manifest.services.push({ service_id: "notify", image: "registry.stella-ops.org/stellaops/notify", digest: "sha256:219222cdfcfcc3dca43c7573238685e8b14f1788b7c1ce479b3e3f518a6c1a56" });
    await writeFile(join(dir, "release.json"), JSON.stringify(manifest, null, 2));

    const r = await alignProfiles({ manifestPath: "release.json", channel: "stable", profiles: PROFILES, cwd: dir, mirrors: MIRRORS });
    expect(r.findings.map(where)).toEqual([
      `compose/docker-compose.yaml:${await lineOf(dir, "compose/docker-compose.yaml", "redis:7.2")}:unknown-image`,
      `helm/values-stable.yaml:${await lineOf(dir, "helm/values-stable.yaml", OTHER_DIGEST)}:digest-mismatch`,
      `k8s/rendered.yaml:${await lineOf(dir, "k8s/rendered.yaml", "scanner:2025.10.0")}:tag-only`,
      `${dir.split("/").pop()}/release.json:${await lineOf(dir, "release.json", '"notify"')}:missing-service`,
    ]);
    const mismatch = r.findings.find((f) => f.rule === "digest-mismatch");
    expect(mismatch).toMatchObject({ expected: DIGESTS.concelier, actual: OTHER_DIGEST, service: "concelier", column: 13 });
    expect(r.findings.find((f) => f.rule === "tag-only")).toMatchObject({ expected: DIGESTS.scanner, actual: "2025.10.0" });
  });

  it("refuses a channel the manifest does not publish", async () => {
    await expect(alignProfiles({ manifestPath: "release.json", channel: "nightly", profiles: PROFILES, cwd: FIXTURES })).rejects.toThrow(/channel "nightly" is not in/);
  });

  it("reports a channel whose current_version is another release", async () => {
    const r = await alignProfiles({ manifestPath: "release.json", channel: "beta", profiles: PROFILES, cwd: FIXTURES, mirrors: MIRRORS });
    expect(r.findings.map((f) => `${f.rule}:${f.expected}:${f.actual}`)).toEqual(["channel-version:2025.10.0:2025.11.0-beta.1"]);
  });
});
