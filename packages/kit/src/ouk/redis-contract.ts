/**
 * The contract between `stella ouk import` and the services reading the feeds (playbook §4.3
 * steps 4–5; documented for people in packages/kit/REDIS-CONTRACT.md — keep both in step):
 *
 * - Cache keys: every key matching `stella:feeds:*` holds data derived from the feed files
 *   (CVE lookups, advisory lists, DB handles' metadata). Import deletes them all (SCAN + UNLINK,
 *   never KEYS) after the new tree is in place, so the next read rebuilds from the new feeds.
 * - Channel `stella:feeds:updated`: one PUBLISH per import, payload the JSON of OukUpdateEvent,
 *   for processes holding feed data in memory (they reload; the dashboard's "Feed Age").
 * - Stream `stella:audit`: one XADD per import with field `type` = `ouk_update` and `event` =
 *   the JSON of OukUpdateEvent (the audit log; the same line is appended to the JSON-lines file).
 */
export const FEED_CACHE_PATTERN = "stella:feeds:*";
export const FEED_UPDATED_CHANNEL = "stella:feeds:updated";
export const AUDIT_STREAM = "stella:audit";
export const OUK_UPDATE_EVENT = "ouk_update";

export interface FeedAge {
  name: string;
  newest: string | undefined;
  /** Hours between the feed's newest record and the import, rounded down. */
  ageHours: number | undefined;
}

/** The `ouk_update` audit event (one JSON object; JSON-lines file and Redis stream). */
export interface OukUpdateEvent {
  type: typeof OUK_UPDATE_EVENT;
  time: string;
  kit: { file: string; digest: string; date: string; created: string };
  signedBy: string;
  target: string;
  previous: string | null;
  feeds: FeedAge[];
  cacheKeysDeleted: number;
}
