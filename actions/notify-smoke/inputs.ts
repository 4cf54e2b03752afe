import { SETTING_NAMES, type RawNotifySmokeSettings, type SettingName } from "@stella/notify";

/** Action input name of each NOTIFY_SMOKE_* setting (notify-smoke.md "Settings"). */
export const INPUT_NAMES: Readonly<Record<SettingName, string>> = {
  [SETTING_NAMES.redisDsn]: "redis-dsn",
  [SETTING_NAMES.baseUrl]: "notify-baseurl",
  [SETTING_NAMES.token]: "notify-token",
  [SETTING_NAMES.tenant]: "notify-tenant",
  [SETTING_NAMES.tenantHeader]: "notify-tenant-header",
  [SETTING_NAMES.expectKinds]: "expect-kinds",
  [SETTING_NAMES.lookbackMinutes]: "lookback-minutes",
  [SETTING_NAMES.stream]: "redis-stream",
  [SETTING_NAMES.timeoutSeconds]: "timeout-seconds",
};

/** Each setting from its input when given, else from the environment variable of that name. */
export function rawSettings(getInput: (name: string) => string, env: Readonly<Record<string, string | undefined>>): RawNotifySmokeSettings {
  const out: Record<string, string> = {};
  for (const [setting, input] of Object.entries(INPUT_NAMES)) {
    const value = getInput(input).trim() || (env[setting] ?? "").trim();
    if (value !== "") out[setting] = value;
  }
  return out;
}

/** How the settings error names a setting: both places the user can set it. */
export function describeSetting(name: SettingName): string {
  return `${name} (input "${INPUT_NAMES[name]}" or env ${name})`;
}
