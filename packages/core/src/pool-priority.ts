import { readdirSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { getPriority, setPriority } from "node:os";

/** Threads lowerThreadPoolPriority has changed in this process. */
let lowered = 0;

/**
 * Lowers the scheduling priority of libuv's thread-pool threads (compression, hashing of
 * crypto calls, file I/O) by `nice` steps (at most to 19), leaving the JavaScript thread as it is. On a machine
 * with fewer cores than busy threads the kernel then gives the JavaScript thread, which hands
 * out the work and is what every stage waits for, the core it needs, and the pool the rest:
 * bulk work in the pool no longer slows the thread that feeds it (bench/ouk: a kit build ~10%
 * faster on two cores). Entry points that run such work call it (stella kit/ouk, build-ouk).
 *
 * Linux only (a thread's nice value is per thread there: setpriority(2) on a thread id);
 * elsewhere, or when /proc is not readable, it does nothing. Raising nice needs no privilege.
 * Returns how many threads it changed.
 */
export async function lowerThreadPoolPriority(nice = 10): Promise<number> {
  if (process.platform !== "linux") return 0;
  // The pool starts with the first request that needs it: make sure it exists.
  await stat("/").catch(() => undefined);
  let changed = 0;
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      if (!comm.startsWith("libuv-worker")) continue;
      // Relative to what the thread has (a process already under nice stays below its own thread).
      setPriority(Number(tid), Math.min(19, getPriority(Number(tid)) + nice));
      changed++;
    }
  } catch {
    // no /proc, or a thread gone meanwhile: leave the rest as they are
  }
  lowered += changed;
  return changed;
}


/** Whether lowerThreadPoolPriority changed any thread of this process (work in the pool then yields to this thread). */
export function threadPoolLowered(): boolean {
  return lowered > 0;
}
