import { chmod, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempPathFor, writeFileAtomic, writeFileAtomicSync } from "../src/atomic-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-atomic-"));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe("atomic file writes", () => {
  it.each([
    ["writeFileAtomic", (p: string, d: string, mode?: number) => writeFileAtomic(p, d, mode)],
    ["writeFileAtomicSync", (p: string, d: string, mode?: number) => Promise.resolve(writeFileAtomicSync(p, d, mode, { fsync: false }))],
  ])("%s makes missing directories, replaces a file whole, keeps the mode, leaves no temp file", async (_name, write) => {
    const target = join(dir, "a", "b", "file.json");
    await write(target, "one");
    await write(target, "two", 0o600);
    expect(await readFile(target, "utf8")).toBe("two");
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, "a", "b"))).toEqual(["file.json"]);
  });

  it("fails on a directory it cannot write, leaving nothing behind", async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a path under a file cannot be a directory for anyone.
      await writeFileAtomic(join(dir, "plain"), "x");
      await expect(writeFileAtomic(join(dir, "plain", "child"), "y")).rejects.toThrow(/ENOTDIR|EEXIST/);
      expect(() => writeFileAtomicSync(join(dir, "plain", "child"), "y")).toThrow(/ENOTDIR|EEXIST/);
    } else {
      await chmod(dir, 0o555);
      await expect(writeFileAtomic(join(dir, "f"), "y")).rejects.toThrow(/EACCES/);
    }
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("gives every temp name once, beside the target", () => {
    const names = new Set(Array.from({ length: 1000 }, () => tempPathFor("/x/y/blob")));
    expect(names.size).toBe(1000);
    for (const n of names) expect(n).toMatch(/^\/x\/y\/\.blob\.[0-9a-f]{12}-[0-9a-z]+\.tmp$/);
  });
});
