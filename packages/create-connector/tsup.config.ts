import { defineConfig } from "tsup";
import { buildConstants } from "./build-constants.js";

export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  dts: { entry: { index: "src/index.ts" } },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node24",
  define: buildConstants,
});
