import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // CI runs every package's suite at once on 2 cores: a sync or a child process that takes 1 s on an
    // idle machine can pass vitest's 5 s default there without anything being wrong.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
