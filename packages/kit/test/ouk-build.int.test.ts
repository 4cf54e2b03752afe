import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "@stella/core";
import { verifyBlob } from "@stella/signing";
import { startFeedServer, type FeedServer, type NvdCve } from "../../../test/helpers/feed-servers.js";
import { keyKitSigner } from "../src/blob-signature.js";
import { buildOuk, type OukBuildOptions } from "../src/ouk/build.js";
import { nvdWindows } from "../src/ouk/nvd.js";
import { parseKitManifest } from "../src/kit-manifest.js";
import { clientJwt, cosignKey } from "./ouk-helpers.js";

const now = new Date("2026-11-06T09:00:00Z");
const cves: NvdCve[] = [
  { id: "CVE-2025-0001", lastModified: "2025-03-01T10:00:00.000" },
  { id: "CVE-2026-0002", lastModified: "2026-06-01T10:00:00.000" },
  { id: "CVE-2026-0003", lastModified: "2026-11-05T23:00:00.000" },
  { id: "CVE-2026-0004", lastModified: "2026-10-01T10:00:00.000" },
  { id: "CVE-2026-0005", lastModified: "2026-11-07T01:00:00.000" },
];
const osv = {
  npm: [
    { id: "GHSA-aaaa-bbbb-cccc", modified: "2026-10-30T08:00:00Z", summary: "proto pollution" },
    { id: "GHSA-late-late-late", modified: "2026-11-09T00:00:00Z" },
  ],
  PyPI: [{ id: "PYSEC-2026-1", modified: "2026-11-02T12:00:00Z" }],
};

let dir: string;
let servers: FeedServer[] = [];
let keys: Awaited<ReturnType<typeof cosignKey>>;
let jwt: string;

beforeAll(async () => {
  keys = await cosignKey();
  jwt = await clientJwt(now, 30);
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  if (dir) await rm(dir, { recursive: true, force: true });
});
afterAll(() => undefined);

async function server(opts: Parameters<typeof startFeedServer>[0]): Promise<FeedServer> {
  const s = await startFeedServer(opts);
  servers.push(s);
  return s;
}

async function options(feeds: FeedServer, output: string, extra: Partial<OukBuildOptions> = {}): Promise<OukBuildOptions> {
  dir ??= await mkdtemp(join(tmpdir(), "ouk-build-"));
  return {
    date: "2026-11-06",
    output: join(dir, output),
    workDir: join(dir, `work-${output}`),
    nvd: { baseUrl: feeds.url, apiKey: "k-123", pageSize: 2, pageDelayMs: 25, rateLimitBackoffMs: 10 },
    osv: { baseUrl: feeds.url, ecosystems: ["npm", "PyPI"] },
    clientJwt: jwt,
    now,
    signer: keyKitSigner(keys.key),
    toolVersion: "0.1.0-test",
    logger: silentLogger,
    ...extra,
  };
}

