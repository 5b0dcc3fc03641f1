import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The program and the library. One bundle per entry (no shared chunks), all directly in dist/, so
    // that each finds the explorer's UI at ./ui next to itself. The program is two files: baton.js checks
    // the Node version, then loads baton-process.js (see src/bin/baton.ts).
    entry: { index: "src/index.ts", baton: "src/bin/baton.ts", "baton-process": "src/bin/baton-process.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.ts" } },
    sourcemap: true,
    splitting: false,
    clean: false, // the build script empties dist/ once for both configurations
    target: "node24",
    removeNodeProtocol: false,
  },
  {
    // The explorer's single-page app: Preact, bundled and minified for the browser into dist/ui with its
    // index.html (copied from src/ui/public). Its size budget is checked by test/ui-budget.test.ts.
    entry: { app: "src/ui/main.tsx" },
    outDir: "dist/ui",
    format: ["iife"],
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    splitting: false,
    clean: false,
    publicDir: "src/ui/public",
    outExtension: () => ({ js: ".js" }),
    tsconfig: "src/ui/tsconfig.json",
    esbuildOptions(options) {
      options.jsx = "automatic";
      options.jsxImportSource = "preact";
      options.legalComments = "none";
    },
  },
]);
