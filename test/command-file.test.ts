import { describe, expect, it } from "vitest";
import { parseCommandFile } from "./helpers/run-action.js";

describe("GITHUB_OUTPUT file parser used by the action runner helper", () => {
  it("reads plain and heredoc entries", () => {
    const text = "a=1\nb<<ghadelimiter_x\nline one\nline=two\nghadelimiter_x\nc=x=y\n";
    expect(parseCommandFile(text)).toEqual({ a: "1", b: "line one\nline=two", c: "x=y" });
  });
});