describe("stella ouk fetch (buildOuk) against local NVD 2.0 and OSV servers", () => {
  it("pages NVD with the apiKey, leaves out records after --date, stamps freshness, signs; two builds are byte-identical", async () => {
    dir = await mkdtemp(join(tmpdir(), "ouk-build-"));
    const feeds = await server({ cves, osv, apiKey: "k-123" });
    const a = await buildOuk(await options(feeds, "ouk-20261106.tar.gz"));
    const nvdRequests = feeds.requests.filter((r) => r.path.endsWith("/cves/2.0"));
    expect(nvdRequests.map((r) => r.query.startIndex)).toEqual(["0", "2", "4"]);
    expect(nvdRequests.every((r) => r.apiKey === "k-123" && r.query.resultsPerPage === "2")).toBe(true);
    for (let i = 1; i < nvdRequests.length; i++) expect(nvdRequests[i].at - nvdRequests[i - 1].at).toBeGreaterThanOrEqual(20);

    const files = (await a.files());
    expect(files).toContain("feeds/nvd/2026/CVE-2026-0003.json");
    expect(files).not.toContain("feeds/nvd/2026/CVE-2026-0005.json");
    expect(files).toContain("feeds/osv/npm/GHSA-aaaa-bbbb-cccc.json");
    expect(files).not.toContain("feeds/osv/npm/GHSA-late-late-late.json");
    expect(files).toContain("root/client.jwt");
    expect(a.feeds.find((f) => f.name === "nvd")).toMatchObject({ records: 4, newest: "2026-11-05T23:00:00Z", version: "2.0" });
    expect(a.feeds.find((f) => f.name === "osv")).toMatchObject({ records: 2, newest: "2026-11-02T12:00:00Z" });
    expect(a.feeds.find((f) => f.name === "osv")?.details?.npm).toMatch(/checked size=\d+ md5=/);
    expect(a.token.exp).toBe("2026-12-06T09:00:00Z");

    // The archive: manifest.json first, GNU tar reads it, sha256sum -c accepts the checksum.
    const listing = execFileSync("tar", ["-tzvf", a.path, "--numeric-owner", "--full-time"], { encoding: "utf8" }).trim().split("\n");
    expect(listing[0]).toMatch(/ 0\/0 .* 2026-11-06 00:00:00 manifest\.json$/);
    const inside = parseKitManifest(execFileSync("tar", ["-xzOf", a.path, "manifest.json"]), a.path);
    expect(inside.meta.date).toBe("2026-11-06");
    expect(inside.tool.version).toBe("0.1.0-test");
    execFileSync("sha256sum", ["-c", a.checksumFile], { cwd: dir });

    // Signature: openssl accepts the detached one, @stella/signing the bundle.
    await writeFile(join(dir, "cosign.pub"), keys.publicPem);
    await writeFile(join(dir, "sig.der"), Buffer.from(await readFile(a.signatureFile!, "utf8"), "base64"));
    expect(execFileSync("openssl", ["dgst", "-sha256", "-verify", join(dir, "cosign.pub"), "-signature", join(dir, "sig.der"), a.path], { encoding: "utf8" })).toMatch(/Verified OK/);
    await expect(verifyBlob(a.path, { bundle: await readFile(a.bundleFile!), publicKey: keys.key.publicKey })).resolves.toMatchObject({ kind: "key" });

    const b = await buildOuk(await options(feeds, "again.tar.gz"));
    expect(b.digest).toBe(a.digest);
    expect(Buffer.compare(await readFile(a.path), await readFile(b.path))).toBe(0);
    const z1 = await buildOuk(await options(feeds, "ouk.tar.zst"));
    const z2 = await buildOuk(await options(feeds, "ouk2.tar.zst", {}));
    expect(z1.digest).toBe(z2.digest);
  });

  it("backs off on NVD 429 and 403 rate-limit answers, and gives up naming the key", async () => {
    const feeds = await server({ cves, osv, apiKey: "k-123", nvdFailures: [429, 403] });
    const waits: number[] = [];
    const r = await buildOuk(await options(feeds, "rl.tar.gz", { sleep: (ms) => (waits.push(ms), Promise.resolve()) }));
    expect(r.feeds[0]?.records).toBe(4);
    expect(waits.slice(0, 2)).toEqual([1000, 20]);
    const wrongKey = await server({ cves, apiKey: "other" });
    await expect(buildOuk(await options(wrongKey, "bad.tar.gz", { osv: undefined, nvd: { baseUrl: wrongKey.url, apiKey: "k-123", maxRateLimitRetries: 1, rateLimitBackoffMs: 1 } }))).rejects.toThrow(/NVD kept refusing with 403.*\n?|NVD kept refusing with 403/);
  });

  it("fetches incrementally in windows of at most 120 days", async () => {
    const feeds = await server({ cves, apiKey: "k-123" });
    const r = await buildOuk(await options(feeds, "inc.tar.gz", { osv: undefined, nvd: { baseUrl: feeds.url, apiKey: "k-123", since: new Date("2026-01-01T00:00:00Z"), pageDelayMs: 0 } }));
    const windows = feeds.requests.map((r) => [Date.parse(r.query.lastModStartDate), Date.parse(r.query.lastModEndDate)] as const);
    expect(windows.length).toBe(nvdWindows(new Date("2026-01-01T00:00:00Z"), new Date("2026-11-06T23:59:59.999Z")).length);
    expect(windows.length).toBe(3);
    for (const [a, b] of windows) expect(b - a).toBeLessThanOrEqual(120 * 86_400_000);
    expect(r.feeds[0]?.records).toBe(3);
  });

  it("resumes a broken OSV download with Range, refuses an md5 mismatch", async () => {
    const feeds = await server({ osv, cutZipAfter: 100 });
    const r = await buildOuk(await options(feeds, "resume.tar.gz", { nvd: undefined }));
    expect(r.feeds[0]?.records).toBe(2);
    expect(feeds.requests.map((q) => `${q.path} ${q.range ?? ""}`)).toEqual(["/PyPI/all.zip ", "/PyPI/all.zip bytes=100-", "/npm/all.zip ", "/npm/all.zip bytes=100-"]);
    const bad = await server({ osv, wrongMd5: true });
    await expect(buildOuk(await options(bad, "md5.tar.gz", { nvd: undefined }))).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
  });

  it("fails naming the expiry when client.jwt expires in 28 days, before fetching anything", async () => {
    const feeds = await server({ cves, osv, apiKey: "k-123" });
    const short = await clientJwt(now, 28);
    const o = await options(feeds, "short.tar.gz", { clientJwt: short });
    await expect(buildOuk(o)).rejects.toThrow(/client\.jwt expires at 2026-12-04T09:00:00Z, 28\.0 days after .*under the 29-day minimum/);
    expect(feeds.requests).toHaveLength(0);
    await expect(stat(o.output)).rejects.toThrow();
  });
});
