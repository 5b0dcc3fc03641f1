import { defineConfig } from "vitest/config";
import { buildConstants } from "./build-constants.js";

export default defineConfig({
  define: buildConstants,
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // A last guard, not a speed check: the end-to-end test installs a workspace copy and runs a generated
    // package's lint, type check and tests, which a busy 2-core machine slows several-fold.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
