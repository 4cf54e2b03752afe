import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { silentLogger } from "@stella/core";
import { keyKitSigner, keyKitVerifier, fileSha256 } from "../src/blob-signature.js";
import { packTree } from "../src/pack.js";
import { OUK_KIND } from "../src/ouk/build.js";
import { importOuk, IMPORT_RECORD } from "../src/ouk/import.js";
import { redisFeedBus } from "../src/ouk/redis-bus.js";
import { AUDIT_STREAM, FEED_UPDATED_CHANNEL } from "../src/ouk/redis-contract.js";
import { cosignKey } from "./ouk-helpers.js";
import { createPublicKey } from "node:crypto";

const now = new Date("2026-11-08T12:00:00Z");
let dir: string;
let keys: Awaited<ReturnType<typeof cosignKey>>;
let other: Awaited<ReturnType<typeof cosignKey>>;
let redis: ReturnType<typeof createClient>;

async function kit(name: string, cve: string, newest: string): Promise<string> {
  const tree = join(dir, `tree-${name}`);
  await mkdir(join(tree, "feeds", "nvd", "2026"), { recursive: true });
  await mkdir(join(tree, "root"), { recursive: true });
  await writeFile(join(tree, "feeds", "nvd", "2026", `${cve}.json`), JSON.stringify({ id: cve, lastModified: newest }));
  await writeFile(join(tree, "root", "client.jwt"), "eyJ.test.jwt\n");
  const out = join(dir, `${name}.tar.zst`);
  await packTree(tree, out, {
    kind: OUK_KIND,
    created: new Date("2026-11-06T00:00:00Z"),
    tool: { name: "stella", version: "test" },
    meta: { date: "2026-11-06", feeds: [{ name: "nvd", dir: "feeds/nvd", source: "http://mirror", records: 1, newest, version: "2.0" }] },
    signer: keyKitSigner(keys.key),
    logger: silentLogger,
  });
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ouk-import-"));
  keys = await cosignKey();
  other = await cosignKey();
  redis = createClient({ url: inject("redisUrl") });
  await redis.connect();
});
afterAll(async () => {
  await redis.close();
  await rm(dir, { recursive: true, force: true });
});

describe("stella ouk import (air-gapped)", () => {
  it("verifies, swaps the feeds in, drops the feed caches, publishes and audits ouk_update; re-import is a no-op", async () => {
    const file = await kit("one", "CVE-2026-1111", "2026-11-05T12:00:00Z");
    const target = join(dir, "var", "lib", "stella", "db");
    await redis.set("stella:feeds:cve:CVE-2026-1111", "stale");
    await redis.set("stella:feeds:osv:npm:lodash", "stale");
    await redis.set("stella:sessions:abc", "keep");
    const sub = redis.duplicate();
    await sub.connect();
    const messages: string[] = [];
    await sub.subscribe(FEED_UPDATED_CHANNEL, (m) => void messages.push(m));
    const before = await redis.xLen(AUDIT_STREAM);

    const bus = await redisFeedBus(inject("redisUrl"));
    const r = await importOuk({ file, target, verifier: keyKitVerifier(keys.key.publicKey), bus, now, logger: silentLogger });
    expect(r.status).toBe("imported");
    expect(r.digest).toBe(await fileSha256(file));
    expect(r.feeds).toEqual([{ name: "nvd", newest: "2026-11-05T12:00:00Z", ageHours: 72 }]);
    expect(JSON.parse(await readFile(join(target, "feeds/nvd/2026/CVE-2026-1111.json"), "utf8"))).toMatchObject({ id: "CVE-2026-1111" });
    expect(await readFile(join(target, "root/client.jwt"), "utf8")).toBe("eyJ.test.jwt\n");
    expect(JSON.parse(await readFile(join(target, IMPORT_RECORD), "utf8"))).toMatchObject({ digest: r.digest });

    expect(await redis.exists(["stella:feeds:cve:CVE-2026-1111", "stella:feeds:osv:npm:lodash"])).toBe(0);
    expect(await redis.get("stella:sessions:abc")).toBe("keep");
    const entries = (await redis.xRange(AUDIT_STREAM, "-", "+")) ?? [];
    expect(entries.length).toBe(before + 1);
    const last = entries.at(-1)?.message;
    expect(last?.type).toBe("ouk_update");
    expect(JSON.parse(last?.event ?? "{}")).toMatchObject({ type: "ouk_update", kit: { digest: r.digest, date: "2026-11-06" }, cacheKeysDeleted: 2 });
    await new Promise((res) => setTimeout(res, 100));
    expect(messages.map((m) => (JSON.parse(m) as { kit: { digest: string } }).kit.digest)).toEqual([r.digest]);
    const audit = (await readFile(join(dir, "var", "lib", "stella", "audit.jsonl"), "utf8")).trim().split("\n");
    expect(audit).toHaveLength(1);

    await redis.set("stella:feeds:cve:CVE-2026-1111", "rebuilt");
    const again = await importOuk({ file, target, verifier: keyKitVerifier(keys.key.publicKey), bus, now, logger: silentLogger });
    expect(again.status).toBe("unchanged");
    expect(await redis.xLen(AUDIT_STREAM)).toBe(before + 1);
    expect(await redis.get("stella:feeds:cve:CVE-2026-1111")).toBe("rebuilt");

    // A newer kit replaces it and keeps the old tree for rollback.
    const two = await kit("two", "CVE-2026-2222", "2026-11-06T00:00:00Z");
    const r2 = await importOuk({ file: two, target, verifier: keyKitVerifier(keys.key.publicKey), bus, now, logger: silentLogger });
    expect(r2.previous).toBeDefined();
    expect(await readdir(join(target, "feeds/nvd/2026"))).toEqual(["CVE-2026-2222.json"]);
    expect(await readdir(join(r2.previous!, "feeds/nvd/2026"))).toEqual(["CVE-2026-1111.json"]);
    await bus.close();
    await sub.close();
  });

  it("refuses a kit whose bytes, signature or key do not verify, before reading an entry", async () => {
    const file = await kit("bad", "CVE-2026-3333", "2026-11-05T00:00:00Z");
    const target = join(dir, "t2");
    const verifier = keyKitVerifier(keys.key.publicKey);
    await expect(importOuk({ file, target, verifier: keyKitVerifier(createPublicKey(other.publicPem)), now, logger: silentLogger })).rejects.toMatchObject({ code: "SIGNATURE" });
    const bytes = await readFile(file);
    bytes[bytes.length - 40] ^= 0xff;
    const tampered = join(dir, "tampered.tar.zst");
    await writeFile(tampered, bytes);
    for (const ext of [".sig", ".sigstore.json", ".sha256"]) await writeFile(tampered + ext, await readFile(file + ext));
    await expect(importOuk({ file: tampered, target, verifier, now, logger: silentLogger })).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
    await rm(tampered + ".sigstore.json");
    await expect(importOuk({ file: tampered, target, verifier, now, logger: silentLogger })).rejects.toThrow(/no signature bundle/);
    const before = await readdir(dir);
    expect(before.filter((n) => n.startsWith(".t2"))).toEqual([]);
    expect(before).not.toContain("t2");
  });
});
