#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  SigningError,
  generateKeyPair,
  loadPrivateKey
} from "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/key.ts
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { stat } from "node:fs/promises";
var usage = `usage: stella key generate [--output-key-prefix PREFIX] [--algorithm ecdsa-p256|ed25519] [--force]
       stella key public --key cosign.key

generate  writes PREFIX.key (cosign's ENCRYPTED SIGSTORE PRIVATE KEY, password from COSIGN_PASSWORD)
          and PREFIX.pub (PEM public key); PREFIX defaults to "cosign". Existing files are kept
          unless --force.
public    prints the public key of a private key (COSIGN_PASSWORD for encrypted ones).`;
var exists = /* @__PURE__ */ __name((p) => stat(p).then(() => true, () => false), "exists");
var command = {
  name: "key",
  summary: "generate a cosign-compatible key pair (cosign.key / cosign.pub) or print a public key",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    const { values } = parseCommandArgs(rest, { "output-key-prefix": { type: "string" }, algorithm: { type: "string" }, force: { type: "boolean" }, key: { type: "string" } }, usage);
    const password = ctx.env.COSIGN_PASSWORD;
    if (sub === "generate") {
      if (password === void 0) {
        throw new SigningError("COSIGN_PASSWORD is not set", { code: "KEY_PASSWORD", hint: "export COSIGN_PASSWORD=\u2026 (an empty value writes a key without password, as cosign does)" });
      }
      const algorithm = values.algorithm ?? "ecdsa-p256";
      if (algorithm !== "ecdsa-p256" && algorithm !== "ed25519") throw new UsageError(`--algorithm must be ecdsa-p256 or ed25519, got "${algorithm}"`, usage);
      const prefix = resolve(ctx.cwd, values["output-key-prefix"] ?? "cosign");
      for (const f of [`${prefix}.key`, `${prefix}.pub`]) {
        if (!values.force && await exists(f)) throw new SigningError(`${f} exists`, { code: "KEY_FORMAT", hint: "pass --force to overwrite, or --output-key-prefix for another name" });
      }
      const pair = await generateKeyPair({ password, algorithm });
      await writeFileAtomic(`${prefix}.key`, pair.privatePem, 384);
      await writeFileAtomic(`${prefix}.pub`, pair.publicPem, 420);
      ctx.logger.info(`Private key written to ${prefix}.key`);
      ctx.logger.info(`Public key written to ${prefix}.pub`);
      ctx.stdout(pair.publicPem.trimEnd());
      return 0;
    }
    if (sub === "public") {
      if (!values.key) throw new UsageError("--key is required", usage);
      const path = resolve(ctx.cwd, values.key);
      const key = await loadPrivateKey(await readFile(path, "utf8"), password, values.key);
      ctx.stdout(key.publicPem.trimEnd());
      return 0;
    }
    throw new UsageError(sub ? `unknown sub-command "${sub}"` : "missing sub-command", usage);
  }
};
var key_default = command;
export {
  key_default as default
};
