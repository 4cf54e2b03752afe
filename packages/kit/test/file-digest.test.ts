import { createHash } from "node:crypto";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { digestBeside } from "../src/file-digest.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-digest-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("digestBeside (a large file hashed on its own thread)", () => {
  it("gives the file's sha256 and the identity it had while read", async () => {
    const file = join(dir, "trivy.db");
    // Past the worker's 1 MiB read buffer, and not a multiple of it.
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, "vulnerability ");
    await writeFile(file, bytes);
    const d = await digestBeside(file, "feeds/trivy.db").digest;
    const st = await stat(file, { bigint: true });
    expect(d.sha256.toString("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect({ size: d.size, mtimeNs: d.mtimeNs, ctimeNs: d.ctimeNs }).toEqual({ size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs });
  });

  it("names the file it cannot read", async () => {
    await expect(digestBeside(join(dir, "missing.db"), "feeds/missing.db").digest).rejects.toThrow(/cannot read feeds\/missing.db: .*ENOENT/);
  });

  it("stops when cancelled, rejecting its digest", async () => {
    const file = join(dir, "big.db");
    await writeFile(file, Buffer.alloc(64 * 1024 * 1024, 1));
    const pending = digestBeside(file, "big.db");
    pending.cancel();
    await expect(pending.digest).rejects.toThrow(/reading big.db was stopped/);
  });

  it("takes turns when more files than its threads are asked for; a waiting one cancelled never starts", async () => {
    const files = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const f = join(dir, `db${n}`);
        await writeFile(f, Buffer.alloc(2 * 1024 * 1024 + n, n));
        return f;
      }),
    );
    const pending = files.map((f) => digestBeside(f, f));
    pending[3].cancel();
    const got = await Promise.allSettled(pending.map((p) => p.digest));
    for (const n of [0, 1, 2]) {
      const r = got[n];
      expect(r.status === "fulfilled" && r.value.sha256.toString("hex")).toBe(createHash("sha256").update(Buffer.alloc(2 * 1024 * 1024 + n + 1, n + 1)).digest("hex"));
    }
    expect(got[3]).toMatchObject({ status: "rejected", reason: expect.objectContaining({ message: expect.stringMatching(/was stopped/) }) });
  });
});
