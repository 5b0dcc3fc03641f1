import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Every test file here spawns programs, kubectl or helm: one file at a time keeps them from starving
    // each other on a 2-core machine. The timeouts are a last guard against a hang, not a speed check.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
