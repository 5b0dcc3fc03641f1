import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/database.ts", "src/node-support.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node24",
  // node:sqlite exists only with the prefix; esbuild's default strip would import a package "sqlite".
  removeNodeProtocol: false,
});
