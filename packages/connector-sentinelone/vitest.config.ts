import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The end-to-end tests run real syncs against the simulator (1-2 s each when the machine is idle);
    // on a busy 2-core machine they can pass vitest's 5 s default without anything being wrong.
    // A last guard, not a speed check: end-to-end tests spawn programs and whole syncs, which a busy 2-core
    // machine (CI runs every package at once) slows several-fold; no test asserts how long anything takes.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
