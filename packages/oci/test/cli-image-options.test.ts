import { describe, expect, it } from "vitest";
import { silentLogger } from "@stella/core";
import { credentialsOf, parsePlatform, registryOptions } from "../../cli/src/image-options.js";
import type { CommandContext } from "../../cli/src/command.js";

/** The flag and environment mapping of `stella copy`/`inspect` (the CLI is the only place env is read). */
const ctx = (env: Record<string, string>): CommandContext => ({ argv: [], env, cwd: "/", logger: silentLogger, stdout: () => undefined, interactive: false });

describe("registryOptions", () => {
  it("takes --authfile over REGISTRY_AUTH_FILE, and DOCKER_CONFIG", () => {
    expect(registryOptions(ctx({ REGISTRY_AUTH_FILE: "/env.json", DOCKER_CONFIG: "/d" }), "/flag.json")).toMatchObject({ authFile: "/flag.json", dockerConfigDir: "/d" });
    expect(registryOptions(ctx({ REGISTRY_AUTH_FILE: "/env.json" }), undefined)).toMatchObject({ authFile: "/env.json" });
    expect(registryOptions(ctx({}), undefined)).not.toHaveProperty("authFile");
  });
});

describe("credentialsOf", () => {
  it.each([
    ["user:pa:ss", { credentials: { username: "user", password: "pa:ss" } }],
    [undefined, {}],
  ])("%j", (value, expected) => {
    expect(credentialsOf(value, "--creds")).toEqual(expected);
  });

  it.each([":pw", "nopassword"])("rejects %j naming the flag", (value) => {
    expect(() => credentialsOf(value, "--dest-creds")).toThrow("--dest-creds must be USER:PASSWORD");
  });
});

describe("parsePlatform", () => {
  it.each([
    ["linux/amd64", { os: "linux", architecture: "amd64" }],
    ["linux/arm64/v8", { os: "linux", architecture: "arm64", variant: "v8" }],
  ])("%s", (value, expected) => {
    expect(parsePlatform(value)).toEqual(expected);
  });

  it.each(["linux", "linux/", "a/b/c/d", ""])("rejects %j", (value) => {
    expect(() => parsePlatform(value)).toThrow(/must be OS\/ARCH/);
  });
});
