import { redact } from "@stella/core";
import { markdownSummary, parseNotifySmokeSettings, resultJson, runNotifySmoke, secretsOf, SETTING_NAMES, smokeFailure, textTable } from "@stella/notify";
import type { Command } from "../command.js";
import { parseCommandArgs, UsageError } from "../args.js";

const usage = `usage: stella notify smoke [--format text|json|markdown] [--expect-kinds K1,K2] [--lookback-minutes N]
                           [--timeout-seconds N] [--stream KEY]

Post-deployment smoke check (deployment-profiles.md "CI smoke checks"): every expected event
kind must be in the Redis stream within the window and have a "sent" delivery in the Notify API.
Settings come from the environment (secrets never go on the command line):
  ${SETTING_NAMES.redisDsn}             redis://[user:pass@]host:port/db or rediss://… (required)
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

/** Non-secret settings a flag may override (the flag wins over the environment). */
const FLAGS = [
  ["expect-kinds", SETTING_NAMES.expectKinds],
  ["lookback-minutes", SETTING_NAMES.lookbackMinutes],
  ["timeout-seconds", SETTING_NAMES.timeoutSeconds],
  ["stream", SETTING_NAMES.stream],
] as const;
const FLAG_SETTINGS: ReadonlySet<string> = new Set(FLAGS.map(([, name]) => name));

const command: Command = {
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
        stream: { type: "string" },
      },
      usage,
    );
    const format = values.format;
    if (format !== "text" && format !== "json" && format !== "markdown") throw new UsageError(`--format must be text, json or markdown, got "${format}"`, usage);
    const raw: Record<string, string | undefined> = {};
    for (const name of Object.values(SETTING_NAMES)) raw[name] = ctx.env[name];
    for (const [flag, name] of FLAGS) {
      const v = values[flag];
      if (v !== undefined) raw[name] = v;
    }
    const secrets = secretsOf(raw);
    const settings = parseNotifySmokeSettings(raw, { describe: (name) => (FLAG_SETTINGS.has(name) ? `${name} (env or flag)` : `${name} (env)`) });
    const result = await runNotifySmoke(settings, { logger: ctx.logger });
    const out = format === "json" ? resultJson(result) : format === "markdown" ? markdownSummary(result) : textTable(result);
    ctx.stdout(redact(out, secrets));
    if (!result.passed) {
      ctx.logger.error(redact(smokeFailure(result).describe(), secrets));
      return 1;
    }
    return 0;
  },
};
export default command;
