import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// In a child process: the change is for the life of the process (raising nice back needs privilege).
describe.runIf(process.platform === "linux")("lowerThreadPoolPriority", () => {
  it("lowers the thread pool's threads only, and says so", () => {
    const module = join(import.meta.dirname, "../src/pool-priority.ts");
    const script = `
      import { readdirSync, readFileSync } from "node:fs";
      import { getPriority } from "node:os";
      const { lowerThreadPoolPriority, threadPoolLowered } = await import(${JSON.stringify(module)});
      const before = threadPoolLowered();
      const changed = await lowerThreadPoolPriority(7);
      const threads = readdirSync("/proc/self/task").map((t) => [readFileSync("/proc/self/task/" + t + "/comm", "utf8").trim(), getPriority(Number(t))]);
      console.log(JSON.stringify({ before, changed, after: threadPoolLowered(), main: getPriority(0), threads }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env: { ...process.env, UV_THREADPOOL_SIZE: "3" } });
    const r = JSON.parse(out) as { before: boolean; changed: number; after: boolean; main: number; threads: [string, number][] };
    expect(r.before).toBe(false);
    expect(r.changed).toBe(3);
    expect(r.after).toBe(true);
    const pool = r.threads.filter(([name]) => name.startsWith("libuv-worker"));
    // 7 steps below the process's own priority; every other thread keeps it.
    const lowered = Math.min(19, r.main + 7);
    expect(pool.map(([, p]) => p)).toEqual([lowered, lowered, lowered]);
    expect(r.threads.filter(([name]) => !name.startsWith("libuv-worker")).every(([, p]) => p === r.main)).toBe(true);
  });
});
