import { defineConfig } from "tsup";

// Each program is its own entry so that `dist/bin/<program>.js` is directly executable (the shebang
// in the source is kept by esbuild); the library entry serves the demo and tests.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "bin/baton-segment": "src/bin/baton-segment.ts",
    "bin/baton-sentinel-one": "src/bin/baton-sentinel-one.ts",
    "bin/baton-sample": "src/bin/baton-sample.ts",
    "demo/main": "src/demo/main.ts",
  },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node24",
});
