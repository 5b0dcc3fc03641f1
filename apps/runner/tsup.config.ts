import { defineConfig } from "tsup";

// The demo (`pnpm start`); the programs themselves are built by their connector packages.
export default defineConfig({
  entry: { "demo/main": "src/demo/main.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node24",
});
