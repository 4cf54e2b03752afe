import { Readable } from "node:stream";
import { describe, expect, inject, it } from "vitest";
import { digestMismatch, openRegistryStore } from "@stella/oci";
import { sha256Digest } from "@stella/core";

// A source stream that fails while the upload session is being opened (e.g. a corrupted blob
// caught by the source store's digest check) is the answer at once: the push must not hang
// until the transfer timeout with a PUT body that will never end.
describe("putBlob with a source that fails before the upload starts", () => {
  it("rejects with the source's error and stores nothing", async () => {
    const store = openRegistryStore({ registry: inject("registry"), repository: `source-error/${Date.now()}` }, { retry: { retries: 0 } });
    const bytes = Buffer.from("not the bytes the descriptor names");
    const digest = sha256Digest("the real content");
    // Fails on its own, before anything reads it (as a prefetching source does).
    const failing = () => {
      const r = new Readable({ read() {} });
      process.nextTick(() => r.destroy(digestMismatch("blob in the source store", digest, sha256Digest(bytes))));
      return r;
    };
    // Before the fix this waited for the 60 s transfer timeout: the test's 30 s limit catches that hang.
    await expect(store.putBlob({ digest, size: bytes.length }, failing)).rejects.toThrow(/digest mismatch/);
    expect(await store.hasBlob(digest)).toBe(false);
  }, 30_000);
});
