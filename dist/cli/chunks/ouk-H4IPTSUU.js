#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  buildOuk,
  defaultOpenStore,
  importOuk,
  issueClientToken,
  kitSignerFromSpec,
  kitVerifierFrom,
  redisFeedBus,
  rollback
} from "./chunk-KLHOWN2A.js";
import "./chunk-J6QU6PQX.js";
import {
  verifyFlags,
  verifySpecFrom,
  verifyUsage
} from "./chunk-YOKYK4J6.js";
import "./chunk-USADENSA.js";
import "./chunk-SXGKWUIJ.js";
import "./chunk-W6GGGBKT.js";
import {
  signerFlags,
  signerSpecFrom
} from "./chunk-O7IFV6PE.js";
import {
  verifyMaterialFrom
} from "./chunk-QZSXOUOU.js";
import "./chunk-YWMM5RF6.js";
import "./chunk-BV5GL567.js";
import "./chunk-VTH3QEHI.js";
import {
  UsageError,
  parseCommandArgs,
  requirePositionals
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  isoSeconds,
  lowerThreadPoolPriority,
  timestampFrom,
  writeFileAtomic
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/ouk.ts
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
var DEFAULT_ECOSYSTEMS = "Alpine,crates.io,Debian,Go,Maven,npm,NuGet,Packagist,PyPI,RubyGems";
var usage = `usage: stella ouk fetch|import|token|rollback \u2026

  stella ouk fetch --nvd --osv --trivy-db [--trivy-java-db] --date YYYY-MM-DD --output ouk-YYYYMMDD.tar.gz|.tar.zst
                   [--sign cosign.key | --keyless] --client-jwt client.jwt
      --nvd-url URL           NVD CVE API 2.0 mirror (default https://services.nvd.nist.gov); key from --nvd-api-key or NVD_API_KEY
      --nvd-since YYYY-MM-DD  incremental: records modified since then (120-day windows)
      --nvd-page-delay MS     pause between NVD pages (default 6000, 600 with a key)
      --osv-url URL           OSV export mirror (default https://osv-vulnerabilities.storage.googleapis.com)
      --osv-ecosystems LIST   comma-separated (default ${DEFAULT_ECOSYSTEMS})
      --trivy-db-ref REF      default docker://ghcr.io/aquasecurity/trivy-db:2
      --trivy-java-db-ref REF default docker://ghcr.io/aquasecurity/trivy-java-db:1
    --date defaults to SOURCE_DATE_EPOCH's day. The key password comes from COSIGN_PASSWORD.

  stella ouk import FILE (--key cosign.pub | --certificate-identity \u2026) [--target var/lib/stella/db] [--redis redis://\u2026]
                   [--audit-log FILE] [--bundle FILE.sigstore.json] [--signature FILE.sig]
${verifyUsage}

  stella ouk token --key issuer-p256.pem --subject CUSTOMER [--issuer URL] [--days 30] [--date YYYY-MM-DD] --output client.jwt
  stella ouk rollback [--target var/lib/stella/db]`;
async function fetchCmd(ctx, argv) {
  const { values } = parseCommandArgs(
    argv,
    {
      ...signerFlags,
      sign: { type: "string" },
      nvd: { type: "boolean" },
      osv: { type: "boolean" },
      "trivy-db": { type: "boolean" },
      "trivy-java-db": { type: "boolean" },
      date: { type: "string" },
      output: { type: "string" },
      "client-jwt": { type: "string" },
      "nvd-url": { type: "string" },
      "nvd-api-key": { type: "string" },
      "nvd-since": { type: "string" },
      "nvd-page-delay": { type: "string" },
      "osv-url": { type: "string" },
      "osv-ecosystems": { type: "string" },
      "trivy-db-ref": { type: "string" },
      "trivy-java-db-ref": { type: "string" }
    },
    usage
  );
  const date = values.date ?? (ctx.env.SOURCE_DATE_EPOCH ? isoSeconds(timestampFrom(ctx.env.SOURCE_DATE_EPOCH, void 0)).slice(0, 10) : void 0);
  if (!date) throw new UsageError("give --date YYYY-MM-DD (or set SOURCE_DATE_EPOCH)", usage);
  if (!values.output) throw new UsageError("give --output ouk-YYYYMMDD.tar.gz", usage);
  if (!values["client-jwt"]) throw new UsageError("give --client-jwt (the OfflineToken stage's client.jwt; `stella ouk token` issues one)", usage);
  const keyPath = values.sign ?? values.key;
  const keyPem = keyPath ? await readFile(resolve(ctx.cwd, keyPath), "utf8") : void 0;
  const signer = keyPem !== void 0 || values.keyless ? await kitSignerFromSpec(signerSpecFrom(ctx, { ...values, key: keyPath }, keyPem)) : void 0;
  if (!signer) ctx.logger.warn("no --sign key: the kit is not signed and `stella ouk import` will refuse it");
  const apiKey = values["nvd-api-key"] ?? ctx.env.NVD_API_KEY;
  const trivy = [];
  if (values["trivy-db"]) trivy.push({ name: "trivy-db", reference: values["trivy-db-ref"] ?? "docker://ghcr.io/aquasecurity/trivy-db:2" });
  if (values["trivy-java-db"]) trivy.push({ name: "trivy-java-db", reference: values["trivy-java-db-ref"] ?? "docker://ghcr.io/aquasecurity/trivy-java-db:1" });
  const workDir = await mkdtemp(resolve(tmpdir(), "stella-ouk-"));
  await lowerThreadPoolPriority();
  try {
    const result = await buildOuk({
      date,
      output: resolve(ctx.cwd, values.output),
      workDir,
      ...values.nvd ? {
        nvd: {
          baseUrl: values["nvd-url"] ?? "https://services.nvd.nist.gov",
          ...apiKey ? { apiKey } : {},
          ...values["nvd-since"] ? { since: /* @__PURE__ */ new Date(`${values["nvd-since"]}T00:00:00Z`) } : {},
          ...values["nvd-page-delay"] ? { pageDelayMs: Number(values["nvd-page-delay"]) } : {}
        }
      } : {},
      ...values.osv ? { osv: { baseUrl: values["osv-url"] ?? "https://osv-vulnerabilities.storage.googleapis.com", ecosystems: (values["osv-ecosystems"] ?? DEFAULT_ECOSYSTEMS).split(",").map((s) => s.trim()).filter(Boolean) } } : {},
      trivy,
      openStore: defaultOpenStore({ cwd: ctx.cwd }),
      clientJwt: await readFile(resolve(ctx.cwd, values["client-jwt"]), "utf8"),
      now: /* @__PURE__ */ new Date(),
      ...signer ? { signer } : {},
      toolVersion: "0.1.0",
      logger: ctx.logger
    });
    ctx.stdout(JSON.stringify({ output: result.path, digest: result.digest, size: result.size, checksum: result.checksumFile, signature: result.signatureFile, bundle: result.bundleFile, signedBy: result.signedBy, token: result.token, feeds: result.feeds }, null, 2));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return 0;
}
__name(fetchCmd, "fetchCmd");
async function importCmd(ctx, argv) {
  const { values, positionals } = parseCommandArgs(argv, { ...verifyFlags, target: { type: "string" }, redis: { type: "string" }, "audit-log": { type: "string" }, bundle: { type: "string" }, signature: { type: "string" } }, usage);
  const [file = ""] = requirePositionals(positionals, ["FILE"], usage);
  const verifier = kitVerifierFrom(await verifyMaterialFrom(await verifySpecFrom(ctx, values)));
  const redisUrl = values.redis ?? ctx.env.STELLA_REDIS_URL;
  const bus = redisUrl ? await redisFeedBus(redisUrl) : void 0;
  try {
    const r = await importOuk({
      file: resolve(ctx.cwd, file),
      target: resolve(ctx.cwd, values.target ?? "var/lib/stella/db"),
      verifier,
      ...bus ? { bus } : {},
      ...values["audit-log"] ? { auditLog: resolve(ctx.cwd, values["audit-log"]) } : {},
      ...values.bundle ? { bundleFile: resolve(ctx.cwd, values.bundle) } : {},
      ...values.signature ? { signatureFile: resolve(ctx.cwd, values.signature) } : {},
      now: /* @__PURE__ */ new Date(),
      logger: ctx.logger
    });
    ctx.stdout(JSON.stringify({ status: r.status, digest: r.digest, signedBy: r.signedBy, previous: r.previous ?? null, feedAge: r.feeds }, null, 2));
  } finally {
    await bus?.close();
  }
  return 0;
}
__name(importCmd, "importCmd");
async function tokenCmd(ctx, argv) {
  const { values } = parseCommandArgs(argv, { key: { type: "string" }, subject: { type: "string" }, issuer: { type: "string" }, audience: { type: "string" }, days: { type: "string" }, date: { type: "string" }, output: { type: "string" } }, usage);
  if (!values.key || !values.subject || !values.output) throw new UsageError("give --key, --subject and --output", usage);
  const issuedAt = values.date ? /* @__PURE__ */ new Date(`${values.date}T00:00:00Z`) : timestampFrom(ctx.env.SOURCE_DATE_EPOCH, /* @__PURE__ */ new Date());
  const jwt = await issueClientToken({
    privateKeyPem: await readFile(resolve(ctx.cwd, values.key), "utf8"),
    issuer: values.issuer ?? "https://authority.stella-ops.org",
    subject: values.subject,
    ...values.audience ? { audience: values.audience } : {},
    issuedAt,
    ...values.days ? { ttlDays: Number(values.days) } : {}
  });
  await writeFileAtomic(resolve(ctx.cwd, values.output), jwt + "\n", 384);
  ctx.stdout(resolve(ctx.cwd, values.output));
  return 0;
}
__name(tokenCmd, "tokenCmd");
var command = {
  name: "ouk",
  summary: "Offline Update Kit: fetch feeds into a signed tarball, import it on the air-gapped side",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    switch (sub) {
      case "fetch":
        return fetchCmd(ctx, rest);
      case "import":
        return importCmd(ctx, rest);
      case "token":
        return tokenCmd(ctx, rest);
      case "rollback": {
        const { values } = parseCommandArgs(rest, { target: { type: "string" } }, usage);
        const target = resolve(ctx.cwd, values.target ?? "var/lib/stella/db");
        await rollback(target);
        ctx.stdout(`rolled back ${target} to the previous kit`);
        return 0;
      }
      default:
        throw new UsageError(sub ? `unknown sub-command "${sub}"` : "give a sub-command", usage);
    }
  }
};
var ouk_default = command;
export {
  ouk_default as default
};
