import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sha256Digest, type Logger } from "@stella/core";
import { MediaType, isRegistryError, openRegistryStore, tryMountBlob } from "@stella/oci";
import { startTokenRegistry, type AuthRegistry } from "../../../test/helpers/auth-registries.js";
import type { TokenServer } from "../../../test/helpers/token-server.js";
import { makeImage, makeReferrer, pushImage, skopeoRaw } from "./registry-image.js";

// Basic (htpasswd) and bearer-token docker-registry instances of the global setup, plus a
// token registry of our own where the test controls token lifetimes.
const basic = inject("registryBasic");
const token = inject("registryToken");
const repo = (name: string) => `stella/${name}-${randomBytes(3).toString("hex")}`;
let dir: string;

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { logger: { debug: push, info: push, warn: push, error: push }, lines };
}

function dockerConfig(entries: Record<string, unknown>): Promise<string> {
  const d = join(dir, randomBytes(4).toString("hex"));
  return writeFile(`${d}.json`, JSON.stringify(entries)).then(() => `${d}.json`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stella-auth-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("basic auth (htpasswd)", () => {
  const creds = { username: basic.username, password: basic.password };

  it("pushes and pulls with explicit credentials; skopeo reads the same digest", async () => {
    const name = repo("basic");
    const { logger, lines } = recorder();
    const store = openRegistryStore({ registry: basic.host, repository: name }, { credentials: creds, logger });
    const image = makeImage(2, 1024);
    await pushImage(store, image, "v1");
    expect(sha256Digest(await skopeoRaw(`${basic.host}/${name}:v1`, creds))).toBe(image.digest);
    expect((await store.getManifest("v1")).descriptor.digest).toBe(image.digest);
    expect(lines.join("\n")).not.toContain(basic.password);
  });

  it("finds credentials in config.json auths, in the auth file first, and through credential helpers", async () => {
    const auth = Buffer.from(`${basic.username}:${basic.password}`).toString("base64");
    const wrong = Buffer.from(`${basic.username}:wrong-password`).toString("base64");
    const configDir = join(dir, "docker");
    await rm(configDir, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(configDir));
    await writeFile(join(configDir, "config.json"), JSON.stringify({ auths: { [basic.host]: { auth: wrong } } }));
    const authFile = await dockerConfig({ auths: { [`http://${basic.host}`]: { auth } } });
    const name = repo("configured");
    await pushImage(openRegistryStore({ registry: basic.host, repository: name }, { authFile, dockerConfigDir: configDir }), makeImage(1, 64), "v1");
    await expect(openRegistryStore({ registry: basic.host, repository: name }, { dockerConfigDir: configDir }).resolve("v1")).rejects.toThrow(/rejected the credentials/);

    // docker-credential-<name> protocol: `get`, server URL on stdin, JSON on stdout.
    const helperDir = join(dir, "helpers");
    await import("node:fs/promises").then((fs) => fs.mkdir(helperDir, { recursive: true }));
    const helper = join(helperDir, "docker-credential-stellatest");
    await writeFile(helper, `#!/bin/sh\nread server\nif [ "$server" = "${basic.host}" ]; then printf '{"ServerURL":"%s","Username":"${basic.username}","Secret":"${basic.password}"}' "$server"; else echo "credentials not found in native keychain"; exit 1; fi\n`);
    await chmod(helper, 0o755);
    const viaHelper = await dockerConfig({ credHelpers: { [basic.host]: "stellatest" } });
    expect((await openRegistryStore({ registry: basic.host, repository: name }, { authFile: viaHelper, credentialHelperDir: helperDir }).resolve("v1")).mediaType).toMatch(/manifest/);
    const viaStore = await dockerConfig({ credsStore: "stellatest" });
    expect((await openRegistryStore({ registry: basic.host, repository: name }, { authFile: viaStore, credentialHelperDir: helperDir }).listTags())).toEqual(["v1"]);
  });

  it("wrong credentials: a clear error naming the registry and the user, never the password", async () => {
    const password = `not-the-password-${randomBytes(4).toString("hex")}`;
    const { logger, lines } = recorder();
    const store = openRegistryStore({ registry: basic.host, repository: repo("wrong") }, { credentials: { username: "mallory", password }, logger });
    const err = await store.resolve("v1").catch((e: unknown) => e);
    expect(isRegistryError(err, "UNAUTHORIZED")).toBe(true);
    const text = `${String(err)} ${(err as Error).stack ?? ""} ${JSON.stringify(err)} ${lines.join("\n")}`;
    expect(text).toContain(`registry ${basic.host} rejected the credentials of user "mallory"`);
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(`mallory:${password}`).toString("base64"));
  });

  it("no credentials: says the registry requires authentication", async () => {
    await expect(openRegistryStore({ registry: basic.host, repository: repo("anon") }).listTags()).rejects.toThrow(`registry ${basic.host} requires authentication and no credentials were found`);
  });
});

describe("bearer token auth (docker token flow)", () => {
  const creds = { username: token.username, password: token.password };

  it("pushes and pulls with one cached token per scope; skopeo reads the same digest", async () => {
    const name = repo("token");
    const { logger, lines } = recorder();
    const store = openRegistryStore({ registry: token.host, repository: name }, { credentials: creds, logger });
    const image = makeImage(3, 1024);
    await pushImage(store, image, "v1");
    expect((await store.getManifest("v1")).descriptor.digest).toBe(image.digest);
    for (const l of image.layers) await store.getBlobBytes(l.descriptor);
    expect(store.client.auth.tokenRequests).toBeLessThanOrEqual(2);
    // A mount needs pull on the source repository too: one token for both scopes.
    const other = openRegistryStore({ registry: token.host, repository: repo("token-mount") }, { credentials: creds });
    expect(await tryMountBlob(store, other, image.layers[0].descriptor)).toBe(true);
    expect(await other.hasBlob(image.layers[0].descriptor.digest)).toBe(true);
    expect(sha256Digest(await skopeoRaw(`${token.host}/${name}:v1`, creds))).toBe(image.digest);
    expect(lines.join("\n")).not.toContain(token.password);
  });

  it("keeps referrers under the tag schema behind token auth", async () => {
    const store = openRegistryStore({ registry: token.host, repository: repo("token-refs") }, { credentials: creds });
    const subject = await pushImage(store, makeImage(1, 64), "v1");
    const r = makeReferrer(subject, "application/spdx+json", Buffer.from("{}"));
    for (const b of r.blobs) await store.putBlob(b.descriptor, () => b.bytes);
    const d = await store.putReferrer(r.manifest, MediaType.ociManifest);
    expect((await store.referrers(subject.digest)).map((x) => x.digest)).toEqual([d.digest]);
  });

  it("wrong password: error names the registry and user, not the password", async () => {
    const password = `bad-${randomBytes(6).toString("hex")}`;
    const err = await openRegistryStore({ registry: token.host, repository: repo("bad") }, { credentials: { username: "eve", password } })
      .listTags()
      .catch((e: unknown) => e);
    expect(isRegistryError(err, "UNAUTHORIZED")).toBe(true);
    expect(String(err)).toContain(`registry ${token.host} rejected the credentials of user "eve"`);
    expect(`${String(err)} ${(err as Error).stack ?? ""}`).not.toContain(password);
  });
});

describe("token lifetimes (own token registry)", () => {
  let reg: AuthRegistry & { tokens: TokenServer };
  beforeAll(async () => {
    reg = await startTokenRegistry("sam", `pw-${randomBytes(6).toString("hex")}`, { expiresIn: 2, identityTokens: { "stella-identity-token-123": "sam" } });
  });
  afterAll(async () => {
    await reg.stop();
  });

  it("fetches a new token when the cached one expires, and after a 401 to a refused token", async () => {
    const store = openRegistryStore({ registry: reg.host, repository: repo("expiry") }, { credentials: { username: reg.username, password: reg.password } });
    await pushImage(store, makeImage(1, 128), "v1");
    const before = store.client.auth.tokenRequests;
    await store.resolve("v1");
    expect(store.client.auth.tokenRequests).toBe(before);
    await sleep(2100);
    await store.resolve("v1");
    expect(store.client.auth.tokenRequests).toBe(before + 1);

    const fresh = openRegistryStore({ registry: reg.host, repository: store.repository }, { credentials: { username: reg.username, password: reg.password } });
    reg.tokens.expireNext(1); // the registry refuses it (past its 60 s leeway): 401, new token, success
    expect((await fresh.resolve("v1")).digest).toMatch(/^sha256:/);
    expect(fresh.client.auth.tokenRequests).toBe(2);
  });

  it("uses an identity token from config.json through the OAuth2 refresh-token grant", async () => {
    const authFile = await dockerConfig({ auths: { [reg.host]: { auth: Buffer.from("sam:").toString("base64"), identitytoken: "stella-identity-token-123" } } });
    const store = openRegistryStore({ registry: reg.host, repository: repo("identity") }, { authFile });
    await pushImage(store, makeImage(1, 64), "v1");
    expect(await store.listTags()).toEqual(["v1"]);
  });
});

describe("redirects to blob storage", () => {
  let front: Server;
  let storage: Server;
  const seen: { authorization: string | undefined }[] = [];

  it("follows a redirect to another origin without sending Authorization there", async () => {
    const name = repo("redirect");
    const creds = { username: basic.username, password: basic.password };
    const image = makeImage(1, 4096);
    await pushImage(openRegistryStore({ registry: basic.host, repository: name }, { credentials: creds }), image, "v1");
    const [targetHost, targetPort] = basic.host.split(":");
    storage = createServer((req, res) => {
      seen.push({ authorization: req.headers.authorization });
      const digest = (req.url ?? "").slice("/blob/".length);
      const up = request({ host: targetHost, port: Number(targetPort), path: `/v2/${name}/blobs/${digest}`, headers: { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}` } }, (r) => {
        res.writeHead(r.statusCode ?? 502, { "content-length": r.headers["content-length"] ?? "0" });
        r.pipe(res);
      });
      up.end();
    });
    await new Promise<void>((r) => storage.listen(0, "127.0.0.1", r));
    const storagePort = (storage.address() as { port: number }).port;
    front = createServer((req, res) => {
      const m = /\/blobs\/(sha256:[a-f0-9]{64})$/.exec(req.url ?? "");
      if (req.method === "GET" && m && req.headers.authorization) {
        res.writeHead(307, { location: `http://127.0.0.1:${storagePort}/blob/${m[1]}` }).end();
        return;
      }
      const up = request({ host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
    try {
      const store = openRegistryStore({ registry: `127.0.0.1:${(front.address() as { port: number }).port}`, repository: name }, { credentials: creds });
      const layer = image.layers[0];
      expect(Buffer.from(await store.getBlobBytes(layer.descriptor)).equals(layer.bytes)).toBe(true);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s.authorization === undefined)).toBe(true);
    } finally {
      front.closeAllConnections();
      storage.closeAllConnections();
      await new Promise((r) => front.close(r));
      await new Promise((r) => storage.close(r));
    }
  });
});
