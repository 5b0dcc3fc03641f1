import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // CI runs every package's suite at once on 2 cores: a sync or a child process that takes 1 s on an
    // idle machine can pass vitest's 5 s default there without anything being wrong.
    // A last guard, not a speed check: end-to-end tests spawn programs and whole syncs, which a busy 2-core
    // machine (CI runs every package at once) slows several-fold; no test asserts how long anything takes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
