import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Builds both connectors' simulated tenants into c1z files once for every test file.
    globalSetup: ["test/global-setup.ts"],
    // CI runs every package's suite at once on 2 cores; a sync or a browser page that takes 1 s on an
    // idle machine can pass vitest's 5 s default there without anything being wrong.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
