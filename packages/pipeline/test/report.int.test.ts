import { mkdtemp, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport, type ReportModel } from "../src/report.js";
import { CHROMIUM_ARGS } from "../../../test/helpers/chromium.js";

// The report is opened in Debian's headless Chromium (scripts/test.sh installs it) and read
// the way a person reads it: what text shows, which checks are green and which red.

/** Runs in the page: the computed text colour of an element. */
const colorOf = (el: unknown): string => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color;

const model: ReportModel = {
  title: "Stella release 2.4.1",
  version: "2.4.1",
  channel: "stable",
  manifestDigest: `sha256:${"a".repeat(64)}`,
  services: [
    { name: "backend", image: "oci:layout:backend", digest: `sha256:${"b".repeat(64)}`, version: "2.4.1", sbomComponents: 88, checks: [{ label: "signature", status: "ok" }, { label: "SBOM attached", status: "ok" }] },
    { name: "ui", image: "oci:layout:ui", digest: `sha256:${"c".repeat(64)}`, version: "2.4.1", sbomComponents: 12, checks: [{ label: "signature", status: "fail", detail: "no signature matched cosign.pub" }] },
  ],
  sections: [{ title: "Channel alignment", items: [{ label: "compose/prod.yaml <script>alert(1)</script>", status: "ok" }] }],
  stages: [{ id: "sbom", title: "SBOM", status: "passed", detail: "2 images", durationMs: 1234 }],
};

describe("report.html in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync("/usr/bin/chromium")) throw new Error("Chromium is missing: scripts/test.sh installs Debian's chromium package");
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the release, a red verdict when a check fails, and each check's colour", async () => {
    const dir = await mkdtemp(join(tmpdir(), "report-"));
    const file = join(dir, "report.html");
    await writeFile(file, renderReport(model));
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.textContent('[data-field="version"]')).toBe("2.4.1");
    expect(await page.getAttribute('[data-field="verdict"]', "data-status")).toBe("fail");
    expect(await page.textContent('[data-field="verdict"]')).toContain("Release has failures");
    const uiCheck = page.locator('[data-service="ui"] .check');
    expect(await uiCheck.getAttribute("data-status")).toBe("fail");
    expect(await uiCheck.evaluate(colorOf)).toBe("rgb(207, 34, 46)");
    const okCheck = page.locator('[data-service="backend"] .check').first();
    expect(await okCheck.evaluate(colorOf)).toBe("rgb(26, 127, 55)");
    // Text from the release is escaped, never markup.
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.textContent('[data-section="Channel alignment"]')).toContain("<script>alert(1)</script>");
    await page.close();
  });
});
