import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", service: "src/service.ts", "wire/index": "src/wire/index.ts" },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node24",
});
