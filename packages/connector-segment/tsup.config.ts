import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "simulator/index": "src/simulator/index.ts",
    // `pnpm simulate`: the simulator started by hand (not an export; run as a file).
    "simulator/command": "src/simulator/command.ts",
    // The program: dist/bin/baton-segment.js keeps the source's first line (the shebang with V8 flags).
    "bin/baton-segment": "src/bin/baton-segment.ts",
  },
  dts: { entry: { index: "src/index.ts", "simulator/index": "src/simulator/index.ts" } },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node24",
});
