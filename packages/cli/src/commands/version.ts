import type { Command } from "../command.js";

declare const STELLA_VERSION: string;

const command: Command = {
  name: "version",
  summary: "print the suite's version",
  usage: "usage: stella version",
  run(ctx) {
    ctx.stdout(STELLA_VERSION);
    return Promise.resolve(0);
  },
};
export default command;
