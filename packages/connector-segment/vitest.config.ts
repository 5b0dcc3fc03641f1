import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end tests run whole syncs into c1z files.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
