import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage } from "@stella/core";
import { RegistryError } from "./errors.js";

/** What a registry login gives: user + password, or an OAuth2 identity (refresh) token. */
export type Credential = { username: string; password: string; identityToken?: undefined } | { username?: string; identityToken: string; password?: undefined };

export interface CredentialSources {
  /** Explicit credentials (action inputs, CLI flags): used before any file. */
  credentials?: Credential;
  /** containers-auth.json (what `REGISTRY_AUTH_FILE` names; the entry point passes it in). */
  authFile?: string;
  /** Docker config directory (what `DOCKER_CONFIG` names, else `~/.docker`), holding `config.json`. */
  dockerConfigDir?: string;
  /** Where `docker-credential-<name>` helpers live; default: looked up on PATH by the OS. */
  credentialHelperDir?: string;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfig {
  auths: Record<string, AuthEntry>;
  credHelpers: Record<string, string>;
  credsStore?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads `config.json`/`auth.json` through a type guard; a missing file is an empty config. */
async function readConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if (isRecord(e) && e.code === "ENOENT") return undefined;
    throw new RegistryError(`cannot read registry auth file ${path}: ${errorMessage(e)}`, { code: "BAD_AUTH_CONFIG", cause: e });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new RegistryError(`registry auth file ${path} is not valid JSON: ${errorMessage(e)}`, { code: "BAD_AUTH_CONFIG", hint: "fix or remove the file" });
  }
  if (!isRecord(doc)) throw new RegistryError(`registry auth file ${path} is not a JSON object`, { code: "BAD_AUTH_CONFIG" });
  const auths: Record<string, AuthEntry> = {};
  if (isRecord(doc.auths)) {
    for (const [k, v] of Object.entries(doc.auths)) {
      if (!isRecord(v)) continue;
      const entry: AuthEntry = {};
      for (const f of ["auth", "username", "password", "identitytoken"] as const) if (typeof v[f] === "string") entry[f] = v[f];
      auths[k] = entry;
    }
  }
  const credHelpers: Record<string, string> = {};
  if (isRecord(doc.credHelpers)) for (const [k, v] of Object.entries(doc.credHelpers)) if (typeof v === "string") credHelpers[k] = v;
  return { auths, credHelpers, ...(typeof doc.credsStore === "string" && doc.credsStore ? { credsStore: doc.credsStore } : {}) };
}

/** The keys a login for `host` may be stored under (docker CLI writes URLs for Docker Hub). */
function keysFor(host: string, repository: string): string[] {
  const parts = repository.split("/");
  // containers-auth.json allows `host/ns/repo` entries: most specific first (containers-auth.json(5)).
  const scoped = parts.map((_, i) => `${host}/${parts.slice(0, parts.length - i).join("/")}`);
  const plain = [host, `https://${host}`, `http://${host}`, `https://${host}/v1/`, `https://${host}/v2/`];
  if (host === "docker.io" || host === "registry-1.docker.io" || host === "index.docker.io") {
    plain.push("https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io");
  }
  return [...scoped, ...plain];
}

function fromEntry(entry: AuthEntry, where: string): Credential | undefined {
  if (entry.identitytoken) {
    const username = entry.auth ? Buffer.from(entry.auth, "base64").toString("utf8").split(":")[0] : entry.username;
    return username ? { username, identityToken: entry.identitytoken } : { identityToken: entry.identitytoken };
  }
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new RegistryError(`the "auth" value for ${where} is not base64 of user:password`, { code: "BAD_AUTH_CONFIG", hint: "log in again (docker login / skopeo login)" });
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

/** Runs `docker-credential-<helper> get` with the server on stdin (docker-credential-helpers protocol). */
export async function runCredentialHelper(helper: string, server: string, dir?: string): Promise<Credential | undefined> {
  const bin = dir ? join(dir, `docker-credential-${helper}`) : `docker-credential-${helper}`;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(bin, ["get"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (e) => reject(new RegistryError(`credential helper ${bin} could not run: ${e.message}`, { code: "CREDENTIAL_HELPER", hint: `install docker-credential-${helper} or remove it from config.json`, cause: e })));
    child.on("close", (c) => resolve({ code: c ?? 1, stdout: out, stderr: err }));
    child.stdin.end(server);
  });
  if (code !== 0) {
    // The protocol's "not found" answer: no login for this server, not an error.
    if (/credentials not found/i.test(stdout + stderr)) return undefined;
    throw new RegistryError(`credential helper docker-credential-${helper} failed for ${server} (exit ${code})`, { code: "CREDENTIAL_HELPER" });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new RegistryError(`credential helper docker-credential-${helper} printed something that is not JSON for ${server}`, { code: "CREDENTIAL_HELPER" });
  }
  if (!isRecord(doc) || typeof doc.Secret !== "string") {
    throw new RegistryError(`credential helper docker-credential-${helper} gave no "Secret" for ${server}`, { code: "CREDENTIAL_HELPER" });
  }
  const username = typeof doc.Username === "string" ? doc.Username : "";
  // "<token>" as user name means the secret is an identity token (docker CLI convention).
  if (username === "<token>") return { identityToken: doc.Secret };
  return { username, password: doc.Secret };
}

/**
 * The credential for `host`/`repository`: explicit ones, else the auth file, else the docker
 * config (credHelpers for the host, then credsStore, then `auths`). Undefined = anonymous.
 */
export async function findCredential(host: string, repository: string, sources: CredentialSources): Promise<{ credential?: Credential; from: string }> {
  if (sources.credentials) return { credential: sources.credentials, from: "explicit credentials" };
  const files: string[] = [];
  if (sources.authFile) files.push(sources.authFile);
  if (sources.dockerConfigDir) files.push(join(sources.dockerConfigDir, "config.json"));
  for (const file of files) {
    const config = await readConfig(file);
    if (!config) continue;
    const keys = keysFor(host, repository);
    for (const key of keys) {
      const helper = config.credHelpers[key];
      if (helper) return { credential: await runCredentialHelper(helper, key, sources.credentialHelperDir), from: `docker-credential-${helper}` };
    }
    for (const key of keys) {
      const entry = config.auths[key];
      if (!entry) continue;
      const credential = fromEntry(entry, `${key} in ${file}`);
      if (credential) return { credential, from: file };
    }
    if (config.credsStore) {
      for (const key of [host, ...keys.filter((k) => k.startsWith("https://"))]) {
        const credential = await runCredentialHelper(config.credsStore, key, sources.credentialHelperDir);
        if (credential) return { credential, from: `docker-credential-${config.credsStore}` };
      }
    }
  }
  return { from: files.length ? files.join(", ") : "no auth file" };
}
