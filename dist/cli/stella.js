#!/usr/bin/env -S node --max-semi-space-size=2
import { createRequire as __stellaCreateRequire } from "node:module"; import { fileURLToPath as __stellaFileURLToPath } from "node:url"; import { dirname as __stellaDirname } from "node:path"; const require = __stellaCreateRequire(import.meta.url); const __stellaFilename = __stellaFileURLToPath(import.meta.url); const __stellaDirnameValue = __stellaDirname(__stellaFilename);
import {
  isStellaError
} from "./chunks/chunk-BBNKGYBP.js";
import {
  __name
} from "./chunks/chunk-GT7O54H4.js";

// packages/cli/src/commands.generated.ts
var commands = [
  { name: "align", load: /* @__PURE__ */ __name(async () => (await import("./chunks/align-IQNCUA3J.js")).default, "load") },
  { name: "announce", load: /* @__PURE__ */ __name(async () => (await import("./chunks/announce-FPEFNYWX.js")).default, "load") },
  { name: "attest", load: /* @__PURE__ */ __name(async () => (await import("./chunks/attest-VBXTRGU7.js")).default, "load") },
  { name: "chart", load: /* @__PURE__ */ __name(async () => (await import("./chunks/chart-5MB662C7.js")).default, "load") },
  { name: "copy", load: /* @__PURE__ */ __name(async () => (await import("./chunks/copy-6SIVX7OK.js")).default, "load") },
  { name: "deploy", load: /* @__PURE__ */ __name(async () => (await import("./chunks/deploy-6F7JXV6W.js")).default, "load") },
  { name: "inspect", load: /* @__PURE__ */ __name(async () => (await import("./chunks/inspect-FJMNFHIV.js")).default, "load") },
  { name: "key", load: /* @__PURE__ */ __name(async () => (await import("./chunks/key-JV36GIUJ.js")).default, "load") },
  { name: "kit", load: /* @__PURE__ */ __name(async () => (await import("./chunks/kit-7RZVCBKS.js")).default, "load") },
  { name: "manifest", load: /* @__PURE__ */ __name(async () => (await import("./chunks/manifest-JW4G6SZB.js")).default, "load") },
  { name: "notify", load: /* @__PURE__ */ __name(async () => (await import("./chunks/notify-SP6HJHER.js")).default, "load") },
  { name: "ouk", load: /* @__PURE__ */ __name(async () => (await import("./chunks/ouk-H4IPTSUU.js")).default, "load") },
  { name: "pipeline", load: /* @__PURE__ */ __name(async () => (await import("./chunks/pipeline-SBDZVJJL.js")).default, "load") },
  { name: "sbom", load: /* @__PURE__ */ __name(async () => (await import("./chunks/sbom-2O6PXN33.js")).default, "load") },
  { name: "sign-blob", load: /* @__PURE__ */ __name(async () => (await import("./chunks/sign-blob-7DJODOSH.js")).default, "load") },
  { name: "sign", load: /* @__PURE__ */ __name(async () => (await import("./chunks/sign-NIYDZ6VH.js")).default, "load") },
  { name: "validate-profiles", load: /* @__PURE__ */ __name(async () => (await import("./chunks/validate-profiles-3VWZXGIO.js")).default, "load") },
  { name: "verify-attestation", load: /* @__PURE__ */ __name(async () => (await import("./chunks/verify-attestation-YYMBLZSK.js")).default, "load") },
  { name: "verify-blob", load: /* @__PURE__ */ __name(async () => (await import("./chunks/verify-blob-ZMYG3KP4.js")).default, "load") },
  { name: "verify-tag", load: /* @__PURE__ */ __name(async () => (await import("./chunks/verify-tag-3K5WSYMT.js")).default, "load") },
  { name: "verify", load: /* @__PURE__ */ __name(async () => (await import("./chunks/verify-BOI42GHY.js")).default, "load") },
  { name: "version", load: /* @__PURE__ */ __name(async () => (await import("./chunks/version-PZA5OQX2.js")).default, "load") }
];
var commands_generated_default = commands;

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
import { enableCompileCache } from "node:module";
import { isMainThread, workerData } from "node:worker_threads";
async function help() {
  const loaded = await Promise.all(commands_generated_default.map((c) => c.load()));
  const width = Math.max(...loaded.map((c) => c.name.length));
  return [
    `stella ${"0.1.0"}: signed, air-gap-friendly container releases`,
    "",
    "usage: stella <command> [options]",
    "",
    ...loaded.sort((a, b) => a.name.localeCompare(b.name)).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`stella <command> --help` for a command's options."
  ].join("\n");
}
__name(help, "help");
async function main(argv) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(await help() + "\n");
    return name ? 0 : 2;
  }
  if (name === "--version") {
    process.stdout.write(`${"0.1.0"}
`);
    return 0;
  }
  const entry = commands_generated_default.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`stella: unknown command "${name}"

${await help()}
`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}
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
    return await command.run(ctx);
  } catch (e) {
    if (isStellaError(e)) {
      process.stderr.write(`stella ${name}: error: ${e.describe()}
`);
      return 1;
    }
    if (e instanceof Error && e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      process.stderr.write(`stella ${name}: ${e.message}

${command.usage}
`);
      return 2;
    }
    process.stderr.write(`stella ${name}: internal error (please report): ${e instanceof Error ? e.stack ?? e.message : String(e)}
`);
    return 70;
  }
}
__name(main, "main");
if (isMainThread) enableCompileCache();
var legs = isMainThread ? void 0 : await import("./chunks/leg-worker-JAO65QT4.js");
if (legs?.isLegWorker(workerData)) {
  legs.serveImageLegs();
} else {
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
}
export {
  main
};
