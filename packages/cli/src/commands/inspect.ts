import { formatImageDetails, inspectImage, openImage } from "@stella/oci";
import type { Command } from "../command.js";
import { parseCommandArgs, requirePositionals, UsageError } from "../args.js";
import { credentialsOf, registryOptions } from "../image-options.js";

const usage = `usage: stella inspect IMAGE [--json] [--authfile FILE] [--creds USER:PASS]

Shows an image's digest, media type, platforms, layers, labels and referrers.
IMAGE: oci:DIR[:TAG|@DIGEST] | docker://REGISTRY/REPO[:TAG][@DIGEST] | oci-archive:FILE[:TAG] | docker-archive:FILE`;

const command: Command = {
  name: "inspect",
  summary: "show an image's digest, platforms, layers, labels and referrers",
  usage,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, { json: { type: "boolean" }, authfile: { type: "string" }, creds: { type: "string" } }, usage);
    const [name = ""] = requirePositionals(positionals, ["IMAGE"], usage);
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, usage);
    const image = await openImage(name, { cwd: ctx.cwd, registry: { ...registryOptions(ctx, values.authfile), ...credentialsOf(values.creds, "--creds") } });
    try {
      const details = await inspectImage(image.store, image.reference);
      ctx.stdout(values.json ? JSON.stringify({ name: image.display, ...details }, null, 2) : formatImageDetails(image.display, details));
      return 0;
    } finally {
      await image.close();
    }
  },
};
export default command;
