import type { KeyObject } from "node:crypto";
import { OciLayoutStore, openRegistryStore, parseImageReference, type ImageStore, type RegistryStoreOptions } from "@stella/oci";
import { assertImageVerified, verifyImage, type IdentityPolicy, type TrustedRoot } from "@stella/signing";
import { errorMessage } from "@stella/core";
import { ReleaseError } from "./errors.js";
import type { ReleaseManifest } from "./model.js";

/** Opens the store that holds a manifest's image repository. */
export type StoreOpener = (image: string) => Promise<ImageStore>;

/**
 * Where the images of a release are read from:
 * - undefined: each image's own registry (`docker://<image>`);
 * - `oci:DIR`: one OCI layout holding every image (an offline kit's `images/`, tests);
 * - `docker://HOST[/PREFIX]`: a mirror, the image's path after its registry host appended.
 */
export function storeOpener(location: string | undefined, registry: RegistryStoreOptions = {}): StoreOpener {
  if (location?.startsWith("oci:")) {
    let layout: Promise<ImageStore> | undefined;
    const dir = location.slice("oci:".length);
    return () => (layout ??= OciLayoutStore.open(dir));
  }
  const stores = new Map<string, ImageStore>();
  return (image: string) => {
    const target = location?.startsWith("docker://") ? `${location.replace(/\/+$/, "")}/${pathOf(image)}` : `docker://${image}`;
    const parsed = parseImageReference(target);
    if (parsed.transport !== "docker") return Promise.reject(new ReleaseError(`${target} is not a registry reference`, { code: "FRAGMENT" }));
    const key = `${parsed.ref.registry}/${parsed.ref.repository}`;
    let store = stores.get(key);
    if (!store) stores.set(key, (store = openRegistryStore(parsed.ref, registry)));
    return Promise.resolve(store);
  };
}

function pathOf(image: string): string {
  const first = image.split("/")[0] ?? "";
  const hasHost = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return hasHost ? image.slice(first.length + 1) : image;
}

export const SBOM_ARTIFACT_TYPES = ["application/vnd.cyclonedx+json", "application/vnd.cyclonedx+protobuf", "application/spdx+json", "application/vnd.cyclonedx+xml"] as const;

export interface ImageCheck {
  service_id: string;
  image: string;
  signature: boolean;
  sbom: boolean;
  problems: string[];
}

export interface ImageTrust {
  publicKey?: KeyObject;
  identity?: IdentityPolicy;
  trustedRoot?: TrustedRoot;
}

/**
 * Every listed image (§10.2 "verify page: image sigs, SBOMs attached"): its signature verifies
 * with the release's key or identity (@stella/signing, offline with a local store and trusted
 * root), and an SBOM is attached as a referrer. Problems are collected per image.
 */
export async function checkReleaseImages(release: ReleaseManifest, open: StoreOpener, trust: ImageTrust): Promise<ImageCheck[]> {
  const out: ImageCheck[] = [];
  for (const s of release.manifest.services) {
    const ref = `${s.image}@${s.digest}`;
    const check: ImageCheck = { service_id: s.service_id, image: ref, signature: false, sbom: false, problems: [] };
    try {
      const store = await open(s.image);
      const results = await verifyImage({ store, digest: s.digest, ...trust });
      try {
        assertImageVerified(results, ref);
        check.signature = true;
      } catch (e) {
        check.problems.push(errorMessage(e));
      }
      const refs = await store.referrers(s.digest);
      check.sbom = refs.some((d) => (SBOM_ARTIFACT_TYPES as readonly string[]).includes(d.artifactType ?? ""));
      if (!check.sbom) check.problems.push(`${ref}: no SBOM referrer (${SBOM_ARTIFACT_TYPES.join(", ")}); referrers: ${refs.map((d) => d.artifactType ?? d.mediaType).join(", ") || "none"}`);
    } catch (e) {
      check.problems.push(`${ref}: ${errorMessage(e)}`);
    }
    out.push(check);
  }
  return out;
}
