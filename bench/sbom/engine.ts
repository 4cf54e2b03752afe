// The SBOM engine alone (no CLI shell and its 30 other commands), bundled by run.mjs:
//   node engine.js IMAGE OUT_DIR FORMAT
import { generateSboms, isSbomFormat } from "@stella/sbom";

const [image = "", outputDir = ".", format = "cyclonedx-json"] = process.argv.slice(2);
if (!isSbomFormat(format)) throw new Error(`unknown format ${format}`);
const result = await generateSboms({ image, formats: [format], outputDir });
for (const img of result.images) for (const s of img.sboms) console.log(`${s.path ?? ""} ${s.digest} ${img.inventory.components.length}`);
