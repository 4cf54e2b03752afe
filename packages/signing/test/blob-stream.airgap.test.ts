// sign-blob / verify-blob of a file much larger than the heap (release-engineering-playbook §5:
// OUK tarballs are GBs): the CLI runs in a child with `--max-old-space-size=64` and reports its peak
// RSS. A 300 MiB file (sparse, read back as real zero bytes) is signed and verified with a key and
// keyless (local Fulcio/Rekor, loopback only); openssl verifies the detached .sig; a byte changed
// deep inside the file is refused. A control child that reads the file whole shows the RSS bound
// catches a non-streaming implementation.
import { execFile, spawn } from "node:child_process";
import { open, readFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair } from "../src/index.js";
import { buildDist, PRIVATE_CLI } from "./build-dist.js";
import { startLocalSigstore, type LocalSigstore } from "./sigstore-local.js";

const SIZE_MIB = 300;
/** Peak RSS allowed for a streamed pass: the CLI's own footprint plus read buffers, far below the file. */
const RSS_BOUND_MIB = 200;
const REPORT_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\nmaxrss-kib="+process.resourceUsage().maxRSS+"\\n"))`;

let dir: string;
let big: string;
let sigstore: LocalSigstore;
beforeAll(async () => {
  await buildDist([]);
  sigstore = await startLocalSigstore();
  dir = await mkdtemp(join(tmpdir(), "stella-bigblob-"));
  big = join(dir, "kit.tar");
  await promisify(execFile)("truncate", ["-s", `${SIZE_MIB}M`, big]);
  // A few non-zero bytes at both ends and in the middle, so the digest is not that of zeros alone.
  const fh = await open(big, "r+");
  for (const at of [0, 150 << 20, (SIZE_MIB << 20) - 16]) await fh.write(Buffer.from("stella-ouk-bytes"), 0, 16, at);
  await fh.close();
}, 600_000);
afterAll(async () => {
  await sigstore.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  maxRssMiB: number;
}

function node(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ["--max-old-space-size=64", "--import", REPORT_RSS, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on("close", (code) => {
      const kib = Number(/maxrss-kib=(\d+)/.exec(stderr)?.[1] ?? "NaN");
      resolve({ exitCode: code ?? 1, stdout, stderr, maxRssMiB: Math.round(kib / 1024) });
    }),
  );
}

const cli = (args: string[], env: Record<string, string> = {}) => node([PRIVATE_CLI, ...args], env);

describe(`sign-blob / verify-blob stream a ${SIZE_MIB} MiB file with a 64 MiB heap`, () => {
  it("control: reading the file whole exceeds the RSS bound", async () => {
    const r = await node(["-e", `require("node:fs").readFileSync(${JSON.stringify(big)})`]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.maxRssMiB).toBeGreaterThan(SIZE_MIB);
  });

  it("key: bundle and detached .sig, verified by us and by openssl; a changed byte is refused", async () => {
    const pair = await generateKeyPair({ password: "pw" });
    await writeFile(join(dir, "cosign.key"), pair.privatePem);
    await writeFile(join(dir, "cosign.pub"), pair.publicPem);
    const signed = await cli(["sign-blob", big, "--key", "cosign.key"], { COSIGN_PASSWORD: "pw" });
    expect(signed.exitCode, signed.stderr).toBe(0);
    expect(signed.maxRssMiB).toBeLessThan(RSS_BOUND_MIB);

    const sig = Buffer.from((await readFile(`${big}.sig`, "utf8")).trim(), "base64");
    await writeFile(join(dir, "kit.sig.der"), sig);
    const openssl = await promisify(execFile)("openssl", ["dgst", "-sha256", "-verify", join(dir, "cosign.pub"), "-signature", join(dir, "kit.sig.der"), big]);
    expect(openssl.stdout.trim()).toBe("Verified OK");

    const bundle = JSON.parse(await readFile(`${big}.sigstore.json`, "utf8")) as { messageSignature: { messageDigest: { digest: string } } };
    const sha = (await promisify(execFile)("sha256sum", [big])).stdout.split(" ")[0] ?? "";
    expect(Buffer.from(bundle.messageSignature.messageDigest.digest, "base64").toString("hex")).toBe(sha);

    for (const how of [["--bundle", `${big}.sigstore.json`], ["--signature", `${big}.sig`]]) {
      const ok = await cli(["verify-blob", big, ...how, "--key", "cosign.pub"]);
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(ok.stdout).toContain("Verified OK");
      expect(ok.maxRssMiB).toBeLessThan(RSS_BOUND_MIB);
    }

    const copy = join(dir, "changed.tar");
    await promisify(execFile)("cp", ["--sparse=always", big, copy]);
    const fh = await open(copy, "r+");
    await fh.write(Buffer.from([1]), 0, 1, 200 << 20);
    await fh.close();
    const bad = await cli(["verify-blob", copy, "--bundle", `${big}.sigstore.json`, "--key", "cosign.pub"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/signature does not verify/);
    const badSig = await cli(["verify-blob", copy, "--signature", `${big}.sig`, "--key", "cosign.pub"]);
    expect(badSig.exitCode).toBe(1);
    expect(badSig.stderr).toMatch(/signature does not verify with the given key/);
    expect(bad.maxRssMiB).toBeLessThan(RSS_BOUND_MIB);
  });

  it("keyless: Fulcio certificate and Rekor entry for the streamed digest, verified offline", async () => {
    await writeFile(join(dir, "trusted_root.json"), JSON.stringify(sigstore.trustedRoot));
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.tokenUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: sigstore.tokenRequestToken };
    const signed = await cli(["sign-blob", big, "--keyless", "--fulcio-url", sigstore.fulcioUrl, "--rekor-url", sigstore.rekorUrl, "--bundle", "keyless.json", "--output-signature", "keyless.sig"], env);
    expect(signed.exitCode, signed.stderr).toBe(0);
    expect(signed.maxRssMiB).toBeLessThan(RSS_BOUND_MIB);
    const ok = await cli(["verify-blob", big, "--bundle", "keyless.json", "--trusted-root", "trusted_root.json", "--certificate-identity", sigstore.identity.subject, "--certificate-oidc-issuer", sigstore.identity.issuer]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Verified OK: .* signed by https:\/\/github.com\/stella\/ops\/.*, Rekor log index \d+/);
    expect(ok.maxRssMiB).toBeLessThan(RSS_BOUND_MIB);
  });
});
