import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", "simulator/index": "src/simulator/index.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node24",
});
