export { NotifyError, type NotifyErrorCode } from "./errors.js";
export { parseRedisDsn, type RedisDsn } from "./redis-dsn.js";
export {
  parseNotifySmokeSettings,
  isParsedSettings,
  secretsOf,
  SETTING_NAMES,
  DEFAULT_STREAM,
  DEFAULT_TENANT_HEADER,
  DEFAULT_TIMEOUT_SECONDS,
  type NotifySmokeSettings,
  type RawNotifySmokeSettings,
  type SettingName,
  type SettingKey,
  type ParseSettingsOptions,
} from "./settings.js";
export { StreamWindow, windowStartId, streamIdTime, type StreamEntry, type StreamRangeReader, type StreamReadStats } from "./stream-window.js";
export { connectRedis, type StreamSource, type RedisConnectOptions } from "./redis-client.js";
export { listDeliveries, deliveriesUrl, type Delivery, type DeliveryStatus, type DeliveryListing, type ListDeliveriesOptions } from "./notify-api.js";
export { computeVerdict, type Verdict, type KindVerdict } from "./verdict.js";
export { runNotifySmoke, smokeFailure, redactingLogger, type RunNotifySmokeOptions, type NotifySmokeResult } from "./smoke.js";
export { markdownSummary, textTable, resultJson } from "./report.js";
