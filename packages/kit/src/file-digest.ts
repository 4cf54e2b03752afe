import { Worker } from "node:worker_threads";
import { changedWhileArchiving, KitError } from "./errors.js";

/** A file's sha256 and the identity (size, mtime, ctime) it had throughout the read. */
export interface FileDigest {
  sha256: Buffer;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** A digest being computed; `cancel` stops it (its promise then rejects). */
export interface PendingDigest {
  digest: Promise<FileDigest>;
  cancel(): void;
}

// The worker's whole program: read with plain system calls through one 1 MiB buffer, hash, and
// refuse a file whose size, mtime or ctime moved while it was read. CommonJS, as an eval worker runs.
const SOURCE = `
const { openSync, readSync, fstatSync, closeSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { parentPort, workerData } = require("node:worker_threads");
const fd = openSync(workerData, "r");
try {
  const before = fstatSync(fd, { bigint: true });
  const hash = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  const after = fstatSync(fd, { bigint: true });
  const same = after.size === before.size && after.mtimeNs === before.mtimeNs && after.ctimeNs === before.ctimeNs;
  parentPort.postMessage(same ? { sha256: hash.digest(), size: before.size, mtimeNs: before.mtimeNs, ctimeNs: before.ctimeNs } : { changed: true });
} finally {
  closeSync(fd);
}
`;

/**
 * Digest threads at once: one more core's worth of work each (~10 MB RSS apiece), so a tree of many
 * large files does not start a thread per file; the others wait their turn.
 */
const MAX_DIGEST_THREADS = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * The sha256 of `file`, computed on a thread of its own (a worker with a small heap), so a large
 * file is hashed on a free core while the JavaScript thread walks and archives the rest of the
 * tree: a kit build's 620 MB vulnerability DB was ~0.45 s of that thread (bench/ouk).
 */
export function digestBeside(file: string, path: string): PendingDigest {
  let cancelled = false;
  let worker: Worker | undefined;
  const digest = (async () => {
    if (running >= MAX_DIGEST_THREADS) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      if (cancelled) throw new Error(`reading ${path} was stopped`);
      return await hashOnThread(file, path, (w) => (worker = w));
    } finally {
      running--;
      waiting.shift()?.();
    }
  })();
  digest.catch(() => undefined);
  return {
    digest,
    cancel: () => {
      cancelled = true;
      void worker?.terminate();
    },
  };
}

function hashOnThread(file: string, path: string, started: (w: Worker) => void): Promise<FileDigest> {
  const worker = new Worker(SOURCE, { eval: true, workerData: file, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 } });
  started(worker);
  let settled = false;
  const digest = new Promise<FileDigest>((resolve, reject) => {
    worker.once("message", (m: FileDigest | { changed: true }) => {
      settled = true;
      if ("changed" in m) reject(changedWhileArchiving(path));
      else resolve({ ...m, sha256: Buffer.from(m.sha256) });
    });
    worker.once("error", (e: Error) => {
      settled = true;
      reject(new KitError(`cannot read ${path}: ${e.message}`, { code: "IO", cause: e }));
    });
    worker.once("exit", () => {
      if (!settled) reject(new Error(`reading ${path} was stopped`));
    });
  });
  const stop = () => void worker.terminate();
  digest.then(stop, stop);
  return digest;
}
