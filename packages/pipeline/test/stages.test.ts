import { describe, expect, it } from "vitest";
import { runStages, type Stage } from "../src/stages.js";

const tick = () => new Promise((r) => setImmediate(r));

describe("runStages", () => {
  it("runs independent stages concurrently and dependents after their needs", async () => {
    const log: string[] = [];
    const stage = (id: string, needs: string[] = []): Stage<null> => ({
      id,
      title: id,
      needs,
      run: async () => {
        log.push(`start ${id}`);
        await tick();
        log.push(`end ${id}`);
      },
    });
    const results = await runStages([stage("a"), stage("b"), stage("c", ["a", "b"])], null);
    expect(results.map((r) => r.status)).toEqual(["passed", "passed", "passed"]);
    expect(log.slice(0, 2).sort()).toEqual(["start a", "start b"]);
    expect(log.indexOf("start c")).toBeGreaterThan(log.indexOf("end b"));
    expect(log.indexOf("start c")).toBeGreaterThan(log.indexOf("end a"));
  });

  it("runs one at a time with concurrency 1", async () => {
    let active = 0;
    let max = 0;
    const s = (id: string): Stage<null> => ({ id, title: id, run: async () => { active++; max = Math.max(max, active); await tick(); active--; } });
    await runStages([s("a"), s("b"), s("c")], null, { concurrency: 1 });
    expect(max).toBe(1);
  });

  it("skips dependents of a failed stage, naming it, and keeps going elsewhere", async () => {
    const results = await runStages<null>(
      [
        { id: "bad", title: "bad", run: () => Promise.reject(new Error("boom")) },
        { id: "after", title: "after", needs: ["bad"], run: () => Promise.resolve("x") },
        { id: "other", title: "other", run: () => Promise.resolve("fine") },
        { id: "off", title: "off", enabled: () => "skipped: set REDIS to enable", run: () => Promise.resolve() },
      ],
      null,
    );
    expect(results.map((r) => [r.id, r.status, r.detail])).toEqual([
      ["bad", "failed", "boom"],
      ["after", "skipped", "skipped: bad failed"],
      ["other", "passed", "fine"],
      ["off", "skipped", "skipped: set REDIS to enable"],
    ]);
  });

  it("refuses a stage that needs an unknown one", async () => {
    await expect(runStages<null>([{ id: "a", title: "a", needs: ["zzz"], run: () => Promise.resolve() }], null)).rejects.toThrow("needs unknown stage zzz");
  });
});
