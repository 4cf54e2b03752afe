// Bundled by bench/ouk/run.mjs (esbuild) into bench/.work/ouk-bench.mjs; runs one measured step
// in its own process so its peak RSS is its own: `build TREE OUT KEYPEM` or `verify KIT PUBPEM`.
import { createPublicKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { silentLogger } from "@stella/core";
import { keyKitSigner, keyKitVerifier, packTree, extractSafely } from "@stella/kit";
import { loadPrivateKey } from "@stella/signing";

const [step = "", a = "", b = "", c = ""] = process.argv.slice(2);
const t0 = performance.now();
let extra: Record<string, unknown>;
if (step === "build" || step === "build-signed") {
  const signer = step === "build-signed" ? keyKitSigner(await loadPrivateKey(await readFile(c, "utf8"), undefined, c)) : undefined;
  const r = await packTree(a, b, { kind: "stella-ouk", created: new Date("2026-11-06T00:00:00Z"), tool: { name: "stella", version: "bench" }, meta: {}, ...(signer ? { signer } : {}), logger: silentLogger });
  extra = { digest: r.digest, size: r.size };
} else if (step === "verify") {
  const kit = a;
  const v = await keyKitVerifier(createPublicKey(await readFile(b, "utf8"))).verify(kit, await readFile(`${kit}.sigstore.json`), undefined);
  extra = { digest: v.digest };
} else if (step === "extract") {
  const r = await extractSafely(a, b, { limits: { maxRatio: 1000 } });
  extra = { files: r.files };
} else {
  throw new Error(`unknown step ${step}`);
}
process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - t0), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...extra }) + "\n");
