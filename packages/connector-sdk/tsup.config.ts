import { defineConfig } from "tsup";

/** The package's public entry points: the root and its named subpaths (see package.json exports). */
const entries = {
  index: "src/index.ts",
  "cli/index": "src/cli/index.ts",
  "testing/index": "src/testing/index.ts",
  "sample/index": "src/sample/index.ts",
  "http/index": "src/http/index.ts",
  start: "src/start.ts",
};

export default defineConfig({
  entry: {
    ...entries,
    // The sample connector's program, spawned by the sdk's own end-to-end tests (not a published bin).
    "bin/baton-sample": "src/bin/baton-sample.ts",
  },
  format: ["esm"],
  dts: { entry: entries },
  sourcemap: true,
  clean: true,
  target: "node24",
  // node:sqlite (the lease store) exists only with the prefix; esbuild's default strip would import a package "sqlite".
  removeNodeProtocol: false,
});
