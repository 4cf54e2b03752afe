import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import type { ImageStore } from "@stella/oci";
import { TRIVY_CONFIG_MEDIA_TYPE, TRIVY_DATABASES, type TrivyDbName } from "../src/ouk/trivy.js";

async function tarGz(files: Record<string, string | Buffer>): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on("end", () => r()));
  for (const [name, body] of Object.entries(files)) p.entry({ name }, body);
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

const digestOf = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

/** Pushes a Trivy DB artifact shaped like ghcr.io/aquasecurity/trivy-db:2 into `store` under `tag`. */
export async function pushTrivyDb(store: ImageStore, tag: string, o: { name?: TrivyDbName; version: number; updatedAt: string; layerMediaType?: string }): Promise<void> {
  const spec = TRIVY_DATABASES[o.name ?? "trivy-db"];
  const layer = await tarGz({ [spec.dbFile]: Buffer.alloc(4096, 3), "metadata.json": JSON.stringify({ Version: o.version, NextUpdate: o.updatedAt, UpdatedAt: o.updatedAt, DownloadedAt: "0001-01-01T00:00:00Z" }) });
  const config = Buffer.from("{}");
  await store.putBlob({ digest: digestOf(layer), size: layer.length }, () => layer);
  await store.putBlob({ digest: digestOf(config), size: config.length }, () => config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: TRIVY_CONFIG_MEDIA_TYPE, digest: digestOf(config), size: config.length },
      layers: [{ mediaType: o.layerMediaType ?? spec.layerMediaType, digest: digestOf(layer), size: layer.length, annotations: { "org.opencontainers.image.title": "db.tar.gz" } }],
      annotations: { "org.opencontainers.image.created": o.updatedAt },
    }),
  );
  await store.putManifest(manifest, "application/vnd.oci.image.manifest.v1+json", tag);
}
