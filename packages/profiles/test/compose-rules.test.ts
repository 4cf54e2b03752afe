import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractImages, interpolate, parseEnvFile, parseMirrors, unmirror, type EnvValue } from "@stella/profiles";

const env = (o: Record<string, string>) => new Map<string, EnvValue>(Object.entries(o).map(([k, v]) => [k, { value: v }]));

describe("Compose interpolation", () => {
  it.each([
    ["${A}", { A: "x" }, "x", 0],
    ["$A/b", { A: "x" }, "x/b", 0],
    ["${A:-d}", {}, "d", 0],
    ["${A:-d}", { A: "" }, "d", 0],
    ["${A-d}", { A: "" }, "", 0],
    ["${A-d}", {}, "d", 0],
    ["${A:-${B:-nested}}", {}, "nested", 0],
    ["${A:+alt}", { A: "x" }, "alt", 0],
    ["${A:+alt}", {}, "", 0],
    ["$${A}", { A: "x" }, "${A}", 0],
    ["${A:?need A}", {}, "", 1],
    ["${A?need A}", { A: "" }, "", 0],
    ["${A}", {}, "", 1],
  ])("%s with %j is %s", (input, vars, value, problems) => {
    const r = interpolate(input, env(vars));
    expect(r.value).toBe(value);
    expect(r.problems).toHaveLength(problems);
  });

  it("reads .env files with quotes, export and comments, keeping value ranges", () => {
    const text = "# c\nexport A=1\nB='lit $x'\nC=\"q\\\"d\"\nD=plain # comment\n";
    const m = parseEnvFile("/p/.env", text);
    expect([...m].map(([k, v]) => [k, v.value])).toEqual([["A", "1"], ["B", "lit $x"], ["C", 'q"d'], ["D", "plain"]]);
    const d = m.get("D")?.origin;
    expect(d && text.slice(d.start, d.end)).toBe("plain");
  });
});

describe("Compose extends", () => {
  it("reports a cycle and a missing base at the extends line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "stella-extends-"));
    await writeFile(join(dir, "c.yaml"), "services:\n  a:\n    extends: b\n  b:\n    extends: a\n  c:\n    extends:\n      service: nope\n");
    const r = await extractImages(["c.yaml"], { cwd: dir });
    expect(r.images).toEqual([]);
    expect(r.findings.map((f) => `${f.rule}:${f.line}:${f.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^compose-extends:\d+:service "\w" extends itself through a cycle$/), 'compose-extends:8:service "c" extends "nope", which is not a service of ' + join(dir, "c.yaml")]),
    );
  });
});

describe("mirrors", () => {
  it("maps whole path components only", () => {
    const m = parseMirrors(["registry.stella-ops.org/stellaops=ghcr.io/stella-ops/"]);
    expect(unmirror("ghcr.io/stella-ops/scanner", m)).toBe("registry.stella-ops.org/stellaops/scanner");
    expect(unmirror("ghcr.io/stella-ops-fork/scanner", m)).toBe("ghcr.io/stella-ops-fork/scanner");
    expect(() => parseMirrors(["a=b=c", "x"])).toThrow(/"a=b=c", "x" must be FROM=TO/);
  });
});
