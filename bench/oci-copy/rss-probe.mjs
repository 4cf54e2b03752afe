// Preloaded with `node --import` into the process being measured: writes its peak RSS (KiB)
// to the file named by STELLA_BENCH_RSS_FILE when it exits.
import { writeFileSync } from "node:fs";

const file = process.env.STELLA_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
