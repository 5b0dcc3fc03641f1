import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end tests run whole syncs into c1z files.
    // A last guard, not a speed check: end-to-end tests spawn programs and whole syncs, which a busy 2-core
    // machine (CI runs every package at once) slows several-fold; no test asserts how long anything takes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
