import { describe, expect, it } from "vitest";
import { channelForRef, checkNoDowngrade, checkTagMatchesVersion, compareVersions, formatVersion, parseDisplayVersion, releaseVersion, SCHEMA_CHANNEL_TO_TRAIN, trainOf, ReleaseError } from "@stella/release";

describe("version strings (§1.2)", () => {
  it("formats and parses <MAJOR>.<MINOR>.<PATCH> (<YYYY>.<MM>)", () => {
    const v = releaseVersion("2.4.1", new Date("2027-06-20T12:00:00Z"));
    expect(formatVersion(v)).toBe("2.4.1 (2027.06)");
    expect(parseDisplayVersion("2.4.1 (2027.06)")).toEqual(v);
    expect(() => parseDisplayVersion("2.4.1")).toThrow(/calendar tag|<MAJOR>/);
    expect(() => parseDisplayVersion("2.4.1 (2027.13)")).toThrow(/no month 13/);
    let err: unknown;
    try {
      releaseVersion("v2.4.1", new Date(0));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReleaseError);
    expect((err as ReleaseError).describe()).toMatch(/"v2\.4\.1" is not a semantic version[\s\S]*hint: drop the leading "v": 2\.4\.1/);
  });
  it("orders by semver precedence, pre-releases first", () => {
    expect(compareVersions("2.5.0-rc.1", "2.5.0")).toBeLessThan(0);
    expect(compareVersions("2.10.0", "2.9.3")).toBeGreaterThan(0);
  });
});

describe("channels (§1.1, playbook §1)", () => {
  const date = new Date("2026-11-24T03:00:00Z");
  it("main -> nightly, release/X.Y -> X.Y-rcN, tag -> stable or LTS", () => {
    expect(channelForRef("refs/heads/main", { versionFile: "2.5.0\n", date })).toEqual({ kind: "nightly", train: "edge", schemaChannel: "nightly", version: "2.5.0-nightly.20261124", imageTag: "nightly-20261124" });
    expect(channelForRef("refs/heads/release/2.5", { versionFile: "2.5.0", date, rcNumber: 3 })).toEqual({ kind: "rc", train: "edge", schemaChannel: "beta", version: "2.5.0-rc.3", imageTag: "2.5-rc3" });
    expect(channelForRef("refs/tags/2.4.1", { versionFile: "2.4.1", date })).toMatchObject({ kind: "release", train: "stable", schemaChannel: "stable", version: "2.4.1", imageTag: "2.4.1" });
    expect(channelForRef("refs/tags/2.4.1", { versionFile: "2.4.1", date, ltsLines: ["2.4"] })).toMatchObject({ train: "lts", schemaChannel: "stable" });
  });
  it("refuses refs that release nothing, and mismatched VERSION files", () => {
    expect(() => channelForRef("refs/heads/feature/x", { versionFile: "2.4.1", date })).toThrow(/does not produce a release/);
    expect(() => channelForRef("refs/heads/release/2.5", { versionFile: "2.4.1", date, rcNumber: 1 })).toThrow(/not in line 2\.5/);
    expect(() => channelForRef("refs/heads/release/2.5", { versionFile: "2.5.0", date })).toThrow(/rc number/);
  });
  it("tag must equal VERSION (playbook §6)", () => {
    expect(() => checkTagMatchesVersion("2.4.1", "2.4.1\n")).not.toThrow();
    expect(() => checkTagMatchesVersion("2.4.2", "2.4.1")).toThrow(/tag 2\.4\.2 does not match VERSION 2\.4\.1/);
    expect(() => checkTagMatchesVersion("v2.4.1", "2.4.1")).toThrow(ReleaseError);
    expect(() => channelForRef("refs/tags/2.4.2", { versionFile: "2.4.1", date })).toThrow(/does not match VERSION/);
  });
  it("no downgrade within a channel; LTS compares within its line; re-publish allowed", () => {
    const published = [
      { train: "stable" as const, version: "2.5.0" },
      { train: "lts" as const, version: "2.4.3" },
      { train: "lts" as const, version: "3.0.1" },
      { train: "edge" as const, version: "2.6.0-rc.1" },
    ];
    expect(() => checkNoDowngrade("stable", "2.4.9", published)).toThrow(/2\.4\.9 would downgrade the stable channel, which already has 2\.5\.0/);
    expect(() => checkNoDowngrade("stable", "2.5.0", published)).not.toThrow();
    expect(() => checkNoDowngrade("stable", "2.5.1", published)).not.toThrow();
    expect(() => checkNoDowngrade("lts", "2.4.4", published)).not.toThrow();
    expect(() => checkNoDowngrade("lts", "2.4.2", published)).toThrow(/already has 2\.4\.3/);
    expect(() => checkNoDowngrade("edge", "2.6.0-nightly.1", published)).toThrow(/downgrade/);
  });
  it("maps the schema's channels onto the trains", () => {
    expect(SCHEMA_CHANNEL_TO_TRAIN).toEqual({ stable: "stable", beta: "edge", alpha: "edge", nightly: "edge" });
    expect(trainOf("stable", "2.4.1", ["2.4"])).toBe("lts");
    expect(trainOf("stable", "2.5.1", ["2.4"])).toBe("stable");
    expect(trainOf("beta", "2.5.0-rc.1", ["2.5"])).toBe("edge");
  });
});
