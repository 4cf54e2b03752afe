import { open, rm, stat } from "node:fs/promises";
import { OciError } from "./errors.js";

/** A lock older than this is taken to be left by a crashed writer and broken. */
const STALE_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding an exclusive lock file (`O_CREAT|O_EXCL`, works across processes on one
 * filesystem), so two writers updating one OCI layout's index.json never lose each other's
 * entries. Waits up to `timeoutMs`, breaking a stale lock.
 */
export async function withLockFile<T>(path: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    try {
      const fh = await open(path, "wx");
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      break;
    } catch (e) {
      if (!(e instanceof Error && "code" in e && e.code === "EEXIST")) throw e;
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > STALE_MS) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new OciError(`could not lock ${path} within ${timeoutMs} ms: another writer holds it`, {
          code: "LOCKED",
          hint: `if no other stella/skopeo is writing there, remove ${path}`,
        });
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
