import { describe, expect, it } from "vitest";
import { Turns } from "../src/turns.js";

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe("Turns", () => {
  it("runs calls with one key one after another, other keys alongside, and goes on after a failure", async () => {
    const turns = new Turns();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([turns.run("k", job("a")), turns.run("k", job("b", true)), turns.run("k", job("c")), turns.run("other", job("x"))]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "b", "c", "x"]);
    const k = log.filter((l) => !l.startsWith("x"));
    expect(k).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
    // "other" did not wait for "k"
    expect(log.indexOf("x start")).toBeLessThan(log.indexOf("a end"));
  });
});
