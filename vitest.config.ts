import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Three kinds of tests (STYLE.md §10): unit (*.test.ts, pure, no servers), integration
// (*.int.test.ts, real docker-registry/redis started by test/setup/global.ts) and end-to-end
// (*.e2e.test.ts, the bundled actions and CLI from dist/, also with the real servers).
const alias = [{ find: /^@stella\/(.*)$/, replacement: fileURLToPath(new URL("./packages/$1/src/index.ts", import.meta.url)) }];
const exclude = ["node_modules/**", "dist/**", ".cache/**"];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["packages/**/*.test.ts", "actions/**/*.test.ts", "test/**/*.test.ts"], exclude: [...exclude, "**/*.int.test.ts", "**/*.e2e.test.ts", "**/*.airgap.test.ts"], testTimeout: 30_000 },
      },
      {
        // Verify and import paths: test/scripts run these under `unshare -n` (no network at all,
        // loopback only) to prove they make no network call (air-gap for real).
        resolve: { alias },
        test: {
          name: "airgap",
          include: ["**/*.airgap.test.ts"],
          exclude,
          globalSetup: ["test/setup/global.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts", "**/*.e2e.test.ts"],
          exclude,
          globalSetup: ["test/setup/global.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
