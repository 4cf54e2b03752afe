import { describe, expect, it } from "vitest";
import { SETTING_NAMES } from "@stella/notify";
import { INPUT_NAMES, describeSetting, rawSettings } from "./inputs.js";

describe("notify-smoke inputs", () => {
  it("maps every setting to an input declared in action.yml", async () => {
    const { readFile } = await import("node:fs/promises");
    const yml = await readFile(new URL("./action.yml", import.meta.url), "utf8");
    expect(Object.keys(INPUT_NAMES).sort()).toEqual(Object.values(SETTING_NAMES).sort());
    for (const input of Object.values(INPUT_NAMES)) expect(yml).toContain(`\n  ${input}:\n`);
  });

  it("takes an input when given, else the environment variable, and drops empty ones", () => {
    const inputs: Record<string, string> = { "redis-dsn": "redis://h/0", "expect-kinds": " a,b ", "lookback-minutes": "" };
    const env = { NOTIFY_SMOKE_REDIS_DSN: "redis://env/0", NOTIFY_SMOKE_LOOKBACK_MINUTES: "15", NOTIFY_SMOKE_NOTIFY_TOKEN: "t", NOTIFY_SMOKE_REDIS_STREAM: " " };
    expect(rawSettings((n) => inputs[n] ?? "", env)).toEqual({
      NOTIFY_SMOKE_REDIS_DSN: "redis://h/0",
      NOTIFY_SMOKE_EXPECT_KINDS: "a,b",
      NOTIFY_SMOKE_LOOKBACK_MINUTES: "15",
      NOTIFY_SMOKE_NOTIFY_TOKEN: "t",
    });
  });

  it("names both places a setting can come from", () => {
    expect(describeSetting("NOTIFY_SMOKE_NOTIFY_TOKEN")).toBe('NOTIFY_SMOKE_NOTIFY_TOKEN (input "notify-token" or env NOTIFY_SMOKE_NOTIFY_TOKEN)');
  });
});
