import type { TestProject } from "vitest/node";
import { startRedis, startRegistry, type RunningServer } from "../helpers/servers.js";

/**
 * Real servers for the integration and end-to-end tests (DESIGN.md "Real components in
 * tests"), on 127.0.0.1 with random ports. Tests read them with `inject("...")`.
 */
declare module "vitest" {
  export interface ProvidedContext {
    /** host:port of an anonymous docker-registry. */
    registry: string;
    /** redis://127.0.0.1:port of a password-less redis-server. */
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: RunningServer[] = [];
  try {
    const registry = await startRegistry();
    started.push(registry);
    project.provide("registry", `127.0.0.1:${registry.port}`);
    const redis = await startRedis();
    started.push(redis);
    project.provide("redisUrl", `redis://127.0.0.1:${redis.port}`);
  } catch (e) {
    await Promise.all(started.map((s) => s.stop()));
    throw e;
  }
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
}
