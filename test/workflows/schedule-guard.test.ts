import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findStep } from "./workflow-files.js";
import { parse } from "yaml";
import { repoRoot } from "../helpers/run-action.js";

// The monthly OUK (release-engineering-playbook.md §4.2) runs on the first Friday only. Cron
// ORs day-of-month and day-of-week, so the workflow schedules Fridays and guards the date.
/** Runs the guard step's script once per date (one bash process for all), returning each output. */
function guard(dates: string[], event = "schedule"): string[] {
  const step = findStep("workflows/ouk-monthly.yml", "guard", "first-friday");
  const dir = mkdtempSync(join(tmpdir(), "guard-"));
  writeFileSync(join(dir, "guard.sh"), step.run ?? "exit 99");
  const script = dates.map((d, i) => `: > "${dir}/out${i}"; ( GUARD_DATE=${d} EVENT=${event} GITHUB_OUTPUT="${dir}/out${i}" bash -e "${dir}/guard.sh" >/dev/null )`).join("\n");
  execFileSync("bash", ["-e", "-c", script], { env: { PATH: process.env.PATH }, stdio: "pipe" });
  return dates.map((_, i) => readFileSync(join(dir, `out${i}`), "utf8").trim());
}

describe("ouk-monthly first-Friday guard", () => {
  it("schedules Fridays only, not a day-of-month range", () => {
    const doc = parse(readFileSync(join(repoRoot, "workflows/ouk-monthly.yml"), "utf8")) as { on: { schedule: { cron: string }[] } };
    expect(doc.on.schedule.map((s) => s.cron)).toEqual(["0 6 * * 5"]);
  });

  it("passes exactly the first Friday of every month of a whole year", () => {
    const days: string[] = [];
    for (let d = new Date(Date.UTC(2027, 0, 1)); d.getUTCFullYear() === 2027; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
    const results = guard(days);
    expect(results.every((r) => r === "run=true" || r === "run=false")).toBe(true);
    const passed = days.filter((_, i) => results[i] === "run=true");
    const expected: string[] = [];
    for (let m = 0; m < 12; m++) {
      const first = new Date(Date.UTC(2027, m, 1));
      const offset = (5 - first.getUTCDay() + 7) % 7;
      expected.push(new Date(Date.UTC(2027, m, 1 + offset)).toISOString().slice(0, 10));
    }
    expect(passed).toEqual(expected);
    expect(passed[0]).toBe("2027-01-01"); // a month that starts on a Friday
  });

  it("always runs on a manual dispatch", () => {
    expect(guard(["2027-01-13"], "workflow_dispatch")).toEqual(["run=true"]);
  });
});
