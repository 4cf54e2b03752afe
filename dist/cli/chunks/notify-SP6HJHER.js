#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  SETTING_NAMES,
  markdownSummary,
  parseNotifySmokeSettings,
  resultJson,
  runNotifySmoke,
  secretsOf,
  smokeFailure,
  textTable
} from "./chunk-YGCCH7FX.js";
import "./chunk-J6QU6PQX.js";
import {
  UsageError,
  parseCommandArgs
} from "./chunk-UH67IDQ3.js";
import "./chunk-SIZMBGD5.js";
import {
  redact
} from "./chunk-BBNKGYBP.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/commands/notify.ts
var usage = `usage: stella notify smoke [--format text|json|markdown] [--expect-kinds K1,K2] [--lookback-minutes N]
                           [--timeout-seconds N] [--stream KEY]

Post-deployment smoke check (deployment-profiles.md "CI smoke checks"): every expected event
kind must be in the Redis stream within the window and have a "sent" delivery in the Notify API.
Settings come from the environment (secrets never go on the command line):
  ${SETTING_NAMES.redisDsn}             redis://[user:pass@]host:port/db or rediss://\u2026 (required)
  ${SETTING_NAMES.baseUrl}        base URL of the Notify WebService (required)
  ${SETTING_NAMES.token}          bearer token (required, never printed)
  ${SETTING_NAMES.tenant}         tenant id (required, never printed)
  ${SETTING_NAMES.tenantHeader}  header name (default X-StellaOps-Tenant)
  ${SETTING_NAMES.expectKinds}          comma-separated kinds (required; or --expect-kinds)
  ${SETTING_NAMES.lookbackMinutes}      window in minutes (required; or --lookback-minutes)
  ${SETTING_NAMES.stream}          stream key (default stella:events; or --stream)
  ${SETTING_NAMES.timeoutSeconds}       polling timeout (default 120; or --timeout-seconds)
A rediss:// server with a private CA: NODE_EXTRA_CA_CERTS=ca.pem.
Exit 0 when every kind passed, 1 when the check failed (the missing kinds are named on stderr).`;
var FLAGS = [
  ["expect-kinds", SETTING_NAMES.expectKinds],
  ["lookback-minutes", SETTING_NAMES.lookbackMinutes],
  ["timeout-seconds", SETTING_NAMES.timeoutSeconds],
  ["stream", SETTING_NAMES.stream]
];
var FLAG_SETTINGS = new Set(FLAGS.map(([, name]) => name));
var command = {
  name: "notify",
  summary: "notify-smoke: check events reached the Redis stream and Notify sent them",
  usage,
  async run(ctx) {
    const [sub, ...rest] = ctx.argv;
    if (sub !== "smoke") throw new UsageError(sub ? `unknown sub-command "${sub}"` : "missing sub-command", usage);
    const { values } = parseCommandArgs(
      rest,
      {
        format: { type: "string", default: "text" },
        "expect-kinds": { type: "string" },
        "lookback-minutes": { type: "string" },
        "timeout-seconds": { type: "string" },
        stream: { type: "string" }
      },
      usage
    );
    const format = values.format;
    if (format !== "text" && format !== "json" && format !== "markdown") throw new UsageError(`--format must be text, json or markdown, got "${format}"`, usage);
    const raw = {};
    for (const name of Object.values(SETTING_NAMES)) raw[name] = ctx.env[name];
    for (const [flag, name] of FLAGS) {
      const v = values[flag];
      if (v !== void 0) raw[name] = v;
    }
    const secrets = secretsOf(raw);
    const settings = parseNotifySmokeSettings(raw, { describe: /* @__PURE__ */ __name((name) => FLAG_SETTINGS.has(name) ? `${name} (env or flag)` : `${name} (env)`, "describe") });
    const result = await runNotifySmoke(settings, { logger: ctx.logger });
    const out = format === "json" ? resultJson(result) : format === "markdown" ? markdownSummary(result) : textTable(result);
    ctx.stdout(redact(out, secrets));
    if (!result.passed) {
      ctx.logger.error(redact(smokeFailure(result).describe(), secrets));
      return 1;
    }
    return 0;
  }
};
var notify_default = command;
export {
  notify_default as default
};
