import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { afterEach, describe, expect, inject, it } from "vitest";
import { sha256Digest, type Logger } from "@stella/core";
import { BlobOrigins, isOciError, openRegistryStore, type Descriptor, type ImageStore } from "@stella/oci";
import { startFaultProxy, type FaultProxy } from "../../../test/helpers/fault-proxy.js";
import { makeImage, pushImage, skopeoRaw } from "./registry-image.js";

// The real docker-registry behind test/helpers/fault-proxy.ts: resets mid-blob, 429/503 at
// random (seeded, bounded), corrupted bytes. Copies must still be verified, or fail loudly.
const host = inject("registry");
const repo = (name: string) => `stella/${name}-${randomBytes(3).toString("hex")}`;
const fast = { retry: { retries: 6, minDelayMs: 5, maxDelayMs: 100, maxElapsedMs: 60_000 } };
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

/** A blob source for putBlob: a fresh verified download per attempt. */
function from(store: ImageStore, d: Descriptor): () => Readable {
  return () =>
    Readable.from(
      (async function* () {
        yield* await store.getBlob(d);
      })(),
    );
}

async function copyImage(src: ImageStore, dst: ImageStore, reference: string, tag: string, workers = 4): Promise<Descriptor> {
  const m = await src.getManifest(reference);
  const doc = JSON.parse(Buffer.from(m.bytes).toString()) as { config: Descriptor; layers: Descriptor[] };
  const queue = [doc.config, ...doc.layers];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) await dst.putBlob(d, from(src, d));
    }),
  );
  return dst.putManifest(m.bytes, m.descriptor.mediaType, tag);
}

