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

  describe("laterNeeds", () => {
    const pipeline = (log: string[], alignFails = false): Stage<null>[] => [
      { id: "manifest", title: "m", run: async () => void (await tick()) },
      {
        id: "align",
        title: "a",
        needs: ["manifest"],
        run: async () => {
          log.push("start align");
          await tick();
          await tick();
          log.push("end align");
          if (alignFails) throw new Error("profiles drift");
        },
      },
      {
        id: "kit",
        title: "k",
        needs: ["manifest"],
        laterNeeds: ["align"],
        run: async (_ctx, waitFor) => {
          log.push("start kit");
          await tick();
          log.push("kit images copied");
          await waitFor("align");
          log.push("kit packed");
        },
      },
      { id: "import", title: "i", needs: ["kit"], run: () => Promise.resolve() },
    ];

    it("start a stage with its needs, and it waits for them part-way", async () => {
      const log: string[] = [];
      const results = await runStages(pipeline(log), null);
      expect(results.map((r) => r.status)).toEqual(["passed", "passed", "passed", "passed"]);
      expect(log.indexOf("start kit")).toBeLessThan(log.indexOf("end align"));
      expect(log.indexOf("kit images copied")).toBeLessThan(log.indexOf("end align"));
      expect(log.indexOf("kit packed")).toBeGreaterThan(log.indexOf("end align"));
    });

    it("are plain needs one stage at a time", async () => {
      const log: string[] = [];
      await runStages(pipeline(log), null, { concurrency: 1 });
      expect(log).toEqual(["start align", "end align", "start kit", "kit images copied", "kit packed"]);
    });

    it("fail the waiting stage, naming the one that failed, and skip what needs it", async () => {
      const results = await runStages(pipeline([], true), null);
      expect(results.map((r) => [r.id, r.status, r.detail])).toEqual([
        ["manifest", "passed", "ok"],
        ["align", "failed", "profiles drift"],
        ["kit", "failed", "align failed"],
        ["import", "skipped", "skipped: kit failed"],
      ]);
    });

    it("refuses stages that wait for each other, and waiting for a stage not declared", async () => {
      const loop: Stage<null>[] = [
        { id: "a", title: "a", laterNeeds: ["b"], run: () => Promise.resolve() },
        { id: "b", title: "b", needs: ["a"], run: () => Promise.resolve() },
      ];
      await expect(runStages(loop, null)).rejects.toThrow("stages wait for each other: a -> b -> a");
      const undeclared: Stage<null>[] = [
        { id: "a", title: "a", run: () => Promise.resolve() },
        { id: "b", title: "b", run: async (_c, waitFor) => waitFor("a") },
      ];
      expect((await runStages(undeclared, null))[1]).toMatchObject({ status: "failed", detail: "internal: stage b waits for a, which is not among its laterNeeds" });
    });
  });
});
