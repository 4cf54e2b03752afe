import { closeSync, linkSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { Turns } from "@stella/core";
import { OciError } from "./errors.js";

/** A lock older than this is taken to be left by a crashed writer and broken. */
const STALE_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Holders queued per lock path in this thread: they take turns without polling the file. */
const holders = new Turns();

/**
 * Runs `fn` holding an exclusive lock file (`O_CREAT|O_EXCL`, works across processes and
 * threads on one filesystem), so two writers updating one OCI layout's index.json never lose
 * each other's entries. Callers in the same thread queue in memory (woken at once on release);
 * only the head of the queue polls the file, with a short backoff (1 to 25 ms), against other
 * threads and processes. Waits up to `timeoutMs`, breaking a stale lock.
 *
 * With `token` (a file the caller made beside the lock, such as the temp file of the index.json
 * it is about to write), the lock is taken by hard-linking it (`link` fails on an existing name
 * as `O_EXCL` does, so writers of either kind exclude each other): no new file per lock, where
 * making one costs ~200 µs of kernel time on this machine's ext4 (bench/pipeline).
 */
export function withLockFile<T>(path: string, fn: () => Promise<T>, timeoutMs = 30_000, token?: string): Promise<T> {
  return holders.run(path, () => holdLockFile(path, fn, timeoutMs, token));
}

function take(path: string, token: string | undefined): void {
  if (token !== undefined) {
    try {
      linkSync(token, path);
      return;
    } catch (e) {
      // Taken by someone else; any other failure (a filesystem without hard links, such as the
      // FAT/exFAT of a transfer disk: EPERM) falls back to a lock file of its own.
      if (isCode(e, "EEXIST")) throw e;
    }
  }
  const fd = openSync(path, "wx");
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
}

async function holdLockFile<T>(path: string, fn: () => Promise<T>, timeoutMs: number, token: string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    // Plain system calls: taking and dropping the lock is on every index.json write's path, and
    // these are a few microseconds where promise-based calls are thread-pool round trips.
    try {
      take(path, token);
      break;
    } catch (e) {
      if (!isCode(e, "EEXIST")) throw e;
      let age = 0;
      try {
        // A linked lock's token was made just before its holder's first try, which waits at most
        // `timeoutMs` (under STALE_MS), and is written when the holder writes index.json.
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        // released meanwhile
      }
      if (age > STALE_MS) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new OciError(`could not lock ${path} within ${timeoutMs} ms: another writer holds it`, {
          code: "LOCKED",
          hint: `if no other stella/skopeo is writing there, remove ${path}`,
        });
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 25);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}

function isCode(e: unknown, code: string): boolean {
  return e instanceof Error && "code" in e && e.code === code;
}
