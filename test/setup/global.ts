import type { TestProject } from "vitest/node";
import { startRedis, startRegistry, type RunningServer } from "../helpers/servers.js";
import { startBasicRegistry, startTokenRegistry } from "../helpers/auth-registries.js";

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
    /** docker-registry with htpasswd Basic auth (test/helpers/auth-registries.ts). */
    registryBasic: { host: string; username: string; password: string };
    /** docker-registry with `auth: token`, tokens (60 s) from a test token server. */
    registryToken: { host: string; username: string; password: string };
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
    const basic = await startBasicRegistry();
    started.push(basic);
    project.provide("registryBasic", { host: basic.host, username: basic.username, password: basic.password });
    const token = await startTokenRegistry();
    started.push(token);
    project.provide("registryToken", { host: token.host, username: token.username, password: token.password });
  } catch (e) {
    await Promise.all(started.map((s) => s.stop()));
    throw e;
  }
  return async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
}
