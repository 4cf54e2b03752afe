// Prints the plain closing line CI reads: "N passed, N failed, N skipped".
import { readFile } from "node:fs/promises";

let passed = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(await readFile(file, "utf8"));
  } catch {
    console.error(`test summary: no report at ${file} (the run did not finish)`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0 ? 0 : 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.success === false && (report.numFailedTests ?? 0) === 0) failed += report.numFailedTestSuites || 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
