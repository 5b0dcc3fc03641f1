// `pnpm start` runs this after the build: the demo lives in apps/runner (src/demo), built to dist.
await import("../apps/runner/dist/demo/main.js");
