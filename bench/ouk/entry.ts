// Bundled by bench/ouk/run.mjs (esbuild) into bench/.work/ouk/ouk-bench.mjs; runs one measured step
// in its own process so its peak RSS is its own: `build TREE OUT`, `build-signed TREE OUT KEYPEM`,
// `verify KIT PUBPEM`, `extract KIT DIR`. Modules are imported per step (signing pulls in
// sigstore-js, ~60 MB of code) so each figure is the cost of that step, not of the whole suite.
import { readFile } from "node:fs/promises";
import { lowerThreadPoolPriority, silentLogger } from "@stella/core";
import { packTree } from "../../packages/kit/src/pack.js";
import { extractSafely } from "../../packages/kit/src/extract.js";

const [step = "", a = "", b = "", c = ""] = process.argv.slice(2);
const t0 = performance.now();
let extra: Record<string, unknown>;
if (step === "build" || step === "build-signed") {
  // As `stella ouk` and `stella kit build` do before packing.
  await lowerThreadPoolPriority();
  let signer;
  if (step === "build-signed") {
    const { keyKitSigner } = await import("../../packages/kit/src/blob-signature.js");
    const { loadPrivateKey } = await import("@stella/signing");
    signer = keyKitSigner(await loadPrivateKey(await readFile(c, "utf8"), undefined, c));
  }
  const r = await packTree(a, b, { kind: "stella-ouk", created: new Date("2026-11-06T00:00:00Z"), tool: { name: "stella", version: "bench" }, meta: {}, ...(signer ? { signer } : {}), logger: silentLogger });
  extra = { digest: r.digest, size: r.size };
} else if (step === "verify") {
  const { createPublicKey } = await import("node:crypto");
  const { keyKitVerifier } = await import("../../packages/kit/src/blob-signature.js");
  const v = await keyKitVerifier(createPublicKey(await readFile(b, "utf8"))).verify(a, await readFile(`${a}.sigstore.json`), undefined);
  extra = { digest: v.digest };
} else if (step === "extract") {
  const r = await extractSafely(a, b, { limits: { maxRatio: 1000 } });
  extra = { files: r.files };
} else {
  throw new Error(`unknown step ${step}`);
}
process.stdout.write(JSON.stringify({ ms: Math.round(performance.now() - t0), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...extra }) + "\n");
