import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The end-to-end tests run real syncs against the simulator (1-2 s each when the machine is idle);
    // on a busy 2-core machine they can pass vitest's 5 s default without anything being wrong.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
