#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  UsageError
} from "./chunk-UH67IDQ3.js";
import {
  __name
} from "./chunk-GT7O54H4.js";

// packages/cli/src/image-options.ts
function registryOptions(ctx, authfile) {
  const authFile = authfile ?? ctx.env.REGISTRY_AUTH_FILE;
  const dockerConfigDir = ctx.env.DOCKER_CONFIG;
  return { logger: ctx.logger, ...authFile ? { authFile } : {}, ...dockerConfigDir ? { dockerConfigDir } : {} };
}
__name(registryOptions, "registryOptions");
function credentialsOf(value, flag) {
  if (value === void 0) return {};
  const colon = value.indexOf(":");
  if (colon <= 0) throw new UsageError(`${flag} must be USER:PASSWORD`, `${flag} USER:PASSWORD`);
  return { credentials: { username: value.slice(0, colon), password: value.slice(colon + 1) } };
}
__name(credentialsOf, "credentialsOf");
function parsePlatform(value) {
  const [os, architecture, variant, ...rest] = value.split("/");
  if (!os || !architecture || rest.length > 0) throw new UsageError(`--platform "${value}" must be OS/ARCH[/VARIANT], e.g. linux/arm64`, "--platform linux/amd64");
  return { os, architecture, ...variant ? { variant } : {} };
}
__name(parsePlatform, "parsePlatform");

export {
  registryOptions,
  credentialsOf,
  parsePlatform
};
