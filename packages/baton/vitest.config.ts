import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Builds both connectors' simulated tenants into c1z files once for every test file.
    globalSetup: ["test/global-setup.ts"],
    // One worker, shared by the files (none keeps global state): CI runs every package's suite at once
    // on 2 cores, and a worker per file spent more CPU importing than testing (vitest: import 46%).
    isolate: false,
    maxWorkers: 1,
    // CI runs every package's suite at once on 2 cores; a sync or a browser page that takes 1 s on an
    // idle machine can pass vitest's 5 s default there without anything being wrong; 180 s is a last guard, as in every
    // package (a spawned program slows several-fold under load; no test asserts speed).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
