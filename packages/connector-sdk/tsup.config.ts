import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "cli/index": "src/cli/index.ts",
    "testing/index": "src/testing/index.ts",
    // The sample connector's program, spawned by the sdk's own end-to-end tests (not a published bin).
    "bin/baton-sample": "src/bin/baton-sample.ts",
  },
  format: ["esm"],
  dts: {
    entry: {
      index: "src/index.ts",
      "cli/index": "src/cli/index.ts",
      "testing/index": "src/testing/index.ts",
    },
  },
  sourcemap: true,
  clean: true,
  target: "node24",
  // node:sqlite (the lease store) exists only with the prefix; esbuild's default strip would import a package "sqlite".
  removeNodeProtocol: false,
});
