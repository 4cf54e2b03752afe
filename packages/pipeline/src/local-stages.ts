import { generateKeyPairSync } from "node:crypto";
import { mapLimit } from "@stella/core";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSticker, checkDrift, generateLockFile, LOCK_FILE_NAME, keyStickerSigner, pemStickerVerifier, serializeSticker, signSticker, STICKER_FILE_NAME, storeArtifacts } from "@stella/deploy";
import { buildOfflineKit, importOfflineKit, offlineKitName, buildOuk, importOuk, issueClientToken, keyKitSigner, keyKitVerifier } from "@stella/kit";
import { runNotifySmoke } from "@stella/notify";
import { alignProfiles } from "@stella/profiles";
import { openImage } from "@stella/oci";
import { assembleRelease, parseReleaseManifest, sigstoreManifestSigner, sigstoreManifestVerifier, verifyManifest, type ImageFragment } from "@stella/release";
import { loadPublicKey, PREDICATE_TYPES, verifyImage } from "@stella/signing";
import { startExampleNvdMirror } from "./example-feeds.js";
import { writeExampleProfiles } from "./example-profiles.js";
import { fact, prepareImages, prepareKey, signerOf, widthOf, writeKeyFile, type PipelineContext } from "./local-pipeline.js";
import type { Stage } from "./stages.js";

const CDX = "application/vnd.cyclonedx+json";
const SPDX = "application/spdx+json";


