import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end tests spawn the built programs (a fresh Node process each, ~0.3 s of startup).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
