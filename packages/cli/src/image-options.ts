import type { Platform, RegistryStoreOptions } from "@stella/oci";
import type { CommandContext } from "./command.js";
import { UsageError } from "./args.js";

/** Registry options of `stella copy`/`inspect` from flags and the environment (the CLI is the edge that reads env). */
export function registryOptions(ctx: CommandContext, authfile: string | undefined): RegistryStoreOptions {
  const authFile = authfile ?? ctx.env.REGISTRY_AUTH_FILE;
  const dockerConfigDir = ctx.env.DOCKER_CONFIG;
  return { logger: ctx.logger, ...(authFile ? { authFile } : {}), ...(dockerConfigDir ? { dockerConfigDir } : {}) };
}

/** `USER:PASS` of --src-creds/--dest-creds/--creds (skopeo's flags). */
export function credentialsOf(value: string | undefined, flag: string): Pick<RegistryStoreOptions, "credentials"> {
  if (value === undefined) return {};
  const colon = value.indexOf(":");
  if (colon <= 0) throw new UsageError(`${flag} must be USER:PASSWORD`, `${flag} USER:PASSWORD`);
  return { credentials: { username: value.slice(0, colon), password: value.slice(colon + 1) } };
}

/** `linux/arm64/v8` -> a Platform. */
export function parsePlatform(value: string): Platform {
  const [os, architecture, variant, ...rest] = value.split("/");
  if (!os || !architecture || rest.length > 0) throw new UsageError(`--platform "${value}" must be OS/ARCH[/VARIANT], e.g. linux/arm64`, "--platform linux/amd64");
  return { os, architecture, ...(variant ? { variant } : {}) };
}