export function stageDefinitions(): Stage<PipelineContext>[] {
  return [
    { id: "images", title: "Build example images", run: prepareImages },
    { id: "key", title: "Signing key", run: prepareKey },
    { id: "key-file", title: "Write cosign.key (encrypted)", needs: ["key"], run: writeKeyFile },
    {
      id: "legs",
      title: "Per image: SBOM (CycloneDX + SPDX, attached), sign, attest",
      needs: ["images", "key"],
      async run(ctx) {
        const serial = ctx.options.concurrency === 1;
        const outputs = await mapLimit(ctx.images, widthOf(ctx), (img) =>
          ctx.legs.run({ service: img.service.name, ref: img.localRef, digest: img.digest, dockerReference: img.dockerReference, outDir: ctx.out, created: ctx.release.created, revision: ctx.release.revision, key: ctx.key!.privateKey.privateKey }),
        );
        ctx.facts.sbom = Object.fromEntries(outputs.map((o) => [o.service, o.sbom]));
        const components = outputs.reduce((n, o) => n + o.sbom.components, 0);
        const signatures = outputs.reduce((n, o) => n + o.signatures, 0);
        const attestations = outputs.reduce((n, o) => n + o.attestations, 0);
        return `${ctx.images.length} images: ${components} SBOM components, ${signatures} signatures, ${attestations} attestations${ctx.options.workerScript && !serial ? " (worker threads)" : ""}`;
      },
    },
    {
      id: "manifest",
      title: "Assemble and sign the release manifest",
      needs: ["legs"],
      async run(ctx) {
        const sboms = fact(ctx, "sbom");
        const fragments: ImageFragment[] = ctx.images.map((img) => ({
          fragment_version: 1,
          service: { service_id: img.service.name, name: img.service.name, image: img.dockerReference, digest: img.digest, version: img.service.version },
          claims: [{ kind: "signature", artifact_type: "application/vnd.dev.cosign.simplesigning.v1+json" }, ...(sboms[img.service.name]?.attachedTo.includes(img.digest) ? [{ kind: "sbom" as const, artifact_type: CDX }, { kind: "sbom" as const, artifact_type: SPDX }] : [])],
        }));
        const stores = new Map(ctx.images.map((i) => [i.dockerReference, i.store]));
        const r = await assembleRelease({
          fragments,
          release: { version: ctx.release.version, released_at: ctx.release.created, release_id: `stella-${ctx.release.version}`, train: "stable", schemaChannel: "stable" },
          outDir: join(ctx.out, "release"),
          openStore: (image) => Promise.resolve(stores.get(image) ?? ctx.images[0].store),
          revision: ctx.release.revision,
          signer: sigstoreManifestSigner(signerOf(ctx)),
          signedAt: new Date(ctx.release.created),
          labels: "error",
          failOnSkew: true,
        });
        ctx.facts.manifest = r;
        return `release.json ${r.manifestDigest}, ${r.skew.findings.length} skew pairs checked, ${r.skew.violations.length} violations`;
      },
    },
    {
      id: "align",
      title: "Channel alignment of the profiles (fix, then check)",
      needs: ["manifest"],
      async run(ctx) {
        const manifest = fact(ctx, "manifest");
        const profiles = await writeExampleProfiles(join(ctx.out, "profiles"), ctx.images.map((i) => ({ name: i.service.name, image: i.dockerReference, version: i.service.version })));
        const fixed = await alignProfiles({ manifestPath: manifest.releaseJsonPath, channel: "stable", profiles, fix: true, sarifPath: join(ctx.out, "profiles", "alignment.sarif"), logger: ctx.options.logger });
        const check = await alignProfiles({ manifestPath: manifest.releaseJsonPath, channel: "stable", profiles });
        ctx.facts.align = { profiles, before: fixed.fixedFindings?.length ?? fixed.findings.length, after: check.findings.length, files: profiles.length, images: check.imagesChecked, findings: check.findings };
        if (check.findings.length) throw new Error(`${check.findings.length} alignment findings remain after --fix`);
        return `${profiles.length} profiles pinned to the manifest (${fixed.fixedFindings?.length ?? 0} findings fixed)`;
      },
    },
    {
      id: "deploy",
      title: "Deployment artifacts (lock file, signed sticker, store, drift)",
      needs: ["align"],
      async run(ctx) {
        // artifact-generation.md: compose.stella.lock.yml, stella.version.json, manifest.json + checksums.sha256.
        const manifestPath = fact(ctx, "manifest").releaseJsonPath;
        const manifest = parseReleaseManifest(await readFile(manifestPath, "utf8"));
        const compose = fact(ctx, "align").profiles.find((p) => p.includes("compose"))!;
        const generatedAt = ctx.release.created;
        const lock = await generateLockFile({ manifest, composeFiles: [compose], environment: { name: "production" }, generatedAt, generator: "stella-artifact-generator@stella" });
        const signer = keyStickerSigner(ctx.key!.privateKey);
        const sticker = await signSticker(
          buildSticker({ manifest, environment: "production", target: "local", user: "release-manager", agent: "stella pipeline run", startedAt: generatedAt, completedAt: generatedAt, generatedAt, generator: "stella-artifact-generator@stella" }),
          signer,
        );
        const stickerText = serializeSticker(sticker);
        const stored = await storeArtifacts({
          root: join(ctx.out, "artifacts"),
          tenant: "local",
          deploymentId: lock.deploymentId,
          environment: "production",
          createdAt: generatedAt,
          files: [
            { name: LOCK_FILE_NAME, bytes: Buffer.from(lock.text) },
            { name: STICKER_FILE_NAME, bytes: Buffer.from(stickerText) },
          ],
          signer,
        });
        const drift = await checkDrift({ expected: sticker, target: stored.dir, verifier: pemStickerVerifier(ctx.key!.publicPem, ctx.key!.publicPath) });
        ctx.facts.deploy = { dir: stored.dir, drift };
        if (drift.driftDetected) throw new Error(`drift in the stored deployment: ${drift.driftType ?? "unknown"}`);
        return `${stored.dir}: ${LOCK_FILE_NAME}, ${STICKER_FILE_NAME} (signed), no drift`;
      },
    },
    {
      id: "ouk",
      title: "Offline Update Kit (example feeds, signed)",
      needs: ["key"],
      async run(ctx) {
        const now = ctx.options.now ?? new Date();
        const date = now.toISOString().slice(0, 10);
        const mirror = await startExampleNvdMirror();
        try {
          const tokenKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
          const clientJwt = await issueClientToken({ privateKeyPem: tokenKey, issuer: "stella-local", subject: "offline-kit", issuedAt: now });
          const r = await buildOuk({
            date,
            output: join(ctx.out, "ouk", `ouk-${date.replace(/-/g, "")}.tar.gz`),
            workDir: join(ctx.out, ".work", "ouk"),
            nvd: { baseUrl: mirror.baseUrl, pageDelayMs: 0 },
            clientJwt,
            now,
            signer: keyKitSigner(ctx.key!.privateKey),
            toolVersion: "stella",
            logger: ctx.options.logger,
          });
          ctx.facts.ouk = r;
          return `${r.path} (${r.digest})`;
        } finally {
          await mirror.close();
        }
      },
    },
    {
      id: "ouk-import",
      title: "Import the OUK into a fresh target (verify first)",
      needs: ["ouk"],
      async run(ctx) {
        const ouk = fact(ctx, "ouk");
        const verifier = keyKitVerifier(loadPublicKey(ctx.key!.publicPem, ctx.key!.publicPath));
        const target = join(ctx.out, "target", "var", "lib", "stella", "db");
        const now = ctx.options.now ?? new Date();
        const first = await importOuk({ file: ouk.path, target, verifier, now, logger: ctx.options.logger, auditLog: join(ctx.out, "target", "audit.jsonl") });
        const again = await importOuk({ file: ouk.path, target, verifier, now, logger: ctx.options.logger, auditLog: join(ctx.out, "target", "audit.jsonl") });
        ctx.facts.oukImport = { first, again };
        if (again.status !== "unchanged") throw new Error("re-importing the same kit was not a no-op");
        return `${first.status} into ${target}; re-import ${again.status}`;
      },
    },
    {
      id: "kit",
      title: "Offline kit (images, referrers, SBOMs, profiles, signed manifest)",
      // The images go into the kit's tree while align pins the compose files that join them.
      needs: ["manifest"],
      laterNeeds: ["align"],
      async run(ctx, waitFor) {
        // architecture-devops.md §3.3: stellaops-kit-<channel>-<version>.tar.zst.
        const manifest = fact(ctx, "manifest");
        const output = join(ctx.out, "kit", offlineKitName(ctx.release.channel, ctx.release.version));
        const layoutDir = join(ctx.out, "registry");
        const local = !ctx.options.registry;
        const r = await buildOfflineKit({
          manifestPath: manifest.releaseJsonPath,
          ...(manifest.bundlePath ? { bundlePath: manifest.bundlePath } : {}),
          channel: ctx.release.channel,
          output,
          workDir: join(ctx.out, ".work", "kit"),
          include: async () => {
            await waitFor("align");
            return { compose: join(ctx.out, "profiles", "compose") };
          },
          // The local registry is the layout directory; with --registry the images are pulled from it.
          ...(local ? { source: (_image: string, digest: string) => `oci:${layoutDir}@${digest}` } : {}),
          created: new Date(ctx.release.created),
          signer: keyKitSigner(ctx.key!.privateKey),
          toolVersion: "stella",
          concurrency: widthOf(ctx),
          logger: ctx.options.logger,
        });
        ctx.facts.kit = r;
        return `${r.path} (${r.images.length} images, ${r.digest})`;
      },
    },
    {
      id: "kit-import",
      title: "Import the offline kit into a fresh site registry (verify everything first)",
      needs: ["kit"],
      async run(ctx) {
        const kit = fact(ctx, "kit");
        const publicKey = loadPublicKey(ctx.key!.publicPem, ctx.key!.publicPath);
        const site = join(ctx.out, "site-registry");
        const r = await importOfflineKit({ file: kit.path, registry: `oci:${site}`, verifier: keyKitVerifier(publicKey), material: { publicKey }, workDir: join(ctx.out, ".work", "kit-import"), concurrency: widthOf(ctx), logger: ctx.options.logger });
        // The imported images verify again at the site, from the site's own store.
        await mapLimit(r.pushed, widthOf(ctx), async (p) => {
          const opened = await openImage(p.reference);
          try {
            const v = await verifyImage({ store: opened.store, digest: p.digest, publicKey, recursive: true });
            if (!v.every((x) => x.verified)) throw new Error(`${p.reference}: signature does not verify after import`);
          } finally {
            await opened.close();
          }
        });
        ctx.facts.kitImport = r;
        return `${r.pushed.length} images with ${r.pushed.reduce((n, p) => n + p.referrers, 0)} referrers imported into oci:${site}, signatures verified there`;
      },
    },
    {
      id: "verify",
      title: "Verify images and manifest offline",
      needs: ["manifest"],
      async run(ctx) {
        const publicKey = loadPublicKey(ctx.key!.publicPem, ctx.key!.publicPath);
        const results: Record<string, { signature: boolean; sbom: boolean; provenance: boolean }> = {};
        await mapLimit(ctx.images, widthOf(ctx), async (img) => {
          const sig = await verifyImage({ store: img.store, digest: img.digest, publicKey, recursive: true });
          const sbom = await verifyImage({ store: img.store, digest: img.digest, publicKey, recursive: false, predicateType: PREDICATE_TYPES.cyclonedx });
          const prov = await verifyImage({ store: img.store, digest: img.digest, publicKey, recursive: false, predicateType: PREDICATE_TYPES.slsaprovenance1 });
          results[img.service.name] = { signature: sig.every((r) => r.verified), sbom: sbom.every((r) => r.verified), provenance: prov.every((r) => r.verified) };
        });
        const manifest = fact(ctx, "manifest");
        const release = parseReleaseManifest(await readFile(manifest.releaseJsonPath, "utf8"));
        const bundles = manifest.bundlePath ? [JSON.parse(await readFile(manifest.bundlePath, "utf8")) as unknown] : [];
        const mv = await verifyManifest(release, sigstoreManifestVerifier({ publicKey }), bundles);
        ctx.facts.verify = { images: results, manifest: mv };
        const bad = Object.entries(results).filter(([, v]) => !v.signature || !v.sbom || !v.provenance);
        if (bad.length) throw new Error(`not verified: ${bad.map(([k]) => k).join(", ")}`);
        return `${ctx.images.length} images and the manifest verified with ${ctx.key!.publicPath}`;
      },
    },
    {
      id: "notify",
      title: "notify-smoke",
      needs: ["verify"],
      enabled: (ctx) => (ctx.options.env.NOTIFY_SMOKE_REDIS_DSN ? true : "skipped: set NOTIFY_SMOKE_REDIS_DSN and the other NOTIFY_SMOKE_* settings (deployment-profiles.md) to run it"),
      async run(ctx) {
        const raw = Object.fromEntries(Object.entries(ctx.options.env).filter(([k]) => k.startsWith("NOTIFY_SMOKE_")));
        const r = await runNotifySmoke(raw, { logger: ctx.options.logger });
        ctx.facts.notify = r;
        if (!r.passed) throw new Error(`notify-smoke failed: missing ${r.missingKinds.join(", ")}`);
        return "every expected kind seen and sent";
      },
    },
  ];
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, JSON.stringify(value, null, 2) + "\n");
}
