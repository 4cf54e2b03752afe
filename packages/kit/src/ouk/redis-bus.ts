import { createClient } from "redis";
import { errorMessage } from "@stella/core";
import { KitError } from "../errors.js";
import { AUDIT_STREAM, FEED_CACHE_PATTERN, FEED_UPDATED_CHANNEL, OUK_UPDATE_EVENT, type OukUpdateEvent } from "./redis-contract.js";

/** What import tells the running services (redis-contract.ts); injectable so the CLI can run without Redis. */
export interface FeedBus {
  /** Deletes every feed cache key; returns how many. */
  invalidateCaches(): Promise<number>;
  /** PUBLISH on the update channel and XADD the audit event. */
  announce(event: OukUpdateEvent): Promise<void>;
  close(): Promise<void>;
}

/** The Redis implementation of the contract (`--redis redis://…`). */
export async function redisFeedBus(url: string): Promise<FeedBus> {
  const client = createClient({ url, socket: { connectTimeout: 10_000, reconnectStrategy: false } });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw new KitError(`cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, "//***@")}: ${errorMessage(e)}`, { code: "IO", cause: e, hint: "check --redis, or leave it out to skip cache invalidation" });
  }
  return {
    async invalidateCaches() {
      let deleted = 0;
      for await (const keys of client.scanIterator({ MATCH: FEED_CACHE_PATTERN, COUNT: 500 })) {
        if (keys.length) deleted += await client.unlink(keys);
      }
      return deleted;
    },
    async announce(event) {
      const json = JSON.stringify(event);
      await client.publish(FEED_UPDATED_CHANNEL, json);
      await client.xAdd(AUDIT_STREAM, "*", { type: OUK_UPDATE_EVENT, event: json });
    },
    async close() {
      await client.close();
    },
  };
}
