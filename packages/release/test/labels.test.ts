import { describe, expect, it } from "vitest";
import { checkImageLabels } from "@stella/release";
import { releaseLabels } from "./oci-fixtures.js";

const expected = { version: "2.4.1", channels: ["stable"], calendar: "2027.06" };

describe("image labels (§6.2)", () => {
  it("accepts a complete, consistent label set", () => {
    expect(checkImageLabels("img", releaseLabels("2.4.1"), expected)).toEqual([]);
  });
  it("names each missing label per image", () => {
    const f = checkImageLabels("r/scanner@sha256:x", releaseLabels("2.4.1", { "org.stellaops.release.calendar": undefined, "org.opencontainers.image.revision": "" }), expected, "linux/arm64");
    expect(f.map((x) => x.message)).toEqual([
      "r/scanner@sha256:x (linux/arm64): label org.opencontainers.image.revision is missing (architecture-devops.md §6.2: set it with --label at build time)",
      "r/scanner@sha256:x (linux/arm64): label org.stellaops.release.calendar is missing (architecture-devops.md §6.2: set it with --label at build time)",
    ]);
  });
  it("reports inconsistent values", () => {
    const f = checkImageLabels("img", releaseLabels("2.4.0", { "org.stellaops.release.channel": "edge", "org.opencontainers.image.created": "June 2027", "org.stellaops.release.calendar": "2027.6", "org.stellaops.build.slsaProvenance": "provenance.json" }), { ...expected, revision: "ffff" });
    expect(f.map((x) => `${x.label} ${x.problem}`)).toEqual([
      "org.opencontainers.image.version mismatch",
      "org.opencontainers.image.revision mismatch",
      "org.opencontainers.image.created invalid",
      "org.stellaops.release.calendar invalid",
      "org.stellaops.release.channel mismatch",
      "org.stellaops.build.slsaProvenance invalid",
    ]);
    expect(f[0]?.message).toBe('img: label org.opencontainers.image.version is "2.4.0" but the release lists version 2.4.1');
  });
});
