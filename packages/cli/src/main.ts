import commands from "./commands.generated.js";
import { isStellaError } from "@stella/core";
import { consoleLogger } from "./console-logger.js";
import { enableCompileCache } from "node:module";
import { isMainThread, workerData } from "node:worker_threads";
import type { CommandContext } from "./command.js";

declare const STELLA_VERSION: string;

async function help(): Promise<string> {
  const loaded = await Promise.all(commands.map((c) => c.load()));
  const width = Math.max(...loaded.map((c) => c.name.length));
  return [
    `stella ${STELLA_VERSION}: signed, air-gap-friendly container releases`,
    "",
    "usage: stella <command> [options]",
    "",
    ...loaded.sort((a, b) => a.name.localeCompare(b.name)).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`stella <command> --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write((await help()) + "\n");
    return name ? 0 : 2;
  }
  if (name === "--version") {
    process.stdout.write(`${STELLA_VERSION}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`stella: unknown command "${name}"\n\n${await help()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  const ctx: CommandContext = {
    argv: rest,
    env: process.env,
    cwd: process.cwd(),
    logger: consoleLogger(process.env.STELLA_DEBUG === "1"),
    stdout: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
  try {
    return await command.run(ctx);
  } catch (e) {
    if (isStellaError(e)) {
      process.stderr.write(`stella ${name}: error: ${e.describe()}\n`);
      return 1;
    }
    if (e instanceof Error && (e as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      process.stderr.write(`stella ${name}: ${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`stella ${name}: internal error (please report): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}

// V8's code cache on disk (Node >= 22.1, in $TMPDIR/node-compile-cache unless NODE_COMPILE_CACHE
// says where; NODE_DISABLE_COMPILE_CACHE=1 turns it off): from a command's second run on, its
// chunks are not compiled again (~110 ms of `stella pipeline run`'s JavaScript thread, on the
// pipeline's critical path; bench/pipeline). A cache it cannot write is skipped silently.
if (isMainThread) enableCompileCache();

// Loaded only inside a worker thread: the image legs pull in signing and SBOM code that no
// command should pay for at start-up (`stella version` 110 MiB -> ~50 MiB RSS).
const legs = isMainThread ? undefined : await import("./leg-worker.js");
if (legs?.isLegWorker(workerData)) {
  legs.serveImageLegs();
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`stella: ${String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
