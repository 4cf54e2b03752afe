import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSkew, loadSkewRules, parseSkewRules } from "@stella/release";

const svc = (service_id: string, version: string) => ({ service_id, version });

describe("component skew (§1.3)", () => {
  it("UI <-> backend: ±1 minor passes, 2 minors fail", () => {
    expect(checkSkew([svc("web-ui", "2.5.0"), svc("orchestrator", "2.4.3")]).violations).toEqual([]);
    const r = checkSkew([svc("web-ui", "2.6.0"), svc("orchestrator", "2.4.3")]);
    expect(r.violations.map((v) => v.message)).toEqual([expect.stringMatching(/^ui-backend: web-ui 2\.6\.0 vs orchestrator 2\.4\.3 are 2 minors apart, allowed ±1 minor/)]);
  });
  it("scanner <-> policy/excititor/concelier: ±1 minor passes, 2 fail", () => {
    const ok = checkSkew([svc("scanner", "2.5.0"), svc("policy-engine", "2.4.0"), svc("excititor", "2.6.1"), svc("concelier", "2.5.9")]);
    expect(ok.violations).toEqual([]);
    expect(ok.findings.filter((f) => f.rule === "scanner-policy-feeds")).toHaveLength(3);
    const bad = checkSkew([svc("scanner-web", "2.5.0"), svc("concelier", "2.7.0")]);
    expect(bad.violations.map((v) => `${v.rule} ${v.services.join("/")} ${v.skew}`)).toEqual(["scanner-policy-feeds scanner-web/concelier 2"]);
  });
  it("authority/signer/attestor: same minor passes, one minor apart fails", () => {
    expect(checkSkew([svc("authority", "2.4.0"), svc("signer", "2.4.7"), svc("attestor", "2.4.1")]).violations).toEqual([]);
    const bad = checkSkew([svc("authority", "2.4.0"), svc("signer", "2.4.7"), svc("attestor", "2.5.0")]);
    expect(bad.violations.map((v) => v.services.join("/"))).toEqual(["authority/attestor", "signer/attestor"]);
    expect(bad.violations[0]?.message).toMatch(/allowed the same minor/);
  });
  it("different majors always violate; missing versions are reported as unknown", () => {
    const r = checkSkew([svc("web-ui", "3.0.0"), svc("scanner", "2.9.0"), { service_id: "signer" }]);
    expect(r.violations[0]?.message).toMatch(/differ in MAJOR/);
    expect(r.unknown).toEqual([{ service: "signer", version: undefined }]);
  });
  it("the rules are data a user replaces", async () => {
    const dir = await mkdtemp(join(tmpdir(), "skew-"));
    const file = join(dir, "rules.json");
    await writeFile(file, JSON.stringify({ rules: [{ id: "strict", kind: "group", members: ["*"], maxMinorSkew: 0 }] }));
    const rules = await loadSkewRules(file);
    expect(checkSkew([svc("a", "1.1.0"), svc("b", "1.2.0")], rules).violations).toHaveLength(1);
    expect(() => parseSkewRules({ rules: [{ id: "", kind: "triangle", maxMinorSkew: -1 }] }, "bad.json")).toThrow(/bad\.json: 3 problem\(s\)[\s\S]*\/rules\/0\/id[\s\S]*maxMinorSkew[\s\S]*kind/);
  });
});
