#!/usr/bin/env node
import { createRequire as __stellaCreateRequire } from "node:module"; const require = __stellaCreateRequire(import.meta.url);
var __defProp = Object.defineProperty;
var __name = (target, value) => __defProp(target, "name", { value, configurable: true });

// packages/cli/src/commands/version.ts
var command = {
  name: "version",
  summary: "print the suite's version",
  usage: "usage: stella version",
  run(ctx) {
    ctx.stdout("0.1.0");
    return Promise.resolve(0);
  }
};
var version_default = command;

// packages/cli/src/commands.generated.ts
var commands = [version_default];
var commands_generated_default = commands;

// packages/core/src/errors.ts
var StellaError = class extends Error {
  static {
    __name(this, "StellaError");
  }
  code;
  hint;
  constructor(message, options) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
  }
  /** One text for people: the message, then the hint on its own line. */
  describe() {
    return this.hint ? `${this.message}
  hint: ${this.hint}` : this.message;
  }
};
function isStellaError(e) {
  return e instanceof StellaError;
}
__name(isStellaError, "isStellaError");

// packages/cli/src/console-logger.ts
function consoleLogger(debug) {
  const write = /* @__PURE__ */ __name((prefix) => (m) => void process.stderr.write(`${prefix}${m}
`), "write");
  return {
    debug: debug ? write("debug: ") : () => void 0,
    info: write(""),
    warn: write("warning: "),
    error: write("error: ")
  };
}
__name(consoleLogger, "consoleLogger");

// packages/cli/src/main.ts
function help() {
  const width = Math.max(...commands_generated_default.map((c) => c.name.length));
  return [
    `stella ${"0.1.0"}: signed, air-gap-friendly container releases`,
    "",
    "usage: stella <command> [options]",
    "",
    ...[...commands_generated_default].sort((a, b) => a.name.localeCompare(b.name)).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`stella <command> --help` for a command's options."
  ].join("\n");
}
__name(help, "help");
async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help() + "\n");
    return name ? 0 : 2;
  }
  if (name === "--version") {
    process.stdout.write(`${"0.1.0"}
`);
    return 0;
  }
  const command2 = commands_generated_default.find((c) => c.name === name);
  if (!command2) {
    process.stderr.write(`stella: unknown command "${name}"

${help()}
`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command2.usage}
`);
    return 0;
  }
  const ctx = {
    argv: rest,
    env: process.env,
    cwd: process.cwd(),
    logger: consoleLogger(process.env.STELLA_DEBUG === "1"),
    stdout: /* @__PURE__ */ __name((text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}
`), "stdout"),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI
  };
  try {
    return await command2.run(ctx);
  } catch (e) {
    if (isStellaError(e)) {
      process.stderr.write(`stella ${name}: error: ${e.describe()}
`);
      return 1;
    }
    if (e instanceof Error && e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      process.stderr.write(`stella ${name}: ${e.message}

${command2.usage}
`);
      return 2;
    }
    process.stderr.write(`stella ${name}: internal error (please report): ${e instanceof Error ? e.stack ?? e.message : String(e)}
`);
    return 70;
  }
}
__name(main, "main");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`stella: ${String(e)}
`);
    process.exitCode = 70;
  }
);
export {
  main
};