describe("registry store through a fault proxy", () => {
  it("copies a 100-layer image verified despite resets mid-blob and random 429/503", async () => {
    const srcName = repo("faults-src");
    const dstName = repo("faults-dst");
    const image = makeImage(100, 8 * 1024);
    await pushImage(openRegistryStore({ registry: host, repository: srcName }), image, "v1");
    proxy = await startFaultProxy({ target: host, seed: 42, errorRate: 0.08, resetRate: 0.08, maxFaults: 80 });
    const src = openRegistryStore({ registry: proxy.host, repository: srcName }, fast);
    // Every layer (8 KiB) goes up in two PATCH chunks (Content-Range), so chunked uploads meet the faults too.
    // Its own BlobOrigins: otherwise the blobs seen in the source manifest would be mounted, not moved.
    const dst = openRegistryStore({ registry: proxy.host, repository: dstName }, { ...fast, monolithicMaxBytes: 6000, chunkSize: 4096, blobOrigins: new BlobOrigins() });
    const copied = await copyImage(src, dst, "v1", "v1");
    expect(copied.digest).toBe(image.digest);
    expect(proxy.stats.midBodyResets).toBeGreaterThan(0);
    expect(proxy.stats.resets - proxy.stats.midBodyResets).toBeGreaterThan(0);
    expect(proxy.stats.errors429).toBeGreaterThan(0);
    expect(proxy.stats.errors503).toBeGreaterThan(0);
    expect(proxy.log.some((r) => r.range !== undefined)).toBe(true); // resumed with Range
    expect(proxy.log.filter((r) => r.method === "PATCH").length).toBeGreaterThanOrEqual(200);
    // Read back directly (no proxy): every layer present and byte-identical; skopeo agrees.
    const direct = openRegistryStore({ registry: host, repository: dstName });
    for (const l of image.layers) expect(Buffer.from(await direct.getBlobBytes(l.descriptor)).equals(l.bytes)).toBe(true);
    expect(sha256Digest(await skopeoRaw(`${host}/${dstName}:v1`))).toBe(image.digest);
  });

  it("catches a corrupted blob by digest, naming both digests, and never stores it", async () => {
    const srcName = repo("corrupt-src");
    const image = makeImage(2, 32 * 1024);
    await pushImage(openRegistryStore({ registry: host, repository: srcName }), image, "v1");
    proxy = await startFaultProxy({ target: host });
    const bad = image.layers[1].descriptor;
    proxy.corrupt.add(bad.digest);
    const src = openRegistryStore({ registry: proxy.host, repository: srcName }, fast);
    const err = await src.getBlobBytes(bad).catch((e: unknown) => e);
    expect(isOciError(err, "DIGEST_MISMATCH")).toBe(true);
    const message = String(err);
    expect(message).toContain(`expected ${bad.digest}`);
    expect(message).toMatch(/got sha256:[0-9a-f]{64}/);
    expect(message).not.toMatch(new RegExp(`got ${bad.digest}`));
    const dstName = repo("corrupt-dst");
    const dst = openRegistryStore({ registry: host, repository: dstName }, fast);
    await expect(copyImage(src, dst, "v1", "v1", 1)).rejects.toThrow(/digest mismatch/);
    expect(await dst.hasBlob(bad.digest)).toBe(false);
    await expect(dst.getManifest("v1")).rejects.toThrow(/not found/);
    expect(proxy.stats.corrupted).toBeGreaterThan(0);
  });

  it("resumes a blob download with a Range request after a reset mid-body", async () => {
    const name = repo("resume");
    const image = makeImage(1, 64 * 1024);
    await pushImage(openRegistryStore({ registry: host, repository: name }), image, "v1");
    proxy = await startFaultProxy({ target: host, resetRate: 1, maxFaults: 1 });
    const layer = image.layers[0];
    const got = await openRegistryStore({ registry: proxy.host, repository: name }, fast).getBlobBytes(layer.descriptor);
    expect(Buffer.from(got).equals(layer.bytes)).toBe(true);
    expect(proxy.stats.midBodyResets).toBe(1);
    expect(proxy.log.map((r) => r.range)).toEqual([undefined, "bytes=32768-"]);
  });

  it("gives up on a registry that accepts connections but never answers, after bounded retries", async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const port = (silent.address() as { port: number }).port;
      const store = openRegistryStore({ registry: `127.0.0.1:${port}`, repository: "x/y" }, { timeoutMs: 200, retry: { retries: 1, minDelayMs: 5, maxDelayMs: 10 } });
      await expect(store.listTags()).rejects.toThrow(/timed out/);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it("honours Retry-After on 429", async () => {
    proxy = await startFaultProxy({ target: host, errorRate: 1, maxFaults: 1, retryAfterSeconds: 1, seed: 2 });
    const lines: string[] = [];
    const logger: Logger = { debug: (m) => lines.push(m), info: () => undefined, warn: () => undefined, error: () => undefined };
    // maxDelayMs bounds how long a Retry-After is obeyed (6x): 1 s must pass unchanged.
    const store = openRegistryStore({ registry: proxy.host, repository: repo("retry-after") }, { retry: { retries: 2, minDelayMs: 5, maxDelayMs: 1000 }, logger });
    expect(await store.listTags()).toEqual([]);
    expect(proxy.stats.errors429).toBe(1);
    expect(lines.join("\n")).toMatch(/retry 1 in 1000 ms \(HTTP 429\)/);
  });

  it("sends large blobs as PATCH chunks with Content-Range and follows each Location", async () => {
    proxy = await startFaultProxy({ target: host });
    const store = openRegistryStore({ registry: proxy.host, repository: repo("chunked") }, { monolithicMaxBytes: 1024, chunkSize: 4096 });
    const bytes = randomBytes(4096 * 2 + 100);
    const d = { digest: sha256Digest(bytes), size: bytes.byteLength };
    await store.putBlob(d, () => Readable.from([bytes]));
    const patches = proxy.log.filter((r) => r.method === "PATCH").map((r) => r.contentRange);
    expect(patches).toEqual(["0-4095", "4096-8191", "8192-8291"]);
    const put = proxy.log.find((r) => r.method === "PUT");
    expect(put?.path).toContain(`digest=${encodeURIComponent(d.digest)}`);
    expect(Buffer.from(await store.getBlobBytes(d)).equals(bytes)).toBe(true);
  });
});
